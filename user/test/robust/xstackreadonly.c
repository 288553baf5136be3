/*
 * A page-fault handler is registered, and then the exception stack is
 * made read-only (mapped onto itself without PTE_W).  The kernel must not
 * write the UTrapframe through it: it prints the user_mem_check line for
 * the frame (eebfffcc) and destroys the environment.
 *
 * Expected: "[00001000] user_mem_check assertion failure for va eebfffcc";
 * no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define XSTACK ((void *)(UXSTACKTOP - PGSIZE))

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
	int r;

	set_pgfault_handler(handler);
	r = sys_page_map(0, XSTACK, 0, XSTACK, PTE_P | PTE_U);
	check_int(r, 0, "remapping the exception stack read-only");
	*(volatile int *)0x00c00000 = 1;
	check_true(false, "the fault ended us");
}
