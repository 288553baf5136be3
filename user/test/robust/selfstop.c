/*
 * sys_env_set_status(0, ENV_NOT_RUNNABLE): an environment that stops
 * itself.  A child stops itself; the parent sees it stopped and starts it
 * again, and the child's call then returns 0.  Last, the parent stops
 * itself: nothing is left to run, so the system must go idle (with the
 * parent's pages held, and the audit ok), not run it on.
 *
 * Expected, in order: "selfstop: child stopped OK",
 * "selfstop: child resumed with 0 OK", "selfstop: stopping myself",
 * "No runnable environments in the system!"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		r = sys_env_set_status(0, ENV_NOT_RUNNABLE);
		check_int(r, 0, "child resumed with %d", r);
		return;
	}
	while (envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	cprintf("selfstop: child stopped OK\n");
	sys_env_set_status(child, ENV_RUNNABLE);
	while (envs[ENVX(child)].env_id == child &&
	       envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();

	cprintf("selfstop: stopping myself\n");
	sys_env_set_status(0, ENV_NOT_RUNNABLE);
	check_true(false, "stays stopped");
}
