/*
 * fork24: 24 children of one parent all write the same copy-on-write
 * pages at once; each must see only its own values.
 *
 * The parent fills NPAGES pages with its pattern and forks NCHILD
 * children.  Each child writes its own pattern over every page, yields a
 * few times so the others run in between, checks that every word is
 * still its own, and reports to the parent over IPC (value: its number,
 * plus 1000 when something was wrong).  The parent collects 24 reports,
 * then checks its own pages still hold the parent's pattern.
 *
 * Expected output: "fork24: child N OK" for N = 0 .. 23,
 * "fork24: parent pages untouched OK" and "fork24: 24 children OK";
 * no "FAIL" line.
 */
#include <inc/lib.h>

#define NCHILD 24
#define NPAGES 4
#define WORDS (PGSIZE / sizeof(uint32_t))
#define PARENT_ID NCHILD
#define BAD 1000

static uint32_t pagebuf[NPAGES][WORDS] __attribute__((aligned(PGSIZE)));

static uint32_t
pattern(int who, int page, int i)
{
	return (who << 24) | (page << 16) | i;
}

static void
fill(int who)
{
	int p, i;

	for (p = 0; p < NPAGES; p++)
		for (i = 0; i < WORDS; i++)
			pagebuf[p][i] = pattern(who, p, i);
}

/* True when every word holds who's pattern. */
static bool
holds(int who)
{
	int p, i;

	for (p = 0; p < NPAGES; p++)
		for (i = 0; i < WORDS; i++)
			if (pagebuf[p][i] != pattern(who, p, i))
				return false;
	return true;
}

static void
child(int n)
{
	int round;
	bool ok = holds(PARENT_ID);

	for (round = 0; round < 3; round++) {
		fill(n);
		sys_yield();
		ok = ok && holds(n);
	}
	cprintf("fork24: child %d %s\n", n, ok ? "OK" : "FAIL");
	ipc_send(thisenv->env_parent_id, ok ? n : n + BAD, NULL, 0);
}

void
umain(int argc, char **argv)
{
	int n, good = 0;
	uint32_t report;
	envid_t who;

	fill(PARENT_ID);
	for (n = 0; n < NCHILD; n++) {
		if ((who = fork()) < 0)
			panic("fork: %e", who);
		if (who == 0) {
			child(n);
			return;
		}
	}
	for (n = 0; n < NCHILD; n++) {
		report = ipc_recv(NULL, NULL, NULL);
		if (report < NCHILD)
			good++;
	}
	cprintf("fork24: parent pages untouched %s\n",
		holds(PARENT_ID) ? "OK" : "FAIL");
	if (good == NCHILD)
		cprintf("fork24: %d children OK\n", good);
	else
		cprintf("fork24: FAIL: %d of %d children OK\n", good, NCHILD);
}
