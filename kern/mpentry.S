/*
 * Where the other CPUs (the APs) start.  boot_aps() (kern/init.c) copies
 * the code from mpentry_start to mpentry_end to physical MPENTRY_PADDR
 * and sends each AP a STARTUP interrupt naming that page: the AP then
 * runs it in real mode at %cs = MPENTRY_PADDR >> 4, %ip = 0.  The code is
 * linked at its kernel address but runs at the copy, so every address it
 * uses before paging is MPBOOTPHYS(symbol), the symbol's place in the copy.
 *
 * It loads a flat GDT of its own, enters protected mode, turns on paging
 * with kern/entry.S's entry_pgdir (4 MiB pages, so CR4.PSE first), moves
 * to the kernel stack boot_aps() chose for this AP (mpentry_kstack) and
 * calls mp_main() at its kernel address.  Interrupts stay off throughout.
 */
#include <kern/entry.h>

#define MPBOOTPHYS(s) ((s) - mpentry_start + MPENTRY_PADDR)

	.set CODE_SEL, 0x08	/* mpentry_gdt[1]: flat code */
	.set DATA_SEL, 0x10	/* mpentry_gdt[2]: flat data */

.text
.globl mpentry_start
	.code16
mpentry_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	/* %ds is 0, so the descriptor's address is its physical one. */
	lgdt	MPBOOTPHYS(mpentry_gdt_desc)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$CODE_SEL, $(MPBOOTPHYS(mpentry_start32))

	.code32
mpentry_start32:
	movw	$DATA_SEL, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	$0, %ax
	movw	%ax, %fs
	movw	%ax, %gs

	/* Paging as kern/entry.S turns it on for the boot CPU. */
	ENTRY_PAGING_ON

	/* The high half is mapped now: the AP's own stack, then C. */
	movl	mpentry_kstack, %esp
	movl	$0x0, %ebp
	movl	$mp_main, %eax
	call	*%eax

	/* mp_main never returns. */
1:	hlt
	jmp	1b

	.p2align 2
mpentry_gdt:
	SEG_NULL
	SEG(STA_X | STA_R, 0x0, 0xffffffff)
	SEG(STA_W, 0x0, 0xffffffff)
mpentry_gdt_desc:
	.word	mpentry_gdt_desc - mpentry_gdt - 1
	.long	MPBOOTPHYS(mpentry_gdt)

.globl mpentry_end
mpentry_end:
	nop
