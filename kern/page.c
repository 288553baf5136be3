/*
 * The physical page allocator: memory detection, the boot-time allocator,
 * pages[] with reference counts, the free list, and the zeroing of pages
 * on request.  The conventions are in kern/page.h.
 */

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/page.h>
#include <kern/kclock.h>
#include <kern/fpu.h>
#include <kern/tlb.h>

size_t npages;
struct PageInfo *pages;

/*
 * The free list.  It ends in free_list_end rather than NULL, so every free
 * page has pp_link != NULL and a second page_free() of it is caught.
 */
static struct PageInfo free_list_end;
static struct PageInfo *page_free_list = &free_list_end;
static size_t page_free_pages; /* length of the free list */

/* Physical end of the kernel image plus boot_alloc()ed memory. */
static physaddr_t boot_alloc_end_pa;
/* Set by page_init(): boot_alloc() may no longer be used. */
static bool boot_alloc_closed;

// --------------------------------------------------------------
// Detecting physical memory
// --------------------------------------------------------------

/* A 16-bit little-endian value from NVRAM registers r and r + 1. */
static unsigned
nvram_read(unsigned r)
{
	return mc146818_read(r) | (mc146818_read(r + 1) << 8);
}

/*
 * Ask the BIOS's NVRAM how much memory there is, print it, and set npages,
 * capped at what the KERNBASE mapping covers.  Panics when the machine has
 * less memory than the kernel needs to boot.
 */
void
i386_detect_memory(void)
{
	size_t basemem, extmem, ext16mem, totalmem;

	basemem = nvram_read(NVRAM_BASELO);
	extmem = nvram_read(NVRAM_EXTLO);
	ext16mem = nvram_read(NVRAM_EXT16LO) * 64;

	if (ext16mem)
		totalmem = 16 * 1024 + ext16mem;
	else if (extmem)
		totalmem = 1024 + extmem;
	else
		totalmem = basemem;
	cprintf("Physical memory: %uK available, base = %uK, extended = %uK\n",
		totalmem, basemem, totalmem > 1024 ? totalmem - 1024 : 0);

	if (totalmem < ENTRY_MAPPED_SIZE / 1024)
		panic("i386_detect_memory: %uK is not enough to boot",
		      totalmem);
	npages = totalmem / (PGSIZE / 1024);
	if (npages > KERNMAP_NPAGES) {
		npages = KERNMAP_NPAGES;
		cprintf("Physical memory: using only the first %uK (the "
			"KERNBASE mapping covers no more)\n",
			KERNMAP_SIZE / 1024);
	}
}

// --------------------------------------------------------------
// The boot-time allocator
// --------------------------------------------------------------

/*
 * Allocate n bytes, rounded up to whole pages, right after the kernel image
 * and return their kernel virtual address; the memory is not zeroed.  With
 * n == 0, return the next free address without allocating.  Only for
 * mem_init() before page_init(): nothing it hands out is ever freed, and
 * page_init() marks it all reserved.  Panics when the memory would run past
 * physical memory or past what kern/entry.S maps, or after page_init().
 */
void *
boot_alloc(uint32_t n)
{
	extern char end[]; /* kernel.ld: the first byte after the kernel */
	static char *nextfree;
	uintptr_t limit;
	char *result;

	if (boot_alloc_closed)
		panic("boot_alloc: called after page_init");
	if (!nextfree)
		nextfree = ROUNDUP((char *)end, PGSIZE);
	limit = KERNBASE + MIN(npages * PGSIZE, (size_t)ENTRY_MAPPED_SIZE);
	if (n > limit - (uintptr_t)nextfree)
		panic("boot_alloc: out of memory allocating %u bytes", n);
	result = nextfree;
	nextfree = ROUNDUP(nextfree + n, PGSIZE);
	return result;
}

// --------------------------------------------------------------
// Physical pages and the free list
// --------------------------------------------------------------

/* Put pp, which must hold no references, at the head of the free list. */
static void
free_list_push(struct PageInfo *pp)
{
	pp->pp_link = page_free_list;
	page_free_list = pp;
	page_free_pages++;
}

/*
 * True when pp is a page that can never be allocated: page 0, the page
 * where the other CPUs start (MPENTRY_PADDR, kern/mpentry.S), the I/O
 * hole, or the kernel image and boot_alloc()ed memory.  Panics if pp is not in
 * pages[] or page_init() has not run.
 */
bool
page_is_reserved(struct PageInfo *pp)
{
	physaddr_t pa;

	assert(boot_alloc_closed);
	assert(pp >= pages && pp < pages + npages);
	pa = page2pa(pp);
	if (pa == 0 || pa == MPENTRY_PADDR)
		return true;
	if (pa >= IOPHYSMEM && pa < EXTPHYSMEM)
		return true;
	return pa >= EXTPHYSMEM && pa < boot_alloc_end_pa;
}

