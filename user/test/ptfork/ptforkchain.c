/*
 * ptforkchain: a chain of ptfork()s, DEPTH deep, in which every level
 * keeps its own view of pages that all its ancestors wrote, and then
 * wrecks those pages without harming anyone else.
 *
 * Level 0 is the first environment; level L ptforks level L + 1 until
 * DEPTH.  chain_page[L] belongs to level L.  Each level:
 *
 *   1. checks chain_page[0 .. L-1] hold its ancestors' words (inherited
 *      through tables shared several times over);
 *   2. fills chain_page[L] with its own words;
 *   3. ptforks level L + 1 and waits for it to report;
 *   4. checks chain_page[0 .. L] are unchanged, although the descendant
 *      overwrote them all (step 5);
 *   5. overwrites chain_page[0 .. L-1] with junk, reports to its parent
 *      and exits.
 *
 * Expected output: "ptforkchain: level L ancestors OK" for L = 0 .. 8,
 * "ptforkchain: level L intact after child OK" for L = 0 .. 7; no "FAIL".
 */
#include <inc/lib.h>

#define DEPTH 8
#define NWORDS (PGSIZE / sizeof(uint32_t))
#define JUNK 0xbadc0ffe

static uint32_t chain_page[DEPTH + 1][NWORDS] __attribute__((aligned(PGSIZE)));

/* The word that level writes at index i of its page. */
static uint32_t
word_of(int level, unsigned i)
{
	return 0x50000000u + ((uint32_t)level << 16) + i * 3;
}

/* Fill chain_page[page] with the words of writer, or junk when < 0. */
static void
fill(int page, int writer)
{
	unsigned i;

	for (i = 0; i < NWORDS; i++)
		chain_page[page][i] = writer < 0 ? JUNK : word_of(writer, i);
}

/* True when chain_page[0 .. last] each hold their own level's words. */
static bool
pages_intact(int last)
{
	unsigned i;
	int page;

	for (page = 0; page <= last; page++)
		for (i = 0; i < NWORDS; i++)
			if (chain_page[page][i] != word_of(page, i)) {
				cprintf("ptforkchain: page %d word %u: got "
					"%08x want %08x\n",
					page, i, chain_page[page][i],
					word_of(page, i));
				return false;
			}
	return true;
}

static void
report(int level, const char *what, bool ok)
{
	cprintf("ptforkchain: level %d %s %s\n", level, what,
		ok ? "OK" : "FAIL");
}

void
umain(int argc, char **argv)
{
	int level = 0, page;
	envid_t child;

	for (;;) {
		report(level, "ancestors", pages_intact(level - 1));
		fill(level, level);
		if (level == DEPTH)
			break;
		if ((child = ptfork()) < 0)
			panic("ptfork: %e", child);
		if (child == 0) {
			level++;
			continue;
		}
		ipc_recv(NULL, NULL, NULL);
		report(level, "intact after child", pages_intact(level));
		break;
	}
	for (page = 0; page < level; page++)
		fill(page, -1);
	if (level > 0)
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}
