/*
 * stresssched: the JOS lab 4 handout's scheduler stress test.  The first
 * environment forks NCHILD children and exits; each child waits until its
 * parent is gone, then yields ROUNDS times, counting COUNT increments of
 * a global between yields.  Each child has its own copy of the counter
 * (fork is copy-on-write), so it ends at ROUNDS * COUNT unless the same
 * environment ran on two CPUs at once, which would lose increments.
 * JOS runs it with CPUS=4 and wants to see every CPU; with one CPU every
 * line names CPU 0.
 *
 * Expected output: NCHILD lines "[ID] stresssched on CPU 0" and no "ran
 * on two CPUs at once" panic.
 */
#include <inc/lib.h>

#define NCHILD 20
#define ROUNDS 10
#define COUNT 10000

volatile int counter;

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid();
	envid_t id = 0;
	int i, j;

	for (i = 0; i < NCHILD; i++)
		if ((id = fork()) <= 0)
			break;
	if (id < 0)
		panic("fork: %e", id);
	if (i == NCHILD) {
		sys_yield();
		return;
	}

	/* Start together: once the parent has forked everyone and left. */
	while (envs[ENVX(parent)].env_status != ENV_FREE)
		sys_yield();

	for (i = 0; i < ROUNDS; i++) {
		sys_yield();
		for (j = 0; j < COUNT; j++)
			counter++;
	}
	if (counter != ROUNDS * COUNT)
		panic("ran on two CPUs at once (counter is %d)", counter);
	cprintf("[%08x] stresssched on CPU %d\n", thisenv->env_id,
		thisenv->env_cpunum);
}
