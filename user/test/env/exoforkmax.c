/*
 * Create environments with sys_exofork until the kernel runs out, destroy
 * them all, and check that every page and every env slot came back.
 */
#include <inc/lib.h>
#include <inc/check.h>

static envid_t children[NENV];

/* Fill children[] until sys_exofork fails; returns how many were made. */
static int
make_children(envid_t *err)
{
	envid_t id;
	int n = 0;

	while ((id = sys_exofork()) > 0)
		children[n++] = id;
	if (id == 0) /* a blank child never runs; just in case */
		exit();
	*err = id;
	return n;
}

void
umain(int argc, char **argv)
{
	struct MemStat before, after;
	envid_t err;
	int i, n, r;

	if ((r = sys_mem_stat(&before)) < 0)
		panic("sys_mem_stat: %e", r);

	n = make_children(&err);
	cprintf("exoforkmax: created %d environments, then: %e\n", n, err);
	check_int(err, -E_NO_FREE_ENV, "the last exofork: -E_NO_FREE_ENV");
	check_int(n, NENV - 1, "%d children", NENV - 1);

	for (i = 0; i < n; i++)
		if ((r = sys_env_destroy(children[i])) < 0)
			check_int(r, 0, "destroy %08x", children[i]);

	sys_mem_stat(&after);
	cprintf("exoforkmax: free pages %d -> %d, envs %d -> %d\n",
		before.nfree, after.nfree, before.nenvs, after.nenvs);
	check_true(after.nfree == before.nfree && after.nenvs == before.nenvs,
		   "all pages and environments returned");
}
