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

void
i386_init(void)
{
	extern char edata[], end[];

	/* The boot loader does not zero the BSS: do it before using it. */
	memset(edata, 0, end - edata);

	cons_init();
	qemu_config_init();
	mem_init();
	env_init();
	trap_init();
	pic_init();
	timer_init(TIMER_HZ);
	irq_enable(IRQ_TIMER);
	irq_enable(IRQ_KBD);
	irq_enable(IRQ_SERIAL);

	if (boot_hook[0])
		run_hook(boot_hook);
	else if (start_first_program())
		sched_yield();

	for (;;)
		monitor(NULL);
}
