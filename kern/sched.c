/*
 * Round-robin scheduling of environments on the CPUs, and what a CPU does
 * with nothing to run: halt, or, once every CPU is idle, the idle report
 * and the monitor.
 */
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/trap.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/cpu.h>
#include <kern/fpu.h>
#include <kern/spinlock.h>
#include <kern/trap.h>
#include <kern/tlb.h>
#include <kern/debug/monitor.h>
#include <kern/debug/audit.h>
#include <kern/sched.h>

/*
 * 1 while a CPU checks whether the whole machine is idle, and for good
 * once it is: a halted CPU that an interrupt wakes then goes back to sleep
 * without the kernel lock (sched_wake()).  Changed with xchg only, so that
 * the check and the wake-up order their accesses (docs/smp.md).
 */
static volatile uint32_t sched_idle;

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

/* True when an env is runnable, or running (or dying) on some CPU. */
static bool
sched_envs_busy(void)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE ||
		    envs[i].env_status == ENV_RUNNING ||
		    envs[i].env_status == ENV_DYING)
			return true;
	return false;
}

/* True when every started CPU but this one is halted. */
static bool
sched_others_halted(void)
{
	int i;

	for (i = 0; i < ncpu; i++)
		if (&cpus[i] != thiscpu && cpus[i].cpu_status == CPU_STARTED)
			return false;
	return true;
}

/*
 * Wait on this CPU's own kernel stack, from its top (whatever ran before
 * is done with), with interrupts on, for the interrupt that trap() hands
 * to sched_wake().  Never returns.
 */
static void __attribute__((noreturn)) sched_sleep(void)
{
	asm volatile("movl $0, %%ebp\n"
		     "movl %0, %%esp\n"
		     "pushl $0\n"
		     "pushl $0\n"
		     "sti\n"
		     "1: hlt\n"
		     "jmp 1b\n"
		     :
		     : "r"(CPU_KSTACKTOP(cpunum()))
		     : "memory");
	__builtin_unreachable();
}

/*
 * The whole machine is idle (no env can run, every other CPU is halted
 * and stays so): say so, list the envs still alive, run the audit, and
 * hand the machine to the monitor (which ends the run in test mode).
 */
static void __attribute__((noreturn)) sched_idle_report(void)
{
	cprintf("No runnable environments in the system!\n");
	sched_list_live_envs();
	audit_run();
	for (;;)
		monitor(NULL);
}

/*
 * Nothing for this CPU to run.  When nothing can run anywhere and every
 * other CPU is halted, report the idle machine (never returns).  Otherwise
 * halt, with the lock released and kern_pgdir loaded: an interrupt wakes
 * this CPU into trap() (sched_wake()), which schedules again.
 */
static void __attribute__((noreturn)) sched_halt(void)
{
	struct CpuInfo *c = thiscpu;

	tlb_shootdown();
	if (c->cpu_env)
		env_leave_cpu(c->cpu_env);
	c->cpu_env = NULL;
	lcr3(PADDR(kern_pgdir));
	xchg(&sched_idle, 1);
	if (!sched_envs_busy() && sched_others_halted())
		sched_idle_report();
	xchg(&sched_idle, 0);
	xchg(&c->cpu_status, CPU_HALTED);
	unlock_kernel();
	sched_sleep();
}

/*
 * An interrupt (vector trapno) woke this halted CPU; trap() calls this
 * before anything else.  Normally the CPU takes the kernel lock and trap()
 * goes on, which reschedules.  While another CPU checks for an idle
 * machine, or once it has found one, the interrupt is acknowledged and the
 * CPU halts again without touching the lock.
 */
void
sched_wake(int trapno)
{
	struct CpuInfo *c = thiscpu;

	xchg(&c->cpu_status, CPU_STARTED);
	if (sched_idle) {
		trap_ack(trapno);
		xchg(&c->cpu_status, CPU_HALTED);
		sched_sleep();
	}
	lock_kernel();
}

/*
 * An env just became runnable: interrupt one halted CPU, if there is one,
 * so that it runs it (or another) without waiting for its next tick.
 */
void
sched_kick(void)
{
	int i;

	for (i = 0; i < ncpu; i++)
		if (cpus[i].cpu_status == CPU_HALTED) {
			lapic_ipi(cpus[i].cpu_apicid, T_WAKEUP);
			return;
		}
}

/*
 * Run the next runnable environment after the current one (wrapping
 * around), or the current one again if it is the only one left running.
 * With nothing to run, halt.  Never returns.
 */
void
sched_yield(void)
{
	struct Env *cur = curenv;
	int start = cur ? ENVX(cur->env_id) + 1 : 0;
	int i, k;

	for (i = 0; i < NENV; i++) {
		k = (start + i) % NENV;
		/* Made runnable by its parent while another CPU runs it: that
		 * CPU goes on with it. */
		if (envs[k].env_status == ENV_RUNNABLE &&
		    (&envs[k] == cur || !env_on_cpu(&envs[k])))
			env_run(&envs[k]);
	}
	if (cur && cur->env_status == ENV_RUNNING)
		env_run(cur);
	sched_halt();
}