/*
 * Initialize pages[] and the free list.  Reserved pages (page_is_reserved)
 * get pp_ref 1 and stay off the list; all others go on it with pp_ref 0,
 * lowest address at the head, so the early self-checks get pages that
 * kern/entry.S's 4 MiB mapping covers.  Ends boot_alloc().
 */
void
page_init(void)
{
	size_t i;

	boot_alloc_end_pa = PADDR(boot_alloc(0));
	boot_alloc_closed = true;
	page_free_list = &free_list_end;
	page_free_pages = 0;
	for (i = npages; i-- > 0;) {
		pages[i].pp_link = NULL;
		pages[i].pp_ref = page_is_reserved(&pages[i]) ? 1 : 0;
		if (pages[i].pp_ref == 0)
			free_list_push(&pages[i]);
	}
}

/*
 * Take a page off the free list.  With ALLOC_ZERO in alloc_flags, the page
 * is filled with zeros; without it, the page holds what its last owner
 * left there, and the caller must overwrite all of it before any env can
 * read it (a copy-on-write copy does).  Returns
 * the page, with pp_ref 0 and pp_link NULL (the caller takes the first
 * reference), or NULL when memory is exhausted.
 */
struct PageInfo *
page_alloc(int alloc_flags)
{
	struct PageInfo *pp = page_free_list;

	if (pp == &free_list_end)
		return NULL;
	assert(pp->pp_ref == 0);
	page_free_list = pp->pp_link;
	page_free_pages--;
	pp->pp_link = NULL;
	if (alloc_flags & ALLOC_ZERO)
		fpu_page_zero(page2kva(pp));
	return pp;
}

/*
 * Return pp to the free list (while a TLB shootdown is due, once it is
 * over).  Panics if pp still has references, is already free, or is
 * reserved.  The contents stay as they are: no page reaches an env
 * without being zeroed or overwritten (page_alloc()).
 */
void
page_free(struct PageInfo *pp)
{
	if (pp->pp_ref != 0)
		panic("page_free: page %08x still has %u references",
		      page2pa(pp), pp->pp_ref);
	if (pp->pp_link != NULL)
		panic("page_free: page %08x is already free", page2pa(pp));
	if (page_is_reserved(pp))
		panic("page_free: page %08x is reserved", page2pa(pp));
	/* Another CPU's TLB may still map pp until the shootdown that is
	 * due: it joins the free list after it (kern/tlb.c). */
	if (tlb_stale_cpus)
		tlb_free_later(pp);
	else
		free_list_push(pp);
}

/*
 * Drop one reference to pp and free it when none remain.  Panics if pp has
 * no references.
 */
void
page_decref(struct PageInfo *pp)
{
	/* LAB 2: BEGIN E1 */
	assert(pp->pp_ref > 0);
	if (--pp->pp_ref == 0)
		page_free(pp);
	/* LAB 2: END; stub:
	 * panic("page_decref: not implemented (exercise E1)");
	 */
}

/* The number of pages on the free list (the pages with pp_ref 0). */
size_t
page_free_count(void)
{
	return page_free_pages;
}

// --------------------------------------------------------------
// The free list, for the boot self-checks
// --------------------------------------------------------------

/* The page at the head of the free list, or NULL when it is empty. */
struct PageInfo *
page_free_first(void)
{
	return page_free_list == &free_list_end ? NULL : page_free_list;
}

/*
 * The page after pp on the free list, or NULL when pp is the last.  Reads
 * pp_link as it is, so a broken list shows up to the caller.
 */
struct PageInfo *
page_free_next(struct PageInfo *pp)
{
	return pp->pp_link == &free_list_end ? NULL : pp->pp_link;
}

/*
 * Empty the free list (page_alloc then fails) and keep the old one in
 * *saved, for a test of running out of memory.  page_free_list_give_back()
 * undoes it.
 */
void
page_free_list_take(struct page_free_list_saved *saved)
{
	saved->head = page_free_list;
	saved->count = page_free_pages;
	page_free_list = &free_list_end;
	page_free_pages = 0;
}

/*
 * Undo page_free_list_take(): the pages freed since then (at most 16) go
 * on top of the restored list, in the order they had, so none is lost.
 */
void
page_free_list_give_back(const struct page_free_list_saved *saved)
{
	struct PageInfo *pp, *moved[16];
	size_t n = 0;

	while ((pp = page_alloc(0)) != NULL) {
		assert(n < ARRAY_SIZE(moved));
		moved[n++] = pp;
	}
	page_free_list = saved->head;
	page_free_pages = saved->count;
	while (n > 0)
		free_list_push(moved[--n]);
}
