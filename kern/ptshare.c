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
 *   - when the writer is the last holder, its PDE just becomes writable
 *     again, nothing is copied.
 *
 * Every kernel path that changes a PTE goes through pgdir_walk(create),
 * which calls pt_unshare() first, or calls pt_unshare() itself.
 */
#include <inc/error.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/x86.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/ptshare.h>
#include <kern/bitmap.h>

bool pt_trace;

/* The id of the env whose page directory is pgdir (for trace lines). */
static envid_t
pgdir_owner(pde_t *pgdir)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE &&
		    envs[i].env_pgdir == pgdir)
			return envs[i].env_id;
	return 0;
}

/*
 * Share src's page table for the 4 MiB region holding va with dst, whose
 * PDE there must be empty.  Both PDEs become read-only and PTE_SHARED_PT;
 * the table gains a reference.  Returns 0, -E_INVAL (va >= UTOP, no table
 * in src, one already in dst) or -E_NO_MEM (the table's pp_ref is full).
 */
int
pt_share(pde_t *src, pde_t *dst, uintptr_t va)
{
	pde_t pde = src[PDX(va)];
	struct PageInfo *table;

	if (va >= UTOP || !(pde & PTE_P) || (pde & PTE_PS) ||
	    (dst[PDX(va)] & PTE_P))
		return -E_INVAL;
	table = pa2page(PTE_ADDR(pde));
	if (table->pp_ref >= PP_REF_MAX)
		return -E_NO_MEM;
	table->pp_ref++;
	pde = (pde & ~PTE_W) | PTE_SHARED_PT;
	src[PDX(va)] = dst[PDX(va)] = pde;
	/* src lost write permission for the whole region. */
	tlb_invalidate(src, ROUNDDOWN(va, PTSIZE), PTSIZE);
	return 0;
}

/*
 * Undo the first n entries of a failed pt_copy() into new: a frame that
 * gained a reference loses it (and becomes writable again if pt_copy made
 * it copy-on-write); a private copy of a frame is freed.
 */
static void
pt_copy_undo(pte_t *pt, pte_t *new, int n, const uint32_t *downgraded)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!(pt[i] & PTE_P))
			continue;
		if (PTE_ADDR(new[i]) != PTE_ADDR(pt[i])) {
			page_decref(pa2page(PTE_ADDR(new[i])));
			continue;
		}
		pa2page(PTE_ADDR(pt[i]))->pp_ref--;
		if (bitmap_test(downgraded, i))
			pt[i] = (pt[i] & ~PTE_COW) | PTE_W;
	}
}

/*
 * The entry for a frame whose pp_ref is full (PP_REF_MAX), in a copy of
 * its table: another reference cannot be taken, so the copy gets a
 * private copy of the frame, with the same permissions.  Returns the new
 * PTE, or 0 when out of memory.
 */
static pte_t
pt_copy_frame(pte_t pte)
{
	struct PageInfo *copy;

	if (!(copy = page_alloc(0)))
		return 0;
	memcpy(page2kva(copy), KADDR(PTE_ADDR(pte)), PGSIZE);
	copy->pp_ref = 1;
	return page2pa(copy) | PTE_FLAGS(pte);
}

/*
 * Give pgdir a private copy of the shared table pt (pp_ref > 1): see the
 * top of this file.  Absent entries are zero, as is the new page, so only
 * present ones are copied, and runs of absent ones are skipped with
 * find_nonzero().  A frame whose pp_ref is full gets copied itself (so
 * that no holder can pin another's table).  Returns 0 or -E_NO_MEM;
 * nothing changes on failure.
 */
static int
pt_copy(pde_t *pgdir, uintptr_t va, pte_t *pt)
{
	uint32_t downgraded[BITMAP_WORDS(NPTENTRIES)] = { 0 };
	struct PageInfo *copy, *pp;
	int i, n = 0;
	pte_t pte, *new;

	if (!(copy = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	new = page2kva(copy);
	for (i = 0; i < NPTENTRIES; i++) {
		if ((pte = pt[i]) == 0)
			i = (pte_t *)find_nonzero(pt + i, pt + NPTENTRIES) - pt;
		if (i == NPTENTRIES || !((pte = pt[i]) & PTE_P))
			continue;
		pp = pa2page(PTE_ADDR(pte));
		if (pp->pp_ref >= PP_REF_MAX) {
			if (!(new[i] = pt_copy_frame(pte)))
				goto fail;
			n++;
			continue;
		}
		if ((pte & (PTE_W | PTE_SHARE)) == PTE_W) {
			pt[i] = pte = (pte & ~PTE_W) | PTE_COW;
			bitmap_set(downgraded, i);
		}
		new[i] = pte;
		pp->pp_ref++;
		n++;
	}
	copy->pp_ref = 1;
	pa2page(PADDR(pt))->pp_ref--;
	pgdir[PDX(va)] = page2pa(copy) | PTE_P | PTE_W | PTE_U;
	if (pt_trace)
		cprintf("[%08x] table for %08x copied (%d entries)\n",
			pgdir_owner(pgdir), ROUNDDOWN(va, PTSIZE), n);
	return 0;

fail:
	pt_copy_undo(pt, new, i, downgraded);
	page_free(copy);
	return -E_NO_MEM;
}

/*
 * Make pgdir's page table for va private, if it is shared: copy it, or,
 * for the last holder, just make the PDE writable again.  Flushes the TLB
 * when pgdir is the current one.  Returns 0 or -E_NO_MEM (nothing
 * changed).
 */
int
pt_unshare(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	pte_t *pt;
	int r = 0;

	if (va >= UTOP || !pde_is_shared(pde))
		return 0;
	pt = KADDR(PTE_ADDR(pde));
	if (pa2page(PTE_ADDR(pde))->pp_ref > 1)
		r = pt_copy(pgdir, va, pt);
	else {
		pgdir[PDX(va)] = (pde & ~PTE_SHARED_PT) | PTE_W;
		if (pt_trace)
			cprintf("[%08x] table for %08x made writable (last "
				"holder)\n",
				pgdir_owner(pgdir), ROUNDDOWN(va, PTSIZE));
	}
	if (r == 0)
		tlb_invalidate(pgdir, ROUNDDOWN(va, PTSIZE), PTSIZE);
	return r;
}

/*
 * pt_unshare() for every region that [va, va + len) touches below UTOP.
 * Returns 0 or -E_NO_MEM (regions before the failing one stay private).
 */
int
pt_unshare_range(pde_t *pgdir, uintptr_t va, size_t len)
{
	uintptr_t region, end = va + len;
	int r;

	if (len == 0)
		return 0;
	if (end < va || end > UTOP)
		end = UTOP;
	for (region = ROUNDDOWN(va, PTSIZE); region < end; region += PTSIZE)
		if ((r = pt_unshare(pgdir, region)) < 0)
			return r;
	return 0;
}
