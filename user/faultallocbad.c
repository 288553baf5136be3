/*
 * The kernel checks system call arguments itself: a bad sys_cputs buffer
 * destroys the caller even when it has a page-fault handler, which must
 * not run.
 */
#include <inc/lib.h>

/* Must never run: the kernel rejects the bad buffer without an upcall. */
static void
handler(struct UTrapframe *utf)
{
	cprintf("handler called for fault %08x\n", utf->utf_fault_va);
	sys_page_alloc(0, ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE),
		       PTE_P | PTE_U | PTE_W);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	sys_cputs((char *)0xDeadBeef, 4);
}
