/*
 * cowshare [fork|ptfork]: a PTE_SHARE page stays shared and writable
 * across fork() (or ptfork()): never PTE_COW, never copied, and each
 * side's writes are seen by the other.  Under ptfork() that includes the
 * table copy a write in the page's region causes: the copy keeps
 * PTE_SHARE entries writable.
 *
 * Before the fork the parent allocates SHARE_VA with P W U SHARE.  Then:
 *
 *   after the fork     both: PTE P W U SHARE, no COW; pageref 2 (one PTE
 *                      in each address space), or under ptfork pageref 1
 *                      (one PTE in the one shared table) and the PDE
 *                      shared
 *   child writes       no fault, no copy: still the parent's frame;
 *                      under ptfork the kernel copies the child's table
 *                      first (pageref 2, PDE private)
 *   parent reads       the child's words, then writes its own; same frame
 *                      (under ptfork, as the last holder of the old
 *                      table, its PDE becomes private)
 *   child reads        the parent's words
 *
 * Lines: "cowshare: STEP OK" (ptcowshare under ptfork).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define SHARE_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW | PTE_SHARE)
#define SHARED_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARE)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static bool pt_mode;
static const char *fork_name = "fork";

/* Check the PTE bits, the pageref and the contents of SHARE_VA. */
static void
check_page(const char *who, int refs, const char *want)
{
	check_hex(uvpt[PGNUM(SHARE_VA)] & PTE_BITS, SHARED_BITS,
		  "%s: P W U SHARE without COW", who);
	check_int(pageref(SHARE_VA), refs, "%s: pageref %d", who, refs);
	check_str(SHARE_VA, want, "%s: sees '%s'", who, want);
}

/* Under ptfork, check that the PDE of SHARE_VA is shared or private. */
static void
check_pde(const char *who, bool shared)
{
	if (!pt_mode)
		return;
	check_hex(uvpd[PDX(SHARE_VA)] & PDE_BITS,
		  shared ? PTE_P | PTE_U | PTE_SHARED_PT :
			   PTE_P | PTE_W | PTE_U,
		  "%s: PDE %s", who, shared ? "shared" : "private");
}

static void
child(void)
{
	char who[32];
	physaddr_t frame;
	envid_t parent;

	frame = ipc_recv(&parent, NULL, NULL);
	snprintf(who, sizeof(who), "child after %s", fork_name);
	check_page(who, pt_mode ? 1 : 2, "from the parent");
	check_pde(who, true);
	strcpy(SHARE_VA, "from the child");
	check_page("child after its write", 2, "from the child");
	check_pde("child after its write", false);
	check_hex(PTE_ADDR(uvpt[PGNUM(SHARE_VA)]), frame,
		  "child after its write: still the parent's frame");
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
	char who[32];

	snprintf(who, sizeof(who), "parent after %s", fork_name);
	check_page(who, pt_mode ? 1 : 2, "from the parent");
	ipc_send(child_id, frame, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_page("parent after the child's write", 2, "from the child");
	strcpy(SHARE_VA, "from the parent again");
	check_pde("parent after its write", false);
	check_hex(PTE_ADDR(uvpt[PGNUM(SHARE_VA)]), frame,
		  "parent after its write: still the same frame");
	ipc_send(child_id, 0, NULL, 0);
	/* Keep the mapping until the child has checked pageref 2. */
	ipc_recv(NULL, NULL, NULL);
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	if ((pt_mode = check_fork_mode(argc, argv)))
		fork_name = "ptfork";
	r = sys_page_alloc(0, SHARE_VA, PTE_P | PTE_U | PTE_W | PTE_SHARE);
	if (r < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(SHARE_VA, "from the parent");

	if ((who = check_fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
