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

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define P ((void *)0x00a00000)
#define Q1 ((void *)0x00a01000)
#define Q2 ((void *)0x00a02000)
#define TMP ((void *)0x00b00000)

static struct PageMapEntry ents[PAGE_MAP_BATCH_MAX];
static int failures;

static void
expect(const char *what, int got, int want)
{
	if (got == want)
		cprintf("batchedge: %s: %d OK\n", what, got);
	else {
		cprintf("batchedge: FAIL %s: got %d, want %d\n", what, got,
			want);
		failures++;
	}
}

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
	expect("an unaligned third entry", sys_page_map_batch(0, d, ents, 3),
	       -E_INVAL);
	ents[2] = (struct PageMapEntry){ (uintptr_t)Q1, RW };
	expect("W for a read-only page", sys_page_map_batch(0, d, ents, 3),
	       -E_INVAL);
	ents[2] = (struct PageMapEntry){ (uintptr_t)TMP, RO };
	expect("an unmapped source", sys_page_map_batch(0, d, ents, 3),
	       -E_INVAL);
	ents[2] = (struct PageMapEntry){ (uintptr_t)Q2, RO | PTE_PS };
	expect("PTE_PS in a perm", sys_page_map_batch(0, d, ents, 3), -E_INVAL);
	ents[2] = (struct PageMapEntry){ UTOP, RO };
	expect("UTOP as an address", sys_page_map_batch(0, d, ents, 3),
	       -E_INVAL);
	expect("nothing mapped by them",
	       maps(d, Q1, false) + maps(d, Q2, false), 0);
}

static void
counts(envid_t d)
{
	fill(4, P, RO);
	expect("n = 0, NULL", sys_page_map_batch(0, d, NULL, 0), 0);
	expect("n = 0, a kernel pointer",
	       sys_page_map_batch(0, d, (void *)KERNBASE, 0), 0);
	expect("n = 513", sys_page_map_batch(0, d, ents, 513), -E_INVAL);
	expect("n = 0x20000001 (n * 8 wraps to 8)",
	       sys_page_map_batch(0, d, ents, 0x20000001), -E_INVAL);
	expect("n = 0xffffffff", sys_page_map_batch(0, d, ents, 0xffffffff),
	       -E_INVAL);
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
	expect("512 entries for one page", sys_page_map_batch(0, d, ents, 512),
	       0);
	expect("mapped once", pageref(P), 2);
	expect("the last entry's W wins", maps(d, P, true), 1);

	for (i = 0; i < PAGE_MAP_BATCH_MAX; i++)
		ents[i].perm = i % 2 ? RO : RW;
	expect("512 entries onto ourselves",
	       sys_page_map_batch(0, 0, ents, 512), 0);
	expect("still mapped once here", pageref(P), 2);
	expect("our PTE read-only, as the last entry says",
	       uvpt[PGNUM(P)] & PTE_W, 0);
	sys_page_map(0, P, 0, P, RW);

	all_or_nothing(d);
	counts(d);
	sys_env_destroy(d);
	expect("pageref after the child is gone", pageref(P), 1);
	cprintf("batchedge: %s\n", failures ? "FAIL" : "done OK");
}
