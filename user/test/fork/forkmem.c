/*
 * forkmem: what fork() costs in physical pages, measured with
 * sys_mem_stat.
 *
 * The program owns 128 writable bss pages (plus its text, data and
 * stack).  A copy-on-write fork copies none of them: it only needs the
 * child's page directory, its page tables, its exception stack and a copy
 * of whichever stack page is written first, a handful of pages in all.
 * Afterwards each page the child writes costs exactly one new page, and
 * when the child exits every page comes back.
 *
 * A first fork whose child exits at once sets up what the parent keeps
 * for good (its own exception stack, the page table for PFTEMP), so that
 * the measured fork starts from a steady state.  Then, with the child
 * and the parent taking turns over IPC:
 *
 *   fork                     nfree drops by at most MAX_FORK_COST pages
 *   child writes 1 page      1 page, or 2 the first time (the child's own
 *                            page table for PFTEMP)
 *   child writes 32 pages    exactly 32 pages
 *   child exits              nfree and nenvs are back to the pre-fork values
 *
 * Expected output: "forkmem: STEP OK" lines, each with its numbers, and
 * no "FAIL" line.
 */
#include <inc/lib.h>

#define NBIG 128
#define NWRITE 32
#define MAX_FORK_COST 8

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

static void
report(const char *step, bool ok)
{
	cprintf("forkmem: %s %s\n", step, ok ? "OK" : "FAIL");
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
	envid_t id = fork();

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
 * The measured child: writes when told to, reporting after each step,
 * and exits only when told to, so that the parent measures each step
 * before the exit gives the pages back.
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

void
umain(int argc, char **argv)
{
	struct MemStat before, now;
	envid_t child;
	int n, cost;
	char step[100];

	n = count_writable_pages();
	snprintf(step, sizeof(step), "%d writable pages (at least %d)", n,
		 NBIG);
	report(step, n >= NBIG);

	wait_env_exit(fork_child(nothing));

	before = mem_stat();
	child = fork_child(writer);
	ipc_recv(NULL, NULL, NULL);
	now = mem_stat();
	cost = before.nfree - now.nfree;
	snprintf(step, sizeof(step), "fork cost %d pages (at most %d)", cost,
		 MAX_FORK_COST);
	report(step, cost >= 0 && cost <= MAX_FORK_COST);
	report("fork added one env", now.nenvs == before.nenvs + 1);

	cost = child_step(child, &now);
	snprintf(step, sizeof(step), "first write cost %d pages (1 or 2)",
		 cost);
	report(step, cost == 1 || cost == 2);

	cost = child_step(child, &now);
	snprintf(step, sizeof(step), "%d more writes cost %d pages (want %d)",
		 NWRITE, cost, NWRITE);
	report(step, cost == NWRITE);

	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	now = mem_stat();
	snprintf(step, sizeof(step), "after exit nfree %d (want %d)", now.nfree,
		 before.nfree);
	report(step, now.nfree == before.nfree);
	report("after exit nenvs back", now.nenvs == before.nenvs);
}
