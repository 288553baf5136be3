/*
 * The page tables (kern/pgtable.c) and the kernel's address space
 * (kern/pmap.c), on top of the physical page allocator (kern/page.h).
 *
 * The page tables add these conventions to those of kern/page.h, which the
 * leak audit relies on:
 *
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
 *  - Below UTOP, every PTE and PDE is written by kern/uvm.c (or under it):
 *    the functions here assume a page table private to pgdir and assert it.
 */
#ifndef JOS_KERN_PMAP_H
#define JOS_KERN_PMAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/assert.h>
#include <inc/x86.h>
#include <kern/page.h>

struct Env;

/* The boot stack (kern/entry.S): the boot CPU's until it first runs an env. */
extern char bootstacktop[], bootstack[];

extern pde_t *kern_pgdir; /* the kernel's page directory (kernel va) */

void mem_init(void);
void cr0_setup(void);
void *mmio_map_region(physaddr_t pa, size_t size);

pte_t *pgdir_walk(pde_t *pgdir, const void *va, bool create);
int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
void page_remove(pde_t *pgdir, void *va);
void boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
		     int perm);

/* The first bad address found by the last failed user_mem_check(). */
extern uintptr_t user_mem_check_addr;
int user_mem_check(struct Env *env, const void *va, size_t len, int perm);
void user_mem_assert(struct Env *env, const void *va, size_t len, int perm);

/*
 * The PTE for user address va in pgdir, or NULL when its page table is
 * absent: pgdir_walk(pgdir, va, false) without the sanity checks, for the hot
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

/*
 * Drop what the TLB may cache for [va, va + len) of pgdir after its
 * entries changed: nothing when pgdir is not the page directory in use;
 * one invlpg for a single page (va page aligned); a flush of the whole TLB
 * for more, such as the 4 MiB behind a changed PDE.
 */
static inline void
tlb_invalidate(pde_t *pgdir, uintptr_t va, size_t len)
{
	if (rcr3() != PADDR(pgdir))
		return;
	if (len <= PGSIZE)
		invlpg((void *)va);
	else
		tlbflush();
}

#endif /* !JOS_KERN_PMAP_H */
