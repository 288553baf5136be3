/*
 * ptcowreadonly: a read-only page stays read-only through ptfork(): the
 * table copy on the first write keeps it shared read-only (never
 * PTE_COW), so a write to it faults into the program's own handler.
 *
 * Before the fork the parent fills a page at RO_VA and remaps it P U (no
 * W).  After ptfork():
 *
 *   parent and child: the region's PDE is shared (PTE_SHARED_PT, no W);
 *   the PTE is P U, without W or COW; pageref 1 (one PTE in one shared
 *   table); the child's frame is the parent's (sent over IPC); the text
 *   reads back.
 *
 * Then the child writes to the page.  The kernel first gives the child a
 * private copy of the table (so the frame now has pageref 2), then, the
 * PTE still being read-only and not COW, passes the fault to the child's
 * handler, which checks all that, reports and exits.  The parent's text
 * is unchanged.
 *
 * Expected output: "ptcowreadonly: STEP OK" lines including
 * "ptcowreadonly: child's write faulted OK"; no "FAIL".
 */
#include <inc/lib.h>

#define RO_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static const char text[] = "read-only text, shared through one page table";

static void
report(const char *step, bool ok)
{
	cprintf("ptcowreadonly: %s %s\n", step, ok ? "OK" : "FAIL");
}

static void
report_value(const char *step, uint32_t got, uint32_t want)
{
	if (got == want)
		cprintf("ptcowreadonly: %s OK\n", step);
	else
		cprintf("ptcowreadonly: %s FAIL: got %x want %x\n", step, got,
			want);
}

/* The checks both sides make right after ptfork(). */
static void
check_after_fork(const char *who)
{
	char step[80];

	snprintf(step, sizeof(step), "%s: PDE P U SHARED_PT without W", who);
	report_value(step, uvpd[PDX(RO_VA)] & PDE_BITS,
		     PTE_P | PTE_U | PTE_SHARED_PT);
	snprintf(step, sizeof(step), "%s: PTE P U without W or COW", who);
	report_value(step, uvpt[PGNUM(RO_VA)] & PTE_BITS, PTE_P | PTE_U);
	snprintf(step, sizeof(step), "%s: pageref 1", who);
	report_value(step, pageref(RO_VA), 1);
	snprintf(step, sizeof(step), "%s: text intact", who);
	report(step, strcmp(RO_VA, text) == 0);
}

/* Give the caller a private writable copy of the PTE_COW page at va. */
static void
copy_page(void *va)
{
	int perm = PTE_P | PTE_U | PTE_W;

	if (sys_page_alloc(0, PFTEMP, perm) < 0)
		panic("sys_page_alloc");
	memmove(PFTEMP, va, PGSIZE);
	if (sys_page_map(0, PFTEMP, 0, va, perm) < 0)
		panic("sys_page_map");
	sys_page_unmap(0, PFTEMP);
}

/*
 * The child's page-fault handler: copy-on-write faults elsewhere are
 * served; the fault on RO_VA is checked, reported, and ends the child.
 */
static void
child_fault(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE);
	pte_t pte = uvpt[PGNUM(va)];

	if (va != RO_VA && (utf->utf_err & FEC_WR) && (pte & PTE_COW)) {
		copy_page(va);
		return;
	}
	report("child's write faulted", va == RO_VA && (utf->utf_err & FEC_WR));
	report_value("child in its handler: PTE still P U", pte & PTE_BITS,
		     PTE_P | PTE_U);
	report_value("child in its handler: PDE private P W U",
		     uvpd[PDX(RO_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U);
	report_value("child in its handler: pageref 2 (two tables)",
		     pageref(RO_VA), 2);
	report("child in its handler: text intact", strcmp(RO_VA, text) == 0);
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
	exit();
}

static void
child(void)
{
	physaddr_t parent_frame = ipc_recv(NULL, NULL, NULL);

	check_after_fork("child");
	report("child: same frame as the parent",
	       PTE_ADDR(uvpt[PGNUM(RO_VA)]) == parent_frame);
	set_pgfault_handler(child_fault);
	RO_VA[0] = 'X';
	report("child's write faulted", false);
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	check_after_fork("parent");
	ipc_send(child_id, PTE_ADDR(uvpt[PGNUM(RO_VA)]), NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	report("parent: text unchanged after the child's write",
	       strcmp(RO_VA, text) == 0);
	report_value("parent: PTE still P U", uvpt[PGNUM(RO_VA)] & PTE_BITS,
		     PTE_P | PTE_U);
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

	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
