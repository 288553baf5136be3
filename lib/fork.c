/*
 * fork(), sfork() and ptfork(): new environments built in user space from
 * sys_exofork, sys_pt_map_cow (fork()'s rules for one page table's
 * pages, in one call), sys_page_map_batch and the page-fault upcall
 * (docs/fork.md; docs/interface.md, The library).
 *
 * fork() shares every page copy-on-write: a page that either environment
 * may write is mapped read-only with PTE_COW in both, and the first write
 * faults into pgfault() below, which gives the writer its own copy.
 * sfork() shares every page outright except the stack, which stays
 * copy-on-write so each environment has its own; the writable pages it
 * shares it marks PTE_SHARE, so that later forks keep them shared.
 */
#include <inc/lib.h>
#include <inc/x86.h>

/* The assembly page-fault entry (lib/pfentry.S). */
extern void _pgfault_upcall(void);

/* The PTE mapping va, or 0 when its page table is not present. */
static pte_t
pte_of(uintptr_t va)
{
	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	return uvpt[PGNUM(va)];
}

/*
 * Page-fault handler installed by fork() and sfork().  A write to a
 * PTE_COW page gets a private copy; every other fault is a bug in the
 * program and panics with the address, the eip and the reason.
 */
static void
pgfault(struct UTrapframe *utf)
{
	/* LAB 2: BEGIN E4 */
	uintptr_t va = utf->utf_fault_va;
	pte_t pte = pte_of(va);
	const char *why = NULL;
	int r;

	if (!(utf->utf_err & FEC_WR))
		why = "a read";
	else if (!(pte & PTE_P))
		why = "a write to an unmapped page";
	else if (!(pte & PTE_COW))
		why = "a write to a read-only page that is not copy-on-write";
	if (why)
		panic("page fault at va %08x, eip %08x, err %x: %s", va,
		      utf->utf_eip, utf->utf_err, why);

	/*
	 * One system call gives us a private, writable copy: the kernel
	 * allocates a page, copies the contents and maps the copy at va in
	 * place of the shared page, or, when no one else maps the page, just
	 * makes it writable.  (The JOS way, through a scratch mapping at
	 * PFTEMP, takes three calls, and a page table for PFTEMP's region on
	 * the first fault of a fresh child.)
	 */
	if ((r = sys_page_private(ROUNDDOWN((void *)va, PGSIZE))) < 0)
		panic("copy-on-write fault at va %08x: %e", va, r);
	/* LAB 2: END; stub:
	 * exercise_missing("fork's page-fault handler", "E4");
	 */
}

/*
 * The mappings sfork() has decided on page by page but not yet made: the
 * child's, and our own changes (to PTE_SHARE).  They go to the kernel in
 * batches (sys_page_map_batch), the child's batch always before ours, as
 * for every change fork() makes to its own entries.  The batch
 * lives on the stack (1 KiB), whose page fork() copies anyway, so that
 * building it costs no extra copy-on-write fault.
 */
#define FORK_BATCH 64

struct fork_batch {
	envid_t child;
	unsigned nchild, nself;
	struct PageMapEntry child_ents[FORK_BATCH];
	struct PageMapEntry self_ents[FORK_BATCH];
};

/* Make every pending mapping: the child's first, then ours. */
static int
batch_flush(struct fork_batch *b)
{
	int r = 0;

	if (b->nchild > 0)
		r = sys_page_map_batch(0, b->child, b->child_ents, b->nchild);
	if (r == 0 && b->nself > 0)
		r = sys_page_map_batch(0, 0, b->self_ents, b->nself);
	b->nchild = b->nself = 0;
	return r;
}

/*
 * Queue a mapping of our page at va into the child with perm, and, when
 * downgrade is set, the same perm for our own mapping.  Returns 0 or the
 * error of a flush forced by a full batch.
 */
static int
batch_add(struct fork_batch *b, uintptr_t va, int perm, bool downgrade)
{
	b->child_ents[b->nchild].va = va;
	b->child_ents[b->nchild++].perm = perm;
	if (downgrade) {
		b->self_ents[b->nself].va = va;
		b->self_ents[b->nself++].perm = perm;
	}
	if (b->nchild == FORK_BATCH)
		return batch_flush(b);
	return 0;
}

