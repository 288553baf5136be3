/*
 * Boot self-checks of the physical page allocator (kern/page.c): the free
 * list against pages[], and page_alloc, page_free and page_decref.
 */

#include <inc/string.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/selftest/selftest.h>

/*
 * Check the free list against pages[]: every listed page is free (pp_ref
 * 0, pp_link set), in range and not reserved; the list has no cycle and its
 * length matches page_free_count() and the number of pages with pp_ref 0;
 * reserved pages hold exactly the kernel's reference.  With
 * only_low_memory (before kern_pgdir is loaded), also check that the head
 * of the list lies in the 4 MiB that kern/entry.S maps, so the early
 * checks can touch the pages they allocate.
 */
void
check_page_free_list(bool only_low_memory)
{
	struct PageInfo *pp;
	size_t i, listed = 0, unreferenced = 0;

	if (!page_free_first())
		panic("check_page_free_list: no free memory");
	for (pp = page_free_first(); pp; pp = page_free_next(pp)) {
		if (++listed > npages)
			panic("check_page_free_list: the list has a cycle");
		if (pp < pages || pp >= pages + npages)
			panic("check_page_free_list: %p is not in pages[]", pp);
		if (pp->pp_ref != 0 || pp->pp_link == NULL)
			panic("check_page_free_list: used page %08x listed",
			      page2pa(pp));
		if (page_is_reserved(pp))
			panic("check_page_free_list: reserved %08x listed",
			      page2pa(pp));
		if (pa2page(page2pa(pp)) != pp)
			panic("check_page_free_list: pa2page(page2pa) broken");
		if (only_low_memory && listed <= 32 &&
		    page2pa(pp) >= ENTRY_MAPPED_SIZE)
			panic("check_page_free_list: %08x not mapped yet",
			      page2pa(pp));
	}
	for (i = 0; i < npages; i++) {
		if (pages[i].pp_ref == 0)
			unreferenced++;
		if (page_is_reserved(&pages[i]) && pages[i].pp_ref != 1)
			panic("check_page_free_list: reserved %08x ref %u",
			      i * PGSIZE, pages[i].pp_ref);
	}
	if (listed != page_free_count() || listed != unreferenced)
		panic("check_page_free_list: %u listed, %u counted, %u "
		      "with pp_ref 0",
		      listed, page_free_count(), unreferenced);
	assert(page_is_reserved(pa2page(0)));
	assert(page_is_reserved(pa2page(MPENTRY_PADDR)));
	assert(page_is_reserved(pa2page(IOPHYSMEM)));
	assert(page_is_reserved(pa2page(EXTPHYSMEM - PGSIZE)));
	assert(page_is_reserved(pa2page(PADDR(kern_pgdir))));
	assert(page_is_reserved(pa2page(PADDR(pages))));
	assert(page_is_reserved(pa2page(PADDR(envs))));
	assert(page_is_reserved(pa2page(PADDR(bootstack))));
	assert(page_is_reserved(pa2page(PADDR(percpu_kstacks[NCPU - 1]))));
	cprintf("check_page_free_list() succeeded!\n");
}

/*
 * Check page_alloc and page_free: distinct pages, pp_ref and pp_link
 * conventions, ALLOC_ZERO, LIFO reuse, running out of memory, the
 * free count; everything is given back.
 */
void
check_page_alloc(void)
{
	struct PageInfo *pp0, *pp1, *pp2;
	struct page_free_list_saved saved;
	size_t start = page_free_count(), i;
	char *p;

	pp0 = page_alloc(0);
	pp1 = page_alloc(0);
	pp2 = page_alloc(0);
	assert(pp0 && pp1 && pp2);
	assert(pp0 != pp1 && pp1 != pp2 && pp0 != pp2);
	assert(pp0->pp_ref == 0 && pp1->pp_ref == 0 && pp2->pp_ref == 0);
	assert(!pp0->pp_link && !pp1->pp_link && !pp2->pp_link);
	assert(page2pa(pp0) < npages * PGSIZE);
	assert(page2pa(pp1) < npages * PGSIZE);
	assert(page2pa(pp2) < npages * PGSIZE);
	assert(!page_is_reserved(pp0) && !page_is_reserved(pp1));
	assert(page_free_count() == start - 3);

	/* Out of memory: page_alloc returns NULL. */
	page_free_list_take(&saved);
	assert(page_alloc(0) == NULL);
	assert(page_alloc(ALLOC_ZERO) == NULL);
	assert(page_free_count() == 0);

	/* A freed page is free (pp_link set) and comes back first. */
	page_free(pp0);
	assert(pp0->pp_link != NULL && page_free_count() == 1);
	assert(page_alloc(0) == pp0 && pp0->pp_link == NULL);
	assert(page_alloc(0) == NULL);

	/* ALLOC_ZERO hands out zeros, whatever the page held when freed. */
	memset(page2kva(pp0), 0x97, PGSIZE);
	page_free(pp0);
	assert(page_alloc(ALLOC_ZERO) == pp0);
	p = page2kva(pp0);
	for (i = 0; i < PGSIZE; i++)
		assert(p[i] == 0);

	page_free_list_give_back(&saved);
	page_free(pp0);
	page_free(pp1);
	page_free(pp2);
	if (page_free_count() != start)
		panic("check_page_alloc: %u free pages, expected %u",
		      page_free_count(), start);
	cprintf("check_page_alloc() succeeded!\n");
}
