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
#include <inc/check.h>

#define HEAP ((char *)0x10000000)
#define NO_TABLE ((char *)0x30000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PERM (PTE_P | PTE_U | PTE_W)

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
	check_int(sys_pt_share(0, HEAP), -E_BAD_ENV,
		  "to ourselves (0): -E_BAD_ENV");
	check_int(sys_pt_share(thisenv->env_id, HEAP), -E_BAD_ENV,
		  "to ourselves (our id): -E_BAD_ENV");
	check_int(sys_pt_share(child + 0x7000, HEAP), -E_BAD_ENV,
		  "to an id nobody has: -E_BAD_ENV");
	check_int(sys_pt_share(child, (void *)UTOP), -E_INVAL,
		  "va at UTOP: -E_INVAL");
	check_int(sys_pt_share(child, (void *)KERNBASE), -E_INVAL,
		  "va in the kernel: -E_INVAL");
	check_int(sys_pt_share(child, NO_TABLE), -E_INVAL,
		  "no table of ours there: -E_INVAL");
}

/* Share HEAP's table with child and check what changed. */
static void
share(envid_t child)
{
	physaddr_t frame = PTE_ADDR(uvpt[PGNUM(HEAP)]);

	check_int(sys_pt_share(child, HEAP), 0, "share HEAP's table: 0");
	check_int(uvpd[PDX(HEAP)] & PDE_BITS, PTE_P | PTE_U | PTE_SHARED_PT,
		  "our PDE: P U SHARED_PT");
	check_int(ptref(HEAP), 2, "table pp_ref 2");
	check_int(uvpt[PGNUM(HEAP)] & PTE_BITS, PERM,
		  "our PTE untouched: P W U");
	check_int(PTE_ADDR(uvpt[PGNUM(HEAP)]) == frame, 1, "same frame");
	check_int(pageref(HEAP), 1, "pageref still 1");
	check_int(sys_pt_share(child, HEAP), -E_INVAL,
		  "again: -E_INVAL (the child has a table there)");
	check_int(sys_pt_share(child, HEAP + 0x3ff123), -E_INVAL,
		  "elsewhere in the region: -E_INVAL");
	check_int(ptref(HEAP), 2, "table pp_ref still 2");
}

/* The kernel changes the child's side of the shared table. */
static void
kernel_side(envid_t child)
{
	int r;

	r = sys_page_alloc(child, HEAP + PGSIZE, PERM);
	check_int(r, 0, "sys_page_alloc into the child's shared region");
	check_int(ptref(HEAP), 1, "our table: last holder (pp_ref 1)");
	check_int(uvpt[PGNUM(HEAP)] & PTE_BITS, PTE_P | PTE_U | PTE_COW,
		  "our page: P U COW");
	check_int(pageref(HEAP), 2,
		  "our page: pageref 2 (the child's copy maps it)");
	check_int(uvpt[PGNUM(HEAP + PGSIZE)] & PTE_P, 0,
		  "the child's new page is not in our table");
	check_int(sys_pt_share(child, HEAP), -E_INVAL,
		  "the child's copy is not shared: sys_pt_share -E_INVAL");
	r = sys_page_unmap(child, HEAP);
	check_int(r, 0, "sys_page_unmap in the child's copy");
	check_int(pageref(HEAP), 1, "our page: pageref 1");
	check_int(strcmp(HEAP, "the parent's page"), 0,
		  "our page: still the parent's text");
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
		check_int(r, -E_BAD_ENV, "child to its parent: -E_BAD_ENV");
		grandchild = empty_child();
		ipc_send(thisenv->env_parent_id, grandchild, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
		sys_env_destroy(grandchild);
		exit();
	}
	grandchild = ipc_recv(NULL, NULL, NULL);
	check_int(sys_pt_share(grandchild, HEAP), -E_BAD_ENV,
		  "to a grandchild: -E_BAD_ENV");
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
	check_int(sys_env_destroy(child), 0, "destroy the first child");
	check_int(sys_pt_share(child, HEAP), -E_BAD_ENV,
		  "to a child that is gone: -E_BAD_ENV");

	child = empty_child();
	check_int(sys_pt_share(child, HEAP), 0, "share with a second child");
	check_int(ptref(HEAP), 2, "table pp_ref 2 again");
	check_int(sys_env_destroy(child), 0, "destroy it while it shares");
	check_int(ptref(HEAP), 1, "table pp_ref back to 1");

	family();
}
