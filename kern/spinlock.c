/* The big kernel lock, and the panic of a misused spin lock. */
#include <inc/assert.h>

#include <kern/cpu.h>
#include <kern/spinlock.h>

struct spinlock kernel_lock = SPINLOCK_INIT("kernel_lock");

/* Panic: this CPU misused lk as `what` says. */
void
spin_misuse(struct spinlock *lk, const char *what)
{
	panic("CPU %d: %s %s", cpunum(), lk->name, what);
}
