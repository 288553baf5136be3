/*
 * ptcowshare: a PTE_SHARE page stays shared and writable through
 * ptfork(), including through the table copy that a write in its region
 * causes: the copy keeps PTE_SHARE entries writable (never PTE_COW).
 *
 * Before the fork the parent allocates SHARE_VA with P W U SHARE.  Then:
 *
 *   after ptfork       both: PTE P W U SHARE, no COW; pageref 1 (one
 *                      PTE in the one shared table); PDE shared
 *   child writes       the kernel copies the child's table, the write
 *                      then goes straight to the shared frame (no copy
 *                      of the page); pageref 2 (two tables)
 *   parent reads       the child's words
 *   parent writes      the parent is the last holder of the old table:
 *                      its PDE becomes writable; same frame as before
 *   child reads        the parent's words
 *
 * Expected output: "ptcowshare: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>

#define SHARE_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW | PTE_SHARE)
#define PTE_SHARED_PAGE (PTE_P | PTE_W | PTE_U | PTE_SHARE)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static void
report(const char *step, uint32_t got, uint32_t want)
{
	if (got == want)
		cprintf("ptcowshare: %s OK\n", step);
	else
		cprintf("ptcowshare: %s FAIL: got %x want %x\n", step, got,
			want);
}

/* Check the PTE bits, the pageref and the contents of SHARE_VA. */
static void
check_page(const char *who, int refs, const char *want)
{
	char step[100];

	snprintf(step, sizeof(step), "%s: P W U SHARE without COW", who);
	report(step, uvpt[PGNUM(SHARE_VA)] & PTE_BITS, PTE_SHARED_PAGE);
	snprintf(step, sizeof(step), "%s: pageref %d", who, refs);
	report(step, pageref(SHARE_VA), refs);
	snprintf(step, sizeof(step), "%s: sees '%s'", who, want);
	report(step, strcmp(SHARE_VA, want), 0);
}

static void
child(void)
{
	physaddr_t frame;
	envid_t parent;

	frame = ipc_recv(&parent, NULL, NULL);
	check_page("child after ptfork", 1, "from the parent");
	report("child after ptfork: PDE shared", uvpd[PDX(SHARE_VA)] & PDE_BITS,
	       PTE_P | PTE_U | PTE_SHARED_PT);
	strcpy(SHARE_VA, "from the child");
	check_page("child after its write", 2, "from the child");
	report("child after its write: PDE private",
	       uvpd[PDX(SHARE_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U);
	report("child after its write: still the parent's frame",
	       PTE_ADDR(uvpt[PGNUM(SHARE_VA)]), frame);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_page("child after the parent's write", 2,
		   "from the parent again");
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	physaddr_t frame = PTE_ADDR(uvpt[PGNUM(SHARE_VA)]);

	check_page("parent after ptfork", 1, "from the parent");
	ipc_send(child_id, frame, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_page("parent after the child's write", 2, "from the child");
	strcpy(SHARE_VA, "from the parent again");
	report("parent after its write: PDE private",
	       uvpd[PDX(SHARE_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U);
	report("parent after its write: still the same frame",
	       PTE_ADDR(uvpt[PGNUM(SHARE_VA)]), frame);
	ipc_send(child_id, 0, NULL, 0);
	/* Keep the mapping until the child has checked pageref 2. */
	ipc_recv(NULL, NULL, NULL);
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	r = sys_page_alloc(0, SHARE_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE);
	if (r < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(SHARE_VA, "from the parent");

	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
