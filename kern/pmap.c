/*
 * Physical memory: detection, the boot-time allocator, pages[] with
 * reference counts and the free list, page-table editing, the kernel's page
 * directory, user pointer checks, and the boot self-checks.  The refcount
 * conventions are in kern/pmap.h.
 */

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/ptshare.h>

/* What the KERNBASE mapping can reach: physical [0, 2^32 - KERNBASE). */
#define KERNMAP_SIZE ((size_t)(0u - KERNBASE))
/* What kern/entry.S maps at KERNBASE until kern_pgdir is loaded. */
#define ENTRY_MAPPED_SIZE (16 * PTSIZE)

size_t npages;
pde_t *kern_pgdir;

static void page_zero_free_pages(void);
struct PageInfo *pages;
uintptr_t user_mem_check_addr;

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

static void check_page_free_list(bool only_low_memory);
static void check_page_alloc(void);
static void check_page(void);
static void check_kern_pgdir(void);
static void check_page_installed_pgdir(void);

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
static void
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
	if (npages > KERNMAP_SIZE / PGSIZE) {
		npages = KERNMAP_SIZE / PGSIZE;
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
static void *
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
// Setting up the kernel's address space
// --------------------------------------------------------------

/*
 * Like boot_map_region(), with 4 MiB pages (PTE_PS; CR4_PSE is on): va, pa
 * and size must be multiples of PTSIZE.  Creates no page tables.  Panics
 * if any PDE in the range is already present.
 */
static void
boot_map_region_large(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa,
		      int perm)
{
	size_t off;

	assert(va % PTSIZE == 0 && pa % PTSIZE == 0 && size % PTSIZE == 0);
	assert(size == 0 || va + (size - 1) >= va);
	for (off = 0; off < size; off += PTSIZE) {
		if (pgdir[PDX(va + off)] & PTE_P)
			panic("boot_map_region_large: %08x already mapped",
			      va + off);
		pgdir[PDX(va + off)] = (pa + off) | perm | PTE_P | PTE_PS;
	}
}

/*
 * Fill in kern_pgdir above UTOP: pages[] at UPAGES and envs[] at UENVS
 * (user read-only), the boot stack below KSTACKTOP with an unmapped guard
 * under it, and all of physical memory at KERNBASE (kernel read/write).
 * The page tables this needs come from page_alloc().
 */
static void
kern_pgdir_map(void)
{
	size_t pages_size = ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE);
	size_t envs_size = ROUNDUP(NENV * sizeof(struct Env), PGSIZE);

	assert(pages_size <= PTSIZE && envs_size <= PTSIZE);
	assert(PGOFF(bootstack) == 0 && bootstacktop - bootstack == KSTKSIZE);
	boot_map_region(kern_pgdir, UPAGES, pages_size, PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS, envs_size, PADDR(envs), PTE_U);
	boot_map_region(kern_pgdir, KSTACKTOP - KSTKSIZE, KSTKSIZE,
			PADDR(bootstack), PTE_W);
	boot_map_region_large(kern_pgdir, KERNBASE, KERNMAP_SIZE, 0, PTE_W);
}

/*
 * Turn on the CR0 features the kernel relies on: paging and protection,
 * write protection (so the kernel honours read-only PTEs, which
 * copy-on-write needs), alignment checks for user code, native FPU errors;
 * and clear the FPU emulation and task-switched bits.
 */
static void
cr0_setup(void)
{
	uint32_t cr0 = rcr0();

	cr0 |= CR0_PE | CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP;
	cr0 &= ~(CR0_TS | CR0_EM);
	lcr0(cr0);
}

/*
 * Set up memory management: detect memory, allocate kern_pgdir, pages[]
 * and envs[] with boot_alloc(), build the free list, fill in kern_pgdir and
 * switch to it.  Runs every self-check on the way; any failure panics.
 */
