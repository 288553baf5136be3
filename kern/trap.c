/*
 * Traps: the IDT, the dispatch of exceptions, interrupts and system calls,
 * and the delivery of user page faults to the environment's own handler.
 */
#include <inc/mmu.h>
#include <inc/x86.h>
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/error.h>

#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/console.h>
#include <kern/debug/monitor.h>
#include <kern/env.h>
#include <kern/syscall.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/ptshare.h>
#include <kern/uvm.h>
#include <kern/fpu.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>
#include <kern/panic.h>
#include <kern/tlb.h>

/* The trap frame being handled, so print_trapframe can show %cr2. */
static struct Trapframe *last_tf;

/* The IDT: gates for vectors 0..255 (absent unless set in trap_init). */
static struct Gatedesc idt[256] = { { 0 } };
static struct Pseudodesc idt_pd = { sizeof(idt) - 1, (uint32_t)idt };

/* Entry stubs for vectors 0..T_LASTVEC, from trapentry.S. */
extern uintptr_t trap_vectors[];

/* The frame offsets that kern/trapentry.S and lib/pfentry.S use. */
static_assert(offsetof(struct Trapframe, tf_cs) == TF_CS);
static_assert(offsetof(struct UTrapframe, utf_regs) == UTF_REGS);
/* popal ends at utf_eip, and then the pops go eip, eflags, esp. */
static_assert(UTF_REGS + sizeof(struct PushRegs) == UTF_EIP);
static_assert(offsetof(struct UTrapframe, utf_eip) == UTF_EIP);
static_assert(offsetof(struct UTrapframe, utf_eflags) == UTF_EFLAGS);
static_assert(offsetof(struct UTrapframe, utf_esp) == UTF_ESP);
static_assert(UTF_EFLAGS == UTF_EIP + 4 && UTF_ESP == UTF_EFLAGS + 4);
static_assert(sizeof(struct UTrapframe) == 52);
/* trapentry.S finds this CPU's stack with a shift. */
static_assert(KSTKSIZE + KSTKGAP == 1 << KSTKSHIFT);

static const char *
trapname(int trapno)
{
	static const char *const excnames[] = {
		"Divide error",
		"Debug",
		"Non-Maskable Interrupt",
		"Breakpoint",
		"Overflow",
		"BOUND Range Exceeded",
		"Invalid Opcode",
		"Device Not Available",
		"Double Fault",
		"Coprocessor Segment Overrun",
		"Invalid TSS",
		"Segment Not Present",
		"Stack Fault",
		"General Protection",
		"Page Fault",
		"(unknown trap)",
		"x87 FPU Floating-Point Error",
		"Alignment Check",
		"Machine-Check",
		"SIMD Floating-Point Exception",
	};

	if (trapno < (int)ARRAY_SIZE(excnames))
		return excnames[trapno];
	if (trapno == T_SYSCALL)
		return "System call";
	if (trapno == T_WAKEUP)
		return "Wake-up interrupt";
	if (trapno >= IRQ_OFFSET && trapno < IRQ_OFFSET + 16)
		return "Hardware Interrupt";
	return "(unknown trap)";
}

/*
 * Fill the IDT: every processor exception and hardware IRQ gets an
 * interrupt gate (so the kernel always runs with interrupts off); only
 * breakpoint and the system call vector may be raised from ring 3.
 */
void
trap_init(void)
{
	int v;

	for (v = 0; v <= T_SIMDERR; v++)
		SETGATE(idt[v], false, GD_KT, trap_vectors[v], 0);
	for (v = IRQ_OFFSET; v < IRQ_OFFSET + 16; v++)
		SETGATE(idt[v], false, GD_KT, trap_vectors[v], 0);
	SETGATE(idt[T_BRKPT], false, GD_KT, trap_vectors[T_BRKPT], 3);
	SETGATE(idt[T_SYSCALL], false, GD_KT, trap_vectors[T_SYSCALL], 3);
	SETGATE(idt[T_WAKEUP], false, GD_KT, trap_vectors[T_WAKEUP], 0);
	SETGATE(idt[T_TLBFLUSH], false, GD_KT, trap_vectors[T_TLBFLUSH], 0);
	trap_init_percpu(0);
}

