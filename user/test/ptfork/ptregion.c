/*
 * ptregion: after ptfork(), the first write in each 4 MiB region copies
 * exactly one page table and one page, the next writes in that region one
 * page each, and the other regions stay shared.
 *
 * The parent maps NPAGES writable pages in each of three regions: the
 * program's own (its bss, from 0x00800000), HEAP1 (0x10000000) and HEAP2
 * (0x20000000), then ptforks.  The child, after a warm-up that gives it
 * its page table for PFTEMP, measures nfree around its writes:
 *
 *   first write in a region    2 pages (the table copy, the page copy);
 *                              that region's PDE is now private, the
 *                              regions not yet written are still shared
 *   second write there         1 page
 *
 * When the child has exited, the parent is the last holder of every old
 * table: its writes in the three regions cost 0 pages (each PDE just
 * becomes writable; each page, PTE_COW with pageref 1, is made writable
 * in place).
 *
 * With opt/jos/pttrace the kernel prints the cascade: one "table for
 * REGION copied" line for the child per region, then one "made writable
 * (last holder)" line for the parent per region.
 * Expected output: "ptregion: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define NREGIONS 3
#define NPAGES 4
#define HEAP1 0x10000000
#define HEAP2 0x20000000
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static char program_pages[NPAGES][PGSIZE] __attribute__((aligned(PGSIZE)));
static char *region[NREGIONS];

static bool
shared(char *va)
{
	return (uvpd[PDX(va)] & PDE_BITS) == (PTE_P | PTE_U | PTE_SHARED_PT);
}

/* Write to page i of region r; returns the pages that cost. */
static int
write_cost(int r, int i)
{
	uint32_t before = mem_nfree();

	region[r][i * PGSIZE] = 'a' + r;
	return before - mem_nfree();
}

/* The child's writes: two per region, region after region. */
static void
child(void)
{
	int r, other, still_shared;

	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");
	for (r = 0; r < NREGIONS; r++) {
		check_int(write_cost(r, 0), 2,
			  "child: first write in region %08x cost 2 pages",
			  ROUNDDOWN((uintptr_t)region[r], PTSIZE));
		check_true(!shared(region[r]), "child: region %08x private",
			   ROUNDDOWN((uintptr_t)region[r], PTSIZE));
		for (still_shared = 0, other = r + 1; other < NREGIONS; other++)
			still_shared += shared(region[other]);
		check_int(still_shared, NREGIONS - 1 - r,
			  "child: other regions still shared (%d left)",
			  NREGIONS - 1 - r);
		check_int(write_cost(r, 1), 1,
			  "child: second write in region %08x cost 1 page",
			  ROUNDDOWN((uintptr_t)region[r], PTSIZE));
	}
}

/* The parent, last holder once the child is gone: writes cost nothing. */
static void
parent(envid_t child_id)
{
	int r;

	wait_env_exit(child_id);
	for (r = 0; r < NREGIONS; r++) {
		check_int(write_cost(r, 0), 0,
			  "parent: write in region %08x as the last holder "
			  "cost 0 pages",
			  ROUNDDOWN((uintptr_t)region[r], PTSIZE));
		check_true(!shared(region[r]), "parent: region %08x private",
			   ROUNDDOWN((uintptr_t)region[r], PTSIZE));
		check_true(region[r][0] == 'a' + r && region[r][1] == 'p',
			   "parent: region %08x page 0 holds the parent's data",
			   ROUNDDOWN((uintptr_t)region[r], PTSIZE));
	}
}

void
umain(int argc, char **argv)
{
	uintptr_t va;
	envid_t who;
	int r, i;

	region[0] = program_pages[0];
	region[1] = (char *)HEAP1;
	region[2] = (char *)HEAP2;
	for (r = 1; r < NREGIONS; r++)
		for (va = (uintptr_t)region[r];
		     va < (uintptr_t)region[r] + NPAGES * PGSIZE; va += PGSIZE)
			if (sys_page_alloc(0, (void *)va,
					   PTE_P | PTE_U | PTE_W) < 0)
				panic("sys_page_alloc");
	for (r = 0; r < NREGIONS; r++)
		for (i = 0; i < NPAGES; i++)
			region[r][i * PGSIZE + 1] = 'p';
	/* The parent's page table for PFTEMP, before anything is measured. */
	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");

	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
