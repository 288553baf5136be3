/*
 * A divide error in user mode destroys the environment, not the kernel.
 * Written as the JOS handout program is, with a plain global: the user
 * flags (-fnon-call-exceptions, see GNUmakefile) keep the division, and
 * so the trap, that the compiler would otherwise fold away.
 */
#include <inc/lib.h>

int zero;

void
umain(int argc, char **argv)
{
	zero = 0;
	cprintf("1/0 is %08x!\n", 1 / zero);
}
