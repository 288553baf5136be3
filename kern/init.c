/* The kernel's C entry point: bring the machine up and start a program. */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/debug/monitor.h>
#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/qemu.h>
#include <kern/progtab.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/selftest/selftest.h>

/* Timer interrupts per second: the scheduler's time slice is 1/TIMER_HZ s. */
#define TIMER_HZ 100

/*
 * A recursive function whose frames the backtrace test hook prints (kept
 * out of line so every level has a frame of its own).  It and the panic
 * hook stay in this file: the backtrace and panic tests of grade-lab2 look
 * for kern/init.c in the lines they print.  The other self-tests are in
 * kern/selftest/.
 */
void __attribute__((noinline, noclone)) test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}

/* Run the kernel self-test named by the opt/jos/hook setting. */
static void
run_hook(const char *hook)
{
	if (strcmp(hook, "backtrace") == 0)
		test_backtrace(5);
	else if (strcmp(hook, "panic") == 0)
		panic("test hook: deliberate panic");
	else if (strcmp(hook, "badelf") == 0)
		check_bad_elf();
	else if (strcmp(hook, "envids") == 0)
		check_env_ids();
	else if (strcmp(hook, "auditfail") == 0)
		check_audit_fail();
	else if (strcmp(hook, "relock") == 0)
		lock_kernel(); /* held already: panics */
	else
		cprintf("unknown test hook '%s'\n", hook);
}

/* The embedded user program called name, or NULL. */
static const struct user_program *
find_program(const char *name)
{
	int i;

	for (i = 0; i < nuser_programs; i++)
		if (strcmp(user_programs[i].name, name) == 0)
			return &user_programs[i];
	return NULL;
}

/*
 * Create the first environment from the program named by opt/jos/prog,
 * with opt/jos/args as its arguments.  Returns false when there is none.
 */
static bool
start_first_program(void)
{
	static char cmdline[sizeof(boot_prog) + sizeof(boot_args) + 1];
	const struct user_program *prog;
	int r;

	if (boot_prog[0] == '\0')
		return false;
	if (!(prog = find_program(boot_prog))) {
		cprintf("no user program named '%s'\n", boot_prog);
		return false;
	}
	snprintf(cmdline, sizeof(cmdline), "%s %s", boot_prog, boot_args);
	if ((r = env_create(prog->start, prog->end - prog->start, ENV_TYPE_USER,
			    cmdline)) < 0) {
		cprintf("cannot start '%s': %e\n", boot_prog, r);
		return false;
	}
	return true;
}

/* Where kern/mpentry.S is linked, and the stack and slot of the AP that
 * boot_aps() starts (one at a time). */
extern unsigned char mpentry_start[], mpentry_end[];
void *mpentry_kstack;
static volatile int mpentry_cpu;

/*
 * Start every other CPU, one at a time: copy kern/mpentry.S to
 * MPENTRY_PADDR, tell it its slot and stack, send it INIT and STARTUP, and
 * wait until mp_main() says it runs.  Called with the kernel lock held, so
 * the APs wait in mp_main() until the boot CPU first leaves the kernel.
 */
static void
boot_aps(void)
{
	struct CpuInfo *c;

	memmove(KADDR(MPENTRY_PADDR), mpentry_start,
		mpentry_end - mpentry_start);
	for (c = cpus; c < cpus + ncpu; c++) {
		if (c == bootcpu)
			continue;
		mpentry_cpu = c->cpu_id;
		mpentry_kstack = percpu_kstacks[c->cpu_id] + KSTKSIZE;
		lapic_startap(c->cpu_apicid, MPENTRY_PADDR);
		while (c->cpu_status != CPU_STARTED)
			cpu_relax();
	}
}

/*
 * The C entry point of an AP, from kern/mpentry.S, on its own stack with
 * the boot page directory: load kern_pgdir and the CR0 bits, the GDT, its
 * TSS (which gives cpunum()) and IDT, start its local APIC timer, say it
 * runs, and schedule once it holds the kernel lock.
 */
void
mp_main(void)
{
	int id = mpentry_cpu;

	lcr3(PADDR(kern_pgdir));
	cr0_setup();
	cprintf("SMP: CPU %d starting\n", id);
	env_init_percpu();
	trap_init_percpu(id);
	lapic_init();
	xchg(&cpus[id].cpu_status, CPU_STARTED);

	lock_kernel();
	sched_yield();
}

void
i386_init(void)
{
	extern char edata[], end[];

	/* The boot loader does not zero the BSS: do it before using it. */
	memset(edata, 0, end - edata);

	cons_init();
	qemu_config_init();
	mem_init();
	mp_init();
	env_init();
	trap_init();
	lapic_init();
	pic_init();
	timer_init(TIMER_HZ);
	irq_enable(IRQ_TIMER);
	irq_enable(IRQ_KBD);
	irq_enable(IRQ_SERIAL);

	lock_kernel();
	boot_aps();

	if (boot_hook[0])
		run_hook(boot_hook);
	else if (start_first_program())
		sched_yield();

	for (;;)
		monitor(NULL);
}
