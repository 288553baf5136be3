/*
 * The kernel's address space: mem_init() sizes memory, allocates
 * kern_pgdir, pages[] and envs[] at boot, fills in kern_pgdir above UTOP,
 * switches to it and turns on the paging features the kernel relies on,
 * running the boot self-checks (kern/selftest/) on the way.
 */

#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/assert.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/selftest/selftest.h>

pde_t *kern_pgdir;

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
 * Map each CPU's kernel stack, percpu_kstacks[i], below CPU_KSTACKTOP(i),
 * for all NCPU of them (mp_init() has not counted the CPUs yet).  The
 * KSTKGAP under each stays unmapped: an overflow faults instead of running
 * into the next CPU's stack.
 */
static void
kern_map_kstacks(void)
{
	int i;

	for (i = 0; i < NCPU; i++)
		boot_map_region(kern_pgdir, CPU_KSTACKTOP(i) - KSTKSIZE,
				KSTKSIZE, PADDR(percpu_kstacks[i]), PTE_W);
}

/*
 * Fill in kern_pgdir above UTOP: pages[] at UPAGES and envs[] at UENVS
 * (user read-only), the CPUs' kernel stacks below KSTACKTOP with an
 * unmapped guard under each, and all of physical memory at KERNBASE
 * (kernel read/write).  The page tables this needs come from page_alloc().
 */
static void
kern_pgdir_map(void)
{
	size_t pages_size = ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE);
	size_t envs_size = ROUNDUP(NENV * sizeof(struct Env), PGSIZE);

	assert(pages_size <= PTSIZE && envs_size <= PTSIZE);
	boot_map_region(kern_pgdir, UPAGES, pages_size, PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS, envs_size, PADDR(envs), PTE_U);
	kern_map_kstacks();
	boot_map_region_large(kern_pgdir, KERNBASE, KERNMAP_SIZE, 0, PTE_W);
}

/*
 * Map the size bytes of device memory at physical address pa into the
 * next free part of the MMIO window [MMIOBASE, MMIOLIM), uncached
 * (PTE_PCD | PTE_PWT) and kernel read/write, and return the virtual
 * address of pa.  Whole pages are mapped; each call takes new ones.
 * Panics when the window is full.  Must run before the first env exists,
 * since env page directories copy kern_pgdir's PDEs when they are made.
 */
void *
mmio_map_region(physaddr_t pa, size_t size)
{
	static uintptr_t next = MMIOBASE;
	physaddr_t start = ROUNDDOWN(pa, PGSIZE);
	size_t len = ROUNDUP(pa + size, PGSIZE) - start;
	uintptr_t va = next;

	if (len > MMIOLIM - next)
		panic("mmio_map_region: %u bytes at %08x overflow MMIOLIM",
		      size, pa);
	boot_map_region(kern_pgdir, va, len, start, PTE_PCD | PTE_PWT | PTE_W);
	next += len;
	return (void *)(va + PGOFF(pa));
}

/*
 * Turn on the CR0 features the kernel relies on: paging and protection,
 * write protection (so the kernel honours read-only PTEs, which
 * copy-on-write needs), alignment checks for user code, native FPU errors;
 * and clear the FPU emulation and task-switched bits.
 */
void
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
}
