/*
 * forkchain [fork|ptfork]: a chain of fork()s (or ptfork()s), DEPTH deep,
 * in which every level keeps its own view of pages that all its ancestors
 * wrote, and then wrecks those pages without harming anyone else.
 *
 * Level 0 is the first environment; level L forks level L + 1 until
 * DEPTH.  chain_page[L] belongs to level L.  Each level:
 *
 *   1. checks chain_page[0 .. L-1] hold its ancestors' words (inherited
 *      copy-on-write several levels deep: some frames then have pp_ref up
 *      to 9; under ptfork, through tables shared several times over);
 *   2. fills chain_page[L] with its own words;
 *   3. forks level L + 1 and waits for it to report;
 *   4. checks chain_page[0 .. L] are unchanged, although the descendant
 *      overwrote them all (step 5);
 *   5. overwrites chain_page[0 .. L-1] with junk, reports to its parent
 *      and exits.
 *
 * Lines: "forkchain: level L ancestors OK" for L = 0 .. 8, "forkchain:
 * level L intact after child OK" for L = 0 .. 7 (level 8 has no child);
 * ptforkchain under ptfork.
 */
#include <inc/lib.h>
#include <inc/check.h>

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

/*
 * True when chain_page[0 .. last] each hold their own level's words;
 * else prints the first wrong word (the check's line then says FAIL).
 */
static bool
pages_intact(int last)
{
	unsigned i;
	int page;

	for (page = 0; page <= last; page++)
		for (i = 0; i < NWORDS; i++)
			if (chain_page[page][i] != word_of(page, i)) {
				cprintf("page %d word %u: got %08x want %08x\n",
					page, i, chain_page[page][i],
					word_of(page, i));
				return false;
			}
	return true;
}

void
umain(int argc, char **argv)
{
	int level = 0, page;
	envid_t child;

	check_fork_mode(argc, argv);
	for (;;) {
		check_true(pages_intact(level - 1), "level %d ancestors",
			   level);
		fill(level, level);
		if (level == DEPTH)
			break;
		if ((child = check_fork()) < 0)
			panic("fork: %e", child);
		if (child == 0) {
			level++;
			continue;
		}
		ipc_recv(NULL, NULL, NULL);
		check_true(pages_intact(level), "level %d intact after child",
			   level);
		break;
	}
	for (page = 0; page < level; page++)
		fill(page, -1);
	if (level > 0)
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}
