/*
 * A page-fault handler whose own stack use runs off the bottom of the
 * exception stack.  Its first push below UXSTACKTOP - PGSIZE faults with
 * %esp in the guard page under the exception stack: that fault happened
 * on the exception stack too, so its frame must go below that %esp (into
 * the guard page, where it cannot be written), and the kernel must destroy
 * the environment with the user_mem_check line.  Taking the guard page for
 * a fresh start (a frame back at UXSTACKTOP) would run the handler again
 * on top of its own frames, for ever.
 *
 * Expected: "[CHILD] user_mem_check assertion failure for va eebfeXXX",
 * "xstackoverflow: the child died in its handler OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RUNS ((volatile uint32_t *)0x00e00000) /* PTE_SHARE */
#define NOWHERE 0x00c00000                     /* never mapped */

/* Goes 64 bytes deeper per call, so that %esp walks into the guard page
 * under the exception stack a few words at a time. */
static int
descend(int depth)
{
	volatile char frame[64];

	frame[0] = depth;
	if (depth == 1000) /* 64 KiB down: never reached */
		return 0;
	return descend(depth + 1) + frame[0];
}

static void
handler(struct UTrapframe *utf)
{
	*RUNS += 1;
	descend(0);
	cprintf("xstackoverflow: FAIL the handler's stack held\n");
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if (sys_page_alloc(0, (void *)RUNS, PTE_P | PTE_U | PTE_W | PTE_SHARE))
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
	check_true(*RUNS == 1, "the child died in its handler (runs %d)",
		   *RUNS);
}
