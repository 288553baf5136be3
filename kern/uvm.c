/*
 * User address spaces: the one owner of the page-table entries below UTOP.
 *
 * Every change that a system call, a page fault or a kernel write into user
 * memory makes to a user PTE or PDE is made here (and in kern/ptshare.c,
 * which this file calls for page tables shared by ptfork).  The pmap
 * primitives underneath (pgdir_walk, page_insert, page_remove) assume a
 * private page table and assert it.
 *
 * Callers follow one pattern, so that a failed call changes nothing:
 *
 *   1. check: decide what the change needs, reading only.  uvm_view()
 *      shows a PTE as it will be once its table is private, and
 *      uvm_table_cost() how many pages making it private (or creating it)
 *      takes;
 *   2. reserve: set those pages aside (uvm_reserve), the one step that can
 *      fail for want of memory;
 *   3. act: uvm_map, uvm_unmap, uvm_set_perm, uvm_private_pte, which take
 *      their pages from the reserve and cannot fail; then uvm_release
 *      frees what was not used.
 *
 * What this keeps true is the isolation invariant of docs/threat-model.md:
 * no page table that several page directories share is ever written, and
 * making one private never leaves a frame writable that another mapping
 * can see (see pt_private_entry()).
 */
#include <inc/error.h>
#include <inc/string.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/fpu.h>
#include <kern/pmap.h>
#include <kern/ptshare.h>
#include <kern/uvm.h>
#include <kern/debug/pdewatch.h>
#include <kern/debug/dag.h>

/* Push n pages allocated with flags onto *list; false when memory ran out. */
static bool
reserve_onto(struct PageInfo **list, int n, int flags)
{
	struct PageInfo *pp;

	for (; n > 0; n--) {
		if (!(pp = page_alloc(flags)))
			return false;
		pp->pp_link = *list;
		*list = pp;
	}
	return true;
}

/*
 * Set n more zeroed pages (for page tables) aside in r.  Returns 0, or
 * -E_NO_MEM after releasing every page r held.
 */
int
uvm_reserve(struct uvm_reserve *r, int n)
{
	if (reserve_onto(&r->list, n, ALLOC_ZERO))
		return 0;
	uvm_release_pages(r);
	return -E_NO_MEM;
}

/*
 * Set n more pages aside in r for page copies, which overwrite all of
 * each, so they are not zeroed first.  Returns 0, or -E_NO_MEM after
 * releasing every page r held.
 */
int
uvm_reserve_copies(struct uvm_reserve *r, int n)
{
	if (reserve_onto(&r->copies, n, 0))
		return 0;
	uvm_release_pages(r);
	return -E_NO_MEM;
}

/* Pop a page off *list (pp_ref 0).  Panics when the list is empty: a
 * caller reserved too little, which is a kernel bug. */
static struct PageInfo *
take_from(struct PageInfo **list)
{
	struct PageInfo *pp = *list;

	if (!pp)
		panic("uvm: a change needed more pages than it reserved");
	*list = pp->pp_link;
	pp->pp_link = NULL;
	return pp;
}

/* Take one zeroed page out of r (pp_ref 0). */
struct PageInfo *
uvm_reserve_take(struct uvm_reserve *r)
{
	return take_from(&r->list);
}

/* Take one page for a copy out of r (pp_ref 0; its contents are junk). */
struct PageInfo *
uvm_reserve_take_copy(struct uvm_reserve *r)
{
	return take_from(&r->copies);
}

/* The slow part of uvm_release(): free each page left in r. */
void
uvm_release_pages(struct uvm_reserve *r)
{
	while (r->list)
		page_free(take_from(&r->list));
	while (r->copies)
		page_free(take_from(&r->copies));
}

/*
 * The PTE slot for va in pgdir, in a page table private to pgdir: a
 * missing table is created, a shared one made private (kern/ptshare.c),
 * with pages from r (uvm_table_cost() of them).
 */
pte_t *
uvm_private_pte(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r)
{
	pde_t *pde = &pgdir[PDX(va)];
	struct PageInfo *table;

	assert(va < UTOP);
	if (!(*pde & PTE_P)) {
		table = uvm_reserve_take(r);
		table->pp_ref = 1;
		*pde = page2pa(table) | PTE_P | PTE_W | PTE_U;
		pdew_write(pgdir, va, PDEW_TABLE_NEW);
	} else if (pde_is_shared(*pde))
		pt_unshare(pgdir, va, r);
	return pgdir_pte(pgdir, va);
}

