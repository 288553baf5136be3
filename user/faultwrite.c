/* Writing address 0 faults: nothing is mapped there. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(volatile unsigned *)0 = 0;
}
