/*
 * A page-fault handler that faults again, for ever.  Each fault pushes one
 * more frame on the exception stack, until the next frame would not fit:
 * then the kernel must print the user_mem_check line (for an address just
 * below the exception stack) and destroy the environment, and nothing
 * else may suffer.  The child counts the depth in a PTE_SHARE page, which
 * the parent reads once the child is gone.
 *
 * Expected: "[CHILD] user_mem_check assertion failure for va eebfeXXX",
 * "faultforever: the child died at depth N OK" with N between 20 and 80;
 * no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define DEPTH ((volatile uint32_t *)0x00e00000) /* PTE_SHARE */
#define NOWHERE 0x00c00000                      /* never mapped */

static void
handler(struct UTrapframe *utf)
{
	*DEPTH += 1;
	*(volatile int *)(NOWHERE + (*DEPTH % 8) * PGSIZE) = 1;
	/*
	 * A plain cprintf, not a check: this frame's size decides whether the
	 * kernel's push or the handler's own call is the first to leave the
	 * exception stack, and the test wants the kernel to see the overflow.
	 */
	cprintf("faultforever: FAIL a fault returned\n");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if (sys_page_alloc(0, (void *)DEPTH, PTE_P | PTE_U | PTE_W | PTE_SHARE))
		panic("sys_page_alloc");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		set_pgfault_handler(handler);
		*(volatile int *)NOWHERE = 1;
		check_true(false, "the first fault does not return");
		return;
	}
	wait_env_exit(child);
	check_true(*DEPTH >= 20 && *DEPTH <= 80, "the child died at depth %d",
		   *DEPTH);
}
