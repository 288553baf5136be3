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

#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)

static char page[PGSIZE] __attribute__((aligned(PGSIZE))) = "before fork";

/* Compare page's PTE bits and pageref with the wanted ones and report. */
static void
expect(const char *step, pte_t want_bits, int want_ref)
{
	pte_t bits = uvpt[PGNUM(page)] & PTE_BITS;
	int ref = pageref(page);

	if (bits == want_bits && ref == want_ref)
		cprintf("cowrefcount: %s OK\n", step);
	else
		cprintf("cowrefcount: %s FAIL: got bits %03x pageref %d, "
			"want bits %03x pageref %d\n",
			step, bits, ref, want_bits, want_ref);
}

static void
expect_text(const char *step, const char *want)
{
	if (strcmp(page, want) == 0)
		cprintf("cowrefcount: %s OK\n", step);
	else
		cprintf("cowrefcount: %s FAIL: got '%s' want '%s'\n", step,
			page, want);
}

static void
child(void)
{
	envid_t parent;

	ipc_recv(&parent, NULL, NULL);
	expect("child after fork: P U COW, pageref 2", PTE_P | PTE_U | PTE_COW,
	       2);
	strcpy(page, "written by the child");
	expect("child after its write: P W U, pageref 1", PTE_P | PTE_W | PTE_U,
	       1);
	expect_text("child sees its own write", "written by the child");
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	physaddr_t before;

	expect("parent after fork: P U COW, pageref 2", PTE_P | PTE_U | PTE_COW,
	       2);
	ipc_send(child_id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);

	expect("parent after the child's write: P U COW, pageref 1",
	       PTE_P | PTE_U | PTE_COW, 1);
	expect_text("parent does not see the child's write", "before fork");
	before = PTE_ADDR(uvpt[PGNUM(page)]);
	strcpy(page, "written by the parent");
	expect("parent after its write: P W U, pageref 1",
	       PTE_P | PTE_W | PTE_U, 1);
	if (PTE_ADDR(uvpt[PGNUM(page)]) == before)
		cprintf("cowrefcount: pageref 1 shortcut kept the page OK\n");
	else
		cprintf("cowrefcount: pageref 1 shortcut FAIL: the page was "
			"copied (%08x -> %08x)\n",
			before, PTE_ADDR(uvpt[PGNUM(page)]));
}

void
umain(int argc, char **argv)
{
	envid_t who;

	expect("parent before fork: P W U, pageref 1", PTE_P | PTE_W | PTE_U,
	       1);
	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