/*
 * Map pp at va in pgdir with perm, replacing what was there (page_insert's
 * rules), using r for the page table (uvm_table_cost(create) pages).
 */
void
uvm_map(pde_t *pgdir, uintptr_t va, struct PageInfo *pp, int perm,
	struct uvm_reserve *r)
{
	int err;

	if (!pde_is_private(pgdir[PDX(va)]))
		uvm_private_pte(pgdir, va, r);
	err = page_insert(pgdir, pp, (void *)va, perm);
	assert(err == 0);
	pdew_pte(pgdir, va);
}

/*
 * Unmap the page mapped at va in pgdir (the caller checked that one is; a
 * shared table is made private first, with uvm_table_cost() pages from r).
 */
void
uvm_unmap(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r)
{
	if (!pde_is_private(pgdir[PDX(va)]))
		uvm_private_pte(pgdir, va, r);
	page_remove(pgdir, (void *)va);
	pdew_pte(pgdir, va);
}

/*
 * Give the page mapped at va in pgdir the permission perm, keeping the
 * frame and its pp_ref (the caller checked that a page is there).
 */
void
uvm_set_perm(pde_t *pgdir, uintptr_t va, int perm, struct uvm_reserve *r)
{
	pte_t *pte = uvm_private_pte(pgdir, va, r);

	assert(*pte & PTE_P);
	*pte = PTE_ADDR(*pte) | perm | PTE_P;
	tlb_invalidate(pgdir, va, PGSIZE);
	pdew_pte(pgdir, va);
}

/* The first address of the last failed uvm_copyout() that the caller
 * may not write (for the user_mem_check line). */
uintptr_t uvm_copyout_fault_va;

/*
 * uvm_set_perm() for each entry of ents[0, n) in pgdir (ents[i].va gets
 * ents[i].perm; every va has a page mapped, which the caller checked), with
 * one TLB flush for the lot.  The pages come from r, as for
 * uvm_set_perm().
 */
void
uvm_set_perms(pde_t *pgdir, const struct PageMapEntry *ents, size_t n,
	      struct uvm_reserve *r)
{
	pte_t *pte;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pde_is_private(pgdir[PDX(ents[i].va)]))
			pte = pgdir_pte(pgdir, ents[i].va);
		else
			pte = uvm_private_pte(pgdir, ents[i].va, r);
		*pte = PTE_ADDR(*pte) | ents[i].perm | PTE_P;
	}
	if (n == 1)
		tlb_invalidate(pgdir, ents[0].va, PGSIZE);
	else if (n > 1)
		tlb_invalidate(pgdir, 0, PTSIZE);
	if (n > 0)
		pdew_pte(pgdir, ents[0].va);
}

/* The pages a change needs set aside: zeroed ones for tables, and ones
 * to copy pages into. */
struct copyout_need {
	int tables;
	int copies;
};

/*
 * Add to *need the pages uvm_copyout() needs for the page at va: its
 * table's, and one to copy a copy-on-write page that others map too.
 * Returns 0, or -E_FAULT when the page is not logically writable by its
 * holder (absent, not user, or read-only and not copy-on-write).
 */
static int
copyout_need(const pde_t *pgdir, uintptr_t va, struct copyout_need *need)
{
	struct uvm_view v = uvm_view(pgdir, va);

	if ((v.pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U) ||
	    !(v.pte & (PTE_W | PTE_COW)))
		return -E_FAULT;
	need->tables += uvm_table_cost(pgdir, va, false);
	need->copies += (v.pte & PTE_COW) && v.refs > 1;
	return 0;
}

/* Set the pages of need aside in r: 0, or -E_NO_MEM with r empty. */
static int
reserve_need(struct uvm_reserve *r, const struct copyout_need *need)
{
	if (uvm_reserve(r, need->tables) < 0 ||
	    uvm_reserve_copies(r, need->copies) < 0)
		return -E_NO_MEM;
	return 0;
}

