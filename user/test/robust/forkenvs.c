/*
 * fork() until the environments run out.  Each child blocks in ipc_recv
 * at once.  fork() must then fail cleanly with -E_NO_FREE_ENV (no
 * half-built child left), and once we have destroyed every child, the
 * number of environments and of free pages must be what they were.
 *
 * A first child that exits at once lets the lasting set-up (our
 * exception stack, the page table for PFTEMP) happen before we measure.
 *
 * Expected: "forkenvs: fork failed with -5 after N children OK" (N =
 * NENV - 1 less the ones in use), "forkenvs: all back OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

static envid_t children[NENV];

/* Fork children that wait for ever; returns how many, *err the error. */
static int
fork_all(int *err)
{
	envid_t id;
	int n = 0;

	while ((id = fork()) > 0)
		children[n++] = id;
	if (id == 0) {
		ipc_recv(NULL, NULL, NULL);
		exit();
	}
	*err = id;
	return n;
}

void
umain(int argc, char **argv)
{
	struct MemStat before, after;
	envid_t id;
	int i, n, err, r;

	if ((id = fork()) == 0)
		return;
	wait_env_exit(id);
	sys_mem_stat(&before);

	n = fork_all(&err);
	sys_mem_stat(&after);
	check_true(err == -E_NO_FREE_ENV && after.nenvs == NENV,
		   "fork failed with %d after %d children", err, n);

	for (i = 0; i < n; i++)
		if ((r = sys_env_destroy(children[i])) < 0)
			check_int(r, 0, "destroying %08x", children[i]);
	sys_mem_stat(&after);
	check_int(after.nenvs, before.nenvs, "all envs back");
	check_int(after.nfree, before.nfree, "all pages back");
}
