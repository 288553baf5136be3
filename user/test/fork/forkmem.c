/*
 * forkmem [fork|ptfork]: what fork() (or ptfork()) costs in physical
 * pages, measured with sys_mem_stat.
 *
 * The program owns NBIG writable bss pages (plus its text, data and
 * stack).  A copy-on-write fork copies none of them: it needs the child's
 * page directory, its page tables (under ptfork, only the one for the
 * stack region: the others are shared), its exception stack and a copy of
 * whichever stack page is written first, a handful of pages in all.
 * Afterwards each page the child writes costs one new page (under ptfork,
 * the first write in the region costs its table too), and when the child
 * exits every page comes back.
 *
 * A first fork whose child exits at once sets up what the parent keeps
 * for good (its own exception stack, the page table for PFTEMP), so that
 * the measured forks start from a steady state.  Under ptfork, two forks
 * first show that the cost does not grow with memory: NEXTRA more pages
 * cost no more.  Then, with the child and the parent taking turns:
 *
 *   fork                     nfree drops by at most max_fork_cost pages
 *   child writes 1 page      fork: 1 page, or 2 (its own page table for
 *                            PFTEMP, where the handler copies); ptfork:
 *                            the table and the page, or 3 with PFTEMP's
 *   child writes 32 pages    exactly 32 pages
 *   child exits              nfree and nenvs are back to the pre-fork values
 *
 * Lines: "forkmem: STEP OK" (ptforkmem under ptfork), each with its
 * numbers.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define NBIG 128
#define NEXTRA 1024
#define NWRITE 32
#define EXTRA_VA 0x10000000

/* What each fork may cost. */
struct fork_costs {
	const char *name;
	int max_fork;    /* pages for the fork itself */
	int first_write; /* pages for the first write, or one more */
};

static const struct fork_costs cow_costs = { "fork", 8, 1 };
static const struct fork_costs pt_costs = { "ptfork", 6, 2 };

/* Not static: gcc would drop a static array that is only ever written. */
char forkmem_big[NBIG][PGSIZE] __attribute__((aligned(PGSIZE)));

static struct MemStat
mem_stat(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms;
}

/* Present, writable pages in [UTEXT, end). */
static int
count_writable_pages(void)
{
	extern char end[];
	uintptr_t va;
	int n = 0;

	for (va = UTEXT; va < (uintptr_t)end; va += PGSIZE)
		if ((uvpd[PDX(va)] & PTE_P) &&
		    (uvpt[PGNUM(va)] & (PTE_P | PTE_W)) == (PTE_P | PTE_W))
			n++;
	return n;
}

/* Fork a child that runs body and exits; returns its id. */
static envid_t
fork_child(void (*body)(void))
{
	envid_t id = check_fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		body();
		exit();
	}
	return id;
}

static void
nothing(void)
{
}

/* Write one byte into each of forkmem_big[first .. first + n - 1]. */
static void
touch(int first, int n)
{
	int i;

	for (i = first; i < first + n; i++)
		forkmem_big[i][0] = 1;
}

/*
 * The measured child: one step per message from the parent, reporting
 * after each, and exits only when told to, so that the parent measures
 * each step before the exit gives the pages back.
 */
static void
writer(void)
{
	envid_t parent = thisenv->env_parent_id;

	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	touch(0, 1);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	touch(1, NWRITE);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

/* Let the child take one step; returns the pages that step cost. */
static int
child_step(envid_t child, struct MemStat *last)
{
	struct MemStat now;
	int cost;

	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	now = mem_stat();
	cost = last->nfree - now.nfree;
	*last = now;
	return cost;
}

/* The pages a fork costs once the child has run (it waits, then exits). */
static int
measure_fork(void)
{
	struct MemStat before = mem_stat(), after, later;
	envid_t child = fork_child(writer);

	ipc_recv(NULL, NULL, NULL);
	after = later = mem_stat();
	child_step(child, &later);
	child_step(child, &later);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	return before.nfree - after.nfree;
}

/* Map NEXTRA more writable pages at EXTRA_VA. */
static void
grow(void)
{
	int i, r;

	for (i = 0; i < NEXTRA; i++) {
		r = sys_page_alloc(0, (void *)(EXTRA_VA + i * PGSIZE),
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc: %e", r);
	}
}

/* ptfork: the cost of a fork does not grow with the memory forked. */
static void
check_cost_flat(int max)
{
	int small, big;

	small = measure_fork();
	check_true(small >= 0 && small <= max,
		   "ptfork of %d pages cost %d pages", NBIG, small);
	grow();
	big = measure_fork();
	check_int(big, small, "ptfork of %d pages cost %d pages", NBIG + NEXTRA,
		  big);
}

/*
 * One measured child: the fork, its writes, its exit.  Every figure is
 * taken before any is checked, so that nothing but the child's steps
 * happens inside a measurement.
 */
static void
check_child_costs(const struct fork_costs *c)
{
	struct MemStat before, forked, now;
	int fork_cost, first_cost, more_cost;
	envid_t child;

	before = mem_stat();
	child = fork_child(writer);
	ipc_recv(NULL, NULL, NULL);
	now = forked = mem_stat();
	fork_cost = before.nfree - forked.nfree;
	first_cost = child_step(child, &now);
	more_cost = child_step(child, &now);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	now = mem_stat();

	check_true(fork_cost >= 0 && fork_cost <= c->max_fork,
		   "%s cost %d pages (at most %d)", c->name, fork_cost,
		   c->max_fork);
	check_int(forked.nenvs, before.nenvs + 1, "%s added one env", c->name);
	check_true(first_cost == c->first_write ||
			   first_cost == c->first_write + 1,
		   "first write cost %d pages (%d or %d)", first_cost,
		   c->first_write, c->first_write + 1);
	check_int(more_cost, NWRITE, "%d more writes cost %d pages (want %d)",
		  NWRITE, more_cost, NWRITE);
	check_int(now.nfree, before.nfree, "after exit nfree %d (want %d)",
		  now.nfree, before.nfree);
	check_int(now.nenvs, before.nenvs, "after exit nenvs back");
}

void
umain(int argc, char **argv)
{
	bool pt = check_fork_mode(argc, argv);
	int n;

	touch(0, NBIG);
	n = count_writable_pages();
	check_true(n >= NBIG, "%d writable pages (at least %d)", n, NBIG);
	wait_env_exit(fork_child(nothing));
	if (pt)
		check_cost_flat(pt_costs.max_fork);
	check_child_costs(pt ? &pt_costs : &cow_costs);
}
