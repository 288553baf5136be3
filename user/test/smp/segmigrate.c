/*
 * %fs and %gs follow an environment from CPU to CPU.  RING envs pass a
 * token around a ring through IPC for TURNS turns; before each send an
 * env loads %fs and %gs with values that change every turn, and after
 * its receive it must find them.  On several CPUs an env that blocks in
 * ipc_recv often resumes on another CPU than the one it left (which may
 * have halted meanwhile), so the kernel must save the registers whenever
 * an env leaves a CPU, not only when the CPU switches to another env.
 *
 * Expected: "segmigrate: env N: %fs and %gs kept for 1000 turns OK" and
 * "segmigrate: env N: done OK" for N = 0 to 3; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>
#include <inc/x86.h>

#define RING 4
#define TURNS 1000

/* The selectors an env may load, one of them per turn. */
static const uint16_t selectors[] = { 0, GD_UD | 3, GD_UT | 3 };

static envid_t ring[RING];

/* Turn t's (fs, gs) for ring member me: each turn differs from the last. */
static void
want(int me, int t, uint16_t *fs, uint16_t *gs)
{
	*fs = selectors[(me + t) % 3];
	*gs = selectors[(me + 2 * t + 1) % 3];
}

static void
play(int me)
{
	envid_t next = ring[(me + 1) % RING];
	uint16_t fs, gs;
	int t, bad = -1;

	check_name("segmigrate: env %d", me);
	for (t = 0; t < TURNS && bad < 0; t++) {
		want(me, t, &fs, &gs);
		load_fs(fs);
		load_gs(gs);
		if (me == 0) {
			ipc_send(next, t, NULL, 0);
			ipc_recv(NULL, NULL, NULL);
		} else {
			ipc_recv(NULL, NULL, NULL);
			ipc_send(next, t, NULL, 0);
		}
		if (read_fs() != fs || read_gs() != gs)
			bad = t;
	}
	if (bad >= 0)
		cprintf("segmigrate: env %d: at turn %d %%fs %04x %%gs %04x, "
			"want %04x %04x\n",
			me, bad, read_fs(), read_gs(), fs, gs);
	check_true(bad < 0, "%%fs and %%gs kept for %d turns", TURNS);
	check_done();
}

void
umain(int argc, char **argv)
{
	envid_t id;
	int me;

	/* Each child learns the ring from the ids its elders saw forked. */
	ring[0] = sys_getenvid();
	for (me = 1; me < RING; me++) {
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0)
			break;
		ring[me] = id;
	}
	if (me < RING) {
		/* A child: wait until the parent has sent everyone the ring. */
		ipc_recv(NULL, NULL, NULL);
		for (id = 1; id < RING; id++)
			ring[id] = ipc_recv(NULL, NULL, NULL);
		play(me);
		return;
	}
	for (me = 1; me < RING; me++) {
		ipc_send(ring[me], 0, NULL, 0);
		for (id = 1; id < RING; id++)
			ipc_send(ring[me], ring[id], NULL, 0);
	}
	play(0);
}
