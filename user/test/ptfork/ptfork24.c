/*
 * ptfork24: 24 children of one parent, made by ptfork(), all write the
 * same pages at once; each must see only its own words.
 *
 * The parent fills NPAGES pages with its words, then ptforks NCHILD
 * children (each ptfork() after the first finds the parent's tables
 * already shared and shares them once more, or copies the one it writes
 * in between).  Each child overwrites every page with its own words three
 * times, yielding in between so that the others run, checks each time
 * that the words are its own, and reports its number over IPC (plus FAILED
 * when something was wrong).  The parent collects the 24 reports, then
 * checks its own pages.
 *
 * Expected output: "ptfork24: child N OK" for N = 0 .. 23,
 * "ptfork24: parent pages untouched OK" and "ptfork24: 24 children OK";
 * no "FAIL".
 */
#include <inc/lib.h>

#define NCHILD 24
#define NPAGES 4
#define NWORDS (PGSIZE / sizeof(uint32_t))
#define PARENT_WRITER NCHILD
#define FAILED 0x100

static uint32_t shared_pages[NPAGES][NWORDS] __attribute__((aligned(PGSIZE)));

static uint32_t
word_of(int writer, int page, unsigned i)
{
	return ((uint32_t)writer << 24) ^ ((uint32_t)page << 20) ^ (i * 5);
}

static void
fill(int writer)
{
	unsigned i;
	int p;

	for (p = 0; p < NPAGES; p++)
		for (i = 0; i < NWORDS; i++)
			shared_pages[p][i] = word_of(writer, p, i);
}

/* True when every word is writer's. */
static bool
all_words_of(int writer)
{
	unsigned i;
	int p;

	for (p = 0; p < NPAGES; p++)
		for (i = 0; i < NWORDS; i++)
			if (shared_pages[p][i] != word_of(writer, p, i))
				return false;
	return true;
}

static void
child(int n)
{
	bool ok = all_words_of(PARENT_WRITER);
	int round;

	for (round = 0; round < 3; round++) {
		fill(n);
		sys_yield();
		ok = ok && all_words_of(n);
	}
	cprintf("ptfork24: child %d %s\n", n, ok ? "OK" : "FAIL");
	ipc_send(thisenv->env_parent_id, ok ? n : n | FAILED, NULL, 0);
}

void
umain(int argc, char **argv)
{
	int n, good = 0;
	envid_t who;

	fill(PARENT_WRITER);
	for (n = 0; n < NCHILD; n++) {
		if ((who = ptfork()) < 0)
			panic("ptfork: %e", who);
		if (who == 0) {
			child(n);
			return;
		}
	}
	for (n = 0; n < NCHILD; n++)
		if (!(ipc_recv(NULL, NULL, NULL) & FAILED))
			good++;
	cprintf("ptfork24: parent pages untouched %s\n",
		all_words_of(PARENT_WRITER) ? "OK" : "FAIL");
	if (good == NCHILD)
		cprintf("ptfork24: %d children OK\n", good);
	else
		cprintf("ptfork24: FAIL: got %d children OK want %d\n", good,
			NCHILD);
}
