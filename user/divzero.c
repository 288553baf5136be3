/* A divide error in user mode destroys the environment, not the kernel. */
#include <inc/lib.h>

/* Global and volatile so the compiler cannot fold the division. */
volatile int zero;

void
umain(int argc, char **argv)
{
	zero = 0;
	cprintf("1/0 is %08x!\n", 1 / zero);
}
