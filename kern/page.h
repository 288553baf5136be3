/*
 * The physical page allocator (kern/page.c): how much memory there is, the
 * boot-time allocator, and pages[] with its reference counts and free list.
 *
 * Every physical page has a struct PageInfo in pages[], indexed by physical
 * page number.  Its pp_ref follows these conventions, which the leak audit
 * relies on (kern/pmap.h adds those of the page tables):
 *
 *  - A page is on the free list exactly when pp_ref == 0.  Free pages have
 *    pp_link != NULL (the list ends in a private sentinel, not NULL);
 *    allocated pages have pp_link == NULL.  page_alloc() returns a page with
 *    pp_ref 0: the caller takes the first reference (usually page_insert).
 *  - Pages that are never allocatable hold pp_ref == 1 forever ("the
 *    kernel's hold") and are never on the free list: page 0 (real-mode IDT
 *    and BIOS data), the I/O hole [IOPHYSMEM, EXTPHYSMEM), the kernel image
 *    and everything boot_alloc()ed after it (kern_pgdir, pages[], envs[]).
 *    page_is_reserved() says which these are.
 *  - pp_ref cannot wrap: it is 32 bits wide, and there are fewer than
 *    2^30 PTEs (NENV page directories of UTOP / PGSIZE entries each).
 *
 * Nothing here edits a page table: the page-table code (kern/pmap.h) calls
 * the allocator, never the other way round.
 */
#ifndef JOS_KERN_PAGE_H
#define JOS_KERN_PAGE_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/assert.h>

/*
 * The most physical pages the kernel can use: the KERNBASE mapping reaches
 * physical [0, 2^32 - KERNBASE), 256 MiB.  npages never exceeds it, so a
 * table indexed by page number needs KERNMAP_NPAGES entries.
 */
#define KERNMAP_NPAGES ((0u - KERNBASE) / PGSIZE)
/* The same in bytes: the size of the KERNBASE mapping. */
#define KERNMAP_SIZE ((size_t)KERNMAP_NPAGES * PGSIZE)
/* What kern/entry.S maps at KERNBASE until kern_pgdir is loaded. */
#define ENTRY_MAPPED_SIZE (16 * PTSIZE)

extern struct PageInfo *pages; /* one per physical page, npages of them */
extern size_t npages;          /* physical pages the kernel manages */

/* Physical address of kernel virtual address kva; panics if kva < KERNBASE. */
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)

static inline physaddr_t
_paddr(const char *file, int line, void *kva)
{
	if ((uintptr_t)kva < KERNBASE)
		_panic(file, line, "PADDR called with invalid kva %08x",
		       (uintptr_t)kva);
	return (physaddr_t)kva - KERNBASE;
}

/* Kernel virtual address of physical address pa; panics past npages. */
#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)

static inline void *
_kaddr(const char *file, int line, physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		_panic(file, line, "KADDR called with invalid pa %08x", pa);
	return (void *)(pa + KERNBASE);
}

enum {
	/* page_alloc: fill the page with zeros. */
	ALLOC_ZERO = 1 << 0,
};

/* Boot: size memory, hand out boot-time memory, then build the free list. */
void i386_detect_memory(void);
void *boot_alloc(uint32_t n);
void page_init(void);

struct PageInfo *page_alloc(int alloc_flags);
void page_free(struct PageInfo *pp);
void page_decref(struct PageInfo *pp);
size_t page_free_count(void);
bool page_is_reserved(struct PageInfo *pp);

/*
 * For the boot self-checks (kern/selftest/): walk the free list, and take it
 * away for a while to test running out of memory.
 */
struct page_free_list_saved {
	struct PageInfo *head;
	size_t count;
};
struct PageInfo *page_free_first(void);
struct PageInfo *page_free_next(struct PageInfo *pp);
void page_free_list_take(struct page_free_list_saved *saved);
void page_free_list_give_back(const struct page_free_list_saved *saved);

/* Physical address of the page pp describes. */
static inline physaddr_t
page2pa(struct PageInfo *pp)
{
	return (pp - pages) << PGSHIFT;
}

/* The PageInfo of the page containing pa; panics when pa is past npages. */
static inline struct PageInfo *
pa2page(physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		panic("pa2page called with invalid pa %08x", pa);
	return &pages[PGNUM(pa)];
}

/* Kernel virtual address of the page pp describes. */
static inline void *
page2kva(struct PageInfo *pp)
{
	return KADDR(page2pa(pp));
}

#endif /* !JOS_KERN_PAGE_H */
