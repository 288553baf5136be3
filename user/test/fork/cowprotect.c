/*
 * cowprotect: a shared copy-on-write page cannot be made writable by a
 * system call, only by the fault handler's copy.
 *
 * After fork() a data page is P U COW in both environments, pageref 2.
 * If the child could remap it writable in place (sys_page_map with
 * PTE_W), or send it writable over IPC, its writes would land in the
 * parent's page.  The kernel must refuse both with -E_INVAL while the page
 * is shared (it allows PTE_W on a COW page only when pageref is 1: the
 * handler's no-copy shortcut).  Then the child writes normally (fault,
 * copy) and the parent's page is unchanged.
 *
 * Expected output: "cowprotect: STEP OK" lines and no "FAIL" line.
 */
#include <inc/lib.h>
#include <inc/check.h>

static char page[PGSIZE] __attribute__((aligned(PGSIZE))) = "parent's data";

static void
child(void)
{
	envid_t parent = thisenv->env_parent_id;
	int perm = PTE_P | PTE_U | PTE_W;

	check_true((uvpt[PGNUM(page)] & PTE_COW) && pageref(page) == 2,
		   "child: page is COW and shared");
	check_int(sys_page_map(0, page, 0, page, perm), -E_INVAL,
		  "remap writable in place refused");
	check_int(sys_page_map(0, page, 0, UTEMP, perm), -E_INVAL,
		  "map writable elsewhere refused");
	/* The parent must be receiving, else the answer is E_IPC_NOT_RECV. */
	while (!envs[ENVX(parent)].env_ipc_recving)
		sys_yield();
	check_int(sys_ipc_try_send(parent, 0, page, perm), -E_INVAL,
		  "send writable over IPC refused");
	strcpy(page, "child's data");
	check_true(pageref(page) == 1 && (uvpt[PGNUM(page)] & PTE_W),
		   "child: its write made a private copy");
	ipc_send(parent, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t who;

	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0) {
		child();
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	check_true(strcmp(page, "parent's data") == 0,
		   "parent: its page is unchanged");
}
