/*
 * An upcall without an exception stack: the kernel cannot push the
 * UTrapframe and must destroy the environment.
 */
#include <inc/lib.h>

extern void _pgfault_upcall(void);

void
umain(int argc, char **argv)
{
	sys_env_set_pgfault_upcall(0, (void *)_pgfault_upcall);
	*(int *)0 = 0;
}
