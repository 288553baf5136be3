/*
 * cowreadonly: a read-only page is shared by fork(), not made
 * copy-on-write, and stays read-only.
 *
 * Before the fork the parent fills a page at RO_VA and remaps it
 * PTE_P | PTE_U (no PTE_W).  After the fork:
 *
 *   parent and child: PTE P U, no W, no COW; pageref 2; the child's PTE
 *   points at the same physical page as the parent's (the parent sends
 *   its physical address over IPC), and the child reads the text.
 *
 * Then the child writes to the page.  The write must fault (the page is
 * logically read-only, so there is nothing to copy): the child's own
 * handler checks the fault (a write, at RO_VA, PTE still without W and
 * COW), reports to the parent and exits.  The parent's page is unchanged.
 *
 * Expected output: "cowreadonly: STEP OK" lines including
 * "cowreadonly: child's write faulted OK", and no "FAIL" line.
 */
#include <inc/lib.h>

#define RO_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)

static const char text[] = "read-only text shared by parent and child";

static void
report(const char *step, bool ok)
{
	cprintf("cowreadonly: %s %s\n", step, ok ? "OK" : "FAIL");
}

/* Check RO_VA's PTE bits (P U only) and pageref 2. */
static void
check_shared(const char *who)
{
	pte_t pte = uvpt[PGNUM(RO_VA)];
	char step[64];

	snprintf(step, sizeof(step), "%s: P U without W or COW", who);
	report(step, (pte & PTE_BITS) == (PTE_P | PTE_U));
	snprintf(step, sizeof(step), "%s: pageref 2", who);
	report(step, pageref(RO_VA) == 2);
	snprintf(step, sizeof(step), "%s: text intact", who);
	report(step, strcmp(RO_VA, text) == 0);
}

/*
 * The child's page-fault handler.  A copy-on-write fault elsewhere (its
 * stack, say) is served as fork's handler would; the expected fault on
 * RO_VA is checked and reported, then the child exits.
 */
static void
child_fault(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE);
	pte_t pte = uvpt[PGNUM(va)];
	int perm = PTE_P | PTE_U | PTE_W;

	if (va != RO_VA && (utf->utf_err & FEC_WR) && (pte & PTE_COW)) {
		if (sys_page_alloc(0, PFTEMP, perm) < 0)
			panic("sys_page_alloc");
		memmove(PFTEMP, va, PGSIZE);
		if (sys_page_map(0, PFTEMP, 0, va, perm) < 0)
			panic("sys_page_map");
		sys_page_unmap(0, PFTEMP);
		return;
	}
	report("child's write faulted",
	       va == RO_VA && (utf->utf_err & FEC_WR) &&
		       (pte & PTE_BITS) == (PTE_P | PTE_U));
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
	exit();
}

static void
child(void)
{
	physaddr_t parent_pa = ipc_recv(NULL, NULL, NULL);

	check_shared("child");
	report("child: same physical page as the parent",
	       PTE_ADDR(uvpt[PGNUM(RO_VA)]) == parent_pa);
	set_pgfault_handler(child_fault);
	RO_VA[0] = 'X';
	report("child's write faulted", false);
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	check_shared("parent");
	ipc_send(child_id, PTE_ADDR(uvpt[PGNUM(RO_VA)]), NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	report("parent: text unchanged after the child's write",
	       strcmp(RO_VA, text) == 0);
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	if ((r = sys_page_alloc(0, RO_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(RO_VA, text);
	if ((r = sys_page_map(0, RO_VA, 0, RO_VA, PTE_P | PTE_U)) < 0)
		panic("sys_page_map: %e", r);

	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
