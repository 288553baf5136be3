/*
 * ptipc: receiving a page over IPC into a shared region first gives the
 * receiver a private copy of the table there; the other holder of the
 * old table never sees the new page.
 *
 * The parent maps one page at HEAP (region 0x10000000) and ptforks.  The
 * child asks to receive a page at RECV_VA, an unmapped address in that
 * same, shared region.  The parent sends it a page from SEND_VA, in a
 * region of its own (0x30000000).  Then:
 *
 *   child    the page is at RECV_VA with the parent's text and the
 *            permissions sent; its PDE for the region is private (the
 *            kernel copied the table before mapping into it), so HEAP is
 *            now P U COW with pageref 2 (both tables map it); the received
 *            page has pageref 2 (SEND_VA in the parent, RECV_VA here)
 *   parent   nothing at RECV_VA; its PDE is still the shared, read-only
 *            one, but it is now the table's last holder (pp_ref 1)
 *
 * With opt/jos/pttrace the kernel prints the child's table copy.
 * Expected output: "ptipc: WHO: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>

#define HEAP ((char *)0x10000000)
#define RECV_VA ((char *)0x10001000)
#define SEND_VA ((char *)0x30000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PERM (PTE_P | PTE_U | PTE_W)

static const char sent_text[] = "a page sent over IPC";

static void
report(const char *who, const char *step, uint32_t got, uint32_t want)
{
	if (got == want)
		cprintf("ptipc: %s: %s OK\n", who, step);
	else
		cprintf("ptipc: %s: %s FAIL: got %x want %x\n", who, step, got,
			want);
}

static void
child(void)
{
	envid_t parent = thisenv->env_parent_id, from;
	int perm = 0;

	report("child", "region shared before the receive",
	       uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_U | PTE_SHARED_PT);
	ipc_recv(&from, RECV_VA, &perm);
	report("child", "received from the parent", from, parent);
	report("child", "received the parent's text",
	       strcmp(RECV_VA, sent_text), 0);
	report("child", "received page P W U", uvpt[PGNUM(RECV_VA)] & PTE_BITS,
	       PERM);
	report("child", "received perm", perm, PERM);
	report("child", "received page pageref 2", pageref(RECV_VA), 2);
	report("child", "region private after the receive",
	       uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U);
	report("child", "HEAP P U COW in its copy of the table",
	       uvpt[PGNUM(HEAP)] & PTE_BITS, PTE_P | PTE_U | PTE_COW);
	report("child", "HEAP pageref 2", pageref(HEAP), 2);
	report("child", "HEAP still the parent's text",
	       strcmp(HEAP, "the parent's heap"), 0);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

static void
parent(envid_t child_id)
{
	int r;

	if ((r = sys_page_alloc(0, SEND_VA, PERM)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(SEND_VA, sent_text);
	ipc_send(child_id, 0, SEND_VA, PERM);
	ipc_recv(NULL, NULL, NULL);
	report("parent", "nothing at the child's RECV_VA",
	       uvpt[PGNUM(RECV_VA)] & PTE_P, 0);
	report("parent", "PDE still shared and read-only",
	       uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_U | PTE_SHARED_PT);
	report("parent", "last holder of the old table",
	       pages[PGNUM(uvpd[PDX(RECV_VA)])].pp_ref, 1);
	report("parent", "HEAP pageref 2", pageref(HEAP), 2);
	ipc_send(child_id, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	if ((r = sys_page_alloc(0, HEAP, PERM)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(HEAP, "the parent's heap");
	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
