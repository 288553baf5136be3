/*
 * A page-fault handler is registered, and then the exception stack is
 * unmapped.  The next fault must not be delivered: the kernel cannot
 * push the UTrapframe, so it prints the user_mem_check line for the frame
 * (UXSTACKTOP - 52 = eebfffcc) and destroys the environment.
 *
 * Expected: "[00001000] user_mem_check assertion failure for va eebfffcc";
 * no "FAIL".
 */
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	cprintf("xstackunmap: FAIL the handler ran (fault at %08x)\n",
		utf->utf_fault_va);
	sys_env_destroy(0);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	sys_page_unmap(0, (void *)(UXSTACKTOP - PGSIZE));
	*(volatile int *)0x00c00000 = 1;
	cprintf("xstackunmap: FAIL execution went on\n");
}
