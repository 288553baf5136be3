/*
 * What the boot CPU's entry (kern/entry.S) and the other CPUs' entry
 * (kern/mpentry.S) share: the physical address of a kernel symbol, and
 * turning paging on with entry_pgdir.  Assembler only.
 */
#ifndef JOS_KERN_ENTRY_H
#define JOS_KERN_ENTRY_H
#ifndef __ASSEMBLER__
#error "kern/entry.h is for assembler files"
#endif

#include <inc/mmu.h>
#include <inc/memlayout.h>

/* Assembler, which clang-format would space as C. */
/* clang-format off */

/* Physical address of a kernel symbol, usable before paging is on. */
#define RELOC(x) ((x) - KERNBASE)

/*
 * Load entry_pgdir (kern/entry.S: the low 4 MiB and KERNBASE's 64 MiB in
 * 4 MiB pages), allow 4 MiB pages (CR4.PSE) and turn on paging with
 * write protection.  Clobbers %eax.
 */
#define ENTRY_PAGING_ON                                                        \
	movl $(RELOC(entry_pgdir)), %eax;                                      \
	movl %eax, %cr3;                                                       \
	movl %cr4, %eax;                                                       \
	orl $(CR4_PSE), %eax;                                                  \
	movl %eax, %cr4;                                                       \
	movl %cr0, %eax;                                                       \
	orl $(CR0_PE | CR0_PG | CR0_WP), %eax;                                 \
	movl %eax, %cr0

/* clang-format on */

#endif /* !JOS_KERN_ENTRY_H */
