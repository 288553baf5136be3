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

#define EDGE_PAGE 0x20000000 /* a mapped page; the next one is unmapped */

static void
check(const char *what, int got, int want)
{
	if (got == want)
		cprintf("dagsnapargs: %s: OK\n", what);
	else
		cprintf("dagsnapargs: %s: FAIL (got %e, want %e)\n", what, got,
			want);
}

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

	check("kernel address", sys_dagsnap((char *)KERNBASE, 4, 0), -E_FAULT);
	check("unmapped address", sys_dagsnap((char *)UTEMP, 4, 0), -E_FAULT);
	check("unknown flag", sys_dagsnap("flags", 5, 0x100), -E_INVAL);
	if ((r = sys_page_alloc(0, (void *)EDGE_PAGE, PTE_P | PTE_U | PTE_W)) <
	    0)
		panic("sys_page_alloc: %e", r);
	memmove(end - 32, "abcdefghijklmnopqrstuvwxyz012345", 32);
	check("label straddling an unmapped page", sys_dagsnap(end - 8, 16, 0),
	      -E_FAULT);
	check("long label, only 32 bytes read", sys_dagsnap(end - 32, 4096, 0),
	      0);
	check("odd characters dropped", dagsnap("bad label/with\"chars!"), 0);
	check("nothing left", dagsnap("..."), 0);
}

/* In the related child: photograph ourselves, then the whole system. */
static void
focus_child(envid_t parent)
{
	wait_receiving(parent);
	cprintf("dagfact focus envs 2\n");
	check("focus", dagsnap_opts("focus", DAG_FOCUS), 0);
	cprintf("dagfact whole envs 3\n");
	check("whole", dagsnap_opts("whole", DAG_EXPAND), 0);
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
	cprintf("dagsnapargs: done\n");
}
