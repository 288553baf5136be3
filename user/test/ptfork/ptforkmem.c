/*
 * ptforkmem: what ptfork() costs in physical pages, measured with
 * sys_mem_stat, and that the cost does not grow with memory.
 *
 * The program owns NBIG writable bss pages.  ptfork() hands the child its
 * page directory, a table for the stack region, an exception stack and
 * the shared tables (no new page for those); one stack page gets copied
 * too, a handful of pages in all.  Then:
 *
 *   ptfork with NBIG pages          at most MAX_FORK_COST pages
 *   ptfork with NBIG + NEXTRA pages the very same number of pages
 *   child's first write             2 pages (the table and the page), or
 *                                   3 the first time (its own page table
 *                                   for PFTEMP, where the handler copies)
 *   NWRITE more writes              NWRITE pages (the table is private)
 *   child exits                     nfree and nenvs as before the fork
 *
 * A first ptfork whose child exits at once sets up what the parent keeps
 * for good (its exception stack, its page table for PFTEMP).  Each step
 * of the measured child is run and measured in turn over IPC.
 * Expected output: "ptforkmem: STEP OK" lines, with their numbers; no
 * "FAIL".
 */
#include <inc/lib.h>

#define NBIG 128
#define NEXTRA 1024
#define NWRITE 32
#define MAX_FORK_COST 6
#define EXTRA_VA 0x10000000

/* Not static: gcc would drop an array that is only ever written. */
char ptforkmem_big[NBIG][PGSIZE] __attribute__((aligned(PGSIZE)));

static struct MemStat
mem_stat(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms;
}

/* Print "STEP OK" when ok, else "STEP FAIL: got GOT want WANT". */
static void
report(const char *step, bool ok, int got, const char *want)
{
	if (ok)
		cprintf("ptforkmem: %s OK\n", step);
	else
		cprintf("ptforkmem: %s FAIL: got %d want %s\n", step, got,
			want);
}

static void
touch(int first, int n)
{
	int i;

	for (i = first; i < first + n; i++)
		ptforkmem_big[i][0] = 1;
}

/* The measured child: one step per message from the parent. */
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

/* ptfork a child running body then exiting; returns its id. */
static envid_t
spawn(void (*body)(void))
{
	envid_t id = ptfork();

	if (id < 0)
		panic("ptfork: %e", id);
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

/* The pages a ptfork costs once the child has run (it waits, then exits). */
static int
measure_fork(void)
{
	struct MemStat before = mem_stat(), after;
	envid_t child = spawn(writer);

	ipc_recv(NULL, NULL, NULL);
	after = mem_stat();
	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	return before.nfree - after.nfree;
}

/* Run the child one step; returns the pages it cost. */
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

void
umain(int argc, char **argv)
{
	struct MemStat before, now;
	int small, big, cost;
	envid_t child;
	char step[100];

	touch(0, NBIG);
	wait_env_exit(spawn(nothing));

	small = measure_fork();
	snprintf(step, sizeof(step), "ptfork of %d pages cost %d pages", NBIG,
		 small);
	report(step, small >= 0 && small <= MAX_FORK_COST, small, "<= 6");
	grow();
	big = measure_fork();
	snprintf(step, sizeof(step), "ptfork of %d pages cost %d pages",
		 NBIG + NEXTRA, big);
	report(step, big == small, big, "the same as before");

	before = mem_stat();
	child = spawn(writer);
	ipc_recv(NULL, NULL, NULL);
	now = mem_stat();
	report("ptfork added one env", now.nenvs == before.nenvs + 1,
	       now.nenvs - before.nenvs, "1");
	cost = child_step(child, &now);
	snprintf(step, sizeof(step), "first write cost %d pages", cost);
	report(step, cost == 2 || cost == 3, cost, "2 or 3");
	cost = child_step(child, &now);
	snprintf(step, sizeof(step), "%d more writes cost %d pages", NWRITE,
		 cost);
	report(step, cost == NWRITE, cost, "32");

	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	now = mem_stat();
	report("after exit nfree back", now.nfree == before.nfree, now.nfree,
	       "the pre-fork count");
	report("after exit nenvs back", now.nenvs == before.nenvs, now.nenvs,
	       "the pre-fork count");
}