/*
 * Load CPU id's TSS (GDT slot GD_TSS0 + 8 * id: the task register then
 * tells cpunum() and trapentry.S which CPU they run on) and the IDT, and
 * set up the FPU so that an env's first FPU instruction traps (T_DEVICE).
 * ts_esp0 starts at the CPU's kernel stack top; env_run() points it at
 * the running env's env_tf (see trapentry.S).
 */
void
trap_init_percpu(int id)
{
	struct Taskstate *ts = &cpus[id].cpu_ts;
	uint16_t sel = GD_TSS0 + (id << 3);

	ts->ts_esp0 = CPU_KSTACKTOP(id);
	ts->ts_ss0 = GD_KD;
	ts->ts_iomb = sizeof(struct Taskstate);
	gdt[sel >> 3] = SEG_SYS16(STS_T32A, (uint32_t)ts,
				  sizeof(struct Taskstate) - 1, 0);
	ltr(sel);
	lidt(&idt_pd);
	fpu_init();
}

void
print_regs(struct PushRegs *regs)
{
	cprintf("  edi  0x%08x\n", regs->reg_edi);
	cprintf("  esi  0x%08x\n", regs->reg_esi);
	cprintf("  ebp  0x%08x\n", regs->reg_ebp);
	cprintf("  oesp 0x%08x\n", regs->reg_oesp);
	cprintf("  ebx  0x%08x\n", regs->reg_ebx);
	cprintf("  edx  0x%08x\n", regs->reg_edx);
	cprintf("  ecx  0x%08x\n", regs->reg_ecx);
	cprintf("  eax  0x%08x\n", regs->reg_eax);
}

/* The error code of a page fault in words: [user, write, not-present]. */
static void
print_pgfault_err(uint32_t err)
{
	cprintf(" [%s, %s, %s]\n", err & FEC_U ? "user" : "kernel",
		err & FEC_WR ? "write" : "read",
		err & FEC_PR ? "protection" : "not-present");
}

/*
 * Print tf in JOS's format, which graders read.  A frame from user mode
 * is the env's env_tf, inside envs[] (0xf0......), not on the kernel
 * stack.
 */
void
print_trapframe(struct Trapframe *tf)
{
	cprintf("TRAP frame at %p from CPU %d\n", tf, cpunum());
	print_regs(&tf->tf_regs);
	cprintf("  es   0x----%04x\n", tf->tf_es);
	cprintf("  ds   0x----%04x\n", tf->tf_ds);
	cprintf("  trap 0x%08x %s\n", tf->tf_trapno, trapname(tf->tf_trapno));
	if (tf == last_tf && tf->tf_trapno == T_PGFLT)
		cprintf("  cr2  0x%08x\n", rcr2());
	cprintf("  err  0x%08x", tf->tf_err);
	if (tf->tf_trapno == T_PGFLT)
		print_pgfault_err(tf->tf_err);
	else
		cprintf("\n");
	cprintf("  eip  0x%08x\n", tf->tf_eip);
	cprintf("  cs   0x----%04x\n", tf->tf_cs);
	cprintf("  flag 0x%08x\n", tf->tf_eflags);
	if ((tf->tf_cs & 3) != 0) {
		cprintf("  esp  0x%08x\n", tf->tf_esp);
		cprintf("  ss   0x----%04x\n", tf->tf_ss);
	}
}

/*
 * Acknowledge hardware interrupt irq; false when it was spurious (nothing
 * to acknowledge then).  Only the boot CPU gets the 8259's interrupts; on
 * the others IRQ_TIMER is the local APIC timer, and the APIC's spurious
 * vector is IRQ_SPURIOUS's, which the 8259 check finds spurious too.
 */
static bool
trap_irq_ack(int irq)
{
	if (irq == IRQ_TIMER && thiscpu != bootcpu) {
		lapic_eoi();
		return true;
	}
	return pic_ack(irq);
}

/* Acknowledge the interrupt at vector trapno without handling it: a halted
 * CPU that stays halted drops it (sched_wake()). */
