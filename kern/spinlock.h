/*
 * Spin locks, and the one the kernel uses today: the big kernel lock,
 * which every CPU holds while it runs kernel code (docs/smp.md).  Taking
 * and releasing are inline: they are on the path of every trap.
 */
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/x86.h>
#include <kern/cpu.h>

struct spinlock {
	volatile uint32_t locked; /* 1 while held */
	const char *name;         /* for panic messages */
	struct CpuInfo *cpu;      /* the holder, or NULL */
};

#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		0, (n), NULL                                                   \
	}

void spin_misuse(struct spinlock *lk, const char *what)
	__attribute__((noreturn));

/* True when this CPU holds lk. */
static inline bool
holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == thiscpu;
}

/*
 * Take lk, spinning until it is free, and record this CPU as its holder.
 * Panics when this CPU holds it already: it would wait for itself.  The
 * xchg keeps the critical section's loads and stores after it.
 */
static inline void
spin_lock(struct spinlock *lk)
{
	struct CpuInfo *c = thiscpu;

	if (lk->locked && lk->cpu == c)
		spin_misuse(lk, "taken twice");
	while (xchg(&lk->locked, 1) != 0)
		cpu_relax();
	lk->cpu = c;
}

/*
 * Release lk, which this CPU must hold.  The xchg makes every store of the
 * critical section visible before the lock is seen free.
 */
/* Release lk, which CPU c (the caller's, known already) must hold. */
static inline void
spin_unlock_on(struct spinlock *lk, struct CpuInfo *c)
{
	if (!lk->locked || lk->cpu != c)
		spin_misuse(lk, "released but not held");
	lk->cpu = NULL;
	xchg(&lk->locked, 0);
}

static inline void
spin_unlock(struct spinlock *lk)
{
	spin_unlock_on(lk, thiscpu);
}

extern struct spinlock kernel_lock;

static inline void
lock_kernel(void)
{
	spin_lock(&kernel_lock);
}

static inline void
unlock_kernel(void)
{
	spin_unlock(&kernel_lock);
}

/* unlock_kernel() for a caller that has thiscpu at hand as c. */
static inline void
unlock_kernel_on(struct CpuInfo *c)
{
	spin_unlock_on(&kernel_lock, c);
}

#endif /* !JOS_KERN_SPINLOCK_H */
