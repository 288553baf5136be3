/*
 * cowshare: a PTE_SHARE page stays shared and writable across fork().
 *
 * Before the fork the parent allocates a page at SHARE_VA with
 * PTE_P | PTE_U | PTE_W | PTE_SHARE.  fork() maps the same physical page
 * into the child with the same permissions, so:
 *
 *   parent and child: PTE P W U SHARE, no COW; pageref 2;
 *   the child's write is seen by the parent, and the parent's by the
 *   child (no fault, no copy; the page stays the same physical page).
 *
 * Expected output: "cowshare: STEP OK" lines and no "FAIL" line.
 */
#include <inc/lib.h>

#define SHARE_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW | PTE_SHARE)
#define SHARED_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARE)

static void
report(const char *step, bool ok)
{
	cprintf("cowshare: %s %s\n", step, ok ? "OK" : "FAIL");
}

/* Check SHARE_VA's PTE bits and pageref, and that it holds want. */
static void
check_page(const char *who, const char *want)
{
	char step[80];

	snprintf(step, sizeof(step), "%s: P W U SHARE without COW", who);
	report(step, (uvpt[PGNUM(SHARE_VA)] & PTE_BITS) == SHARED_BITS);
	snprintf(step, sizeof(step), "%s: pageref 2", who);
	report(step, pageref(SHARE_VA) == 2);
	snprintf(step, sizeof(step), "%s: sees '%s'", who, want);
	report(step, strcmp(SHARE_VA, want) == 0);
}

static void
child(void)
{
	envid_t parent;

	ipc_recv(&parent, NULL, NULL);
	check_page("child after fork", "from the parent");
	strcpy(SHARE_VA, "from the child");
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(&parent, NULL, NULL);
	check_page("child after the parent's write", "from the parent again");
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	physaddr_t pa = PTE_ADDR(uvpt[PGNUM(SHARE_VA)]);

	check_page("parent after fork", "from the parent");
	ipc_send(child_id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_page("parent after the child's write", "from the child");
	strcpy(SHARE_VA, "from the parent again");
	report("parent: still the same physical page",
	       PTE_ADDR(uvpt[PGNUM(SHARE_VA)]) == pa);
	ipc_send(child_id, 0, NULL, 0);
	/* Stay mapped until the child has checked pageref 2. */
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

	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
