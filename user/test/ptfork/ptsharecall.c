/*
 * ptsharecall: the system call sys_pt_share(child, va) itself: what it
 * refuses, what it changes, and the kernel's own changes (sys_page_alloc,
 * sys_page_unmap) in a table it shared into another environment.
 *
 * The children here come from sys_exofork() and never run: they are
 * address spaces that the parent fills and inspects through its own.
 *
 *   refused      -E_BAD_ENV for ourselves (0 or our id), an id nobody
 *                has, a child that is gone, a grandchild, and from a
 *                child towards its parent; -E_INVAL for va at or above
 *                UTOP, for a region where we have no table, and for a
 *                region where the child already has one (at any address
 *                in it)
 *   shared       our PDE becomes P U SHARED_PT (no W); the table's pp_ref
 *                is 2; our PTE and the frame's pageref are untouched
 *   kernel-side  sys_page_alloc(child, va in that region) gives the child
 *                its own copy of the table first: ours is back to pp_ref
 *                1, our page there is now P U COW with pageref 2, and the
 *                new page is not in our table; sys_page_unmap in the
 *                child's copy drops the frame back to pageref 1
 *   destroy      destroying a child that shares our table drops the
 *                table's pp_ref back to 1
 *
 * Expected output: "ptsharecall: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>

#define HEAP ((char *)0x10000000)
#define NO_TABLE ((char *)0x30000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PERM (PTE_P | PTE_U | PTE_W)

static void
report(const char *step, int got, int want)
{
	if (got == want)
		cprintf("ptsharecall: %s OK\n", step);
	else
		cprintf("ptsharecall: %s FAIL: got %d want %d\n", step, got,
			want);
}

/* An environment that never runs: the caller only fills it. */
static envid_t
empty_child(void)
{
	envid_t id = sys_exofork();

	if (id < 0)
		panic("sys_exofork: %e", id);
	if (id == 0)
		panic("an empty child ran");
	return id;
}

/* Calls that must fail before anything is shared. */
static void
refusals(envid_t child)
{
	report("to ourselves (0): -E_BAD_ENV", sys_pt_share(0, HEAP),
	       -E_BAD_ENV);
	report("to ourselves (our id): -E_BAD_ENV",
	       sys_pt_share(thisenv->env_id, HEAP), -E_BAD_ENV);
	report("to an id nobody has: -E_BAD_ENV",
	       sys_pt_share(child + 0x7000, HEAP), -E_BAD_ENV);
	report("va at UTOP: -E_INVAL", sys_pt_share(child, (void *)UTOP),
	       -E_INVAL);
	report("va in the kernel: -E_INVAL",
	       sys_pt_share(child, (void *)KERNBASE), -E_INVAL);
	report("no table of ours there: -E_INVAL",
	       sys_pt_share(child, NO_TABLE), -E_INVAL);
}

/* Share HEAP's table with child and check what changed. */
static void
share(envid_t child)
{
	physaddr_t frame = PTE_ADDR(uvpt[PGNUM(HEAP)]);

	report("share HEAP's table: 0", sys_pt_share(child, HEAP), 0);
	report("our PDE: P U SHARED_PT", uvpd[PDX(HEAP)] & PDE_BITS,
	       PTE_P | PTE_U | PTE_SHARED_PT);
	report("table pp_ref 2", ptref(HEAP), 2);
	report("our PTE untouched: P W U", uvpt[PGNUM(HEAP)] & PTE_BITS, PERM);
	report("same frame", PTE_ADDR(uvpt[PGNUM(HEAP)]) == frame, 1);
	report("pageref still 1", pageref(HEAP), 1);
	report("again: -E_INVAL (the child has a table there)",
	       sys_pt_share(child, HEAP), -E_INVAL);
	report("elsewhere in the region: -E_INVAL",
	       sys_pt_share(child, HEAP + 0x3ff123), -E_INVAL);
	report("table pp_ref still 2", ptref(HEAP), 2);
}

/* The kernel changes the child's side of the shared table. */
static void
kernel_side(envid_t child)
{
	int r;

	r = sys_page_alloc(child, HEAP + PGSIZE, PERM);
	report("sys_page_alloc into the child's shared region", r, 0);
	report("our table: last holder (pp_ref 1)", ptref(HEAP), 1);
	report("our page: P U COW", uvpt[PGNUM(HEAP)] & PTE_BITS,
	       PTE_P | PTE_U | PTE_COW);
	report("our page: pageref 2 (the child's copy maps it)", pageref(HEAP),
	       2);
	report("the child's new page is not in our table",
	       uvpt[PGNUM(HEAP + PGSIZE)] & PTE_P, 0);
	report("the child's copy is not shared: sys_pt_share -E_INVAL",
	       sys_pt_share(child, HEAP), -E_INVAL);
	r = sys_page_unmap(child, HEAP);
	report("sys_page_unmap in the child's copy", r, 0);
	report("our page: pageref 1", pageref(HEAP), 1);
	report("our page: still the parent's text",
	       strcmp(HEAP, "the parent's page"), 0);
}

/* From a real child: towards its parent, and to a grandchild. */
static void
family(void)
{
	envid_t child = ptfork(), grandchild;
	int r;

	if (child < 0)
		panic("ptfork: %e", child);
	if (child == 0) {
		r = sys_pt_share(thisenv->env_parent_id, HEAP);
		report("child to its parent: -E_BAD_ENV", r, -E_BAD_ENV);
		grandchild = empty_child();
		ipc_send(thisenv->env_parent_id, grandchild, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
		sys_env_destroy(grandchild);
		exit();
	}
	grandchild = ipc_recv(NULL, NULL, NULL);
	report("to a grandchild: -E_BAD_ENV", sys_pt_share(grandchild, HEAP),
	       -E_BAD_ENV);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	if ((r = sys_page_alloc(0, HEAP, PERM)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(HEAP, "the parent's page");

	child = empty_child();
	refusals(child);
	share(child);
	kernel_side(child);
	report("destroy the first child", sys_env_destroy(child), 0);
	report("to a child that is gone: -E_BAD_ENV", sys_pt_share(child, HEAP),
	       -E_BAD_ENV);

	child = empty_child();
	report("share with a second child", sys_pt_share(child, HEAP), 0);
	report("table pp_ref 2 again", ptref(HEAP), 2);
	report("destroy it while it shares", sys_env_destroy(child), 0);
	report("table pp_ref back to 1", ptref(HEAP), 1);

	family();
}
