/*
 * sforkpingpong: ping-pong between two environments made by sfork(),
 * which share every page except the stack.
 *
 * The counter is a global, so it lives in a shared data page: each side
 * increments it in place and sends only a wake-up (value 0) over IPC; the
 * other side sees the new count in its own memory.  thisenv must name the
 * right Env in each (a plain global pointer would be shared, and wrong in
 * one of them).  The stack stays copy-on-write: a local variable written
 * by one side is not seen by the other.
 *
 * Expected output: "i am 00001000; thisenv is ..." and the same for
 * 00001001, "send 0 from 1000 to 1001", lines "ID got N from PEER" for N
 * = 1 .. 10 alternating between the two, "sforkpingpong: stack private
 * OK" twice, and no "sforkpingpong: FAIL" line.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define ROUNDS 10

/* Shared between parent and child by sfork(). */
static volatile uint32_t counter;

static void
check_thisenv(void)
{
	cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), thisenv);
	check_hex(thisenv->env_id, sys_getenvid(), "thisenv names me");
}

/* A local variable each side writes differently: must stay private. */
static void
check_stack(volatile int *mine, int want)
{
	check_int(*mine, want, "stack private");
}

void
umain(int argc, char **argv)
{
	volatile int local = 0;
	envid_t peer;
	uint32_t seen;

	peer = sfork();
	if (peer < 0)
		panic("sfork: %e", peer);
	local = (peer != 0) ? 1 : 2;
	check_thisenv();
	if (peer != 0) {
		cprintf("send 0 from %x to %x\n", sys_getenvid(), peer);
		counter++;
		ipc_send(peer, 0, NULL, 0);
	}

	for (;;) {
		ipc_recv(&peer, NULL, NULL);
		seen = counter;
		cprintf("%x got %d from %x\n", sys_getenvid(), seen, peer);
		if (seen >= ROUNDS)
			break;
		counter++;
		ipc_send(peer, 0, NULL, 0);
		if (seen + 1 >= ROUNDS)
			break;
	}
	check_stack(&local, thisenv->env_parent_id ? 2 : 1);
}
