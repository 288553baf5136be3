/*
 * Preemption: a child that spins forever without yielding must not keep
 * its parent off the CPU; the parent then destroys it.
 */
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t child;
	int i;

	cprintf("I am the parent.  Forking the child...\n");
	if ((child = eager_fork()) < 0)
		panic("eager_fork: %e", child);
	if (child == 0) {
		cprintf("I am the child.  Spinning...\n");
		for (;;)
			continue;
	}

	cprintf("I am the parent.  Running the child...\n");
	for (i = 0; i < 8; i++)
		sys_yield();

	cprintf("I am the parent.  Killing the child...\n");
	sys_env_destroy(child);
}
