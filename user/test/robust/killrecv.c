/*
 * Destroying a child that is blocked in sys_ipc_recv, waiting for a page.
 * The kernel must free it whole; its id is then stale for IPC
 * (-E_BAD_ENV); the slot, reused by the next child, must not still be
 * receiving (-E_IPC_NOT_RECV), and no page may reach either.
 *
 * Expected: "killrecv: ... OK" lines and "killrecv: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)

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
	check_int(envs[ENVX(child)].env_ipc_dstva == RECV_VA, 1,
		  "the child blocks in ipc_recv");

	check_int(sys_env_destroy(child), 0, "destroying it");
	check_int(envs[ENVX(child)].env_status, ENV_FREE, "its slot is free");
	check_int(sys_ipc_try_send(child, 1, PAGE, PTE_P | PTE_U), -E_BAD_ENV,
		  "sending to it");
	check_int(pageref(PAGE), 1, "our page has no other reference");

	/* The next child takes the same slot (the free list is LIFO). */
	if ((next = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	check_int(ENVX(next), ENVX(child), "the slot is reused");
	check_int(envs[ENVX(next)].env_ipc_recving, 0,
		  "the new env is not receiving");
	check_int(sys_ipc_try_send(next, 1, PAGE, PTE_P | PTE_U),
		  -E_IPC_NOT_RECV, "sending to the new env");
	check_int(pageref(PAGE), 1, "still one reference");
	sys_env_destroy(next);
	check_done();
}
