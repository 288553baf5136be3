/*
 * forkchain: a chain of fork()s, 8 deep, where every level keeps its own
 * view of pages that all its ancestors wrote.
 *
 * Level 0 is the first environment; level L forks level L + 1 until
 * DEPTH.  There is one page per level.  Level L:
 *
 *   1. checks pages 0 .. L-1 hold its ancestors' patterns (inherited
 *      copy-on-write, several levels deep: some pages then have pp_ref
 *      up to 9);
 *   2. fills page L with its own pattern;
 *   3. forks level L + 1 and waits for it to finish;
 *   4. checks pages 0 .. L are still intact, although every descendant
 *      overwrote them (step 5);
 *   5. overwrites pages 0 .. L-1 with garbage, tells its parent, exits.
 *
 * Expected output: "forkchain: level L ancestors OK" for L = 0 .. 8,
 * "forkchain: level L intact after child OK" for L = 0 .. 7 (level 8
 * has no child), and no "FAIL" line.
 */
#include <inc/lib.h>

#define DEPTH 8
#define WORDS (PGSIZE / sizeof(uint32_t))

static uint32_t pagebuf[DEPTH + 1][WORDS] __attribute__((aligned(PGSIZE)));

static uint32_t
pattern(int level, int i)
{
	return (level << 24) | (i * 7);
}

/* Fill page level with the pattern of writer (or garbage when < 0). */
static void
fill(int level, int writer)
{
	int i;

	for (i = 0; i < WORDS; i++)
		pagebuf[level][i] =
			writer < 0 ? 0xdeadbeef : pattern(writer, i);
}

/* True when pages 0 .. last each hold their own level's pattern. */
static bool
intact(int last)
{
	int level, i;

	for (level = 0; level <= last; level++)
		for (i = 0; i < WORDS; i++)
			if (pagebuf[level][i] != pattern(level, i)) {
				cprintf("forkchain: page %d word %d is %08x, "
					"want %08x\n",
					level, i, pagebuf[level][i],
					pattern(level, i));
				return false;
			}
	return true;
}

static void
report(int level, const char *what, bool ok)
{
	cprintf("forkchain: level %d %s %s\n", level, what, ok ? "OK" : "FAIL");
}

void
umain(int argc, char **argv)
{
	int level = 0, l;
	envid_t child;

	for (;;) {
		report(level, "ancestors", intact(level - 1));
		fill(level, level);
		if (level == DEPTH)
			break;
		if ((child = fork()) < 0)
			panic("fork: %e", child);
		if (child == 0) {
			level++;
			continue;
		}
		ipc_recv(NULL, NULL, NULL);
		report(level, "intact after child", intact(level));
		break;
	}
	for (l = 0; l < level; l++)
		fill(l, -1);
	if (level > 0)
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}
