/*
 * Physical page management and the kernel's page tables (kern/pmap.c).
 *
 * Every physical page has a struct PageInfo in pages[], indexed by physical
 * page number.  Its pp_ref follows these conventions, which the leak audit
 * relies on:
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
 *  - Each PTE that page_insert() makes counts 1 on the page it maps.
 *  - A page-table page's pp_ref counts the PDEs that point at it: 1 when
 *    pgdir_walk() creates it.  Page tables are not freed when they become
 *    empty; whoever tears down the page directory frees them.
 *  - boot_map_region() does not touch the pp_ref of the pages it maps (they
 *    are kernel memory, already held), but the page tables it creates count
 *    1 each.  The KERNBASE mapping uses 4 MiB pages and no page tables.
 *  - Not counted: the UVPT self-map PDE (a page directory is freed by
 *    whoever made it, never through its self-map), and kernel PDEs above
 *    UTOP copied from kern_pgdir into other page directories (they share the
 *    kernel's page tables, which live as long as kern_pgdir).
 *  - pp_ref never wraps: page_insert() refuses with -E_NO_MEM when pp_ref
 *    is already PP_REF_MAX.
 */
#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/assert.h>

struct Env;

/* The boot stack (kern/entry.S), also mapped below KSTACKTOP. */
extern char bootstacktop[], bootstack[];

extern struct PageInfo *pages; /* one per physical page, npages of them */
extern size_t npages;          /* physical pages the kernel manages */
extern pde_t *kern_pgdir;      /* the kernel's page directory (kernel va) */

/* The largest pp_ref a page may reach. */
#define PP_REF_MAX 0xFFFF

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

void mem_init(void);

void page_init(void);
struct PageInfo *page_alloc(int alloc_flags);
void page_free(struct PageInfo *pp);
void page_decref(struct PageInfo *pp);
size_t page_free_count(void);
bool page_is_reserved(struct PageInfo *pp);

pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create);
int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
void page_remove(pde_t *pgdir, void *va);
void tlb_invalidate(pde_t *pgdir, void *va);
void boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
		     int perm);

/* The first bad address found by the last failed user_mem_check(). */
extern uintptr_t user_mem_check_addr;
int user_mem_check(struct Env *env, const void *va, size_t len, int perm);
void user_mem_assert(struct Env *env, const void *va, size_t len, int perm);

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

/*
 * The PTE for user address va in pgdir, or NULL when its page table is
 * absent: pgdir_walk(pgdir, va, 0) without the sanity checks, for the hot
 * paths (page tables below UTOP are always pages the kernel allocated).
 */
static inline pte_t *
pgdir_pte(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];

	if ((pde & (PTE_P | PTE_PS)) != PTE_P)
		return NULL;
	return (pte_t *)(KERNBASE + PTE_ADDR(pde)) + PTX(va);
}

#endif /* !JOS_KERN_PMAP_H */
