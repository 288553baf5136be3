/* Writing address 0 faults: nothing is mapped there. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(unsigned *)0 = 0;
}
