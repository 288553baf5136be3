/*
 * The kernel's first instructions.  The boot loader jumps to _start (the
 * physical address of `entry`) in protected mode with paging off.  We turn
 * paging on with a tiny static page directory, move to the high kernel
 * stack and call i386_init() in C.
 *
 * Two loaders get here: our boot sector (boot/), and a multiboot loader
 * such as QEMU's -kernel, which the grader uses to skip the disk (see
 * docs/boot.md).  Both enter in 32-bit protected mode with flat segments,
 * paging and interrupts off; entry uses neither the stack nor any register
 * they pass, so it runs the same after either.
 */
#include <kern/entry.h>

/* Physical memory mapped at KERNBASE before mem_init(): 16 x 4 MiB. */
#define ENTRY_PDES 16

/*
 * The multiboot header: the magic, flags and a checksum that makes the
 * three words add up to 0.  It must lie 4-byte aligned in the first 8 KiB
 * of the file; here it starts .text, the first loaded byte.  No flag is
 * set: the loader places the ELF segments at their physical addresses and
 * jumps to the ELF entry point, _start, as the boot sector does.
 */
#define MULTIBOOT_MAGIC 0x1BADB002
#define MULTIBOOT_FLAGS 0

.text

.p2align 2
multiboot_header:
	.long	MULTIBOOT_MAGIC
	.long	MULTIBOOT_FLAGS
	.long	-(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

.globl _start
_start = RELOC(entry)

.globl entry
entry:
	/* Tell the BIOS a warm boot is fine if we ever reset. */
	movw	$0x1234, 0x472

	/*
	 * entry_pgdir maps virtual [0, 4 MiB) to physical [0, 4 MiB) and
	 * [KERNBASE, KERNBASE + 64 MiB) to physical [0, 64 MiB), with 4 MiB
	 * pages: room for the kernel image (with every user program inside)
	 * and boot_alloc() until mem_init() builds the real page tables.  The
	 * low map keeps the next instruction fetchable once paging is on.
	 */
	ENTRY_PAGING_ON

	/* Jump to the high half: an indirect jump, so the target is absolute. */
	mov	$relocated, %eax
	jmp	*%eax
relocated:
	/* A zero frame pointer ends backtraces here.  Five zero words at the
	 * top stand for the outermost frame's arguments, so that a backtrace
	 * prints them from inside the stack. */
	movl	$0x0, %ebp
	movl	$(bootstacktop - 20), %esp

	call	i386_init

	/* i386_init never returns; if it does, stop here. */
1:	hlt
	jmp	1b

.data

/* The boot page directory (see above). */
.p2align PGSHIFT
.globl entry_pgdir
entry_pgdir:
	.long	0x0 | PTE_P | PTE_W | PTE_PS
	.fill	(KERNBASE >> PDXSHIFT) - 1, 4, 0
	.set	pa, 0
	.rept	ENTRY_PDES
	.long	pa | PTE_P | PTE_W | PTE_PS
	.set	pa, pa + PTSIZE
	.endr
	.fill	NPDENTRIES - (KERNBASE >> PDXSHIFT) - ENTRY_PDES, 4, 0

/*
 * The kernel stack.  mem_init() also maps these pages at
 * [KSTACKTOP - KSTKSIZE, KSTACKTOP), with an unmapped guard below.
 */
.p2align PGSHIFT
.globl bootstack
bootstack:
	.space	KSTKSIZE
.globl bootstacktop
bootstacktop:
