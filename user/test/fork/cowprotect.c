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

static char page[PGSIZE] __attribute__((aligned(PGSIZE))) = "parent's data";

static void
expect_error(const char *step, int got, int want)
{
	if (got == want)
		cprintf("cowprotect: %s OK\n", step);
	else
		cprintf("cowprotect: %s FAIL: got %e want %e\n", step, got,
			want);
}

static void
report(const char *step, bool ok)
{
	cprintf("cowprotect: %s %s\n", step, ok ? "OK" : "FAIL");
}

static void
child(void)
{
	envid_t parent = thisenv->env_parent_id;
	int perm = PTE_P | PTE_U | PTE_W;

	report("child: page is COW and shared",
	       (uvpt[PGNUM(page)] & PTE_COW) && pageref(page) == 2);
	expect_error("remap writable in place refused",
		     sys_page_map(0, page, 0, page, perm), -E_INVAL);
	expect_error("map writable elsewhere refused",
		     sys_page_map(0, page, 0, UTEMP, perm), -E_INVAL);
	/* The parent must be receiving, else the answer is E_IPC_NOT_RECV. */
	while (!envs[ENVX(parent)].env_ipc_recving)
		sys_yield();
	expect_error("send writable over IPC refused",
		     sys_ipc_try_send(parent, 0, page, perm), -E_INVAL);
	strcpy(page, "child's data");
	report("child: its write made a private copy",
	       pageref(page) == 1 && (uvpt[PGNUM(page)] & PTE_W));
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
	report("parent: its page is unchanged",
	       strcmp(page, "parent's data") == 0);
}
