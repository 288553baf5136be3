/*
 * Small functions for programs that watch memory and environments: what the
 * fork tests, the benchmarks and the demo keep asking.
 */
#include <inc/lib.h>

/* The number of free physical pages now (sys_mem_stat).  Panics on error. */
uint32_t
mem_nfree(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms.nfree;
}

/* Yield until environment id has exited and its slot is free. */
void
wait_env_exit(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (e->env_id == id && e->env_status != ENV_FREE)
		sys_yield();
}

/*
 * The pp_ref of the page table that maps va: the number of page
 * directories holding it (more than 1 after ptfork), or 0 when none.
 */
int
ptref(const volatile void *va)
{
	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	return pages[PGNUM(uvpd[PDX(va)])].pp_ref;
}
