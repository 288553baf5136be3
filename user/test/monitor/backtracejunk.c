/*
 * A breakpoint with a junk frame pointer: %ebp = 0xdead0000, an address
 * that is not mapped.  The monitor's backtrace must say where the user
 * chain stops, not fault; `continue` then resumes this program with its
 * own %ebp back.
 *
 * Expected (with the monitor script "backtrace;continue"): "(stops: ebp
 * dead0000 is not mapped)", "backtracejunk: continued"; no "kernel
 * panic".
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("pushl %%ebp\n\t"
		     "movl $0xdead0000, %%ebp\n\t"
		     "int3\n\t"
		     "popl %%ebp" ::
			     : "memory");
	cprintf("backtracejunk: continued\n");
}
