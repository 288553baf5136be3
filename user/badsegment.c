/* Loading a kernel selector (the TSS) into %ds is a General Protection fault. */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("movw $0x28, %ax\n\tmovw %ax, %ds");
}
