/* Reading address 0 faults: nothing is mapped there. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	cprintf("I read %08x from location 0!\n", *(unsigned *)0);
}
