/* sys_cputs must not print kernel memory for the user. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_cputs((char *)0xf010000c, 100);
}
