/*
 * IPC between two environments made without the copy-on-write fork: the
 * parent duplicates itself with eager_fork() (sys_exofork plus a copy of
 * every page) and the two pass a counter back and forth.
 */
#include <inc/lib.h>

#define LAST 10

/*
 * Receive a counter from peer, print it, and send it back incremented
 * until it reaches LAST.
 */
static void
play(envid_t peer)
{
	envid_t from;
	uint32_t n;

	for (;;) {
		n = ipc_recv(&from, NULL, NULL);
		cprintf("%08x got %d from %08x\n", sys_getenvid(), n, from);
		if (from != peer)
			panic("message from %08x, expected %08x", from, peer);
		if (n == LAST)
			return;
		ipc_send(peer, n + 1, NULL, 0);
		if (n + 1 == LAST)
			return;
	}
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid();
	envid_t child;

	if ((child = eager_fork()) < 0)
		panic("eager_fork: %e", child);
	if (child == 0) {
		play(parent);
		return;
	}

	cprintf("send 0 from %08x to %08x\n", parent, child);
	ipc_send(child, 0, NULL, 0);
	play(child);
}
