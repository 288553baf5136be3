/* A divide error in user mode destroys the environment, not the kernel. */
#include <inc/lib.h>

/*
 * Volatile so the compiler cannot fold the division (nor turn 1 / x into
 * a comparison, as it does for a constant dividend of 1).
 */
volatile int zero, one = 1;

void
umain(int argc, char **argv)
{
	zero = 0;
	cprintf("1/0 is %08x!\n", one / zero);
}
