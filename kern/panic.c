/* Kernel panics and warnings (the kernel side of inc/assert.h). */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/assert.h>
#include <inc/x86.h>
#include <inc/error.h>
#include <kern/panic.h>
#include <kern/debug/monitor.h>
#include <kern/qemu.h>

const char *panicstr;

/* Ends the run in test mode; otherwise halts this CPU for good. */
static void __attribute__((noreturn)) panic_stop(void)
{
	if (test_mode)
		qemu_exit(1);
	for (;;)
		asm volatile("hlt");
}

/*
 * Prints "kernel panic at FILE:LINE: MSG", disables interrupts and stays in
 * the kernel monitor for good (in test mode the monitor ends the run with a
 * failing exit status).  Only the first panic is recorded in panicstr; a
 * panic during a panic only prints its message and stops, since the monitor
 * itself may be what is failing.
 */
void
_panic(const char *file, int line, const char *fmt, ...)
{
	bool nested = (panicstr != NULL);
	va_list ap;

	asm volatile("cli" ::: "memory");
	if (!nested)
		panicstr = fmt;
	va_start(ap, fmt);
	cprintf("kernel panic at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
	if (nested)
		panic_stop();
	for (;;)
		monitor(NULL);
}

/*
 * What the handout's kernel stubs return (docs/lab2.md): prints
 * "WHAT: not implemented (exercise EXERCISE)" and returns -E_NOT_IMPL, so
 * that a caller fails at once and the parts that do not need the
 * exercise still run.  The solution tree never calls it.
 */
int
exercise_missing(const char *what, const char *exercise)
{
	cprintf("%s: not implemented (exercise %s)\n", what, exercise);
	return -E_NOT_IMPL;
}

/* Prints "kernel warning at FILE:LINE: MSG" and carries on. */
void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("kernel warning at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
