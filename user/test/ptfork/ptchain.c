/*
 * ptchain: a chain of ptfork()s that never write until the chain is
 * complete, so that one page table ends up shared by all DEPTH + 1
 * environments, and then the cascade as the chain unwinds.
 *
 * Level 0 maps one page at HEAP (its own 4 MiB region) and ptforks level
 * 1, which ptforks level 2, ... up to level DEPTH.  No level writes in
 * the heap region or the program's region on the way down, so:
 *
 *   level L on arrival   the heap table and the program's table are each
 *                        shared by L + 1 environments (pp_ref L + 1)
 *
 * Each level then waits until its child is gone, and writes its number
 * into the heap page, measuring nfree around the write:
 *
 *   level L >= 1   2 pages: the heap table is still shared by levels
 *                  0 .. L, so L gets a copy, then a copy of the page
 *   level 0        0 pages: the last holder; its PDE becomes writable,
 *                  and the page (PTE_COW since level DEPTH's copy) has
 *                  pageref 1, so it is made writable in place
 *
 * and checks that the page held nobody's number before (the descendants'
 * writes went to their own copies) and holds its own after.  With
 * opt/jos/pttrace the kernel prints "table for 10000000 copied" for
 * levels DEPTH .. 1, in that order, then "made writable (last holder)"
 * for level 0, and nothing for the program's region.
 *
 * Expected output: "ptchain: level L: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define DEPTH 8
#define HEAP ((volatile int *)0x10000000)
#define NOBODY (-1)

/* Make sure we have a page table for PFTEMP before measuring. */
static void
warm_up(void)
{
	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");
}

/* Level's checks on arrival, before it ptforks. */
static void
arrive(int level)
{
	check_int(ptref(HEAP), level + 1, "level %d: heap table shared by %d",
		  level, level + 1);
	check_int(ptref((void *)UTEXT), level + 1,
		  "level %d: program table shared by %d", level, level + 1);
	check_int(*HEAP, NOBODY, "level %d: heap page untouched", level);
	warm_up();
}

/* Level's write into the heap page, once its descendants are gone. */
static void
unwind(int level)
{
	uint32_t before;
	int cost;

	check_int(*HEAP, NOBODY, "level %d: descendants' writes invisible",
		  level);
	before = mem_nfree();
	*HEAP = level;
	cost = before - mem_nfree();
	if (level > 0)
		check_int(cost, 2,
			  "level %d: write cost 2 pages (table and page)",
			  level);
	else
		check_int(cost, 0, "level %d: write cost 0 pages (last holder)",
			  level);
	check_int(*HEAP, level, "level %d: reads its own write", level);
}

void
umain(int argc, char **argv)
{
	int level = 0, r;
	envid_t child;

	if ((r = sys_page_alloc(0, (void *)HEAP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*HEAP = NOBODY;
	for (;;) {
		arrive(level);
		if (level == DEPTH)
			break;
		if ((child = ptfork()) < 0)
			panic("ptfork: %e", child);
		if (child != 0) {
			wait_env_exit(child);
			break;
		}
		level++;
	}
	unwind(level);
}
