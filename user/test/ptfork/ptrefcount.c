/*
 * ptrefcount: the PDE bits, PTE bits and reference counts of a data
 * region through ptfork() and the first write on each side.
 *
 * page and other are two page-aligned data pages in the program's 4 MiB
 * region, both writable before the fork.  The steps, each checked:
 *
 *   before ptfork  parent: PDE P W U, PTE P W U, pageref 1
 *   after ptfork   parent and child: PDE P U SHARED_PT (no W), the same
 *                  page table (its pp_ref 2), PTE P W U untouched,
 *                  pageref 1 (a frame's pp_ref counts PTEs, and one PTE
 *                  in one shared table maps it)
 *   child writes   child: PDE P W U, a private table (pp_ref 1) at a new
 *                  address; page: P W U, pageref 1, a new frame; other:
 *                  P U COW, pageref 2 (two tables map it now)
 *                  parent: PDE still P U SHARED_PT, its table pp_ref 1;
 *                  page: P U COW, pageref 1 (the child moved away);
 *                  every other frame of the region pageref 2; no PTE of
 *                  the region writable any more
 *   parent writes  parent: PDE P W U on the same table (the last holder
 *                  just gets write permission back); page: P W U,
 *                  pageref 1, the same frame (the pageref 1 shortcut)
 *
 * The two sides take turns over IPC; the child exits only when the
 * parent has finished, so that its tables stay in place meanwhile.
 * Expected output: "ptrefcount: STEP OK" for each step, no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PDE_SHARED (PTE_P | PTE_U | PTE_SHARED_PT)
#define PDE_PRIVATE (PTE_P | PTE_W | PTE_U)

static char page[PGSIZE] __attribute__((aligned(PGSIZE))) = "before ptfork";
static char other[PGSIZE] __attribute__((aligned(PGSIZE))) = "untouched";

/* Check the PDE and the table of page's region, then page's PTE. */
static void
expect_state(const char *who, pde_t pde_bits, int table_refs, pte_t pte_bits,
	     int refs)
{
	check_hex(uvpd[PDX(page)] & PDE_BITS, pde_bits, "%s: PDE bits", who);
	check_int(ptref(page), table_refs, "%s: table pp_ref %d", who,
		  table_refs);
	check_hex(uvpt[PGNUM(page)] & PTE_BITS, pte_bits, "%s: PTE bits", who);
	check_int(pageref(page), refs, "%s: pageref %d", who, refs);
}

/*
 * In page's region: the number of present pages other than page whose
 * pageref is not refs, and the number of writable PTEs.
 */
static void
scan_region(int refs, int *wrong_refs, int *writable)
{
	uintptr_t va, start = ROUNDDOWN((uintptr_t)page, PTSIZE);

	*wrong_refs = *writable = 0;
	for (va = start; va < start + PTSIZE; va += PGSIZE) {
		if (!(uvpt[PGNUM(va)] & PTE_P))
			continue;
		if (uvpt[PGNUM(va)] & PTE_W)
			(*writable)++;
		if (va != (uintptr_t)page && pageref((void *)va) != refs)
			(*wrong_refs)++;
	}
}

static void
child(void)
{
	physaddr_t parent_table, parent_frame;
	envid_t parent;

	parent_table = ipc_recv(&parent, NULL, NULL);
	parent_frame = PTE_ADDR(uvpt[PGNUM(page)]);
	expect_state("child after ptfork", PDE_SHARED, 2, PTE_P | PTE_W | PTE_U,
		     1);
	check_hex(PTE_ADDR(uvpd[PDX(page)]), parent_table,
		  "child after ptfork: same table as the parent");

	strcpy(page, "written by the child");
	expect_state("child after its write", PDE_PRIVATE, 1,
		     PTE_P | PTE_W | PTE_U, 1);
	check_hex(PTE_ADDR(uvpd[PDX(page)]) != parent_table, 1,
		  "child after its write: a table of its own");
	check_hex(PTE_ADDR(uvpt[PGNUM(page)]) != parent_frame, 1,
		  "child after its write: a frame of its own");
	check_hex(uvpt[PGNUM(other)] & PTE_BITS, PTE_P | PTE_U | PTE_COW,
		  "child after its write: other page P U COW");
	check_hex(pageref(other), 2,
		  "child after its write: other page pageref 2");
	check_hex(strcmp(page, "written by the child"), 0,
		  "child sees its own write");
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

static void
parent(envid_t child_id)
{
	physaddr_t table = PTE_ADDR(uvpd[PDX(page)]);
	physaddr_t frame = PTE_ADDR(uvpt[PGNUM(page)]);
	int wrong_refs, writable;

	expect_state("parent after ptfork", PDE_SHARED, 2,
		     PTE_P | PTE_W | PTE_U, 1);
	ipc_send(child_id, table, NULL, 0);
	ipc_recv(NULL, NULL, NULL);

	expect_state("parent after the child's write", PDE_SHARED, 1,
		     PTE_P | PTE_U | PTE_COW, 1);
	scan_region(2, &wrong_refs, &writable);
	check_hex(
		wrong_refs, 0,
		"parent after the child's write: every other frame pageref 2");
	check_hex(writable, 0,
		  "parent after the child's write: no writable PTE in the "
		  "region");
	check_hex(strcmp(page, "before ptfork"), 0,
		  "parent does not see the child's write");

	strcpy(page, "written by the parent");
	expect_state("parent after its write", PDE_PRIVATE, 1,
		     PTE_P | PTE_W | PTE_U, 1);
	check_hex(PTE_ADDR(uvpd[PDX(page)]), table,
		  "parent after its write: the same table");
	check_hex(PTE_ADDR(uvpt[PGNUM(page)]), frame,
		  "parent after its write: the same frame");
	ipc_send(child_id, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t who;

	expect_state("parent before ptfork", PDE_PRIVATE, 1,
		     PTE_P | PTE_W | PTE_U, 1);
	check_hex(uvpt[PGNUM(other)] & PTE_BITS, PTE_P | PTE_W | PTE_U,
		  "parent before ptfork: other page writable");
	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
