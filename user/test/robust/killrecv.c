/*
 * Destroying a child that is blocked in sys_ipc_recv, waiting for a page.
 * The kernel must free it whole; its id is then stale for IPC
 * (-E_BAD_ENV); the slot, reused by the next child, must not still be
 * receiving (-E_IPC_NOT_RECV), and no page may reach either.
 *
 * Expected: "killrecv: ... OK" lines and "killrecv: done OK"; no "FAIL".
 */
#include <inc/lib.h>

#define PAGE ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)

static int failures;

static void
expect(const char *what, int got, int want)
{
	if (got == want)
		cprintf("killrecv: %s: %d OK\n", what, got);
	else {
		cprintf("killrecv: FAIL %s: got %d, want %d\n", what, got,
			want);
		failures++;
	}
}

void
umain(int argc, char **argv)
{
	envid_t child, next;

	if (sys_page_alloc(0, PAGE, PTE_P | PTE_U | PTE_W) < 0)
		panic("sys_page_alloc");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, RECV_VA, NULL);
		cprintf("killrecv: FAIL the child received something\n");
		return;
	}
	while (!envs[ENVX(child)].env_ipc_recving ||
	       envs[ENVX(child)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	expect("the child blocks in ipc_recv",
	       envs[ENVX(child)].env_ipc_dstva == RECV_VA, 1);

	expect("destroying it", sys_env_destroy(child), 0);
	expect("its slot is free", envs[ENVX(child)].env_status, ENV_FREE);
	expect("sending to it", sys_ipc_try_send(child, 1, PAGE, PTE_P | PTE_U),
	       -E_BAD_ENV);
	expect("our page has no other reference", pageref(PAGE), 1);

	/* The next child takes the same slot (the free list is LIFO). */
	if ((next = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	expect("the slot is reused", ENVX(next), ENVX(child));
	expect("the new env is not receiving", envs[ENVX(next)].env_ipc_recving,
	       0);
	expect("sending to the new env",
	       sys_ipc_try_send(next, 1, PAGE, PTE_P | PTE_U), -E_IPC_NOT_RECV);
	expect("still one reference", pageref(PAGE), 1);
	sys_env_destroy(next);
	cprintf("killrecv: %s\n", failures ? "FAIL" : "done OK");
}
