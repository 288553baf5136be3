/* Writing kernel memory from user mode is a protection fault. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	*(unsigned *)0xf0100000 = 0;
}
