/*
 * Fork until memory runs out.  A hog child first takes all but RESERVE
 * free pages; then we fork children (each waits in ipc_recv) until fork
 * fails.  It must fail cleanly with -E_NO_MEM, leaving no half-built
 * child, and once every child and the hog are destroyed the free count
 * must be back where it was.
 *
 * We fork with eager_fork(), which copies pages at once, rather than the
 * copy-on-write fork(): after a COW fork the parent itself needs fresh
 * pages for its own next writes, and with memory gone its page-fault
 * handler could only give up (that is the library's limit, not the
 * kernel's; see docs/threat-model.md).
 *
 * Expected: "forkoom: fork failed with -4 after N children OK" (N > 0),
 * "forkoom: all back OK"; no "FAIL".
 */
#include <inc/lib.h>

#define RESERVE 400    /* pages the hog leaves free */
#define HOG 0x10000000 /* where the hog puts its pages */
#define MAXCHILD 256

static envid_t children[MAXCHILD];

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
	uintptr_t va = HOG;

	while (mem_nfree() > RESERVE && va < UTOP - PTSIZE &&
	       sys_page_alloc(0, (void *)va, PTE_P | PTE_U) == 0)
		va += PGSIZE;
	ipc_recv(NULL, NULL, NULL);
}

void
umain(int argc, char **argv)
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
	if (id == -E_NO_MEM && n > 0)
		cprintf("forkoom: fork failed with %d after %d children OK\n",
			id, n);
	else
		cprintf("forkoom: FAIL fork: %d after %d children\n", id, n);

	for (i = 0; i < n; i++)
		sys_env_destroy(children[i]);
	sys_env_destroy(hog_id);
	if (mem_nfree() == before)
		cprintf("forkoom: all back OK\n");
	else
		cprintf("forkoom: FAIL %d free pages, %d before\n", mem_nfree(),
			before);
}
