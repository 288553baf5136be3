/* sys_cputs must check its buffer: address 1 is not mapped. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_cputs((char *)1, 1);
}
