/*
 * pingpongs: the JOS lab 4 handout's ping-pong over sfork().  Parent and
 * child share the global val (sfork shares every page but the stack), so
 * the messages carry nothing: each side, woken by the other, prints val,
 * adds one to it in place and wakes the other, until val is 10.  Each
 * line also shows thisenv, which must name the printing environment.
 *
 * Expected output: "i am 00001000; thisenv is 0xeec00000", "send 0 from
 * 1000 to 1001", then "1001 got 0 from 1000 (thisenv is 0xeec0007c
 * 1001)", "1000 got 1 from 1001 (thisenv is 0xeec00000 1000)", ... up to
 * "1001 got 10 from 1000 (...)".
 */
#include <inc/lib.h>

uint32_t val;

void
umain(int argc, char **argv)
{
	envid_t who;

	if ((who = sfork()) < 0)
		panic("sfork: %e", who);
	if (who != 0) {
		cprintf("i am %08x; thisenv is %p\n", sys_getenvid(), thisenv);
		cprintf("send 0 from %x to %x\n", sys_getenvid(), who);
		ipc_send(who, 0, NULL, 0);
	}

	for (;;) {
		ipc_recv(&who, NULL, NULL);
		cprintf("%x got %d from %x (thisenv is %p %x)\n",
			sys_getenvid(), val, who, thisenv, thisenv->env_id);
		if (val == 10)
			return;
		val++;
		ipc_send(who, 0, NULL, 0);
		if (val == 10)
			return;
	}
}
