/*
 * The page tables: finding and creating the PTE for an address, the
 * kernel's static mappings, mapping and unmapping pages with their
 * reference counts, TLB invalidation, and user pointer checks.  The page
 * tables call the allocator (kern/page.c) for the tables they create and
 * the references they drop.  The refcount conventions are in kern/pmap.h.
 */

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/ptshare.h>

uintptr_t user_mem_check_addr;

// --------------------------------------------------------------
// Page tables
// --------------------------------------------------------------

/*
 * Return a pointer (kernel va) to the PTE for va in pgdir.  When the page
 * table is missing: without create return NULL; otherwise allocate a
 * zeroed page table (pp_ref 1, for its PDE), install it with
 * PTE_P|PTE_W|PTE_U (the PTEs restrict access), and return NULL only when
 * that allocation fails.  With create the caller may write the PTE, so the
 * table must be private: panics on a table shared with other page
 * directories (kern/uvm.c makes it private first), and if va lies in a
 * 4 MiB (PTE_PS) page.
 */
pte_t *
pgdir_walk(pde_t *pgdir, const void *va, bool create)
{
	pde_t *pde = &pgdir[PDX(va)];
	struct PageInfo *pp;

	if (*pde & PTE_P) {
		if (*pde & PTE_PS)
			panic("pgdir_walk: va %08x lies in a 4 MiB page",
			      (uintptr_t)va);
		if (create && pde_is_shared(*pde))
			panic("pgdir_walk: va %08x is in a shared page table",
			      (uintptr_t)va);
		return (pte_t *)KADDR(PTE_ADDR(*pde)) + PTX(va);
	}
	if (!create || !(pp = page_alloc(ALLOC_ZERO)))
		return NULL;
	pp->pp_ref++;
	*pde = page2pa(pp) | PTE_P | PTE_W | PTE_U;
	return (pte_t *)page2kva(pp) + PTX(va);
}

/*
 * Map [va, va + size) to physical [pa, pa + size) in pgdir with permissions
 * perm | PTE_P.  Only for the kernel's static mappings above UTOP: the
 * mapped pages' pp_ref is not touched; page tables created count 1 each.
 * va, pa and size must be page aligned.  Panics when a page table cannot
 * be allocated or a page in the range is already mapped.
 */
void
boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
		int perm)
{
	size_t off;
	pte_t *pte;

	assert(PGOFF(va) == 0 && PGOFF(pa) == 0 && PGOFF(size) == 0);
	assert(size == 0 || va + (size - 1) >= va);
	for (off = 0; off < size; off += PGSIZE) {
		pte = pgdir_walk(pgdir, (void *)(va + off), true);
		if (!pte)
			panic("boot_map_region: out of memory at %08x",
			      va + off);
		if (*pte & PTE_P)
			panic("boot_map_region: %08x already mapped", va + off);
		*pte = (pa + off) | perm | PTE_P;
	}
}

/*
 * Map page pp at va in pgdir with permissions perm | PTE_P, replacing any
 * mapping already there (page_remove, with its TLB invalidation).
 * Re-inserting the page already mapped at va just changes the permissions
 * (and flushes the TLB entry): pp_ref is not touched, so it never passes
 * through 0.  Otherwise pp_ref grows by 1 and a page table may have been
 * created (see pgdir_walk).  The page table must not be shared with other
 * page directories (kern/uvm.c makes it private first; asserted).
 * Returns 0, or -E_NO_MEM when the page table cannot be allocated.
 */
int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	/* LAB 2: BEGIN E1 */
	pte_t *pte;

	assert(PTE_FLAGS(perm) == perm && !(perm & PTE_PS));
	assert(pp->pp_link == NULL); /* not a free page */
	assert(!pde_is_shared(pgdir[PDX(va)]));
	pte = pgdir_pte(pgdir, (uintptr_t)va);
	if (pte && (*pte & PTE_P) && PTE_ADDR(*pte) == page2pa(pp)) {
		/* The same page again: only the permissions change. */
		*pte = page2pa(pp) | perm | PTE_P;
		tlb_invalidate(pgdir, (uintptr_t)va, PGSIZE);
		return 0;
	}
	if (!pte && !(pte = pgdir_walk(pgdir, va, true)))
		return -E_NO_MEM;
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
	/* LAB 2: END; stub: return exercise_missing("page_insert", "E1"); */
}

