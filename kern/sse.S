/*
 * The two loops of fpu_page_copy() and fpu_page_zero() (kern/fpu.c),
 * which has cleared CR0.TS before calling them.  Each saves the %xmm
 * registers it uses on the stack and restores them, so whatever env's
 * state the SSE unit holds survives.  cdecl; %eax, %ecx, %edx are
 * scratch.
 */
#include <inc/mmu.h>

/* The %xmm registers a loop uses, saved below %esp and restored. */
#define SAVE_AREA	(8 * 16)

.macro	xmm_save n
	movups	%xmm\n, \n*16(%esp)
.endm
.macro	xmm_restore n
	movups	\n*16(%esp), %xmm\n
.endm

/*
 * void sse_page_copy(void *dst, const void *src): 128 bytes per turn,
 * eight loads and then eight stores.  %eax counts from -PGSIZE up to 0,
 * and %edx and %ecx point at the ends of dst and src.
 */
	.text
	.globl	sse_page_copy
sse_page_copy:
	movl	4(%esp), %edx
	movl	8(%esp), %ecx
	subl	$SAVE_AREA, %esp
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	xmm_save \n
	.endr
	addl	$PGSIZE, %edx
	addl	$PGSIZE, %ecx
	movl	$-PGSIZE, %eax
1:	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	movaps	\n*16(%ecx,%eax), %xmm\n
	.endr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	movaps	%xmm\n, \n*16(%edx,%eax)
	.endr
	addl	$128, %eax
	jnz	1b
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	xmm_restore \n
	.endr
	addl	$SAVE_AREA, %esp
	ret

/*
 * void sse_page_zero(void *dst): %xmm0 zeroed, stored eight times per
 * 128-byte turn.
 */
	.globl	sse_page_zero
sse_page_zero:
	movl	4(%esp), %edx
	subl	$16, %esp
	xmm_save 0
	addl	$PGSIZE, %edx
	movl	$-PGSIZE, %eax
	xorps	%xmm0, %xmm0
1:	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	movaps	%xmm0, \n*16(%edx,%eax)
	.endr
	addl	$128, %eax
	jnz	1b
	xmm_restore 0
	addl	$16, %esp
	ret
