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
#include <inc/check.h>

static void
handler(struct UTrapframe *utf)
{
	check_true(false, "the handler never runs (fault at %08x)",
		   utf->utf_fault_va);
	sys_env_destroy(0);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	sys_page_unmap(0, (void *)(UXSTACKTOP - PGSIZE));
	*(volatile int *)0x00c00000 = 1;
	check_true(false, "the fault ended us");
}
