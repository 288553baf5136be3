/* int3 from user mode reaches the kernel monitor (a ring-3 gate). */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("int $3");
}
