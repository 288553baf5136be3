/*
 * pingpong: a counter bounced between a parent and its fork()ed child
 * over IPC.
 *
 * The parent sends 0 to the child.  Each side, on receiving a value,
 * prints it, adds one and sends it back, until the value reaches 10; then
 * both exit.  The ids are deterministic: the parent is 00001000, the
 * child 00001001.
 *
 * Expected output: "send 0 from 1000 to 1001", then "1001 got 0 from
 * 1000", "1000 got 1 from 1001", ..., "1001 got 10 from 1000".
 */
#include <inc/lib.h>

#define LAST 10

void
umain(int argc, char **argv)
{
	envid_t peer;
	uint32_t value;

	peer = fork();
	if (peer < 0)
		panic("fork: %e", peer);
	if (peer != 0) {
		cprintf("send 0 from %x to %x\n", sys_getenvid(), peer);
		ipc_send(peer, 0, NULL, 0);
	}

	for (;;) {
		value = ipc_recv(&peer, NULL, NULL);
		cprintf("%x got %d from %x\n", sys_getenvid(), value, peer);
		if (value == LAST)
			return;
		value++;
		ipc_send(peer, value, NULL, 0);
		if (value == LAST)
			return;
	}
}
