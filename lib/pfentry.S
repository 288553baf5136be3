/*
 * _pgfault_upcall: where the kernel resumes an environment after a page
 * fault (docs/interface.md, the upcall protocol).  It calls the C handler
 * (_pgfault_handler) with a pointer to the UTrapframe, then returns to the
 * faulting instruction with every general register, eflags and %esp
 * exactly as they were.
 *
 * The kernel has built this frame on the exception stack and set %esp to
 * its bottom:
 *
 *   UXSTACKTOP, or trap-time %esp - 4 when the fault happened on the
 *   exception stack itself (the empty word at [trap-time %esp - 4] is
 *   left for the return address, see below)
 *        +--------------------+
 *   0x30 | utf_esp            |  trap-time %esp
 *   0x2c | utf_eflags         |  trap-time eflags
 *   0x28 | utf_eip            |  trap-time %eip
 *        +--------------------+
 *   0x24 | utf_regs.reg_eax   |
 *   0x20 | utf_regs.reg_ecx   |
 *   0x1c | utf_regs.reg_edx   |
 *   0x18 | utf_regs.reg_ebx   |  struct PushRegs, in popal order
 *   0x14 | utf_regs.reg_oesp  |  (popal skips oesp)
 *   0x10 | utf_regs.reg_ebp   |
 *   0x0c | utf_regs.reg_esi   |
 *   0x08 | utf_regs.reg_edi   |
 *        +--------------------+
 *   0x04 | utf_err            |
 *   0x00 | utf_fault_va       |  <-- %esp on entry
 *        +--------------------+
 */
#include <inc/mmu.h>
#include <inc/memlayout.h>
#include <inc/trap.h>	/* UTF_*: the offsets drawn above */

/* LAB 2: BEGIN E3 */
/*
 * To return we need %eip, %esp and eflags back at the same moment, with
 * no free register.  So we store the trap-time %eip just below the
 * trap-time stack top and lower utf_esp by 4:
 *
 *   trap-time stack                      after the fix-up
 *        +----------------+                   +----------------+
 *        | ...            |                   | ...            |
 *        +----------------+ <- utf_esp        +----------------+
 *        | (unused)       |                   | trap-time %eip | <- utf_esp
 *        +----------------+                   +----------------+
 *
 * Then: popal restores the registers, popfl the flags (after it no
 * instruction may change a flag, hence all arithmetic comes first), popl
 * %esp switches to the trap-time stack and ret pops the %eip we stored,
 * leaving %esp at its trap-time value.  For a recursive fault the word we
 * write is the empty word the kernel left above the nested frame.
 */
	.text
	.globl _pgfault_upcall
_pgfault_upcall:
	cld				/* the C handler expects DF clear */
	pushl %esp			/* argument: the UTrapframe */
	movl _pgfault_handler, %eax
	call *%eax
	addl $4, %esp			/* %esp -> UTrapframe again */

	movl UTF_ESP(%esp), %eax	/* trap-time %esp ... */
	subl $4, %eax			/* ... less the return-address slot */
	movl UTF_EIP(%esp), %ecx
	movl %ecx, (%eax)		/* store trap-time %eip there */
	movl %eax, UTF_ESP(%esp)

	addl $UTF_REGS, %esp		/* skip fault_va and err */
	popal				/* trap-time general registers */
	addl $(UTF_EFLAGS - UTF_EIP), %esp	/* skip utf_eip */
	popfl				/* trap-time eflags: no arithmetic after */
	popl %esp			/* trap-time %esp - 4 */
	ret				/* pop trap-time %eip */
/* LAB 2: END; stub:
 *	.text
 *	.globl _pgfault_upcall
 * _pgfault_upcall:
 *	pushl $upcall_exercise
 *	pushl $upcall_name
 *	call exercise_missing
 *
 *	.section .rodata
 * upcall_name:
 *	.string "_pgfault_upcall"
 * upcall_exercise:
 *	.string "E3"
 */
