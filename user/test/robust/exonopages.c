/*
 * sys_exofork children started with nothing (or almost nothing) mapped:
 *   1. no pages at all: the first instruction fetch is a user fault, and
 *      with no upcall the kernel destroys the child;
 *   2. an upcall but no exception stack: the kernel cannot push the
 *      frame, prints the user_mem_check line and destroys the child;
 *   3. an exception stack but no code at the upcall: faults recurse on
 *      the exception stack until it overflows, then as in 2.
 * The parent must be untouched and every page must come back.
 *
 * Expected: "[CHILD] user fault va 008..." once, the user_mem_check line
 * twice, "exonopages: all back OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

/* A child with nothing mapped; mode 2 and 3 as above. */
static void
run_empty_child(int mode)
{
	envid_t id = sys_exofork();

	if (id < 0)
		panic("sys_exofork: %e", id);
	if (id == 0)
		for (;;) /* never reached: the child has no code */
			sys_yield();
	if (mode >= 2)
		sys_env_set_pgfault_upcall(id, (void *)umain);
	if (mode == 3)
		sys_page_alloc(id, (void *)(UXSTACKTOP - PGSIZE),
			       PTE_P | PTE_U | PTE_W);
	sys_env_set_status(id, ENV_RUNNABLE);
	wait_env_exit(id);
}

void
umain(int argc, char **argv)
{
	struct MemStat before, after;
	int mode;

	sys_mem_stat(&before);
	for (mode = 1; mode <= 3; mode++)
		run_empty_child(mode);
	sys_mem_stat(&after);
	check_int(after.nfree, before.nfree, "all pages back");
	check_int(after.nenvs, before.nenvs, "all envs back");
}
