/*
 * A breakpoint three calls deep in user code, with a valid chain of frame
 * pointers: the monitor's backtrace shows the kernel frames down to the
 * trap, then the user frames of backtraceuser_depth(0), (1), (2) (their
 * first argument), umain and libmain, down to the outermost frame.
 *
 * Expected (with the monitor script "backtrace;continue"): the user frame
 * lines in order, "(stops: ebp 00000000, the outermost frame)",
 * "backtraceuser: continued".
 */
#include <inc/lib.h>
#include <inc/x86.h>

void __attribute__((noinline, noclone)) backtraceuser_depth(int depth)
{
	if (depth < 2)
		backtraceuser_depth(depth + 1);
	else
		breakpoint();
	/* Keep the call above from becoming a jump. */
	asm volatile("" ::: "memory");
}

void
umain(int argc, char **argv)
{
	backtraceuser_depth(0);
	cprintf("backtraceuser: continued\n");
}
