/*
 * Destroying a child in the middle of handling a page fault: the child's
 * handler faults once more (a nested frame) and then waits for ever inside
 * the handler, on its exception stack.  The parent sees it there (its
 * saved %esp is on the exception stack, two frames deep), destroys it, and
 * the kernel must free everything, exception stack included.
 *
 * Expected: "killmidfault: child in its handler at depth 2 OK",
 * "killmidfault: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define FAULT1 0x00c00000                      /* never mapped */
#define FAULT2 0x00d00000                      /* never mapped */
#define FLAG ((volatile uint32_t *)0x00e00000) /* PTE_SHARE */

static void
handler(struct UTrapframe *utf)
{
	*FLAG += 1;
	if (utf->utf_fault_va == FAULT1)
		*(volatile int *)FAULT2 = 1; /* nested fault */
	for (;;)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	envid_t child;
	uintptr_t esp;
	struct MemStat before, after;

	if (sys_page_alloc(0, (void *)FLAG, PTE_P | PTE_U | PTE_W | PTE_SHARE))
		panic("sys_page_alloc");
	sys_mem_stat(&before);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		set_pgfault_handler(handler);
		*(volatile int *)FAULT1 = 1;
		check_true(false, "the child stays in its handler");
		return;
	}
	while (*FLAG < 2)
		sys_yield();
	esp = envs[ENVX(child)].env_tf.tf_esp;
	if (!check_true(esp >= UXSTACKTOP - PGSIZE && esp < UXSTACKTOP - 2 * 52,
			"child in its handler at depth 2"))
		cprintf("killmidfault: the child's esp is %08x\n", esp);

	sys_env_destroy(child);
	/* Running on another CPU, it is freed when that CPU next traps. */
	wait_env_exit(child);
	sys_mem_stat(&after);
	check_int(after.nenvs, before.nenvs, "envs back");
	check_done();
}
