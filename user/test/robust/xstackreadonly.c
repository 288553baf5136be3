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

#define XSTACK ((void *)(UXSTACKTOP - PGSIZE))

static void
handler(struct UTrapframe *utf)
{
	cprintf("xstackreadonly: FAIL the handler ran (fault at %08x)\n",
		utf->utf_fault_va);
	sys_env_destroy(0);
}

void
umain(int argc, char **argv)
{
	int r;

	set_pgfault_handler(handler);
	if ((r = sys_page_map(0, XSTACK, 0, XSTACK, PTE_P | PTE_U)) < 0)
		cprintf("xstackreadonly: FAIL remapping read-only: %e\n", r);
	*(volatile int *)0x00c00000 = 1;
	cprintf("xstackreadonly: FAIL execution went on\n");
}
