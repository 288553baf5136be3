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
#include <kern/pmap.h>
#include <kern/ptshare.h>
#include <kern/uvm.h>

/*
 * Set n more pages aside in r, zeroed (page tables must start empty).
 * Returns 0, or -E_NO_MEM after releasing every page r held.
 */
int
uvm_reserve(struct uvm_reserve *r, int n)
{
	struct PageInfo *pp;

	for (; n > 0; n--) {
		if (!(pp = page_alloc(ALLOC_ZERO))) {
			uvm_release(r);
			return -E_NO_MEM;
		}
		pp->pp_link = r->list;
		r->list = pp;
		r->n++;
	}
	return 0;
}

/* Take one page out of r (pp_ref 0).  Panics when r is empty: a caller
 * reserved too little, which is a kernel bug. */
struct PageInfo *
uvm_reserve_take(struct uvm_reserve *r)
{
	struct PageInfo *pp = r->list;

	if (!pp)
		panic("uvm: a change needed more pages than it reserved");
	r->list = pp->pp_link;
	r->n--;
	pp->pp_link = NULL;
	return pp;
}

/* Free the pages of r that were not used. */
void
uvm_release(struct uvm_reserve *r)
{
	while (r->list)
		page_free(uvm_reserve_take(r));
}

/*
 * The PTE for va in pgdir as it will be once pgdir's table there is
 * private, and its frame's pp_ref then; a zero pte when nothing is mapped.
 * Changes nothing.  A table that others hold too will be copied: its
 * frames gain a reference each, and writable entries become copy-on-write
 * (pt_private_entry()).
 */
struct uvm_view
uvm_view(const pde_t *pgdir, uintptr_t va)
{
	struct uvm_view v = { 0, 0 };
	pde_t pde;
	pte_t *pte;

	if (va >= UTOP || !(pte = pgdir_pte((pde_t *)pgdir, va)) ||
	    !(*pte & PTE_P))
		return v;
	v.pte = *pte;
	v.refs = pa2page(PTE_ADDR(v.pte))->pp_ref;
	pde = pgdir[PDX(va)];
	if (pde_is_shared(pde)) {
		if (pt_holders(pde) > 1)
			v.refs++;
		v.pte = pt_private_entry(v.pte, v.refs);
	}
	return v;
}

/*
 * True when the page v shows may be written by its holder without a
 * copy: PTE_W, or copy-on-write with no other mapping of the frame.
 */
bool
uvm_view_writable(struct uvm_view v)
{
	return (v.pte & PTE_W) || ((v.pte & PTE_COW) && v.refs == 1);
}

/*
 * The pages needed to give pgdir a private page table for va: 1 to copy a
 * table that others hold too, 1 to create a missing one when create is
 * set, else 0.
 */
int
uvm_table_cost(const pde_t *pgdir, uintptr_t va, bool create)
{
	pde_t pde = pgdir[PDX(va)];

	if (!(pde & PTE_P))
		return create ? 1 : 0;
	return pde_is_shared(pde) && pt_holders(pde) > 1 ? 1 : 0;
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

	uvm_private_pte(pgdir, va, r);
	err = page_insert(pgdir, pp, (void *)va, perm);
	assert(err == 0);
}

/*
 * Unmap va in pgdir, if anything is mapped there (a shared table is made
 * private first: uvm_table_cost() pages from r; nothing mapped costs 0).
 */
void
uvm_unmap(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r)
{
	if (!(uvm_view(pgdir, va).pte & PTE_P))
		return;
	uvm_private_pte(pgdir, va, r);
	page_remove(pgdir, (void *)va);
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
}

/* The first address of the last failed uvm_copyout() that the caller
 * may not write (for the user_mem_check line). */
uintptr_t uvm_copyout_fault_va;

/*
 * The pages uvm_copyout() needs for the page at va: its table's, and one
 * to copy a copy-on-write page that others map too.  -E_FAULT when the
 * page is not logically writable by its holder (absent, not user, or
 * read-only and not copy-on-write).
 */
static int
copyout_cost(const pde_t *pgdir, uintptr_t va)
{
	struct uvm_view v = uvm_view(pgdir, va);

	if ((v.pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U) ||
	    !(v.pte & (PTE_W | PTE_COW)))
		return -E_FAULT;
	return uvm_table_cost(pgdir, va, false) +
	       ((v.pte & PTE_COW) && v.refs > 1 ? 1 : 0);
}

/*
 * Make the page at va in pgdir writable by the kernel on its holder's
 * behalf, as the holder's own copy-on-write fault handler would: a
 * private table, then a private frame (the frame itself when no one else
 * maps it, else a copy from r).  Returns the kernel address of the page.
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
		return page2kva(old);
	}
	copy = uvm_reserve_take(r);
	memcpy(page2kva(copy), page2kva(old), PGSIZE);
	uvm_map(pgdir, va, copy, perm, r);
	return page2kva(copy);
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
	uintptr_t va, end = dstva + len;
	size_t off, n;
	int cost, need = 0;

	if (len == 0)
		return 0;
	if (end < dstva || end > UTOP) {
		uvm_copyout_fault_va = MAX(dstva, UTOP);
		return -E_FAULT;
	}
	for (va = ROUNDDOWN(dstva, PGSIZE); va < end; va += PGSIZE) {
		if ((cost = copyout_cost(e->env_pgdir, va)) < 0) {
			uvm_copyout_fault_va = MAX(va, dstva);
			return cost;
		}
		need += cost;
	}
	if (uvm_reserve(&r, need) < 0)
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