/*
 * Return the page mapped at va in pgdir, or NULL when nothing is.  When a
 * page is found and pte_store is not NULL, store the address of its PTE in
 * *pte_store.  Changes no reference count.
 */
struct PageInfo *
page_lookup(pde_t *pgdir, void *va, pte_t **pte_store)
{
	pte_t *pte = pgdir_walk(pgdir, va, false);

	if (!pte || !(*pte & PTE_P))
		return NULL;
	if (pte_store)
		*pte_store = pte;
	return pa2page(PTE_ADDR(*pte));
}

/*
 * Unmap the page at va in pgdir, if any: clear the PTE, invalidate the TLB
 * entry, then drop the PTE's reference (freeing the page at 0).  The page
 * table stays even when it becomes empty; tearing down the page directory
 * frees it.
 */
void
page_remove(pde_t *pgdir, void *va)
{
	/* LAB 2: BEGIN E1 */
	pte_t *pte;
	struct PageInfo *pp = page_lookup(pgdir, va, &pte);

	if (!pp)
		return;
	/* kern/uvm.c makes a shared table private first. */
	assert(!pde_is_shared(pgdir[PDX(va)]));
	*pte = 0;
	tlb_invalidate(pgdir, (uintptr_t)va, PGSIZE);
	page_decref(pp);
	/* LAB 2: END; stub:
	 * panic("page_remove: not implemented (exercise E1)");
	 */
}

// --------------------------------------------------------------
// Checking user pointers
// --------------------------------------------------------------

/*
 * True when the page containing va is below ULIM and both its PDE and its
 * PTE in pgdir carry every bit of perm | PTE_P.
 */
static bool
user_page_ok(pde_t *pgdir, uintptr_t va, int perm)
{
	pde_t pde;
	pte_t pte;

	perm |= PTE_P;
	if (va >= ULIM)
		return false;
	pde = pgdir[PDX(va)];
	if ((pde & perm) != perm || (pde & PTE_PS))
		return false;
	pte = ((pte_t *)KADDR(PTE_ADDR(pde)))[PTX(va)];
	return (pte & perm) == perm;
}

/*
 * Check that env may access [va, va + len) with permissions perm | PTE_P:
 * every page touched must be below ULIM and mapped with those bits.
 * Returns 0 (always for len 0), or -E_FAULT and sets user_mem_check_addr
 * to the first bad address (va itself when its own page is bad).  A range
 * that wraps past the top of memory fails at ULIM.
 */
int
user_mem_check(struct Env *env, const void *va, size_t len, int perm)
{
	uintptr_t start = (uintptr_t)va, last, page;
	size_t i, npg;

	if (len == 0)
		return 0;
	last = start + (len - 1);
	if (last < start)
		last = ~(uintptr_t)0;
	npg = (ROUNDDOWN(last, PGSIZE) - ROUNDDOWN(start, PGSIZE)) / PGSIZE + 1;
	for (i = 0; i < npg; i++) {
		page = ROUNDDOWN(start, PGSIZE) + i * PGSIZE;
		if (!user_page_ok(env->env_pgdir, page, perm)) {
			user_mem_check_addr = MAX(page, start);
			return -E_FAULT;
		}
	}
	return 0;
}

/*
 * Like user_mem_check() with perm | PTE_U, but on failure print
 * "[ENV] user_mem_check assertion failure for va ADDR" and destroy env:
 * with env_exit() when it is the current environment (then this does not
 * return), else with env_destroy().
 */
void
user_mem_assert(struct Env *env, const void *va, size_t len, int perm)
{
	if (user_mem_check(env, va, len, perm | PTE_U) < 0) {
		cprintf("[%08x] user_mem_check assertion failure for va %08x\n",
			env->env_id, user_mem_check_addr);
		if (env == curenv)
			env_exit();
		env_destroy(env);
	}
}
