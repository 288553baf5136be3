/*
 * Page tables shared copy-on-write.  ptfork() hands a child the parent's
 * last-level page tables instead of its pages: both page directories point
 * at the same table through a read-only PDE marked PTE_SHARED_PT, and the
 * table's pp_ref counts those PDEs.  No PTE and no frame's pp_ref changes.
 *
 * Since x86 needs write permission at both levels for a user write, any
 * write through a shared table faults.  The first write (or any kernel
 * change to a PTE in the region) makes the table private to the writer:
 *
 *   - when others still hold the table, the writer gets a copy of it: each
 *     frame it maps gains a reference (it is now mapped by two PTEs), and
 *     writable entries become PTE_COW and read-only in both copies, so the
 *     ordinary user-level copy-on-write takes over for the data pages;
 *   - when the writer is the last holder, its PDE becomes writable again
 *     and nothing is copied, but a writable entry whose frame is mapped
 *     elsewhere too becomes PTE_COW, exactly as in a copy.
 *
 * Every kernel path that changes a PTE below UTOP goes through
 * kern/uvm.c, which calls pt_unshare() before it writes into a shared
 * table, with the page for the copy already reserved: so neither step can
 * fail half-way.
 */
#include <inc/error.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/x86.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/ptshare.h>
#include <kern/uvm.h>
#include <kern/debug/pdewatch.h>
#include <kern/debug/dag.h>

bool pt_trace;

/* The id of the env whose page directory is pgdir (for trace lines). */
static envid_t
pgdir_owner(pde_t *pgdir)
{
	struct Env *e = pgdir_env(pgdir);

	return e ? e->env_id : 0;
}

/*
 * Share src's page table for the 4 MiB region holding va with dst, whose
 * PDE there must be empty.  Both PDEs become read-only and PTE_SHARED_PT;
 * the table gains a reference.  Returns 0 or -E_INVAL (va >= UTOP, no
 * table in src, one already in dst); nothing changes on failure.
 */
int
pt_share(pde_t *src, pde_t *dst, uintptr_t va)
{
	/* LAB 2: BEGIN C2 */
	pde_t pde = src[PDX(va)];

	if (va >= UTOP || !(pde & PTE_P) || (pde & PTE_PS) ||
	    (dst[PDX(va)] & PTE_P))
		return -E_INVAL;
	pa2page(PTE_ADDR(pde))->pp_ref++;
	pde = (pde & ~PTE_W) | PTE_SHARED_PT;
	src[PDX(va)] = dst[PDX(va)] = pde;
	pdew_write(src, va, PDEW_TABLE_SHARED);
	pdew_write(dst, va, PDEW_TABLE_SHARED);
	/* src lost write permission for the whole region. */
	tlb_invalidate(src, ROUNDDOWN(va, PTSIZE), PTSIZE);
	return 0;
	/* LAB 2: END; stub: return exercise_missing("pt_share", "C2"); */
}

/* LAB 2: BEGIN C2 */
/*
 * Give pgdir the private copy, in page copy (zeroed), of the shared table
 * pt, which others hold too.  Every frame pt maps gains a reference (two
 * tables map it now), and every writable entry that is not PTE_SHARE
 * becomes copy-on-write in both tables: no frame stays writable that the
 * other holders can see.  Absent entries are zero, as is the new page, so
 * only present ones are copied, and runs of absent ones are skipped with
 * find_nonzero().  Cannot fail.
 */
static void
pt_copy(pde_t *pgdir, uintptr_t va, pte_t *pt, struct PageInfo *copy)
{
	pte_t *new = page2kva(copy);
	struct PageInfo *pp;
	int i, n = 0;

	for (i = 0; i < NPTENTRIES; i++) {
		if (pt[i] == 0)
			i = (pte_t *)find_nonzero(pt + i, pt + NPTENTRIES) - pt;
		if (i == NPTENTRIES || !(pt[i] & PTE_P))
			continue;
		pp = pa2page(PTE_ADDR(pt[i]));
		pp->pp_ref++;
		new[i] = pt[i] = pt_private_entry(pt[i], pp->pp_ref);
		n++;
	}
	copy->pp_ref = 1;
	pa2page(PADDR(pt))->pp_ref--;
	pgdir[PDX(va)] = page2pa(copy) | PTE_P | PTE_W | PTE_U;
	pdew_write(pgdir, va, PDEW_TABLE_COPIED);
	if (pt_trace)
		cprintf("[%08x] table for %08x copied (%d entries)\n",
			pgdir_owner(pgdir), ROUNDDOWN(va, PTSIZE), n);
}

/*
 * pgdir is the last holder of the shared table pt: the table becomes its
 * own again.  Its PDE turns writable, but a writable entry whose frame is
 * mapped elsewhere too (a read-only sys_page_map, an IPC send, a fork()
 * child made while the table was shared) becomes copy-on-write first, as
 * fork() would have made it.
 */
static void
pt_take_last(pde_t *pgdir, uintptr_t va, pte_t *pt)
{
	int i;

	for (i = 0; i < NPTENTRIES; i++) {
		if (pt[i] == 0)
			i = (pte_t *)find_nonzero(pt + i, pt + NPTENTRIES) - pt;
		if (i == NPTENTRIES || !(pt[i] & PTE_P))
			continue;
		pt[i] = pt_private_entry(pt[i],
					 pa2page(PTE_ADDR(pt[i]))->pp_ref);
	}
	pgdir[PDX(va)] = (pgdir[PDX(va)] & ~PTE_SHARED_PT) | PTE_W;
	pdew_write(pgdir, va, PDEW_TABLE_TAKEN);
	if (pt_trace)
		cprintf("[%08x] table for %08x made writable (last "
			"holder)\n",
			pgdir_owner(pgdir), ROUNDDOWN(va, PTSIZE));
}
/* LAB 2: END */

/*
 * Make pgdir's page table for va private, if it is shared: a copy, with a
 * page taken from r, while others hold it too; for the last holder, the
 * table itself.  Flushes the TLB when pgdir is the current one (the other
 * holders reach the table through read-only PDEs, so their permissions do
 * not change).  Only kern/uvm.c calls this, after reserving the page.
 */
void
pt_unshare(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r)
{
	/* LAB 2: BEGIN C2 */
	pde_t pde = pgdir[PDX(va)];
	pte_t *pt;

	if (va >= UTOP || !pde_is_shared(pde))
		return;
	pt = KADDR(PTE_ADDR(pde));
	if (pt_holders(pde) > 1) {
		dag_cascade_table(pgdir, va, false);
		pt_copy(pgdir, va, pt, uvm_reserve_take(r));
		dag_cascade_table(pgdir, va, true);
	} else
		pt_take_last(pgdir, va, pt);
	tlb_invalidate(pgdir, ROUNDDOWN(va, PTSIZE), PTSIZE);
	/* LAB 2: END; stub:
	 * panic("pt_unshare: not implemented (exercise C2)");
	 */
}
