/* Kernel-private trap handling. */
#ifndef JOS_KERN_TRAP_H
#define JOS_KERN_TRAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/trap.h>
#include <inc/mmu.h>
#include <inc/env.h>
#include <kern/cpu.h>

void trap_init(void);
void trap_init_percpu(int id);

/* A trap from user mode on CPU c will save its frame in e->env_tf
 * (kern/trapentry.S). */
static inline void
trap_set_frame(struct CpuInfo *c, struct Env *e)
{
	c->cpu_ts.ts_esp0 = (uintptr_t)(&e->env_tf + 1);
}

void trap(struct Trapframe *tf) __attribute__((noreturn));
void trap_ack(int trapno);
void print_regs(struct PushRegs *regs);
void print_trapframe(struct Trapframe *tf);
void page_fault_handler(struct Trapframe *tf);

#endif /* !JOS_KERN_TRAP_H */
