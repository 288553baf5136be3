/*
 * An upcall address that is not mapped.  Registration succeeds; the jump
 * there faults, which calls the same upcall again on the exception stack,
 * until the stack overflows and the kernel destroys the environment.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	sys_page_alloc(0, (void *)(UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W);
	sys_env_set_pgfault_upcall(0, (void *)0xDeadBeef);
	*(int *)0 = 0;
}