/*
 * Queue our page number pn, mapped by pte, for the child, sfork() style:
 * the very same page with the same permissions.  A page that is not ours
 * alone (copy-on-write, left by an earlier fork, or writable in a page
 * table that ptfork() shares) is first made private and writable, else
 * the first write would split it.  A writable page becomes PTE_SHARE on
 * both sides, so that a later fork() or ptfork() by either keeps sharing
 * it instead of making it copy-on-write.  (Read-only pages stay as they
 * are: every fork shares those anyway.)  Returns 0, -E_NO_MEM or -E_INVAL.
 */
static int
sharepage(struct fork_batch *b, unsigned pn, pte_t pte)
{
	/* LAB 2: BEGIN C1 */
	void *va = (void *)(pn << PGSHIFT);
	bool table_shared = (uvpd[PDX(va)] & PTE_SHARED_PT) != 0;
	int r;

	if (pte & PTE_SHARE)
		return batch_add(b, (uintptr_t)va, pte & PTE_SYSCALL, false);
	if ((pte & PTE_COW) || ((pte & PTE_W) && table_shared)) {
		if ((r = sys_page_private(va)) < 0)
			return r;
		pte = uvpt[pn];
	}
	if (!(pte & PTE_W))
		return batch_add(b, (uintptr_t)va, pte & PTE_SYSCALL, false);
	return batch_add(b, (uintptr_t)va, (pte & PTE_SYSCALL) | PTE_SHARE,
			 true);
	/* LAB 2: END; stub: exercise_missing("sfork's sharepage", "C1"); */
}

/*
 * The index of the first present entry of table[i, end), or end.  Absent
 * entries are zero (the kernel clears what it unmaps): find_nonzero()
 * skips runs of them cheaply.
 */
static unsigned
next_present(volatile uint32_t *table, unsigned i, unsigned end)
{
	for (; i < end && !(table[i] & PTE_P); i++)
		if (table[i] == 0)
			i = find_nonzero(table + i, table + end) - table - 1;
	return i;
}

/*
 * Queue the present pages of [start, end) for the child through
 * sharepage().  Returns 0 or the first error.
 */
static int
share_pages(struct fork_batch *b, uintptr_t start, uintptr_t end)
{
	unsigned pn, last = PGNUM(end);
	int r;

	for (pn = PGNUM(start); pn < last; pn++) {
		if ((pn = next_present(uvpt, pn, last)) == last)
			break;
		if ((r = sharepage(b, pn, uvpt[pn])) < 0)
			return r;
	}
	return 0;
}

/*
 * The lowest address of the normal stack: the bottom of the run of mapped
 * pages that ends at USTACKTOP.
 */
static uintptr_t
stack_bottom(void)
{
	uintptr_t va = USTACKTOP;

	while (va > PGSIZE && (pte_of(va - PGSIZE) & PTE_P))
		va -= PGSIZE;
	return va;
}

/* LAB 2: BEGIN E4 */
/*
 * Hand the child the present pages of the page table pdx: those below
 * cow_start through sharepage(); those at or above it the fork() way
 * (PTE_SHARE and read-only pages as they are, the others copy-on-write in
 * both), which the kernel applies to the rest of the table in one call,
 * sys_pt_map_cow (which gives the child no table when that part maps
 * nothing).  The exception stack, the last page below UTOP, is left out.  Returns 0 or the first error.
 */
static int
copy_page_table(struct fork_batch *b, unsigned pdx, uintptr_t cow_start)
{
	uintptr_t start = (uintptr_t)PGADDR(pdx, 0, 0);
	uintptr_t end = MIN(start + PTSIZE, UXSTACKTOP - PGSIZE);
	uintptr_t cow = MIN(MAX(start, cow_start), end);
	int r;

	if ((r = share_pages(b, start, cow)) < 0)
		return r;
	if (cow == end)
		return 0;
	return sys_pt_map_cow(b->child, (void *)cow, (void *)end);
}

