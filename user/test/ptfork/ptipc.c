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
#include <inc/check.h>

#define HEAP ((char *)0x10000000)
#define RECV_VA ((char *)0x10001000)
#define SEND_VA ((char *)0x30000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PERM (PTE_P | PTE_U | PTE_W)

static const char sent_text[] = "a page sent over IPC";

static void
child(void)
{
	envid_t parent = thisenv->env_parent_id, from;
	int perm = 0;

	check_hex(uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_U | PTE_SHARED_PT,
		  "child: region shared before the receive");
	ipc_recv(&from, RECV_VA, &perm);
	check_hex(from, parent, "child: received from the parent");
	check_hex(strcmp(RECV_VA, sent_text), 0,
		  "child: received the parent's text");
	check_hex(uvpt[PGNUM(RECV_VA)] & PTE_BITS, PERM,
		  "child: received page P W U");
	check_hex(perm, PERM, "child: received perm");
	check_hex(pageref(RECV_VA), 2, "child: received page pageref 2");
	check_hex(uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U,
		  "child: region private after the receive");
	check_hex(uvpt[PGNUM(HEAP)] & PTE_BITS, PTE_P | PTE_U | PTE_COW,
		  "child: HEAP P U COW in its copy of the table");
	check_hex(pageref(HEAP), 2, "child: HEAP pageref 2");
	check_hex(strcmp(HEAP, "the parent's heap"), 0,
		  "child: HEAP still the parent's text");
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
	check_hex(uvpt[PGNUM(RECV_VA)] & PTE_P, 0,
		  "parent: nothing at the child's RECV_VA");
	check_hex(uvpd[PDX(RECV_VA)] & PDE_BITS, PTE_P | PTE_U | PTE_SHARED_PT,
		  "parent: PDE still shared and read-only");
	check_hex(pages[PGNUM(uvpd[PDX(RECV_VA)])].pp_ref, 1,
		  "parent: last holder of the old table");
	check_hex(pageref(HEAP), 2, "parent: HEAP pageref 2");
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