void
mem_init(void)
{
	i386_detect_memory();

	kern_pgdir = boot_alloc(PGSIZE);
	memset(kern_pgdir, 0, PGSIZE);
	/* The page directory doubles as the page table that maps UVPT. */
	kern_pgdir[PDX(UVPT)] = PADDR(kern_pgdir) | PTE_U | PTE_P;

	pages = boot_alloc(npages * sizeof(struct PageInfo));
	memset(pages, 0, npages * sizeof(struct PageInfo));
	envs = boot_alloc(NENV * sizeof(struct Env));
	memset(envs, 0, NENV * sizeof(struct Env));

	page_init();
	check_page_free_list(true);
	check_page_alloc();
	check_page();

	kern_pgdir_map();
	check_kern_pgdir();
	lcr3(PADDR(kern_pgdir));
	check_page_free_list(false);
	cr0_setup();
	check_page_installed_pgdir();
	page_zero_free_pages();
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
 * True when pp is a page that can never be allocated: page 0, the I/O hole,
 * or the kernel image and boot_alloc()ed memory.  Panics if pp is not in
 * pages[] or page_init() has not run.
 */
bool
page_is_reserved(struct PageInfo *pp)
{
	physaddr_t pa;

	assert(boot_alloc_closed);
	assert(pp >= pages && pp < pages + npages);
	pa = page2pa(pp);
	if (pa == 0)
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
 * Free pages known to hold only zeros: page_free() zeroes a page as it
 * frees it, so page_alloc(ALLOC_ZERO) only has to clear the pages that have
 * not been freed since boot.  The cost of zeroing a page is paid when it is
 * freed, off the path of the copy-on-write fault that allocates it.
 */
static uint8_t page_zeroed[(KERNMAP_SIZE / PGSIZE) / 8];

static bool
page_zeroed_test_and_clear(struct PageInfo *pp)
{
	size_t n = pp - pages;
	bool was = page_zeroed[n / 8] & (1 << (n % 8));

	page_zeroed[n / 8] &= ~(1 << (n % 8));
	return was;
}

static void
page_zeroed_set(struct PageInfo *pp)
{
	size_t n = pp - pages;

	page_zeroed[n / 8] |= 1 << (n % 8);
}

/*
 * Zero every free page once at boot (after kern_pgdir maps all of
 * physical memory), so that from then on every free page is zero.
 */
static void
page_zero_free_pages(void)
{
	struct PageInfo *pp;

	for (pp = page_free_list; pp != &free_list_end; pp = pp->pp_link) {
		memset(page2kva(pp), 0, PGSIZE);
		page_zeroed_set(pp);
	}
}

/*
 * Take a page off the free list.  With ALLOC_ZERO in alloc_flags, the page
 * is filled with zeros (unless it is known to be zero already).  Returns the page, with pp_ref 0 and pp_link NULL
 * (the caller takes the first reference), or NULL when memory is exhausted.
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
	if (!page_zeroed_test_and_clear(pp) && (alloc_flags & ALLOC_ZERO))
		memset(page2kva(pp), 0, PGSIZE);
	return pp;
}

/*
 * Return pp to the free list.  Panics if pp still has references, is
 * already free, or is reserved.  The contents are zeroed (see
 * page_zeroed above), which also wipes what the last owner left in it.
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
	memset(page2kva(pp), 0, PGSIZE);
	page_zeroed_set(pp);
	free_list_push(pp);
}

/*
 * Drop one reference to pp and free it when none remain.  Panics if pp has
 * no references.
 */
void
page_decref(struct PageInfo *pp)
{
	assert(pp->pp_ref > 0);
	if (--pp->pp_ref == 0)
		page_free(pp);
}

/* The number of pages on the free list (the pages with pp_ref 0). */
size_t
page_free_count(void)
{
	return page_free_pages;
}

// --------------------------------------------------------------
// Page tables
// --------------------------------------------------------------

/*
 * Return a pointer (kernel va) to the PTE for va in pgdir.  When the page
 * table is missing: with create == 0 return NULL; otherwise allocate a
 * zeroed page table (pp_ref 1, for its PDE), install it with
 * PTE_P|PTE_W|PTE_U (the PTEs restrict access), and return NULL only when
 * that allocation fails.  With create, a table shared with other page
 * directories is first made private (pt_unshare; NULL when that fails),
 * since the caller may write the PTE.  Panics if va lies in a 4 MiB
 * (PTE_PS) page.
 */
pte_t *
pgdir_walk(pde_t *pgdir, const void *va, int create)
{
	pde_t *pde = &pgdir[PDX(va)];
	struct PageInfo *pp;

	if (*pde & PTE_P) {
		if (*pde & PTE_PS)
			panic("pgdir_walk: va %08x lies in a 4 MiB page",
			      (uintptr_t)va);
		/* A caller that may write the PTE needs a private table. */
		if (create && pt_unshare(pgdir, (uintptr_t)va) < 0)
			return NULL;
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
		pte = pgdir_walk(pgdir, (void *)(va + off), 1);
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
 * created (see pgdir_walk).  A page table shared with other page
 * directories is made private first (pt_unshare), which changes nothing
 * the user can see.  Returns 0, or -E_NO_MEM when pp_ref is already
 * PP_REF_MAX or the page table cannot be allocated or made private.
 */
int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	pte_t *pte;

	assert((perm & ~0xFFF) == 0 && !(perm & PTE_PS));
	assert(pp->pp_link == NULL); /* not a free page */
	if (pde_is_shared(pgdir[PDX(va)]) &&
	    pt_unshare(pgdir, (uintptr_t)va) < 0)
		return -E_NO_MEM;
	pte = pgdir_pte(pgdir, (uintptr_t)va);
	if (pte && (*pte & PTE_P) && PTE_ADDR(*pte) == page2pa(pp)) {
		/* The same page again: only the permissions change. */
		*pte = page2pa(pp) | perm | PTE_P;
		tlb_invalidate(pgdir, va);
		return 0;
	}
	if (pp->pp_ref >= PP_REF_MAX)
		return -E_NO_MEM;
	if (!pte && !(pte = pgdir_walk(pgdir, va, 1)))
		return -E_NO_MEM;
	pp->pp_ref++;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
}

/*
 * Return the page mapped at va in pgdir, or NULL when nothing is.  When a
 * page is found and pte_store is not NULL, store the address of its PTE in
 * *pte_store.  Changes no reference count.
 */
struct PageInfo *
page_lookup(pde_t *pgdir, void *va, pte_t **pte_store)
{
	pte_t *pte = pgdir_walk(pgdir, va, 0);

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
	pte_t *pte;
	struct PageInfo *pp = page_lookup(pgdir, va, &pte);

	if (!pp)
		return;
	/* Callers make a shared table private first (pt_unshare). */
	assert(!pde_is_shared(pgdir[PDX(va)]));
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
}

/*
 * Invalidate the TLB entry for va, if pgdir is the page directory the
 * processor is using (otherwise there is nothing cached for it).
 */
void
tlb_invalidate(pde_t *pgdir, void *va)
{
	if (rcr3() == PADDR(pgdir))
		invlpg(va);
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
 * "[ENV] user_mem_check assertion failure for va ADDR" and destroy env
 * (which does not return when env is the current environment).
 */
void
user_mem_assert(struct Env *env, const void *va, size_t len, int perm)
{
	if (user_mem_check(env, va, len, perm | PTE_U) < 0) {
		cprintf("[%08x] user_mem_check assertion failure for va %08x\n",
			env->env_id, user_mem_check_addr);
		env_destroy(env);
	}
}

// --------------------------------------------------------------
// Boot self-checks
// --------------------------------------------------------------

/*
 * The physical address va maps to in pgdir (4 KiB or 4 MiB pages), or ~0
 * when it is unmapped.  Does not allocate.
 */
static physaddr_t
check_va2pa(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	pte_t pte;

	if (!(pde & PTE_P))
		return ~0;
	if (pde & PTE_PS)
		return (pde & ~(PTSIZE - 1)) + (va & (PTSIZE - 1) & ~0xFFF);
	pte = ((pte_t *)KADDR(PTE_ADDR(pde)))[PTX(va)];
	if (!(pte & PTE_P))
		return ~0;
	return PTE_ADDR(pte);
}

/*
 * The access rights va has in pgdir: PTE_W and PTE_U as the processor
 * combines them from PDE and PTE (both must grant), plus PTE_P when it is
 * mapped at all.  0 when unmapped.
 */
static int
check_va_perm(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	pte_t pte;

	if (!(pde & PTE_P))
		return 0;
	if (pde & PTE_PS)
		return pde & (PTE_P | PTE_W | PTE_U);
	pte = ((pte_t *)KADDR(PTE_ADDR(pde)))[PTX(va)];
	if (!(pte & PTE_P))
		return 0;
	return pde & pte & (PTE_P | PTE_W | PTE_U);
}

/*
 * Check the free list against pages[]: every listed page is free (pp_ref
 * 0, pp_link set), in range and not reserved; the list has no cycle and its
 * length matches page_free_count() and the number of pages with pp_ref 0;
 * reserved pages hold exactly the kernel's reference.  With
 * only_low_memory (before kern_pgdir is loaded), also check that the head
 * of the list lies in the 4 MiB that kern/entry.S maps, so the early
 * checks can touch the pages they allocate.
 */
static void
check_page_free_list(bool only_low_memory)
{
	struct PageInfo *pp;
	size_t i, listed = 0, unreferenced = 0;

	if (page_free_list == &free_list_end)
		panic("check_page_free_list: no free memory");
	for (pp = page_free_list; pp != &free_list_end; pp = pp->pp_link) {
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
	assert(page_is_reserved(pa2page(IOPHYSMEM)));
	assert(page_is_reserved(pa2page(EXTPHYSMEM - PGSIZE)));
	assert(page_is_reserved(pa2page(PADDR(kern_pgdir))));
	assert(page_is_reserved(pa2page(PADDR(pages))));
	assert(page_is_reserved(pa2page(PADDR(envs))));
	assert(page_is_reserved(pa2page(PADDR(bootstack))));
	cprintf("check_page_free_list() succeeded!\n");
}

/*
 * Empty the free list for a test of running out of memory; returns the
 * old list, which check_restore_free_list() puts back.
 */
static struct PageInfo *
check_steal_free_list(size_t *count_store)
{
	struct PageInfo *list = page_free_list;

	*count_store = page_free_pages;
	page_free_list = &free_list_end;
	page_free_pages = 0;
	return list;
}

/*
 * Undo check_steal_free_list(): pages freed since then are moved onto the
 * restored list, so none is lost.
 */
static void
check_restore_free_list(struct PageInfo *list, size_t count)
{
	struct PageInfo *pp, *moved[16];
	size_t n = 0;

	while ((pp = page_alloc(0)) != NULL) {
		assert(n < ARRAY_SIZE(moved));
		moved[n++] = pp;
	}
	page_free_list = list;
	page_free_pages = count;
	while (n > 0)
		free_list_push(moved[--n]);
}

/*
 * Check page_alloc, page_free and page_decref: distinct pages, pp_ref and
 * pp_link conventions, ALLOC_ZERO, LIFO reuse, running out of memory, the
 * free count; everything is given back.
 */
static void
check_page_alloc(void)
{
	struct PageInfo *pp0, *pp1, *pp2, *list;
	size_t start = page_free_count(), saved_count, i;
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
	list = check_steal_free_list(&saved_count);
	assert(page_alloc(0) == NULL);
	assert(page_alloc(ALLOC_ZERO) == NULL);
	assert(page_free_count() == 0);

	/* A freed page is free (pp_link set) and comes back first. */
	page_free(pp0);
	assert(pp0->pp_link != NULL && page_free_count() == 1);
	assert(page_alloc(0) == pp0 && pp0->pp_link == NULL);
	assert(page_alloc(0) == NULL);

	/* page_free wipes the page; ALLOC_ZERO hands out zeros. */
	memset(page2kva(pp0), 0x97, PGSIZE);
	page_free(pp0);
	assert(page_alloc(ALLOC_ZERO) == pp0);
	p = page2kva(pp0);
	for (i = 0; i < PGSIZE; i++)
		assert(p[i] == 0);

	/* page_decref frees exactly when the last reference goes. */
	pp1->pp_ref = 2;
	page_decref(pp1);
	assert(pp1->pp_ref == 1 && pp1->pp_link == NULL);
	assert(page_free_count() == 0);
	page_decref(pp1);
	assert(pp1->pp_ref == 0 && pp1->pp_link != NULL);
	assert(page_free_count() == 1);

	check_restore_free_list(list, saved_count);
	page_free(pp0);
	page_free(pp2);
	if (page_free_count() != start)
		panic("check_page_alloc: %u free pages, expected %u",
		      page_free_count(), start);
	cprintf("check_page_alloc() succeeded!\n");
}

/*
 * Check page_insert, page_lookup, page_remove and pgdir_walk on kern_pgdir
 * (not loaded yet, so below UTOP is ours to play with): page-table
 * allocation and its pp_ref, refcounts of mapped pages, replacement, the
 * re-insert corner, refusing to wrap pp_ref, and the free count.  TLB
 * effects need a loaded page directory: see check_page_installed_pgdir().
 */
static void
check_page(void)
{
	struct PageInfo *pp0, *pp1, *pp2, *pp3, *pp, *list;
	size_t start = page_free_count(), saved_count, i;
	pte_t *ptep, *ptep1;

	pp0 = page_alloc(0);
	pp1 = page_alloc(0);
	pp2 = page_alloc(0);
	pp3 = page_alloc(0);
	assert(pp0 && pp1 && pp2 && pp3);
	assert(kern_pgdir[0] == 0 && kern_pgdir[1] == 0);

	/* No memory for the page table: the insert fails cleanly. */
	list = check_steal_free_list(&saved_count);
	assert(page_lookup(kern_pgdir, (void *)0x0, &ptep) == NULL);
	assert(pgdir_walk(kern_pgdir, (void *)0x0, 0) == NULL);
	assert(page_insert(kern_pgdir, pp1, (void *)0x0, PTE_W) == -E_NO_MEM);
	assert(pp1->pp_ref == 0 && kern_pgdir[0] == 0);

	/* With pp0 free, it becomes the page table. */
	page_free(pp0);
	assert(page_insert(kern_pgdir, pp1, (void *)0x0, PTE_W) == 0);
	assert(PTE_ADDR(kern_pgdir[0]) == page2pa(pp0));
	assert((kern_pgdir[0] & 0xFFF) == (PTE_P | PTE_W | PTE_U));
	assert(pp0->pp_ref == 1 && pp0->pp_link == NULL);
	assert(pp1->pp_ref == 1);
	assert(check_va2pa(kern_pgdir, 0x0) == page2pa(pp1));
	assert(check_va_perm(kern_pgdir, 0x0) == (PTE_P | PTE_W));
	assert(page_free_count() == 0);

	/* The new table was zeroed: nothing else is mapped through it. */
	for (i = 1; i < NPTENTRIES; i++)
		assert(check_va2pa(kern_pgdir, i * PGSIZE) == ~0u);

	/* A second page in the same table needs no allocation. */
	assert(page_insert(kern_pgdir, pp2, (void *)PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp2));
	assert(pp2->pp_ref == 1 && pp0->pp_ref == 1);

	/* Re-insert at the same va: pp_ref stays 1 and never drops to 0. */
	assert(page_insert(kern_pgdir, pp2, (void *)PGSIZE, PTE_W | PTE_U) ==
	       0);
	assert(pp2->pp_ref == 1 && pp2->pp_link == NULL);
	assert(page_free_count() == 0);
	assert(check_va_perm(kern_pgdir, PGSIZE) == (PTE_P | PTE_W | PTE_U));
	assert(page_insert(kern_pgdir, pp2, (void *)PGSIZE, PTE_U) == 0);
	assert(pp2->pp_ref == 1);
	assert(check_va_perm(kern_pgdir, PGSIZE) == (PTE_P | PTE_U));

	/* pgdir_walk finds the PTE inside the table; lookup agrees. */
	ptep = pgdir_walk(kern_pgdir, (void *)PGSIZE, 0);
	assert(ptep == (pte_t *)page2kva(pp0) + 1);
	assert(page_lookup(kern_pgdir, (void *)PGSIZE, &ptep1) == pp2);
	assert(ptep1 == ptep);
	assert(page_lookup(kern_pgdir, (void *)(2 * PGSIZE), 0) == NULL);

	/* Refusing to wrap pp_ref changes nothing, even with memory free. */
	page_free(pp3);
	pp1->pp_ref = PP_REF_MAX;
	assert(page_insert(kern_pgdir, pp1, (void *)(2 * PGSIZE), PTE_W) ==
	       -E_NO_MEM);
	assert(check_va2pa(kern_pgdir, 2 * PGSIZE) == ~0u);
	assert(page_insert(kern_pgdir, pp1, (void *)PTSIZE, PTE_W) ==
	       -E_NO_MEM);
	assert(kern_pgdir[PDX(PTSIZE)] == 0);
	assert(pp1->pp_ref == PP_REF_MAX && page_free_count() == 1);
	pp1->pp_ref = 1;

	/* A mapping needing a new table takes pp3 for it. */
	assert(page_insert(kern_pgdir, pp1, (void *)PTSIZE, PTE_W) == 0);
	assert(PTE_ADDR(kern_pgdir[PDX(PTSIZE)]) == page2pa(pp3));
	assert(pp3->pp_ref == 1 && pp1->pp_ref == 2);
	assert(page_free_count() == 0);
	assert(pgdir_walk(kern_pgdir, (void *)(2 * PTSIZE), 1) == NULL);

	/* Replacing pp2 at PGSIZE with pp1 frees pp2. */
	assert(page_insert(kern_pgdir, pp1, (void *)PGSIZE, PTE_W) == 0);
	assert(check_va2pa(kern_pgdir, PGSIZE) == page2pa(pp1));
	assert(pp1->pp_ref == 3 && pp2->pp_ref == 0);
	assert(pp2->pp_link != NULL && page_free_count() == 1);

	/* Removing drops one reference each; removing nothing is a no-op. */
	page_remove(kern_pgdir, (void *)0x0);
	assert(check_va2pa(kern_pgdir, 0x0) == ~0u && pp1->pp_ref == 2);
	page_remove(kern_pgdir, (void *)0x0);
	page_remove(kern_pgdir, (void *)(3 * PTSIZE));
	assert(pp1->pp_ref == 2 && page_free_count() == 1);
	page_remove(kern_pgdir, (void *)PGSIZE);
	page_remove(kern_pgdir, (void *)PTSIZE);
	assert(pp1->pp_ref == 0 && pp1->pp_link != NULL);
	assert(page_free_count() == 2);

	/* Empty page tables stay, still counted by their PDEs. */
	assert(PTE_ADDR(kern_pgdir[0]) == page2pa(pp0) && pp0->pp_ref == 1);
	assert(pgdir_walk(kern_pgdir, (void *)PGSIZE, 0) == ptep);

	/* Tear down by hand, as env teardown does. */
	kern_pgdir[0] = 0;
	kern_pgdir[PDX(PTSIZE)] = 0;
	page_decref(pp0);
	page_decref(pp3);
	assert(page_free_count() == 4);
	check_restore_free_list(list, saved_count);
	for (pp = page_free_list, i = 0; i < 4; pp = pp->pp_link, i++)
		assert(pp == pp0 || pp == pp1 || pp == pp2 || pp == pp3);
	if (page_free_count() != start)
		panic("check_page: %u free pages, expected %u",
		      page_free_count(), start);
	cprintf("check_page() succeeded!\n");
}

/*
 * Check that [va, va + size) maps physical [pa, pa + size) with exactly
 * the rights perm, one page at a time.
 */
static void
check_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm)
{
	size_t off;

	for (off = 0; off < size; off += PGSIZE) {
		if (check_va2pa(pgdir, va + off) != pa + off)
			panic("check_kern_pgdir: %08x maps %08x, not %08x",
			      va + off, check_va2pa(pgdir, va + off), pa + off);
		if (check_va_perm(pgdir, va + off) != perm)
			panic("check_kern_pgdir: %08x has rights %x, not %x",
			      va + off, check_va_perm(pgdir, va + off), perm);
	}
}

/* Check that nothing in [va, va + size) is mapped. */
static void
check_unmapped(pde_t *pgdir, uintptr_t va, size_t size)
{
	size_t off;

	for (off = 0; off < size; off += PGSIZE)
		if (check_va2pa(pgdir, va + off) != ~0u)
			panic("check_kern_pgdir: %08x should be unmapped",
			      va + off);
}

/*
 * Check every mapping kern_pgdir_map() made, with its rights; the guard
 * under the kernel stack, the rest of each user-visible region and the
 * MMIO window are unmapped; nothing at all below UTOP; the UVPT self-map.
 */
static void
check_kern_pgdir(void)
{
	pde_t *pgdir = kern_pgdir;
	size_t pages_size = ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE);
	size_t envs_size = ROUNDUP(NENV * sizeof(struct Env), PGSIZE);
	size_t i;

	check_region(pgdir, UPAGES, pages_size, PADDR(pages), PTE_P | PTE_U);
	check_unmapped(pgdir, UPAGES + pages_size, PTSIZE - pages_size);
	check_region(pgdir, UENVS, envs_size, PADDR(envs), PTE_P | PTE_U);
	check_unmapped(pgdir, UENVS + envs_size, PTSIZE - envs_size);
	check_region(pgdir, KSTACKTOP - KSTKSIZE, KSTKSIZE, PADDR(bootstack),
		     PTE_P | PTE_W);
	check_unmapped(pgdir, KSTACKTOP - PTSIZE, PTSIZE - KSTKSIZE);
	check_unmapped(pgdir, MMIOBASE, MMIOLIM - MMIOBASE);

	/* All of physical memory at KERNBASE, 4 MiB pages, kernel only. */
	for (i = 0; i < KERNMAP_SIZE; i += PTSIZE)
		if (pgdir[PDX(KERNBASE + i)] != (i | PTE_P | PTE_W | PTE_PS))
			panic("check_kern_pgdir: PDE for %08x is %08x",
			      KERNBASE + i, pgdir[PDX(KERNBASE + i)]);
	for (i = 0; i < npages * PGSIZE; i += 61 * PGSIZE)
		assert(check_va2pa(pgdir, KERNBASE + i) == i);

	if (pgdir[PDX(UVPT)] != (PADDR(pgdir) | PTE_U | PTE_P))
		panic("check_kern_pgdir: bad UVPT self-map %08x",
		      pgdir[PDX(UVPT)]);

	/* Exactly the PDEs above are present. */
	for (i = 0; i < NPDENTRIES; i++) {
		bool want = i == PDX(UVPT) || i == PDX(UPAGES) ||
			    i == PDX(UENVS) || i == PDX(KSTACKTOP - 1) ||
			    i >= PDX(KERNBASE);

		if (!!(pgdir[i] & PTE_P) != want)
			panic("check_kern_pgdir: PDE %u (va %08x) is %08x", i,
			      i * PTSIZE, pgdir[i]);
		if (want && i < PDX(KERNBASE) && i != PDX(UVPT))
			assert((pgdir[i] & 0xFFF) == (PTE_P | PTE_W | PTE_U));
	}
	cprintf("check_kern_pgdir() succeeded!\n");
}

/*
 * With kern_pgdir loaded and CR0 set: the control registers are right,
 * writes through a fresh user mapping reach the page (read back through
 * KADDR), and replacing a mapping invalidates the stale TLB entry.  Gives
 * back every page it takes.
 */
static void
check_page_installed_pgdir(void)
{
	struct PageInfo *pp0, *pp1, *pp2;
	size_t start = page_free_count();
	volatile uint32_t *va = (uint32_t *)PGSIZE;
	uint32_t cr0 = rcr0();

	assert(rcr3() == PADDR(kern_pgdir));
	assert((cr0 & (CR0_PG | CR0_PE | CR0_WP)) ==
	       (CR0_PG | CR0_PE | CR0_WP));
	assert(!(cr0 & (CR0_TS | CR0_EM)));

	assert((pp0 = page_alloc(0)) && (pp1 = page_alloc(0)));
	assert((pp2 = page_alloc(0)));
	page_free(pp0); /* it will be the page table */
	memset(page2kva(pp1), 1, PGSIZE);
	memset(page2kva(pp2), 2, PGSIZE);

	assert(page_insert(kern_pgdir, pp1, (void *)va, PTE_W) == 0);
	assert(pp0->pp_ref == 1 && PTE_ADDR(kern_pgdir[0]) == page2pa(pp0));
	assert(*va == 0x01010101);
	*va = 0x03030303;
	assert(*(uint32_t *)KADDR(page2pa(pp1)) == 0x03030303);

	/* The old translation, now cached in the TLB, must not survive. */
	assert(page_insert(kern_pgdir, pp2, (void *)va, PTE_W) == 0);
	assert(*va == 0x02020202);
	assert(pp1->pp_ref == 0 && pp1->pp_link != NULL);
	*va = 0x04040404;
	assert(*(uint32_t *)page2kva(pp2) == 0x04040404);

	page_remove(kern_pgdir, (void *)va);
	assert(pp2->pp_ref == 0 && pp2->pp_link != NULL);
	kern_pgdir[0] = 0;
	tlb_invalidate(kern_pgdir, (void *)va);
	page_decref(pp0);
	if (page_free_count() != start)
		panic("check_page_installed_pgdir: %u free pages, expected %u",
		      page_free_count(), start);
	cprintf("check_page_installed_pgdir() succeeded!\n");
}