/*
 * Hand child every page we map below UTOP, looking only at present page
 * tables.  Tables below share_end are shared whole (sys_pt_share, for
 * ptfork: the kernel copies one on its first write); the others go as
 * copy_page_table() says.  Returns 0 or the first error; what
 * was already given stays in child.
 */
static int
copy_address_space(envid_t child, uintptr_t cow_start, uintptr_t share_end)
{
	struct fork_batch batch = { .child = child };
	unsigned pdx;
	int r;

	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if ((pdx = next_present(uvpd, pdx, PDX(UTOP))) == PDX(UTOP))
			break;
		if (pdx < PDX(share_end))
			r = sys_pt_share(child, PGADDR(pdx, 0, 0));
		else
			r = copy_page_table(&batch, pdx, cow_start);
		if (r < 0)
			return r;
	}
	return batch_flush(&batch);
}

/*
 * Give child a fresh exception stack and our upcall, then let it run.
 * Returns 0, -E_NO_MEM, -E_BAD_ENV or -E_INVAL.
 */
static int
child_start(envid_t child)
{
	int r;

	r = sys_page_alloc(child, (void *)(UXSTACKTOP - PGSIZE),
			   PTE_P | PTE_U | PTE_W);
	if (r < 0)
		return r;
	if ((r = sys_env_set_pgfault_upcall(child, (void *)_pgfault_upcall)) <
	    0)
		return r;
	return sys_env_set_status(child, ENV_RUNNABLE);
}

/*
 * The body of fork(), sfork() and ptfork(): a child whose pages below
 * cow_start are shared (sfork), whose page tables below share_end are
 * shared (ptfork), and whose other pages are copy-on-write.  Returns the
 * child's id in the parent, 0 in the child, or a negative error
 * (-E_NO_FREE_ENV, -E_NO_MEM) in the parent, in which case the half-built
 * child has been destroyed and every page it held released.
 */
static envid_t
fork_from(uintptr_t cow_start, uintptr_t share_end)
{
	envid_t child;
	int r;

	if ((r = try_set_pgfault_handler(pgfault)) < 0)
		return r;

	/* The child starts here with EAX 0; sys_exofork is inlined. */
	child = sys_exofork();
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	if (child < 0)
		return child;

	if ((r = copy_address_space(child, cow_start, share_end)) < 0 ||
	    (r = child_start(child)) < 0) {
		sys_env_destroy(child);
		return r;
	}
	return child;
}
/* LAB 2: END */

/*
 * Copy-on-write fork.  Returns the child's id to the parent and 0 to the
 * child; on failure returns -E_NO_FREE_ENV or -E_NO_MEM and leaves no
 * child behind.  Installs the copy-on-write page-fault handler in the
 * parent (and so in the child), replacing any previous handler.
 */
envid_t
fork(void)
{
	/* LAB 2: BEGIN E4 */
	return fork_from(0, 0);
	/* LAB 2: END; stub: exercise_missing("fork", "E4"); */
}

/*
 * Shared-memory fork: parent and child share every page (same physical
 * page, same permissions) except the stack, which is copy-on-write, and
 * with it thisenv, which is so right in both (see inc/lib.h).  The shared
 * writable pages become PTE_SHARE in both: a later fork() or ptfork() by
 * either side shares them too, and the two keep seeing each other's
 * writes.  Returns as fork() does.
 */
envid_t
sfork(void)
{
	/* LAB 2: BEGIN C1 */
	return fork_from(stack_bottom(), 0);
	/* LAB 2: END; stub: exercise_missing("sfork", "C1"); */
}

/*
 * Page-table-sharing fork (ours): fork()'s semantics for the program, but
 * every page table wholly below the stack region is shared with the child
 * instead of its pages (kern/ptshare.c), so the cost does not grow with
 * memory; the first write in a region copies its table, then the page.
 * The stack region is copy-on-write page by page.  Returns as fork() does.
 */
envid_t
ptfork(void)
{
	/* LAB 2: BEGIN C2 */
	return fork_from(0, stack_bottom());
	/* LAB 2: END; stub: exercise_missing("ptfork", "C2"); */
}
