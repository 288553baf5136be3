/*
 * primes: the prime sieve as a pipeline of fork()ed environments.
 *
 * The first environment generates 2, 3, ..., LIMIT and sends them down
 * the pipeline over IPC.  Each stage receives its first number p, which
 * is prime (nothing smaller divided it), prints "prime p", forks the next
 * stage and from then on passes along only the numbers that p does not
 * divide.  After LIMIT the generator sends 0; each stage forwards the 0
 * and exits, so the whole pipeline shuts down and the system goes idle.
 *
 * LIMIT is argv[1] (default 1877).  Up to 1877 that is 289 primes, so
 * about 290 environments are alive at once.
 *
 * Expected output: "prime 2", "prime 3", ..., "prime 1877" (one line per
 * prime, in order), then "primes: LIMIT done".
 */
#include <inc/lib.h>

#define DEFAULT_LIMIT 1877
#define END_OF_STREAM 0

/*
 * Fork a new environment.  Returns its id in the caller and 0 in the
 * child; panics on failure.
 */
static envid_t
fork_or_die(void)
{
	envid_t child = fork();

	if (child < 0)
		panic("fork: %e", child);
	return child;
}

/*
 * The body of every stage.  A stage that forks the next one continues,
 * in the child, from the top with fresh variables (a loop, not a
 * recursive call: 290 nested stages would overflow the one-page stack).
 * Returns when the end of the stream has been forwarded.
 */
static void
stage(void)
{
	envid_t from, next;
	uint32_t p, n;

new_stage:
	p = ipc_recv(&from, NULL, NULL);
	if (p == END_OF_STREAM)
		return;
	cprintf("prime %d\n", p);

	for (next = 0;;) {
		n = ipc_recv(&from, NULL, NULL);
		if (n != END_OF_STREAM && n % p == 0)
			continue;
		if (next == 0 && (next = fork_or_die()) == 0)
			goto new_stage;
		ipc_send(next, n, NULL, 0);
		if (n == END_OF_STREAM)
			return;
	}
}

void
umain(int argc, char **argv)
{
	long limit = DEFAULT_LIMIT;
	envid_t first;
	uint32_t n;

	if (argc > 1)
		limit = strtol(argv[1], NULL, 10);
	first = fork_or_die();
	if (first == 0) {
		stage();
		return;
	}
	for (n = 2; n <= limit; n++)
		ipc_send(first, n, NULL, 0);
	ipc_send(first, END_OF_STREAM, NULL, 0);
	cprintf("primes: %d done\n", limit);
}
