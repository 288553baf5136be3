/* Spin locks built on xchg, and the big kernel lock. */
#include <inc/assert.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/spinlock.h>

struct spinlock kernel_lock = SPINLOCK_INIT("kernel_lock");

/* True when this CPU holds lk. */
bool
holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == thiscpu;
}

/*
 * Take lk, spinning until it is free, and record this CPU as its holder.
 * Panics when this CPU holds it already: the caller would wait for itself.
 */
void
spin_lock(struct spinlock *lk)
{
	if (holding(lk))
		panic("CPU %d: %s taken twice", cpunum(), lk->name);
	/* xchg orders the loads and stores of the critical section after
	 * the lock is taken. */
	while (xchg(&lk->locked, 1) != 0)
		cpu_relax();
	lk->cpu = thiscpu;
}

/* Release lk, which this CPU must hold. */
void
spin_unlock(struct spinlock *lk)
{
	if (!holding(lk))
		panic("CPU %d: %s released but not held", cpunum(), lk->name);
	lk->cpu = NULL;
	/* xchg makes every store of the critical section visible before
	 * the lock is seen free. */
	xchg(&lk->locked, 0);
}
