/*
 * The virtual address space, shared by kernel and user code.  This diagram is
 * the single source of truth for every constant below.
 */
#ifndef JOS_INC_MEMLAYOUT_H
#define JOS_INC_MEMLAYOUT_H

#ifndef __ASSEMBLER__
#include <inc/types.h>
#endif
#include <inc/mmu.h>

/* Global descriptor numbers (selectors). */
#define GD_KT 0x08   /* kernel text */
#define GD_KD 0x10   /* kernel data */
#define GD_UT 0x18   /* user text */
#define GD_UD 0x20   /* user data */
#define GD_TSS0 0x28 /* task state segment of CPU 0; CPU i's at GD_TSS0 + 8i */

/*
 *                     Virtual memory map                      Permissions
 *                                                             kernel/user
 *
 *    4 Gig -------->  +------------------------------+
 *                     :                              :
 *                     |  all of physical memory      | RW/--
 *                     :   (remapped, up to 256 MiB)  :
 *    KERNBASE, ---->  +------------------------------+ 0xf0000000
 *    KSTACKTOP        |  CPU 0's kernel stack        | RW/--  KSTKSIZE
 *                     +------------------------------+ 0xefff8000
 *                     |  guard, never mapped         | --/--  KSTKGAP
 *                     +------------------------------+ 0xefff0000
 *                     |  CPU 1's kernel stack        | RW/--  KSTKSIZE
 *                     +------------------------------+ 0xeffe8000
 *                     |  guard, never mapped         | --/--  KSTKGAP
 *                     +------------------------------+ 0xeffe0000
 *                     :  ... one pair per CPU, to    :
 *                     :  CPU NCPU-1's guard          : 0xeff80000
 *                     :  unmapped, to KSTACKTOP - PTSIZE        :
 *    MMIOLIM ------>  +------------------------------+ 0xefc00000
 *                     |  memory-mapped I/O window    | RW/--  PTSIZE
 *    ULIM, MMIOBASE ->+------------------------------+ 0xef800000
 *                     |  current page table (UVPT)   | R-/R-  PTSIZE
 *    UVPT      ---->  +------------------------------+ 0xef400000
 *                     |  pages[] (struct PageInfo)   | R-/R-  PTSIZE
 *    UPAGES    ---->  +------------------------------+ 0xef000000
 *                     |  envs[] (struct Env)         | R-/R-  PTSIZE
 *    UTOP,UENVS --->  +------------------------------+ 0xeec00000
 *    UXSTACKTOP       |  user exception stack        | RW/RW  PGSIZE
 *                     +------------------------------+ 0xeebff000
 *                     |  guard, never mapped         | --/--  PGSIZE
 *    USTACKTOP ---->  +------------------------------+ 0xeebfe000
 *                     |  per-env words (thisenv)     | RW/RW  16 bytes
 *    UPERENV ------>  +------------------------------+ 0xeebfdff0
 *                     |  normal user stack           | RW/RW  PGSIZE - 16
 *                     +------------------------------+ 0xeebfd000
 *                     |                              |
 *                     ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *                     .                              .
 *                     |  program data and heap       |
 *    UTEXT -------->  +------------------------------+ 0x00800000
 *    PFTEMP ------->  |  scratch page for COW copies |        PTSIZE
 *                     |                              |
 *    UTEMP -------->  +------------------------------+ 0x00400000
 *                     |  empty                       |
 *    0 ------------>  +------------------------------+
 *
 * Everything at or above ULIM belongs to the kernel.  The user may read
 * [UTOP, ULIM) but map, unmap and allocate only below UTOP.
 */

/* All physical memory is mapped here, kernel only. */
#define KERNBASE 0xF0000000

/* The BIOS/ISA I/O hole in physical memory [IOPHYSMEM, EXTPHYSMEM). */
#define IOPHYSMEM 0x0A0000
#define EXTPHYSMEM 0x100000

/* Kernel stacks: CPU i's ends at KSTACKTOP - i * (KSTKSIZE + KSTKGAP). */
#define KSTACKTOP KERNBASE
#define KSTKSIZE (8 * PGSIZE) /* size of each CPU's kernel stack */
#define KSTKGAP (8 * PGSIZE)  /* unmapped guard below each */
#define KSTKSHIFT 16          /* log2(KSTKSIZE + KSTKGAP) */

/* The most CPUs the kernel runs on (each has a stack and a TSS slot). */
#define NCPU 8

/* Physical page where the other CPUs start, in real mode (kern/mpentry.S). */
#define MPENTRY_PADDR 0x7000

/* Memory-mapped I/O. */
#define MMIOLIM (KSTACKTOP - PTSIZE)
#define MMIOBASE (MMIOLIM - PTSIZE)

#define ULIM (MMIOBASE)

/* User read-only mappings: [UTOP, ULIM). */

/* The current page table, mapped by a page directory entry that points
 * back at the page directory itself. */
#define UVPT (ULIM - PTSIZE)
/* A read-only copy of pages[]. */
#define UPAGES (UVPT - PTSIZE)
/* A read-only copy of envs[]. */
#define UENVS (UPAGES - PTSIZE)

/* Top of what users may map. */
#define UTOP UENVS
/* One page of user exception stack, ending here. */
#define UXSTACKTOP UTOP
/* Top of the normal user stack (one guard page below the exception stack). */
#define USTACKTOP (UTOP - 2 * PGSIZE)
/*
 * The top words of the stack page are not stack: they hold the user
 * library's per-env state (thisenv, lib/entry.S).  Every kind of fork
 * gives each environment its own stack page, sfork() included, so these
 * words are private to each.  A program's arguments, and its stack, start
 * below them (16 bytes keep the stack 16-byte aligned).
 */
#define UPERENV (USTACKTOP - 16)

/* User programs are linked here. */
#define UTEXT (2 * PTSIZE)

/* Scratch mappings for user programs. */
#define UTEMP ((void *)PTSIZE)
/* Where the user page-fault handler maps its copy of a COW page. */
#define PFTEMP (UTEMP + PTSIZE - PGSIZE)
/* Top of the user-level debugger's scratch area. */
#define USTABDATA (PTSIZE / 2)

#ifndef __ASSEMBLER__

typedef uint32_t pte_t;
typedef uint32_t pde_t;

/*
 * Through the UVPT self-map, user code reads the page tables of its own
 * address space: uvpt[PGNUM(va)] is the PTE for va (valid only when
 * uvpd[PDX(va)] & PTE_P), and uvpd[PDX(va)] is its page directory entry.
 * Both are defined by the user linker script.
 */
extern volatile pte_t uvpt[];
extern volatile pde_t uvpd[];

/*
 * One struct PageInfo per physical page, in pages[] (read-only to users at
 * UPAGES).  page2pa() turns an entry back into its physical address.
 */
struct PageInfo {
	/* Next page on the free list (NULL when allocated). */
	struct PageInfo *pp_link;

	/*
	 * The number of page-table entries (and kernel holds) that point at
	 * this page.  A page is free exactly when pp_ref is 0.  Pages
	 * allocated at boot with boot_alloc() have no PageInfo entry on the
	 * free list and are never freed.
	 */
	uint32_t pp_ref;
};

#endif /* !__ASSEMBLER__ */
#endif /* !JOS_INC_MEMLAYOUT_H */
