/*
 * Spin locks, and the one the kernel uses today: the big kernel lock,
 * which every CPU holds while it runs kernel code (docs/smp.md).
 */
#ifndef JOS_KERN_SPINLOCK_H
#define JOS_KERN_SPINLOCK_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

struct CpuInfo;

struct spinlock {
	volatile uint32_t locked; /* 1 while held */
	const char *name;         /* for panic messages */
	struct CpuInfo *cpu;      /* the holder, or NULL */
};

#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		0, (n), NULL                                                   \
	}

void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool holding(struct spinlock *lk);

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

#endif /* !JOS_KERN_SPINLOCK_H */
