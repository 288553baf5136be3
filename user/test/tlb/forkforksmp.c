/*
 * forkforksmp: many environments forking and writing at once, on every
 * CPU, as the forkfork test of xv6's copy-on-write lab.  Each round the
 * parent writes its pages and forks NCHILD children; each child forks
 * NGRAND grandchildren one after the other, and every one of them writes
 * its own tag into each page (a copy-on-write fault each), yields, and
 * checks that the pages still hold its tag.  The children run at the same
 * time on different CPUs, so their faults, forks and exits overlap.  When
 * all is over every page must be back, and the idle audit (docs/smp.md:
 * it runs with every other CPU halted) must find every count right.
 *
 * Expected: "forkforksmp: ROUNDS rounds of NCHILD children OK",
 * "forkforksmp: all pages back OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define ROUNDS 8
#define NCHILD 4
#define NGRAND 6
#define NPAGE 8

static volatile uint32_t mem[NPAGE][PGSIZE / 4]
	__attribute__((aligned(PGSIZE)));

/* Write tag into every page, let others run, and count the pages that
 * no longer hold it. */
static int
write_and_check(uint32_t tag)
{
	int i, bad = 0;

	for (i = 0; i < NPAGE; i++)
		mem[i][(tag >> 4) % (PGSIZE / 4)] = mem[i][0] = tag;
	sys_yield();
	for (i = 0; i < NPAGE; i++)
		if (mem[i][0] != tag ||
		    mem[i][(tag >> 4) % (PGSIZE / 4)] != tag)
			bad++;
	return bad;
}

/* Report bad pages (only when there are some: a passing env is quiet). */
static void
report(int bad)
{
	if (bad)
		check_int(bad, 0, "[%08x] pages that lost their tag",
			  sys_getenvid());
}

/* A child: fork and wait for NGRAND grandchildren, each writing. */
static void
child(uint32_t round, int k)
{
	envid_t id;
	int g;

	for (g = 0; g < NGRAND; g++) {
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0) {
			report(write_and_check(sys_getenvid()));
			exit();
		}
		report(write_and_check(round << 16 | k << 8 | g));
		wait_env_exit(id);
	}
}

void
umain(int argc, char **argv)
{
	envid_t kids[NCHILD], id;
	uint32_t nfree, round;
	int k, bad = 0;

	/* A first child makes the lasting set-up before we count pages. */
	if ((id = fork()) == 0)
		return;
	wait_env_exit(id);
	nfree = mem_nfree();

	for (round = 1; round <= ROUNDS; round++) {
		bad += write_and_check(round);
		for (k = 0; k < NCHILD; k++) {
			if ((kids[k] = fork()) < 0)
				panic("fork: %e", kids[k]);
			if (kids[k] == 0) {
				child(round, k);
				exit();
			}
		}
		for (k = 0; k < NCHILD; k++)
			wait_env_exit(kids[k]);
		bad += write_and_check(round);
	}
	report(bad);
	check_true(bad == 0, "%d rounds of %d children", ROUNDS, NCHILD);
	check_int(mem_nfree(), nfree, "all pages back");
}
