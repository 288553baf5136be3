/*
 * forkpar W N: W workers fork at once, each N times in a row (its child
 * exits at once, the worker waits for it), the figure of `make bench` for
 * several CPUs forking together (docs/bench.md).  Prints one line, the
 * rdtsc ticks from the first worker's start to the last one's end:
 *
 *	bench forkpar workers=W forks=F ticks=T
 *
 * Under QEMU -icount a tick is a guest instruction of the machine's one
 * virtual clock, which the CPUs share as QEMU runs them in turn; without
 * it, a host TSC cycle.
 */
#include <inc/lib.h>
#include <inc/x86.h>

#define MAXWORKERS 16

/* One worker: n forks, each child exiting at once. */
static void
worker(int n)
{
	envid_t id;
	int i;

	for (i = 0; i < n; i++) {
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0)
			exit();
		wait_env_exit(id);
	}
}

void
umain(int argc, char **argv)
{
	int w = argc > 1 ? strtol(argv[1], NULL, 10) : 4;
	int n = argc > 2 ? strtol(argv[2], NULL, 10) : 64;
	envid_t ids[MAXWORKERS];
	uint64_t start;
	int i;

	if (w < 1 || w > MAXWORKERS || n < 1)
		panic("usage: forkpar [WORKERS 1-%d] [FORKS]", MAXWORKERS);
	start = read_tsc();
	for (i = 0; i < w; i++) {
		if ((ids[i] = fork()) < 0)
			panic("fork: %e", ids[i]);
		if (ids[i] == 0) {
			worker(n);
			exit();
		}
	}
	for (i = 0; i < w; i++)
		wait_env_exit(ids[i]);
	cprintf("bench forkpar workers=%d forks=%d ticks=%llu\n", w, w * n,
		read_tsc() - start);
}
