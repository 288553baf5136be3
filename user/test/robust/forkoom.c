/*
 * forkoom [fork|ptfork]: forking when memory runs out fails cleanly:
 * -E_NO_MEM, no half-built child, and every page back afterwards.
 *
 * fork (part robust): a hog child first takes all but RESERVE free pages;
 * then we fork children (each waits in ipc_recv) until a fork fails.  It
 * must fail with -E_NO_MEM after at least one child, and once every child
 * and the hog are destroyed the free count must be back where it was.
 * This mode forks with eager_fork(), which copies pages at once, rather
 * than the copy-on-write fork(): after a COW fork the parent itself
 * needs fresh pages for its own next writes, and with memory gone its
 * page-fault handler could only give up (that is the library's limit, not
 * the kernel's; see docs/threat-model.md).
 *
 * ptfork (part ptfork): a hog environment (made by sys_exofork, never
 * run) receives pages from us until exactly LEFT free pages remain, for
 * LEFT = 0 and 1.  A ptfork() needs a page directory for the child (with
 * 0 pages free, sys_exofork fails), then, after the shared tables have
 * been handed over, a page table for the child's stack region (with 1
 * page free, that fails).  After each failure: ptfork() returned
 * -E_NO_MEM, nfree is LEFT again, nenvs is what it was, and each of our
 * tables has pp_ref 1 (the child's references are gone).  Last, the hog
 * is destroyed and nfree is back to the start.  Not tried: LEFT = 2.
 * The child's stack table then takes the last page and our stack page is
 * already copy-on-write when the exception stack allocation fails, so our
 * own next stack write has no page to copy into: the same limit as above.
 *
 * Lines: "forkoom: STEP OK" (ptforkoom under ptfork).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RESERVE 400 /* pages the hog leaves free (fork) */
#define HOG_VA 0x10000000
#define MAXCHILD 256
#define MAX_LEFT 1 /* the free pages tried (ptfork) */

static envid_t children[MAXCHILD];

static struct MemStat
mem_stat(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms;
}

/* Wait until child id is blocked in ipc_recv. */
static void
wait_blocked(envid_t id)
{
	while (!envs[ENVX(id)].env_ipc_recving)
		sys_yield();
}

/* The hog: take pages until RESERVE are left, then wait. */
static void
hog(void)
{
	uintptr_t va = HOG_VA;

	while (mem_nfree() > RESERVE && va < UTOP - PTSIZE &&
	       sys_page_alloc(0, (void *)va, PTE_P | PTE_U) == 0)
		va += PGSIZE;
	ipc_recv(NULL, NULL, NULL);
}

/* fork mode: eager_fork() children until memory runs out. */
static void
fork_until_oom(void)
{
	envid_t id, hog_id;
	uint32_t before;
	int i, n = 0;

	if ((id = eager_fork()) == 0)
		return;
	wait_env_exit(id);
	before = mem_nfree();

	if ((hog_id = eager_fork()) == 0) {
		hog();
		return;
	}
	wait_blocked(hog_id);
	while (n < MAXCHILD && (id = eager_fork()) > 0)
		children[n++] = id;
	if (id == 0) {
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	check_true(id == -E_NO_MEM && n > 0,
		   "fork failed with %d after %d children", id, n);
	for (i = 0; i < n; i++)
		sys_env_destroy(children[i]);
	sys_env_destroy(hog_id);
	check_int(mem_nfree(), before, "all back");
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

/* ptfork mode: one ptfork() with exactly left pages free. */
static void
ptfork_with(envid_t hog, uintptr_t *next, uint32_t left)
{
	struct MemStat before, after;
	envid_t id;

	fill_hog(hog, next, left);
	before = mem_stat();
	id = ptfork();
	if (id == 0) {
		check_true(false, "got a child with %u pages free", left);
		exit();
	}
	after = mem_stat();
	check_int(id, -E_NO_MEM, "%u pages free: ptfork returned -E_NO_MEM",
		  left);
	check_int(after.nfree, before.nfree, "%u pages free: nfree back", left);
	check_int(after.nenvs, before.nenvs, "%u pages free: nenvs back", left);
	check_int(tables_held_twice(), 0, "%u pages free: every table pp_ref 1",
		  left);
}

/* ptfork mode: ptfork() with 0, then 1 page free. */
static void
ptfork_until_oom(void)
{
	uintptr_t next = HOG_VA;
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
		ptfork_with(hog, &next, left);
	check_int(sys_env_destroy(hog), 0, "destroy the hog");
	check_int(mem_stat().nfree, start, "nfree back to the start");
}

void
umain(int argc, char **argv)
{
	if (check_fork_mode(argc, argv))
		ptfork_until_oom();
	else
		fork_until_oom();
}