void
trap_ack(int trapno)
{
	if (trapno == T_WAKEUP)
		lapic_eoi();
	else if (trapno >= IRQ_OFFSET && trapno < IRQ_OFFSET + 16)
		trap_irq_ack(trapno - IRQ_OFFSET);
}

/* Acknowledge and handle hardware interrupt irq. */
static void
trap_irq(int irq)
{
	if (!trap_irq_ack(irq))
		return;
	if (irq == IRQ_TIMER)
		sched_yield();
	else if (irq == IRQ_KBD)
		kbd_intr();
	else if (irq == IRQ_SERIAL)
		serial_intr();
}

/* Handle the trap in tf; returns when the current env should resume. */
static void
trap_dispatch(struct Trapframe *tf)
{
	struct PushRegs *r = &tf->tf_regs;

	switch (tf->tf_trapno) {
	case T_SYSCALL:
		r->reg_eax = syscall(r->reg_eax, r->reg_edx, r->reg_ecx,
				     r->reg_ebx, r->reg_edi, r->reg_esi);
		return;
	case T_PGFLT:
		page_fault_handler(tf);
		return;
	case T_WAKEUP:
		/* Scheduling again is all it asks (trap() does it when the
		 * CPU was halted; a running env just resumes). */
		lapic_eoi();
		return;
	case T_BRKPT:
		monitor(tf);
		return;
	case T_DEVICE:
		/* The kernel's own page copies clear CR0.TS before they
		 * borrow the SSE registers (kern/fpu.c): it never traps here. */
		if ((tf->tf_cs & 3) == 3) {
			fpu_device_trap();
			return;
		}
		break;
	}
	if (tf->tf_trapno >= IRQ_OFFSET && tf->tf_trapno < IRQ_OFFSET + 16) {
		trap_irq(tf->tf_trapno - IRQ_OFFSET);
		return;
	}
	/* Any other trap is the fault of whoever was running. */
	print_trapframe(tf);
	if ((tf->tf_cs & 3) == 0)
		panic("unhandled trap %d (%s) in kernel", tf->tf_trapno,
		      trapname(tf->tf_trapno));
	env_exit();
}

/*
 * The C entry point of every trap (from trapentry.S), with interrupts off.
 * A trap from user mode arrives already saved in curenv->env_tf, from
 * where the env can be resumed, and takes the big kernel lock; so does an
 * interrupt that wakes this CPU from sched_halt() (sched_wake() decides).
 * Any other trap from kernel mode comes from kernel code that holds the
 * lock already.  Never returns: it resumes curenv or schedules.
 */
void
trap(struct Trapframe *tf)
{
	struct CpuInfo *c = thiscpu;
	struct Env *e;

	/* The user may have left the direction flag set. */
	asm volatile("cld" ::: "cc");
	assert(!(read_eflags() & FL_IF));

	/* Another CPU panicked: stay out of the kernel. */
	if (panicstr)
		for (;;)
			asm volatile("hlt");
	/* A TLB shootdown: handled without the lock, whatever ran here. */
	if (tf->tf_trapno == T_TLBFLUSH)
		tlb_ipi(tf);

	/* From user mode, trapentry.S built the frame in curenv->env_tf. */
	if ((tf->tf_cs & 3) == 3) {
		tlb_user_leave(c);
		lock_kernel();
		tlb_flush_due(c);
		e = c->cpu_env;
		assert(e && tf == &e->env_tf);
		/* Destroyed by another CPU while it ran here: the interrupt
		 * that brought it in is acknowledged first, or its controller
		 * would send no more.  (Its parent may also have made it
		 * runnable or not: then it stops here, or goes on when the
		 * scheduler picks it.) */
		if (e->env_status == ENV_DYING) {
			trap_ack(tf->tf_trapno);
			env_exit();
		}
	} else if (c->cpu_status == CPU_HALTED)
		sched_wake(tf->tf_trapno);
	last_tf = tf;
	trap_dispatch(tf);

	if ((e = c->cpu_env) && e->env_status == ENV_RUNNING)
		env_run(e);
	sched_yield();
}

