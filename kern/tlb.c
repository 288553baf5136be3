/*
 * TLB shootdown (docs/smp.md, TLB consistency).  When the holder of the
 * big kernel lock changes or removes an entry of page directory pgdir,
 * tlb_invalidate() (kern/pmap.h) flushes this CPU's TLB and notes here
 * every other CPU that has pgdir loaded: those are the CPUs whose TLB may
 * hold the old entry.  Nothing is sent yet, so that a system call that
 * changes many entries costs one round: tlb_shootdown() runs it before
 * the lock is released (env_run(), sched_halt()), so no CPU goes back to
 * user mode while a TLB elsewhere still holds an entry the lock holder
 * changed.  A frame freed while a round is due does not join the free
 * list (its next owner would share it with a stale entry elsewhere, one
 * that reads, or writes, a page table say): it waits in a list until the
 * round is over.
 *
 * The round: each noted CPU gets its flush flag set; one that runs user
 * code gets an IPI and the lock holder waits for its acknowledgement,
 * the flag cleared.  One in the kernel is not waited for (it may be
 * spinning on the lock with interrupts off, and would never answer): it
 * left user mode before taking the lock (tlb_user_leave()), and carries
 * out the flush as soon as it has the lock (tlb_flush_due()), before it
 * touches user memory.  The IPI handler never takes the lock.
 */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/env.h>
#include <kern/page.h>
#include <kern/tlb.h>

volatile uint32_t tlb_stale_cpus;

/* Pages whose last mapping went while a round was due, linked through
 * pp_link: freed when the round is over. */
static struct PageInfo *tlb_held;

/*
 * Note every CPU but this one that has pgdir loaded, as the one it runs
 * (or ran until it trapped: a CPU keeps its env's page directory until it
 * takes the lock).  A halted CPU runs on kern_pgdir and is never noted.
 */
void
tlb_note_remote(pde_t *pgdir)
{
	int i, me = cpunum();

	for (i = 0; i < ncpu; i++)
		if (i != me && cpus[i].cpu_env &&
		    cpus[i].cpu_env->env_pgdir == pgdir)
			tlb_stale_cpus |= 1u << i;
}

/* Free pp, which no mapping holds any more, once the round that is due
 * is over: some CPU's TLB may still map it until then. */
void
tlb_free_later(struct PageInfo *pp)
{
	pp->pp_link = tlb_held;
	tlb_held = pp;
}

/*
 * The round of tlb_shootdown(): ask each noted CPU to flush, interrupt
 * those in user mode, and wait until each has flushed or entered the
 * kernel (where it flushes once it has the lock).  The flag is set with
 * xchg, a full barrier, before cpu_in_user is read; a trapping CPU clears
 * cpu_in_user before its own xchg on the lock, then reads the flag: so either
 * this CPU sees it in user mode, or it sees the flag.  Then the pages
 * held back are freed.
 */
void
tlb_shootdown_round(void)
{
	uint32_t wait = 0, stale = tlb_stale_cpus;
	struct PageInfo *pp;
	int i;

	tlb_stale_cpus = 0;
	for (i = 0; i < ncpu; i++) {
		if (!(stale & (1u << i)))
			continue;
		xchg(&cpus[i].cpu_tlb_flush, 1);
		if (cpus[i].cpu_in_user) {
			lapic_ipi(cpus[i].cpu_apicid, T_TLBFLUSH);
			wait |= 1u << i;
		}
	}
	for (i = 0; i < ncpu; i++)
		while ((wait & (1u << i)) && cpus[i].cpu_tlb_flush &&
		       cpus[i].cpu_in_user)
			cpu_relax();
	while ((pp = tlb_held)) {
		tlb_held = pp->pp_link;
		pp->pp_link = NULL;
		page_free(pp);
	}
}

/*
 * The IPI T_TLBFLUSH, taken in user mode (or by a CPU halted since the
 * round): flush, acknowledge, and go back to what was interrupted, without
 * the kernel lock and without scheduling.
 */
void
tlb_ipi(struct Trapframe *tf)
{
	xchg(&thiscpu->cpu_tlb_flush, 0);
	tlbflush();
	lapic_eoi();
	env_pop_tf(tf);
}
