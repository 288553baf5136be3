/*
 * sys_page_map_batch at its edges: 512 entries naming one page (mapped
 * once, the last permission wins), the same onto ourselves (permission
 * changes in place), a bad entry anywhere (nothing at all is mapped),
 * n = 0 with any pointer, and counts past the limit, including one whose
 * byte size n * 8 overflows to 8.
 *
 * Expected: "batchedge: ... OK" lines and "batchedge: done OK"; no
 * "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define P ((void *)0x00a00000)
#define Q1 ((void *)0x00a01000)
#define Q2 ((void *)0x00a02000)
#define TMP ((void *)0x00b00000)

static struct PageMapEntry ents[PAGE_MAP_BATCH_MAX];

static void
fill(int n, void *va, uint32_t perm)
{
	int i;

	for (i = 0; i < n; i++) {
		ents[i].va = (uintptr_t)va;
		ents[i].perm = perm;
	}
}

/* Does env map something at va, writable when want_w? (via TMP) */
static int
maps(envid_t env, void *va, bool want_w)
{
	int r = sys_page_map(env, va, 0, TMP, want_w ? RW : RO);

	sys_page_unmap(0, TMP);
	return r == 0;
}

static void
all_or_nothing(envid_t d)
{
	ents[0] = (struct PageMapEntry){ (uintptr_t)Q1, RO };
	ents[1] = (struct PageMapEntry){ (uintptr_t)Q2, RO };
	ents[2] = (struct PageMapEntry){ (uintptr_t)Q2 + 1, RO };
	check_int(sys_page_map_batch(0, d, ents, 3), -E_INVAL,
		  "an unaligned third entry");
	ents[2] = (struct PageMapEntry){ (uintptr_t)Q1, RW };
	check_int(sys_page_map_batch(0, d, ents, 3), -E_INVAL,
		  "W for a read-only page");
	ents[2] = (struct PageMapEntry){ (uintptr_t)TMP, RO };
	check_int(sys_page_map_batch(0, d, ents, 3), -E_INVAL,
		  "an unmapped source");
	ents[2] = (struct PageMapEntry){ (uintptr_t)Q2, RO | PTE_PS };
	check_int(sys_page_map_batch(0, d, ents, 3), -E_INVAL,
		  "PTE_PS in a perm");
	ents[2] = (struct PageMapEntry){ UTOP, RO };
	check_int(sys_page_map_batch(0, d, ents, 3), -E_INVAL,
		  "UTOP as an address");
	check_int(maps(d, Q1, false) + maps(d, Q2, false), 0,
		  "nothing mapped by them");
}

static void
counts(envid_t d)
{
	fill(4, P, RO);
	check_int(sys_page_map_batch(0, d, NULL, 0), 0, "n = 0, NULL");
	check_int(sys_page_map_batch(0, d, (void *)KERNBASE, 0), 0,
		  "n = 0, a kernel pointer");
	check_int(sys_page_map_batch(0, d, ents, 513), -E_INVAL, "n = 513");
	check_int(sys_page_map_batch(0, d, ents, 0x20000001), -E_INVAL,
		  "n = 0x20000001 (n * 8 wraps to 8)");
	check_int(sys_page_map_batch(0, d, ents, 0xffffffff), -E_INVAL,
		  "n = 0xffffffff");
}

void
umain(int argc, char **argv)
{
	envid_t d;
	int i;

	if (sys_page_alloc(0, P, RW) || sys_page_alloc(0, Q1, RO) ||
	    sys_page_alloc(0, Q2, RO))
		panic("sys_page_alloc");
	if ((d = sys_exofork()) == 0)
		for (;;)
			sys_yield();

	fill(PAGE_MAP_BATCH_MAX, P, RO);
	ents[PAGE_MAP_BATCH_MAX - 1].perm = RW;
	check_int(sys_page_map_batch(0, d, ents, 512), 0,
		  "512 entries for one page");
	check_int(pageref(P), 2, "mapped once");
	check_int(maps(d, P, true), 1, "the last entry's W wins");

	for (i = 0; i < PAGE_MAP_BATCH_MAX; i++)
		ents[i].perm = i % 2 ? RO : RW;
	check_int(sys_page_map_batch(0, 0, ents, 512), 0,
		  "512 entries onto ourselves");
	check_int(pageref(P), 2, "still mapped once here");
	check_int(uvpt[PGNUM(P)] & PTE_W, 0,
		  "our PTE read-only, as the last entry says");
	sys_page_map(0, P, 0, P, RW);

	all_or_nothing(d);
	counts(d);
	sys_env_destroy(d);
	check_int(pageref(P), 1, "pageref after the child is gone");
	check_done();
}
