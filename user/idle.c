/*
 * idle: the JOS lab 4 handout's do-nothing environment.  It yields, and
 * after each yield breaks into the kernel monitor (int3), where
 * `continue` sends it round again.  In test mode the monitor ends the
 * run, so a graded run shows the one breakpoint trap frame.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	binaryname = "idle";
	for (;;) {
		sys_yield();
		asm volatile("int $3");
	}
}
