/*
 * dagsnapargs: sys_dagsnap checks its arguments before it prints anything,
 * and DAG_FOCUS leaves out the envs unrelated to the caller.
 *
 * Each check prints "dagsnapargs: WHAT: OK" or "...: FAIL (...)".  The
 * labels the kernel keeps show in the snapshots' marker lines, which
 * grade-lab2 (part dag) expects.  For the focus check the program forks an
 * unrelated env (eager_fork: it shares no page with anyone) and a related
 * one (fork), and the related child photographs itself.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define EDGE_PAGE 0x20000000 /* a mapped page; the next one is unmapped */

/* Wait until env id is blocked in ipc_recv. */
static void
wait_receiving(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (!e->env_ipc_recving || e->env_status != ENV_NOT_RUNNABLE)
		sys_yield();
}

/* Labels the kernel must refuse to read, or read only in part. */
static void
check_labels(void)
{
	char *end = (char *)EDGE_PAGE + PGSIZE;
	int r;

	check_int(sys_dagsnap((char *)KERNBASE, 4, 0), -E_FAULT,
		  "kernel address");
	check_int(sys_dagsnap((char *)UTEMP, 4, 0), -E_FAULT,
		  "unmapped address");
	check_int(sys_dagsnap("flags", 5, 0x100), -E_INVAL, "unknown flag");
	if ((r = sys_page_alloc(0, (void *)EDGE_PAGE, PTE_P | PTE_U | PTE_W)) <
	    0)
		panic("sys_page_alloc: %e", r);
	memmove(end - 32, "abcdefghijklmnopqrstuvwxyz012345", 32);
	check_int(sys_dagsnap(end - 8, 16, 0), -E_FAULT,
		  "label straddling an unmapped page");
	check_int(sys_dagsnap(end - 32, 4096, 0), 0,
		  "long label, only 32 bytes read");
	check_int(dagsnap("bad label/with\"chars!"), 0,
		  "odd characters dropped");
	check_int(dagsnap("..."), 0, "nothing left");
}

/* In the related child: photograph ourselves, then the whole system. */
static void
focus_child(envid_t parent)
{
	wait_receiving(parent);
	cprintf("dagfact focus envs 2\n");
	check_int(dagsnap_opts("focus", DAG_FOCUS), 0, "focus");
	cprintf("dagfact whole envs 3\n");
	check_int(dagsnap_opts("whole", DAG_EXPAND), 0, "whole");
	ipc_send(parent, 0, NULL, 0);
}

static void
check_focus(void)
{
	envid_t stranger, child, self = sys_getenvid();

	if ((stranger = eager_fork()) < 0)
		panic("eager_fork: %e", stranger);
	if (stranger == 0) {
		ipc_recv(NULL, NULL, NULL);
		exit();
	}
	wait_receiving(stranger);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		focus_child(self);
		exit();
	}
	ipc_recv(NULL, NULL, NULL);
	ipc_send(stranger, 0, NULL, 0);
	wait_env_exit(child);
	wait_env_exit(stranger);
}

void
umain(int argc, char **argv)
{
	check_labels();
	check_focus();
	check_done();
}
