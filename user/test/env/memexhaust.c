/*
 * Allocate pages until the kernel runs out of memory, free them all, and
 * check the free-page count: everything but the new page tables (which
 * stay until the environment exits) must come back.
 */
#include <inc/lib.h>
#include <inc/check.h>

/* Where the allocations start: far above the program, far below UTOP. */
#define HEAP ((uintptr_t)0x10000000)

/* Number of page tables (present PDEs) below UTOP. */
static int
count_page_tables(void)
{
	int pdx, n = 0;

	for (pdx = 0; pdx < (int)PDX(UTOP); pdx++)
		if (uvpd[pdx] & PTE_P)
			n++;
	return n;
}

/* Allocate pages from HEAP up until an error; returns how many, *err. */
static int
allocate_all(int *err)
{
	uintptr_t va = HEAP;
	int r = 0;

	while (va < UTOP &&
	       (r = sys_page_alloc(0, (void *)va, PTE_P | PTE_U | PTE_W)) == 0)
		va += PGSIZE;
	*err = r;
	return (va - HEAP) / PGSIZE;
}

void
umain(int argc, char **argv)
{
	struct MemStat before, after;
	int err, i, n, tables;

	sys_mem_stat(&before);
	tables = count_page_tables();

	n = allocate_all(&err);
	cprintf("memexhaust: allocated %d pages, then: %e\n", n, err);
	check_int(err, -E_NO_MEM, "the last allocation: -E_NO_MEM");

	for (i = 0; i < n; i++)
		sys_page_unmap(0, (void *)(HEAP + i * PGSIZE));
	tables = count_page_tables() - tables;

	sys_mem_stat(&after);
	cprintf("memexhaust: free pages %d -> %d (%d new page tables)\n",
		before.nfree, after.nfree, tables);
	check_int(after.nfree + tables, before.nfree, "every page returned");
}
