/*
 * ptmapcow: sys_pt_map_cow, the call fork() makes once per page table.
 * In the range asked for, a writable page becomes copy-on-write in the
 * child and in us, a copy-on-write page stays so, a read-only page is
 * shared read-only and a PTE_SHARE page keeps its permissions; a page
 * outside the range is left out.  The child's page table costs one page,
 * and a later call into the same region none, as does a range that maps
 * nothing; a page the child already
 * maps there is replaced.  When ptfork() shares our table, it is made
 * private first (one page more).  Bad arguments, and a call that finds
 * no page for the child's table, are refused and change nothing.
 *
 * Expected: "ptmapcow: STEP OK" lines and "ptmapcow: done OK".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define R 0x10000000U              /* the region the first calls map */
#define WR (R + 0x0000)            /* writable */
#define COWPG (R + 0x1000)         /* copy-on-write already */
#define RDONLY (R + 0x2000)        /* read-only */
#define SHARED (R + 0x3000)        /* writable and PTE_SHARE */
#define LEFT (R + 0x4000)          /* outside the first range */
#define R2 (R + PTSIZE)            /* a region ptfork() shares */
#define R3 (R2 + PTSIZE)           /* a region mapped out of memory */
#define PROBE ((void *)0x20000000) /* where we look at a child's page */
#define SPARE 0x20001000U          /* pages taken in PROBE's table */
#define HOARD 0x30000000U          /* pages taken in new tables */
#define RW (PTE_P | PTE_U | PTE_W)
#define RO (PTE_P | PTE_U)
#define PERMS(va) (uvpt[PGNUM(va)] & (PTE_W | PTE_COW | PTE_SHARE))

/* Map child's page at va at PROBE with perm: 0, or the kernel's error. */
static int
probe(envid_t child, uintptr_t va, int perm)
{
	return sys_page_map(child, (void *)va, 0, PROBE, perm);
}

/* Every refused call leaves our entries, refs and free pages as they were. */
static void
refusals(envid_t child)
{
	uint32_t nfree = mem_nfree();
	pte_t before = uvpt[PGNUM(LEFT)];

	check_int(sys_pt_map_cow(0, (void *)R, (void *)(R + PTSIZE)),
		  -E_BAD_ENV, "ourselves");
	check_int(sys_pt_map_cow(0xdead, (void *)R, (void *)(R + PTSIZE)),
		  -E_BAD_ENV, "no such env");
	check_int(sys_pt_map_cow(child, (void *)(LEFT + 4), (void *)R2),
		  -E_INVAL, "an unaligned start");
	check_int(sys_pt_map_cow(child, (void *)LEFT, (void *)(R2 - 4)),
		  -E_INVAL, "an unaligned end");
	check_int(sys_pt_map_cow(child, (void *)LEFT, (void *)LEFT), -E_INVAL,
		  "an empty range");
	check_int(sys_pt_map_cow(child, (void *)LEFT, (void *)(R2 + PGSIZE)),
		  -E_INVAL, "a range over two regions");
	check_int(sys_pt_map_cow(child, (void *)(UTOP - PGSIZE),
				 (void *)(UTOP + PGSIZE)),
		  -E_INVAL, "a range past UTOP");
	check_int(sys_pt_map_cow(child, (void *)(UXSTACKTOP - PTSIZE),
				 (void *)UXSTACKTOP),
		  -E_INVAL, "the exception stack");
	check_int(
		sys_pt_map_cow(child, PROBE + PTSIZE, PROBE + PTSIZE + PGSIZE),
		-E_INVAL, "a region without a page table");
	check_hex(uvpt[PGNUM(LEFT)], before, "our PTE unchanged");
	check_int(pageref((void *)LEFT), 1, "its page still ours alone");
	check_int(nfree - mem_nfree(), 0, "no page taken");
}

/* The first call: one range of R, the five kinds of entry. */
static void
first_range(envid_t child)
{
	uint32_t nfree = mem_nfree();

	check_int(sys_pt_map_cow(child, (void *)(R + 0x10000),
				 (void *)(R + 0x20000)),
		  0, "a range that maps nothing");
	check_int(nfree - mem_nfree(), 0, "no page: no table for the child");
	check_int(sys_pt_map_cow(child, (void *)R, (void *)LEFT), 0,
		  "four pages mapped");
	check_int(nfree - mem_nfree(), 1, "one page: the child's table");
	check_hex(PERMS(WR), PTE_COW, "a writable page: COW in us");
	check_hex(PERMS(COWPG), PTE_COW, "a COW page: still COW in us");
	check_hex(PERMS(RDONLY), 0, "a read-only page: unchanged");
	check_hex(PERMS(SHARED), PTE_W | PTE_SHARE,
		  "a PTE_SHARE page: unchanged");
	check_hex(PERMS(LEFT), PTE_W, "the page outside: unchanged");
	check_int(pageref((void *)WR) + pageref((void *)COWPG) +
			  pageref((void *)RDONLY) + pageref((void *)SHARED),
		  8, "each of the four mapped twice");
	check_int(pageref((void *)LEFT), 1, "the page outside: ours alone");
	check_int(probe(child, WR, RW), -E_INVAL,
		  "the writable page is not writable in the child");
	check_int(probe(child, WR, RO), 0, "but mapped there");
	check_hex(*(volatile uint32_t *)PROBE, 0x3701,
		  "with the same contents");
	check_int(probe(child, SHARED, RW), 0,
		  "the PTE_SHARE page is writable in the child");
	check_int(probe(child, RDONLY, RW), -E_INVAL,
		  "the read-only page is read-only in the child");
	check_int(probe(child, LEFT, RO), -E_INVAL,
		  "the page outside is not in the child");
	sys_page_unmap(0, PROBE);
}

