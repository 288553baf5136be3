/*
 * fork24 [fork|ptfork]: 24 children of one parent all write the same
 * copy-on-write pages at once; each must see only its own words.
 *
 * The parent fills NPAGES pages with its words and forks NCHILD children
 * (under ptfork, each ptfork() after the first finds the parent's tables
 * already shared and shares them once more, or copies the one it wrote
 * in between).  Each child overwrites every page with its own words three
 * times, yielding in between so that the others run, checks each time
 * that the words are its own, and reports its number over IPC (plus
 * FAILED when something was wrong).  The parent collects the 24 reports,
 * then checks its own pages.
 *
 * Lines: "fork24: child N OK" for N = 0 .. 23, "fork24: parent pages
 * untouched OK" and "fork24: 24 children OK" (ptfork24 under ptfork).
 */
#include <inc/lib.h>
#include <inc/check.h>

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
	check_true(ok, "child %d", n);
	ipc_send(thisenv->env_parent_id, ok ? n : n | FAILED, NULL, 0);
}

void
umain(int argc, char **argv)
{
	int n, good = 0;
	envid_t who;

	check_fork_mode(argc, argv);
	fill(PARENT_WRITER);
	for (n = 0; n < NCHILD; n++) {
		if ((who = check_fork()) < 0)
			panic("fork: %e", who);
		if (who == 0) {
			child(n);
			return;
		}
	}
	for (n = 0; n < NCHILD; n++)
		if (!(ipc_recv(NULL, NULL, NULL) & FAILED))
			good++;
	check_true(all_words_of(PARENT_WRITER), "parent pages untouched");
	check_int(good, NCHILD, "%d children", NCHILD);
}
