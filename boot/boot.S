/*
 * The boot sector, part 1: from real mode to 32-bit protected mode.
 *
 * The BIOS loads this sector (disk sector 0) at physical 0x7C00 and jumps
 * to it in 16-bit real mode.  We enable the A20 address line, load a flat
 * GDT (code and data segments covering all 4 GiB), switch on protected mode,
 * and call bootmain() in boot/main.c with a stack just below 0x7C00.
 *
 *	0x00000000 +------------------------+
 *	           | BIOS data, IVT         |
 *	           | ... stack grows down   |
 *	0x00007C00 +------------------------+ <- start, initial %esp
 *	           | this sector (512 B)    |
 *	0x00007E00 +------------------------+
 *	           |                        |
 *	0x00010000 | ELF header scratch     | (boot/main.c)
 *	           |                        |
 *	0x00100000 | kernel segments        | (their p_pa)
 */
#include <inc/mmu.h>

	.set CODE_SEL, 0x08	/* GDT[1]: flat code */
	.set DATA_SEL, 0x10	/* GDT[2]: flat data */

	.globl start
	.code16
start:
	cli			/* no BIOS interrupts from here on */
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss

	/*
	 * A20: without it, address bit 20 is forced to 0 and the kernel's
	 * load address 1 MiB would wrap to 0.  The keyboard controller
	 * (8042) drives the line: command 0xD1 writes its output port, and
	 * 0xDF is that port with the A20 bit set.
	 */
a20_wait_cmd:
	inb	$0x64, %al	/* status: bit 1 = input buffer full */
	testb	$0x2, %al
	jnz	a20_wait_cmd
	movb	$0xD1, %al
	outb	%al, $0x64
a20_wait_data:
	inb	$0x64, %al
	testb	$0x2, %al
	jnz	a20_wait_data
	movb	$0xDF, %al
	outb	%al, $0x60

	/* Protected mode, then a far jump to reload %cs from the GDT. */
	lgdt	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmp	$CODE_SEL, $start32

	.code32
start32:
	movw	$DATA_SEL, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$start, %esp
	call	bootmain

	/* bootmain returns only if the disk holds no kernel. */
halt:
	hlt
	jmp	halt

	.p2align 2
gdt:
	SEG_NULL
	SEG(STA_X | STA_R, 0x0, 0xffffffff)
	SEG(STA_W, 0x0, 0xffffffff)
gdt_desc:
	.word	gdt_desc - gdt - 1	/* limit */
	.long	gdt			/* base */