/* Calls into a region whose child table exists: no page, replacements. */
static void
same_region(envid_t child)
{
	uint32_t nfree = mem_nfree();

	check_int(sys_pt_map_cow(child, (void *)LEFT, (void *)R2), 0,
		  "the rest of the region");
	check_int(nfree - mem_nfree(), 0, "no page: the child's table exists");
	check_hex(PERMS(LEFT), PTE_COW, "the page left out before: COW now");
	check_int(pageref((void *)LEFT), 2, "and mapped twice");
	check_int(sys_pt_map_cow(child, (void *)R, (void *)(R + PGSIZE)), 0,
		  "a page the child maps already");
	check_int(pageref((void *)WR), 2, "replaced: still mapped twice");
}

/* A table that ptfork() shares with other env is made private first. */
static void
shared_table(envid_t child, envid_t other)
{
	uint32_t nfree;

	if (sys_page_alloc(0, (void *)R2, RW) < 0)
		panic("sys_page_alloc");
	*(volatile uint32_t *)R2 = 0x5a5a;
	check_int(sys_pt_share(other, (void *)R2), 0, "our table shared");
	nfree = mem_nfree();
	check_int(sys_pt_map_cow(child, (void *)R2, (void *)(R2 + PTSIZE)), 0,
		  "a page in the shared table");
	check_int(nfree - mem_nfree(), 2,
		  "two pages: our copy of the table, the child's");
	check_hex(uvpd[PDX(R2)] & PTE_SHARED_PT, 0, "our table private now");
	check_hex(PERMS(R2), PTE_COW, "the page COW in us");
	check_int(pageref((void *)R2), 3, "mapped by three tables");
	check_int(probe(other, R2, RW), -E_INVAL,
		  "not writable through the shared table either");
	check_int(probe(child, R2, RO), 0, "the child's page");
	check_hex(*(volatile uint32_t *)PROBE, 0x5a5a, "the same contents");
	sys_page_unmap(0, PROBE);
}

/*
 * Take every free page: first in fresh regions at HOARD, then, when a
 * region's table was what could not be had, in the table of PROBE.
 * Returns how many of each were taken in *big and *spare.
 */
static void
take_all(int *big, int *spare)
{
	for (*big = 0;
	     sys_page_alloc(0, (void *)(HOARD + *big * PGSIZE), RW) == 0;)
		(*big)++;
	for (*spare = 0;
	     sys_page_alloc(0, (void *)(SPARE + *spare * PGSIZE), RW) == 0;)
		(*spare)++;
}

/* Give back what take_all() took. */
static void
give_back(int big, int spare)
{
	while (big-- > 0)
		sys_page_unmap(0, (void *)(HOARD + big * PGSIZE));
	while (spare-- > 0)
		sys_page_unmap(0, (void *)(SPARE + spare * PGSIZE));
}

/* No page for the child's table: -E_NO_MEM, and nothing changed. */
static void
out_of_memory(envid_t child)
{
	pte_t before;
	int big, spare;

	if (sys_page_alloc(0, (void *)R3, RW) < 0)
		panic("sys_page_alloc");
	before = uvpt[PGNUM(R3)];
	take_all(&big, &spare);
	check_int(mem_nfree(), 0, "all memory taken");
	check_int(sys_pt_map_cow(child, (void *)R3, (void *)(R3 + PGSIZE)),
		  -E_NO_MEM, "no page for the child's table");
	give_back(big, spare);
	check_hex(uvpt[PGNUM(R3)], before, "out of memory: our PTE unchanged");
	check_int(pageref((void *)R3), 1, "out of memory: the page ours alone");
	check_int(probe(child, R3, RO), -E_INVAL, "nothing in the child");
}

void
umain(int argc, char **argv)
{
	envid_t child, other;

	if (sys_page_alloc(0, (void *)WR, RW) < 0 ||
	    sys_page_alloc(0, (void *)COWPG, RW) < 0 ||
	    sys_page_alloc(0, (void *)RDONLY, RO) < 0 ||
	    sys_page_alloc(0, (void *)SHARED, RW | PTE_SHARE) < 0 ||
	    sys_page_alloc(0, (void *)LEFT, RW) < 0 ||
	    sys_page_alloc(0, PROBE, RO) < 0)
		panic("sys_page_alloc");
	*(volatile uint32_t *)WR = 0x3701;
	if (sys_page_map(0, (void *)COWPG, 0, (void *)COWPG, RO | PTE_COW) < 0)
		panic("sys_page_map");
	sys_page_unmap(0, PROBE);
	child = check_exo_child();
	other = check_exo_child();

	refusals(child);
	first_range(child);
	same_region(child);
	shared_table(child, other);
	out_of_memory(child);
	sys_env_destroy(child);
	sys_env_destroy(other);
	check_done();
}
