/*
 * cowrefcount: the PTE bits and pp_ref of a data page through fork() and
 * the first write on each side.
 *
 * page is one page-aligned page of initialised data, writable before the
 * fork.  The steps, each checked and printed:
 *
 *   before fork   parent: P W U,     pageref 1
 *   after fork    parent: P U COW,   pageref 2 (both map the same page)
 *                 child:  P U COW,   pageref 2
 *   child writes  child:  P W U,     pageref 1 (its own new copy)
 *                 parent: P U COW,   pageref 1 (no one else maps it now)
 *   parent writes parent: P W U,     pageref 1, the SAME physical page
 *                 (the handler's pageref == 1 shortcut: no copy needed)
 *
 * The two sides take turns through IPC so that each check sees a known
 * state.  Expected output: a line "cowrefcount: STEP OK" for each step
 * and no "FAIL" line.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)

static char page[PGSIZE] __attribute__((aligned(PGSIZE))) = "before fork";

/*
 * Check page's PTE bits and pageref together, in one line; a failure is
 * followed by a line with what was found.
 */
static void
check_page(const char *step, pte_t want_bits, int want_ref)
{
	pte_t bits = uvpt[PGNUM(page)] & PTE_BITS;
	int ref = pageref(page);

	if (!check_true(bits == want_bits && ref == want_ref, "%s", step))
		cprintf("cowrefcount: got bits %03x pageref %d, want bits %03x "
			"pageref %d\n",
			bits, ref, want_bits, want_ref);
}

static void
child(void)
{
	envid_t parent;

	ipc_recv(&parent, NULL, NULL);
	check_page("child after fork: P U COW, pageref 2",
		   PTE_P | PTE_U | PTE_COW, 2);
	strcpy(page, "written by the child");
	check_page("child after its write: P W U, pageref 1",
		   PTE_P | PTE_W | PTE_U, 1);
	check_str(page, "written by the child", "child sees its own write");
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	physaddr_t before;

	check_page("parent after fork: P U COW, pageref 2",
		   PTE_P | PTE_U | PTE_COW, 2);
	ipc_send(child_id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);

	check_page("parent after the child's write: P U COW, pageref 1",
		   PTE_P | PTE_U | PTE_COW, 1);
	check_str(page, "before fork", "parent does not see the child's write");
	before = PTE_ADDR(uvpt[PGNUM(page)]);
	strcpy(page, "written by the parent");
	check_page("parent after its write: P W U, pageref 1",
		   PTE_P | PTE_W | PTE_U, 1);
	check_hex(PTE_ADDR(uvpt[PGNUM(page)]), before,
		  "pageref 1 shortcut kept the page");
}

void
umain(int argc, char **argv)
{
	envid_t who;

	check_page("parent before fork: P W U, pageref 1",
		   PTE_P | PTE_W | PTE_U, 1);
	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
