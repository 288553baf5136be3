/*
 * fairness: the JOS lab 4 handout's scheduler fairness check.  Senders
 * call ipc_send to one receiver, the environment in envs[1], as fast as
 * they can (ipc_send yields while the receiver is busy); a fair scheduler
 * lets every sender through in turn.  The receiver prints "ID recv from
 * SENDER" per message, each sender "ID loop sending to RECEIVER" once.
 *
 * JOS starts the copies from the kernel and lets them run for ever.  Here
 * the first environment forks the receiver (it lands in envs[1]) and a
 * second sender, and each sender sends ROUNDS messages, so that the run
 * ends.  The receiver then checks that both senders got all their
 * messages through, and tells the longest run of messages from one
 * sender.  (With the round-robin scheduler that run is the whole share:
 * when the receiver blocks, the next env in envs[] after it, the second
 * sender, runs first and always finds it receiving.)
 *
 * Expected output: the lines above, then "fairness: ROUNDS from 1000,
 * ROUNDS from 1002, at most N in a row OK".
 */
#include <inc/lib.h>

#define ROUNDS 20

/*
 * Receive 2 * ROUNDS messages from the two senders (our parent and its
 * other child), then judge.
 */
static void
receive(void)
{
	envid_t who, senders[2] = { thisenv->env_parent_id, 0 };
	int count[2] = { 0, 0 }, run = 0, longest = 0, last = -1, i, s;
	bool ok;

	for (i = 0; i < 2 * ROUNDS; i++) {
		ipc_recv(&who, NULL, NULL);
		cprintf("%x recv from %x\n", sys_getenvid(), who);
		s = (who != senders[0]);
		senders[s] = who;
		count[s]++;
		run = (s == last) ? run + 1 : 1;
		longest = MAX(longest, run);
		last = s;
	}
	ok = count[0] == ROUNDS && count[1] == ROUNDS;
	cprintf("fairness: %d from %x, %d from %x, at most %d in a row %s\n",
		count[0], senders[0], count[1], senders[1], longest,
		ok ? "OK" : "FAIL");
}

/* Send ROUNDS messages to the receiver in envs[1]. */
static void
send(void)
{
	int i;

	cprintf("%x loop sending to %x\n", sys_getenvid(), envs[1].env_id);
	for (i = 0; i < ROUNDS; i++)
		ipc_send(envs[1].env_id, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t receiver, sender;

	if ((receiver = fork()) < 0)
		panic("fork: %e", receiver);
	if (receiver == 0) {
		receive();
		return;
	}
	if (thisenv != &envs[0] || ENVX(receiver) != 1)
		panic("fairness wants to run first, in envs[0]");
	if ((sender = fork()) < 0)
		panic("fork: %e", sender);
	send();
}
