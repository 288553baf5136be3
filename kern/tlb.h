/*
 * TLB shootdown: every CPU's TLB kept consistent with the page tables
 * (kern/tlb.c; docs/smp.md, TLB consistency).  tlb_invalidate() in
 * kern/pmap.h is the one caller of tlb_note_remote(), page_free() of
 * tlb_free_later(); the big kernel lock is released only after
 * tlb_shootdown().
 */
#ifndef JOS_KERN_TLB_H
#define JOS_KERN_TLB_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/mmu.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/cpu.h>

/* The CPUs (bit i: CPU i) whose TLB may hold an entry that the lock
 * holder has changed since its last tlb_shootdown(). */
extern volatile uint32_t tlb_stale_cpus;

struct PageInfo;

void tlb_note_remote(pde_t *pgdir);
void tlb_free_later(struct PageInfo *pp);
void tlb_shootdown_round(void);
void __attribute__((noreturn)) tlb_ipi(struct Trapframe *tf);

/*
 * Make every CPU noted by tlb_note_remote() drop its stale entries, then
 * free the pages tlb_free_later() kept back: before the kernel lock is
 * released.  Nothing to do, the common case, costs one load.
 */
static inline void
tlb_shootdown(void)
{
	if (tlb_stale_cpus)
		tlb_shootdown_round();
}

/* CPU c (this one) runs user code from now until its next trap:
 * env_run(), before it releases the kernel lock. */
static inline void
tlb_user_enter(struct CpuInfo *c)
{
	c->cpu_in_user = 1;
}

/* A trap from user mode on CPU c (this one), before it takes the kernel
 * lock: from now on a shootdown does not wait for it. */
static inline void
tlb_user_leave(struct CpuInfo *c)
{
	c->cpu_in_user = 0;
}

/* With the kernel lock just taken on CPU c (this one): carry out a flush
 * asked of it while it was on its way in. */
static inline void
tlb_flush_due(struct CpuInfo *c)
{
	if (c->cpu_tlb_flush) {
		c->cpu_tlb_flush = 0;
		tlbflush();
	}
}

#endif /* !JOS_KERN_TLB_H */
