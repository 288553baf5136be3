/*
 * forktree: a binary tree of environments made with fork(), depth 3.
 *
 * Each environment has a name, a bit string: the first is '' and the
 * children of 'x' are 'x0' and 'x1'.  Each prints its id and name, forks
 * its two children (unless its name is 3 bits long already) and exits,
 * so 1 + 2 + 4 + 8 = 15 environments run in all.  Parents exit while the
 * tree is still growing, so their slots in envs[] are freed and handed
 * out again: a reused slot gets a new generation, visible in ids such as
 * 00002000 (slot 0, second generation) in the "new env" lines.
 *
 * Expected output: 15 lines "ID: I am 'NAME'", one for each name '' to
 * '111', and at least one "[PARENT] new env 0000[2-9]XXX" line.
 */
#include <inc/lib.h>

#define DEPTH 3

static void forktree(const char *name);

/* Fork a child named name + branch, unless name is DEPTH bits already. */
static void
forkchild(const char *name, char branch)
{
	char child_name[DEPTH + 1];
	envid_t child;

	if (strlen(name) >= DEPTH)
		return;
	snprintf(child_name, sizeof(child_name), "%s%c", name, branch);
	child = fork();
	if (child < 0)
		panic("fork: %e", child);
	if (child == 0) {
		forktree(child_name);
		exit();
	}
}

static void
forktree(const char *name)
{
	cprintf("%04x: I am '%s'\n", sys_getenvid(), name);
	forkchild(name, '0');
	forkchild(name, '1');
}

void
umain(int argc, char **argv)
{
	forktree("");
}
