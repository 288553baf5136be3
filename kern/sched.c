/* Round-robin scheduling of environments on the one CPU. */
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/debug/monitor.h>
#include <kern/debug/audit.h>
#include <kern/sched.h>

/*
 * One line per environment still alive when nothing can run: its id, its
 * status, and whether it waits in sys_ipc_recv (docs/interface.md, the
 * console lines).
 */
static void
sched_list_live_envs(void)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			cprintf("idle: env %08x %s%s\n", envs[i].env_id,
				env_status_name(envs[i].env_status),
				envs[i].env_ipc_recving ? ", in ipc_recv" : "");
}

/*
 * Nothing can run: say so, list the envs still alive, run the audit, and
 * hand the machine to the monitor (which ends the run in test mode).
 */
static void __attribute__((noreturn)) sched_halt(void)
{
	curenv = NULL;
	lcr3(PADDR(kern_pgdir));
	cprintf("No runnable environments in the system!\n");
	sched_list_live_envs();
	audit_run();
	for (;;)
		monitor(NULL);
}

/*
 * Run the next runnable environment after the current one (wrapping
 * around), or the current one again if it is the only one left running.
 * With nothing to run, halt into the monitor.  Never returns.
 */
void
sched_yield(void)
{
	int start = curenv ? ENVX(curenv->env_id) + 1 : 0;
	int i, k;

	for (i = 0; i < NENV; i++) {
		k = (start + i) % NENV;
		if (envs[k].env_status == ENV_RUNNABLE)
			env_run(&envs[k]);
	}
	if (curenv && curenv->env_status == ENV_RUNNING)
		env_run(curenv);
	sched_halt();
}
