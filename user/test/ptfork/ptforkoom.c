/*
 * ptforkoom: ptfork() that runs out of memory part-way fails cleanly:
 * -E_NO_MEM, no half-built child, every page back, and every table the
 * failed call had already shared back to a single holder.
 *
 * A hog environment (made by sys_exofork, never run) receives pages from
 * us until exactly LEFT free pages remain, for LEFT = 0 and 1.  A ptfork()
 * needs a page directory for the child (with 0 pages free, sys_exofork
 * fails), then, after the shared tables have been handed over, a page
 * table for the child's stack region (with 1 page free, that fails).
 * After each failure:
 *
 *   ptfork() returned -E_NO_MEM
 *   nfree is LEFT again and nenvs is what it was
 *   each of our tables has pp_ref 1 (the child's references are gone)
 *
 * Last, the hog is destroyed and nfree is back to the start.
 *
 * Not tried: LEFT = 2.  The child's stack table then takes the last page
 * and our stack page is already copy-on-write when the exception stack
 * allocation fails, so our own next stack write has no page to copy into
 * and the library's handler panics (the same limit as fork(); see
 * user/forkoom.c).
 * Expected output: "ptforkoom: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>

#define HOG_BASE 0x10000000
#define MAX_LEFT 1

static void
report(const char *step, int got, int want)
{
	if (got == want)
		cprintf("ptforkoom: %s OK\n", step);
	else
		cprintf("ptforkoom: %s FAIL: got %d want %d\n", step, got,
			want);
}

static struct MemStat
mem_stat(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms;
}

/* Our user page tables whose pp_ref is not 1. */
static int
tables_held_twice(void)
{
	unsigned pdx;
	int n = 0;

	for (pdx = 0; pdx < PDX(UTOP); pdx++)
		if ((uvpd[pdx] & PTE_P) && pages[PGNUM(uvpd[pdx])].pp_ref != 1)
			n++;
	return n;
}

/*
 * Give hog pages (from *next on) until exactly left pages are free; an
 * allocation that also took a page table may overshoot by one, which an
 * unmap gives back.
 */
static void
fill_hog(envid_t hog, uintptr_t *next, uint32_t left)
{
	int r;

	while (mem_stat().nfree > left) {
		r = sys_page_alloc(hog, (void *)*next, PTE_P | PTE_U);
		if (r < 0)
			panic("sys_page_alloc for the hog: %e", r);
		*next += PGSIZE;
	}
	while (mem_stat().nfree < left) {
		*next -= PGSIZE;
		sys_page_unmap(hog, (void *)*next);
	}
}

static void
try_with(envid_t hog, uintptr_t *next, uint32_t left)
{
	struct MemStat before, after;
	envid_t id;
	char step[80];

	fill_hog(hog, next, left);
	before = mem_stat();
	id = ptfork();
	if (id == 0) {
		cprintf("ptforkoom: FAIL: got a child with %u pages free\n",
			left);
		exit();
	}
	after = mem_stat();
	snprintf(step, sizeof(step), "%u pages free: ptfork returned -E_NO_MEM",
		 left);
	report(step, id, -E_NO_MEM);
	snprintf(step, sizeof(step), "%u pages free: nfree back", left);
	report(step, after.nfree, before.nfree);
	snprintf(step, sizeof(step), "%u pages free: nenvs back", left);
	report(step, after.nenvs, before.nenvs);
	snprintf(step, sizeof(step), "%u pages free: every table pp_ref 1",
		 left);
	report(step, tables_held_twice(), 0);
}

void
umain(int argc, char **argv)
{
	uintptr_t next = HOG_BASE;
	uint32_t start;
	envid_t id, hog;
	int left;

	/* Our exception stack and handler, set up for good. */
	if ((id = ptfork()) == 0)
		exit();
	if (id < 0)
		panic("ptfork: %e", id);
	wait_env_exit(id);
	start = mem_stat().nfree;

	if ((hog = sys_exofork()) == 0)
		panic("the hog ran");
	if (hog < 0)
		panic("sys_exofork: %e", hog);
	for (left = 0; left <= MAX_LEFT; left++)
		try_with(hog, &next, left);
	report("destroy the hog", sys_env_destroy(hog), 0);
	report("nfree back to the start", mem_stat().nfree, start);
}
