/*
 * Stopping a receiver cancels its receive.  The child blocks in
 * sys_ipc_recv; the parent sets it ENV_NOT_RUNNABLE; a third env (the
 * child's sibling) then sends it a value and a page: the send must fail
 * with -E_IPC_NOT_RECV and change nothing (the child stays stopped, gets
 * no value and no page).  When the parent sets the child ENV_RUNNABLE
 * again, its sys_ipc_recv returns -E_IPC_NOT_RECV.
 *
 * Expected: the "ipcstopped: ... OK" lines and "ipcstopped: done OK" from
 * the parent and from the child; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)
#define VALUE 0x5e4d

/* True when va is mapped in this env's address space. */
static bool
mapped(void *va)
{
	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P);
}

static void
receiver(void)
{
	int r = sys_ipc_recv(RECV_VA);

	check_int(r, -E_IPC_NOT_RECV, "the resumed receiver's sys_ipc_recv");
	check_true(!mapped(RECV_VA), "no page arrived");
	check_true(thisenv->env_ipc_value != VALUE, "no value arrived");
	check_done();
}

/* Start the sibling that sends to r and wait until it is gone. */
static void
run_sender(envid_t r)
{
	envid_t s;

	if ((s = fork()) < 0)
		panic("fork: %e", s);
	if (s == 0) {
		check_int(sys_ipc_try_send(r, VALUE, PAGE, PTE_P | PTE_U),
			  -E_IPC_NOT_RECV, "sending to the stopped receiver");
		exit();
	}
	wait_env_exit(s);
}

void
umain(int argc, char **argv)
{
	const volatile struct Env *re;
	envid_t r;

	if (sys_page_alloc(0, PAGE, PTE_P | PTE_U | PTE_W) < 0)
		panic("sys_page_alloc");
	if ((r = fork()) < 0)
		panic("fork: %e", r);
	if (r == 0) {
		receiver();
		return;
	}
	re = &envs[ENVX(r)];
	while (!re->env_ipc_recving || re->env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	check_int(sys_env_set_status(r, ENV_NOT_RUNNABLE), 0,
		  "stopping the receiver");
	check_true(!re->env_ipc_recving, "it no longer receives");

	run_sender(r);
	check_int(re->env_status, ENV_NOT_RUNNABLE,
		  "the receiver stays stopped");
	check_true(re->env_ipc_value != VALUE, "it got no value");

	check_int(sys_env_set_status(r, ENV_RUNNABLE), 0, "resuming it");
	check_done();
}
