/* Trap numbers and the trap frame the kernel saves on every entry. */
#ifndef JOS_INC_TRAP_H
#define JOS_INC_TRAP_H

/* Processor exceptions (vectors 0-19). */
#define T_DIVIDE 0 /* divide error */
#define T_DEBUG 1  /* debug exception */
#define T_NMI 2    /* non-maskable interrupt */
#define T_BRKPT 3  /* breakpoint */
#define T_OFLOW 4  /* overflow */
#define T_BOUND 5  /* bounds check */
#define T_ILLOP 6  /* illegal opcode */
#define T_DEVICE 7 /* device not available */
#define T_DBLFLT 8 /* double fault */
/* 9 is reserved (coprocessor segment overrun) */
#define T_TSS 10   /* invalid task switch segment */
#define T_SEGNP 11 /* segment not present */
#define T_STACK 12 /* stack exception */
#define T_GPFLT 13 /* general protection fault */
#define T_PGFLT 14 /* page fault */
/* 15 is reserved */
#define T_FPERR 16   /* floating point error */
#define T_ALIGN 17   /* alignment check */
#define T_MCHK 18    /* machine check */
#define T_SIMDERR 19 /* SIMD floating point error */

/* Software interrupt for system calls (any vector above the IRQs works). */
#define T_SYSCALL 48 /* 0x30 */

/* Interrupts between CPUs (kern/lapic.c), above the system call. */
#define T_WAKEUP 49 /* a halted CPU has an env to run */
/* The last vector with an entry stub in kern/trapentry.S. */
#define T_LASTVEC T_WAKEUP

/* Hardware IRQ n arrives at vector IRQ_OFFSET + n. */
#define IRQ_OFFSET 32

#define IRQ_TIMER 0
#define IRQ_KBD 1
#define IRQ_SERIAL 4
#define IRQ_SPURIOUS 7
#define IRQ_IDE 14
#define IRQ_ERROR 19

/*
 * Byte offsets into the frames below, for the assembly that uses them
 * (kern/trapentry.S, lib/pfentry.S).  kern/trap.c checks each against the
 * structs at compile time.
 */
#define TF_CS 0x34      /* struct Trapframe: tf_cs */
#define UTF_REGS 0x08   /* struct UTrapframe: utf_regs, after fault_va, err */
#define UTF_EIP 0x28    /* utf_eip, right after utf_regs */
#define UTF_EFLAGS 0x2c /* utf_eflags, right after utf_eip */
#define UTF_ESP 0x30    /* utf_esp, right after utf_eflags, last */

#ifndef __ASSEMBLER__

#include <inc/types.h>

/* General registers in the order pushal pushes them (lowest address first). */
struct PushRegs {
	uint32_t reg_edi;
	uint32_t reg_esi;
	uint32_t reg_ebp;
	uint32_t reg_oesp; /* esp at pushal time: useless, popal ignores it */
	uint32_t reg_ebx;
	uint32_t reg_edx;
	uint32_t reg_ecx;
	uint32_t reg_eax;
} __attribute__((packed));

/*
 * What the kernel saves on a trap: the trap entry pushes the segment
 * registers and the general registers below what the processor pushed.
 * tf_esp and tf_ss are valid only for traps from user mode.
 */
struct Trapframe {
	struct PushRegs tf_regs;
	uint16_t tf_es;
	uint16_t tf_padding1;
	uint16_t tf_ds;
	uint16_t tf_padding2;
	uint32_t tf_trapno;
	/* pushed by the processor (tf_err by our stub when it does not) */
	uint32_t tf_err;
	uintptr_t tf_eip;
	uint16_t tf_cs;
	uint16_t tf_padding3;
	uint32_t tf_eflags;
	/* only on a privilege change */
	uintptr_t tf_esp;
	uint16_t tf_ss;
	uint16_t tf_padding4;
} __attribute__((packed));

/*
 * What the kernel pushes on the user exception stack for a page-fault
 * upcall (52 bytes).  See lib/pfentry.S for how it is consumed.
 */
struct UTrapframe {
	uint32_t utf_fault_va; /* the faulting address (%cr2) */
	uint32_t utf_err;      /* page fault error code (FEC_*) */
	struct PushRegs utf_regs;
	uintptr_t utf_eip;
	uint32_t utf_eflags;
	uintptr_t utf_esp;
} __attribute__((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !JOS_INC_TRAP_H */