/*
 * Make the page at va in pgdir writable by the kernel on its holder's
 * behalf, as the holder's own copy-on-write fault handler would: a
 * private table, then a private frame (the frame itself when no one else
 * maps it, else a copy into a page from r, which takes the old frame's
 * place in the PTE).  Returns the kernel address of the page.
 */
static void *
copyout_page(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r)
{
	pte_t *pte = uvm_private_pte(pgdir, va, r);
	struct PageInfo *old = pa2page(PTE_ADDR(*pte)), *copy;
	int perm = (PTE_FLAGS(*pte) & PTE_SYSCALL & ~PTE_COW) | PTE_W;

	if (!(*pte & PTE_COW))
		return KADDR(PTE_ADDR(*pte));
	if (old->pp_ref == 1) {
		uvm_set_perm(pgdir, va, perm, r);
		dag_cascade_page(pgdir, va, false);
		return page2kva(old);
	}
	copy = uvm_reserve_take_copy(r);
	fpu_page_copy(page2kva(copy), page2kva(old));
	/* LAB 2: BEGIN E1 */
	copy->pp_ref = 1;
	*pte = page2pa(copy) | perm | PTE_P;
	old->pp_ref--; /* others map it still: never the last reference */
	tlb_invalidate(pgdir, va, PGSIZE);
	/* LAB 2: END; stub: uvm_map(pgdir, va, copy, perm, r); */
	pdew_pte(pgdir, va);
	dag_cascade_page(pgdir, va, true);
	return page2kva(copy);
}

/*
 * Give pgdir's holder a private, writable page at va (page aligned, below
 * UTOP), as its own write fault would: a copy-on-write page is copied (or,
 * held once, just made writable), a shared page table is made private.
 * Returns 0, -E_FAULT (the page is not logically writable: absent, not
 * user, or read-only and not copy-on-write) or -E_NO_MEM; nothing changes
 * on failure.
 */
int
uvm_make_private(pde_t *pgdir, uintptr_t va)
{
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	struct copyout_need need = { 0, 0 };
	int err;

	if ((err = copyout_need(pgdir, va, &need)) < 0)
		return err;
	if (reserve_need(&r, &need) < 0)
		return -E_NO_MEM;
	copyout_page(pgdir, va, &r);
	uvm_release(&r);
	return 0;
}

/*
 * The common case of uvm_copyout(), done at once: [dstva, dstva + len)
 * lies in one page that is writable now, in a table private to pgdir.
 * Returns false, having changed nothing, when it does not.
 */
static bool
copyout_direct(pde_t *pgdir, uintptr_t dstva, const void *src, size_t len)
{
	pde_t pde;
	pte_t pte;

	if (dstva >= UTOP || len > PGSIZE - PGOFF(dstva))
		return false;
	pde = pgdir[PDX(dstva)];
	if ((pde & (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)) !=
	    (PTE_P | PTE_W | PTE_U))
		return false;
	pte = *pgdir_pte(pgdir, dstva);
	if ((pte & (PTE_P | PTE_W | PTE_U)) != (PTE_P | PTE_W | PTE_U))
		return false;
	memcpy((char *)KADDR(PTE_ADDR(pte)) + PGOFF(dstva), src, len);
	return true;
}

/*
 * Copy len bytes from kernel memory src to user address dstva in e, as if
 * e wrote them: a copy-on-write page gets its own copy first, a shared
 * page table is made private.  Returns 0, -E_FAULT (some page is not
 * logically writable by e) or -E_NO_MEM; on failure nothing changed.
 */
int
uvm_copyout(struct Env *e, uintptr_t dstva, const void *src, size_t len)
{
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	struct copyout_need need = { 0, 0 };
	uintptr_t va, end = dstva + len;
	size_t off, n;
	int err;

	if (len == 0)
		return 0;
	if (copyout_direct(e->env_pgdir, dstva, src, len))
		return 0;
	if (end < dstva || end > UTOP) {
		uvm_copyout_fault_va = MAX(dstva, UTOP);
		return -E_FAULT;
	}
	for (va = ROUNDDOWN(dstva, PGSIZE); va < end; va += PGSIZE) {
		if ((err = copyout_need(e->env_pgdir, va, &need)) < 0) {
			uvm_copyout_fault_va = MAX(va, dstva);
			return err;
		}
	}
	if (reserve_need(&r, &need) < 0)
		return -E_NO_MEM;
	for (va = dstva; va < end; va += n, src = (const char *)src + n) {
		off = PGOFF(va);
		n = MIN(end - va, PGSIZE - off);
		memcpy((char *)copyout_page(e->env_pgdir, ROUNDDOWN(va, PGSIZE),
					    &r) +
			       off,
		       src, n);
	}
	uvm_release(&r);
	return 0;
}

