/*
 * A parent wakes its child out of sys_ipc_recv with sys_env_set_status
 * (ENV_RUNNABLE).  The child then runs on, but must no longer count as
 * receiving: otherwise any environment's later sys_ipc_try_send succeeds,
 * and the kernel writes 0 into the saved %eax of a child that is busy
 * with something else, in the middle of its code, and marks it runnable.
 *
 * The child (R) loops with a marker in %eax, checking it every turn, long
 * enough to be preempted many times; a sibling (S) keeps trying to send
 * to it until R is done.  R's marker must survive.  And R's interrupted
 * sys_ipc_recv must return an error, not 0 (or junk) as if a message had
 * come.
 *
 * Expected: "ipcwake: sys_ipc_recv after the wake: ... OK",
 * "ipcwake: receiver's registers intact OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define MARKER 0x5a5a5a5a
#define SPINS 40000000

/*
 * Spin with MARKER in %eax; returns what %eax held when it changed, or
 * MARKER if it never did.
 */
static uint32_t
spin_with_marker(void)
{
	uint32_t eax, n = SPINS;

	asm volatile("movl %2, %%eax\n"
		     "1:\n\t"
		     "cmpl %2, %%eax\n\t"
		     "jne 2f\n\t"
		     "decl %%ecx\n\t"
		     "jnz 1b\n"
		     "2:"
		     : "=&a"(eax), "+c"(n)
		     : "i"(MARKER)
		     : "cc");
	return eax;
}

static void
receiver(void)
{
	uint32_t eax;
	int r = sys_ipc_recv((void *)UTOP);

	/* No message came: the call must say so, not look like a receipt. */
	check_true(r < 0, "sys_ipc_recv after the wake: %e", r);
	eax = spin_with_marker();
	check_hex(eax, MARKER, "receiver's registers intact");
}

/* Keep sending to r until r is gone; report what happened. */
static void
sender(envid_t r)
{
	int sent = 0, refused = 0;

	while (envs[ENVX(r)].env_id == r &&
	       envs[ENVX(r)].env_status != ENV_FREE) {
		if (sys_ipc_try_send(r, 1, (void *)UTOP, 0) == 0)
			sent++;
		else
			refused++;
		sys_yield();
	}
	cprintf("ipcwake: the sender's sends: %d accepted, %d refused\n", sent,
		refused);
}

void
umain(int argc, char **argv)
{
	envid_t r, s;

	if ((r = fork()) < 0)
		panic("fork: %e", r);
	if (r == 0) {
		receiver();
		return;
	}
	while (!envs[ENVX(r)].env_ipc_recving ||
	       envs[ENVX(r)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	sys_env_set_status(r, ENV_RUNNABLE);
	if ((s = fork()) < 0)
		panic("fork: %e", s);
	if (s == 0) {
		sender(r);
		return;
	}
}