/* LAB 2: BEGIN E3 */
/*
 * Where the upcall frame for a fault with trap-time stack pointer esp
 * goes: just below UXSTACKTOP, or, for a fault on the exception stack
 * itself, below esp after one empty word (room for the handler's return
 * trick in lib/pfentry.S).  An esp in the guard page under the exception
 * stack (USTACKTOP up to it) belongs to a handler that ran off its stack:
 * the frame goes below it too, where it cannot be written, so the env is
 * destroyed instead of restarted at the top on its own frames.
 */
static struct UTrapframe *
upcall_frame_address(uintptr_t esp)
{
	uintptr_t top = UXSTACKTOP;

	if (esp >= USTACKTOP && esp < UXSTACKTOP)
		top = esp - 4;
	return (struct UTrapframe *)(top - sizeof(struct UTrapframe));
}
/* LAB 2: END */

/*
 * The first step of the copy cascade: a write fault in a region whose page
 * table curenv shares makes the table private (kern/ptshare.c).  Returns
 * true when that alone made the write possible (the last holder's PDE
 * became writable over a writable PTE): the env just retries it.  False
 * otherwise, and the fault goes on to the env's own copy-on-write handler.
 * Out of memory for the table copy destroys the env.
 */
static bool
page_fault_unshare(uintptr_t fault_va)
{
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	pde_t *pgdir = curenv->env_pgdir;
	pte_t *pte;

	if (fault_va >= UTOP || !pde_is_shared(pgdir[PDX(fault_va)]))
		return false;
	if (uvm_reserve(&r, uvm_table_cost(pgdir, fault_va, false)) < 0) {
		cprintf("[%08x] out of memory copying the page table for va "
			"%08x\n",
			curenv->env_id, fault_va);
		env_exit();
	}
	pte = uvm_private_pte(pgdir, fault_va, &r);
	uvm_release(&r);
	return (*pte & (PTE_P | PTE_W | PTE_U)) == (PTE_P | PTE_W | PTE_U);
}

/*
 * A page fault.  In the kernel it is a bug: panic.  In user mode, without
 * an upcall the env is told off and destroyed; with one, a UTrapframe is
 * pushed on the exception stack and the env resumes at its upcall.  One
 * writability check of the frame catches a missing exception stack, its
 * overflow into the guard page, and a read-only one: the env is destroyed.
 * A write into a shared page table first makes the table private.
 */
void
page_fault_handler(struct Trapframe *tf)
{
	uint32_t fault_va = rcr2();
	struct UTrapframe utf;
	uintptr_t utf_va;
	int r;

	if ((tf->tf_cs & 3) == 0)
		panic("kernel page fault at va %08x, eip %08x", fault_va,
		      tf->tf_eip);

	if ((tf->tf_err & FEC_WR) && page_fault_unshare(fault_va))
		return;

	if (!curenv->env_pgfault_upcall) {
		cprintf("[%08x] user fault va %08x ip %08x\n", curenv->env_id,
			fault_va, tf->tf_eip);
		print_trapframe(tf);
		env_exit();
	}

	/* LAB 2: BEGIN E3 */
	utf_va = (uintptr_t)upcall_frame_address(tf->tf_esp);
	utf.utf_fault_va = fault_va;
	utf.utf_err = tf->tf_err;
	utf.utf_regs = tf->tf_regs;
	utf.utf_eip = tf->tf_eip;
	utf.utf_eflags = tf->tf_eflags;
	utf.utf_esp = tf->tf_esp;
	/* Written as the env would write it (a copy-on-write exception stack
	 * gets its copy); a missing, overflowed or read-only one destroys the
	 * env, with the line user_mem_assert prints. */
	if ((r = uvm_copyout(curenv, utf_va, &utf, sizeof(utf))) < 0) {
		if (r == -E_NO_MEM)
			cprintf("[%08x] out of memory for the upcall frame\n",
				curenv->env_id);
		else
			cprintf("[%08x] user_mem_check assertion failure for "
				"va %08x\n",
				curenv->env_id, uvm_copyout_fault_va);
		env_exit();
	}
	tf->tf_esp = utf_va;
	tf->tf_eip = (uintptr_t)curenv->env_pgfault_upcall;
	/* LAB 2: END; stub:
	 * exercise_missing("page_fault_handler: the upcall", "E3");
	 * env_exit();
	 */
}
