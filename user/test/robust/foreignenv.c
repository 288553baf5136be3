/*
 * An environment may act on itself and its immediate children only
 * (docs/interface.md, System calls).  A child tries every call that names an environment
 * on its parent and on its sibling, and the parent tries them on its
 * grandchild: every one must fail with -E_BAD_ENV and change nothing.  IPC is the exception: anyone may
 * send to anyone (-E_IPC_NOT_RECV from an env that is not receiving).
 *
 * Expected: "foreignenv: ... OK" lines, "foreignenv: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define PAGE ((void *)0x00a00000)

/*
 * Every env-naming call on target must be refused, but an IPC send, which
 * only fails because target is not receiving (checked when idle_target).
 */
static void
all_refused(envid_t target, bool idle_target)
{
	struct PageMapEntry ent = { (uintptr_t)PAGE, PTE_P | PTE_U };

	check_int(sys_page_alloc(target, PAGE, RW), -E_BAD_ENV, "%s on %08x",
		  "page_alloc", target);
	check_int(sys_page_map(target, PAGE, 0, PAGE, RW), -E_BAD_ENV,
		  "%s on %08x", "page_map from", target);
	check_int(sys_page_map(0, PAGE, target, PAGE, RW), -E_BAD_ENV,
		  "%s on %08x", "page_map to", target);
	check_int(sys_page_unmap(target, PAGE), -E_BAD_ENV, "%s on %08x",
		  "page_unmap", target);
	check_int(sys_page_map_batch(target, 0, &ent, 1), -E_BAD_ENV,
		  "%s on %08x", "batch from", target);
	check_int(sys_page_map_batch(0, target, &ent, 1), -E_BAD_ENV,
		  "%s on %08x", "batch to", target);
	check_int(sys_env_set_status(target, ENV_NOT_RUNNABLE), -E_BAD_ENV,
		  "%s on %08x", "set_status", target);
	check_int(sys_env_set_pgfault_upcall(target, (void *)0xdead0000),
		  -E_BAD_ENV, "%s on %08x", "set_pgfault_upcall", target);
	check_int(sys_env_destroy(target), -E_BAD_ENV, "%s on %08x", "destroy",
		  target);
	if (idle_target)
		check_int(sys_ipc_try_send(target, 1, (void *)UTOP, 0),
			  -E_IPC_NOT_RECV, "%s on %08x", "ipc_try_send",
			  target);
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid(), sibling, child, grandchild;

	if (sys_page_alloc(0, PAGE, RW) < 0)
		panic("sys_page_alloc");
	if ((sibling = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		all_refused(parent, false); /* it may be in ipc_recv */
		all_refused(sibling, true);
		if ((grandchild = sys_exofork()) == 0)
			for (;;)
				sys_yield();
		ipc_send(parent, grandchild, NULL, 0);
		ipc_recv(NULL, NULL, NULL); /* the parent's checks are done */
		sys_env_destroy(grandchild);
		check_int(check_failures(), 0, "child");
		return;
	}
	grandchild = ipc_recv(NULL, NULL, NULL);
	all_refused(grandchild, true);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	check_true(pageref(PAGE) == 1 &&
			   envs[ENVX(sibling)].env_id == sibling &&
			   envs[ENVX(sibling)].env_status == ENV_NOT_RUNNABLE,
		   "our page and the sibling unchanged");
	sys_env_destroy(sibling);
	check_done();
}
