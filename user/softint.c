/*
 * User code may not raise the page-fault vector by hand: the gate is
 * kernel-only, so `int $14` is a General Protection fault.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	asm volatile("int $14");
}
