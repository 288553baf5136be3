/*
 * Buffers that straddle a page boundary, for the system calls that take a
 * buffer and return an error for a bad one: sys_mem_stat (writes 12
 * bytes) and sys_page_map_batch (reads 8 bytes per entry).  Each buffer
 * starts in a good page and ends in an unmapped page, a read-only page,
 * the kernel, or past the top of memory.  The kernel must refuse all of
 * them (-E_FAULT) without writing a byte or mapping a page, and accept
 * the same buffer moved back by one byte so that it just fits.
 *
 * Expected: one "straddlecall: ... OK" line per check, no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define GOOD 0x00a00000   /* writable; GOOD + PGSIZE is unmapped */
#define RDONLY 0x00a02000 /* read-only, followed by GOOD2 */
#define GOOD2 0x00a03000  /* writable */
#define XSTACK (UXSTACKTOP - PGSIZE)

/*
 * sys_mem_stat at p must fail; the writable bytes there, [p, p + nfill),
 * must stay untouched.
 */
static void
mem_stat_refused(const char *what, uintptr_t p, size_t nfill)
{
	uint8_t *b = (uint8_t *)p;
	size_t i;

	memset(b, 0xa5, nfill);
	check_int(sys_mem_stat((struct MemStat *)p), -E_FAULT, what);
	for (i = 0; i < nfill; i++)
		if (b[i] != 0xa5) {
			check_true(false, "%s: byte %d written", what, i);
			return;
		}
}

static void
check_mem_stat(void)
{
	size_t len = sizeof(struct MemStat);

	mem_stat_refused("mem_stat into an unmapped page",
			 GOOD + PGSIZE - len + 1, len - 1);
	mem_stat_refused("mem_stat one byte into an unmapped page",
			 GOOD + PGSIZE - 1, 1);
	check_int(sys_mem_stat((struct MemStat *)(GOOD + PGSIZE - len)), 0,
		  "mem_stat just fitting");
	mem_stat_refused("mem_stat from a read-only page into a writable one",
			 GOOD2 - 4, 0);
	mem_stat_refused("mem_stat from the exception stack into UENVS",
			 UTOP - 4, 4);
	check_int(sys_mem_stat((struct MemStat *)(UTOP - len)), 0,
		  "mem_stat at the top of the exception stack");
	check_int(sys_mem_stat((struct MemStat *)(ULIM - 4)), -E_FAULT,
		  "mem_stat straddling ULIM");
	check_int(sys_mem_stat((struct MemStat *)(KERNBASE - 4)), -E_FAULT,
		  "mem_stat straddling KERNBASE");
	check_int(sys_mem_stat((struct MemStat *)0xfffffff8), -E_FAULT,
		  "mem_stat wrapping past 0xffffffff");
	check_int(sys_mem_stat((struct MemStat *)UTEXT), -E_FAULT,
		  "mem_stat in read-only text");
}

/* A batch of n entries at p, all mapping GOOD read-only into child. */
static int
batch_at(envid_t child, uintptr_t p, size_t n)
{
	struct PageMapEntry *e = (struct PageMapEntry *)p;
	size_t i;

	for (i = 0; i < n && p + (i + 1) * sizeof(*e) <= GOOD + PGSIZE; i++) {
		e[i].va = GOOD;
		e[i].perm = PTE_P | PTE_U;
	}
	return sys_page_map_batch(0, child, e, n);
}

static void
check_batch(envid_t child)
{
	size_t esz = sizeof(struct PageMapEntry);
	int ref = pageref((void *)GOOD);

	check_int(batch_at(child, GOOD + PGSIZE - 4 * esz + 1, 4), -E_FAULT,
		  "batch of 4 entries, the last one 1 byte into an unmapped "
		  "page");
	check_int(batch_at(child, GOOD + PGSIZE - 511 * esz, 512), -E_FAULT,
		  "batch of 512 entries ending in an unmapped page");
	check_int(sys_page_map_batch(0, child, (void *)(ULIM - esz), 2),
		  -E_FAULT, "batch straddling ULIM");
	check_int(sys_page_map_batch(0, child, (void *)KERNBASE, 1), -E_FAULT,
		  "batch in the kernel");
	check_int(sys_page_map_batch(0, child, (void *)(0 - esz), 2), -E_FAULT,
		  "batch wrapping past 0xffffffff");
	check_int(sys_page_map_batch(0, child, NULL, 1), -E_FAULT,
		  "batch at NULL");
	check_int(pageref((void *)GOOD), ref,
		  "the refused batches mapped nothing");
	check_int(batch_at(child, GOOD + PGSIZE - 4 * esz, 4), 0,
		  "batch of 4 entries just fitting");
	check_int(pageref((void *)GOOD), ref + 1,
		  "the child now maps the page");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if (sys_page_alloc(0, (void *)GOOD, RW) < 0 ||
	    sys_page_alloc(0, (void *)RDONLY, PTE_P | PTE_U) < 0 ||
	    sys_page_alloc(0, (void *)GOOD2, RW) < 0 ||
	    sys_page_alloc(0, (void *)XSTACK, RW) < 0)
		panic("straddlecall: cannot allocate pages");
	check_mem_stat();

	if ((child = sys_exofork()) < 0)
		panic("sys_exofork: %e", child);
	if (child == 0)
		for (;;) /* never made runnable */
			sys_yield();
	check_batch(child);
	sys_env_destroy(child);
	check_done();
}