/* LAB 2: BEGIN E4 */
/*
 * The entry fork() gives a child for the caller's present entry pte:
 * PTE_SHARE and read-only pages keep their PTE_SYSCALL bits; writable and
 * copy-on-write pages become PTE_COW and read-only.
 */
static inline pte_t
cow_entry(pte_t pte)
{
	pte &= ~0xfff | PTE_SYSCALL;
	if (!(pte & PTE_SHARE) && (pte & (PTE_W | PTE_COW)))
		pte = (pte & ~PTE_W) | PTE_COW;
	return pte;
}

/*
 * The act step of uvm_map_cow(): map the present entries of src[0, n)
 * into the same slots of dst, each frame gaining a reference, the child's
 * entry first and then, for a writable one, the caller's own downgrade.
 * An entry the child had there loses its reference.  The frames are
 * indexed in pages[] directly: a present user PTE always names a page the
 * kernel manages.  Returns true when some entry of src changed.
 */
static bool
map_cow_entries(pte_t *src, pte_t *dst, unsigned n)
{
	struct PageInfo *frames = pages;
	pte_t *stop = src + n, *next, pte, old;
	bool changed = false;

	for (; src < stop; src++, dst++) {
		if (*src == 0) {
			next = (pte_t *)find_nonzero(src, stop);
			dst += next - src;
			if ((src = next) == stop)
				break;
		}
		if (!(*src & PTE_P))
			continue;
		pte = cow_entry(*src);
		frames[PGNUM(pte)].pp_ref++;
		old = *dst;
		*dst = pte;
		if (old & PTE_P)
			page_decref(&frames[PGNUM(old)]);
		if (*src & PTE_W) {
			*src = pte;
			changed = true;
		}
	}
	return changed;
}
/* LAB 2: END */

/*
 * Give dst every page that src maps in [start, end), one region's part
 * (the caller checked: page aligned, start < end, both in the region of
 * start, below UTOP, a page table there in src), as fork() would: see
 * cow_entry(); writable entries become copy-on-write in src too, with one
 * TLB flush.  What dst mapped at a va that src maps is replaced (dst's
 * TLB is flushed too, which matters when dst runs on another CPU); its
 * other entries stay; a range that maps nothing changes nothing.  Check,
 * reserve, act: the pages for dst's table (created, or copied when ptfork
 * shares it) and for a private copy of src's shared table are set aside
 * first.  Returns 0 or -E_NO_MEM (nothing changed).
 */
int
uvm_map_cow(pde_t *src, pde_t *dst, uintptr_t start, uintptr_t end)
{
	/* LAB 2: BEGIN E4 */
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	pte_t *spt = pgdir_pte(src, start), *dpt;
	unsigned n = (end - start) >> PGSHIFT, skip;
	bool changed;

	/* The leading absent entries, found once: then all may be. */
	skip = (pte_t *)find_nonzero(spt, spt + n) - spt;
	if (skip == n)
		return 0;
	start += skip << PGSHIFT;
	n -= skip;
	if (uvm_reserve(&r, uvm_table_cost(src, start, false) +
				    uvm_table_cost(dst, start, true)) < 0)
		return -E_NO_MEM;
	spt = uvm_private_pte(src, start, &r);
	dpt = uvm_private_pte(dst, start, &r);
	uvm_release(&r);
	/* Entries of dst may be replaced: noted before their frames are. */
	tlb_invalidate(dst, ROUNDDOWN(start, PTSIZE), PTSIZE);
	changed = map_cow_entries(spt, dpt, n);
	pdew_pte(dst, start);
	if (changed) {
		tlb_invalidate(src, ROUNDDOWN(start, PTSIZE), PTSIZE);
		pdew_pte(src, start);
	}
	return 0;
	/* LAB 2: END; stub: return exercise_missing("uvm_map_cow", "E4"); */
}
