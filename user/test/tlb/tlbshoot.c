/*
 * tlbshoot MODE: a change the kernel makes to the page table of an
 * environment that runs on another CPU reaches that CPU's TLB before the
 * system call that made it returns (docs/smp.md, TLB consistency).  Each
 * round the parent forks a child that spins on page X on the other CPU,
 * then changes the child's mapping of X from here:
 *
 *   unmap      the parent unmaps the child's own page X, so its frame
 *              goes back to the free list, takes the frame again with
 *              sys_page_alloc (the list is LIFO: the same frame, checked)
 *              and writes new contents into it.  The child must fault on
 *              X, never read the new contents.
 *   ptfork     the child comes from ptfork() and reads X through the page
 *              table it shares with the parent.  The parent unmaps the
 *              child's X, which first makes the child's table private
 *              (the cascade turns the shared table's writable entries
 *              copy-on-write), and then writes X itself: the write makes
 *              the old table the parent's again and lands in the frame
 *              the child used to read.  The child must fault on X, never
 *              see the parent's write.
 *   downgrade  the child writes its own page X over and over.  The parent
 *              maps the frame read-only for itself and turns the child's
 *              entry copy-on-write with sys_page_map_batch (the call
 *              sfork() and the library use for a downgrade).  From then
 *              on the child's writes must fault and go to a copy: the
 *              parent's view of the frame must not change again, while
 *              the child is seen writing on.
 *
 * Without a TLB shootdown the child's CPU keeps its old entry for X (QEMU
 * keeps it until an invlpg or a CR3 load there) and each mode prints its
 * FAIL line.  At the end every page must be back.
 *
 * Expected, for ROUNDS rounds: "tlbshoot: MODE: ROUNDS rounds, the child
 * faulted in each OK" (unmap, ptfork) or "tlbshoot: downgrade: ROUNDS
 * rounds, no write seen after the downgrade OK", "tlbshoot: all pages
 * back OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define ROUNDS 60
#define RW (PTE_P | PTE_U | PTE_W)

#define X ((volatile uint32_t *)0x10000000)    /* the page the child uses */
#define MINE ((volatile uint32_t *)0x20000000) /* the parent's own view */

/* What parent and child tell each other, in a PTE_SHARE page. */
struct scene {
	uint32_t ready;   /* the round whose child is spinning */
	uint32_t frame;   /* the physical address of the child's X */
	uint32_t beats;   /* the child's loop turns, to see it running */
	uint32_t faulted; /* rounds in which the child faulted on X */
	uint32_t seen;    /* rounds in which it saw what it must not */
	uint32_t stop;    /* the round the child should end */
};
#define S ((volatile struct scene *)0x30000000)

#define OLD 0x01d0000
#define NEW 0x5eed0000

/*
 * The child's page-fault handler: a read of X means its mapping is gone,
 * which is what the round waits for: count it, and exit when the parent
 * is done (an exit frees pages, which would come off the free list before
 * the frame the parent wants back).  A write to a copy-on-write page is
 * copied, as fork()'s handler would.
 */
static void
child_fault(struct UTrapframe *utf)
{
	uintptr_t va = utf->utf_fault_va;

	if (ROUNDDOWN(va, PGSIZE) == (uintptr_t)X && !(utf->utf_err & FEC_WR)) {
		S->faulted++;
		while (S->stop != S->ready)
			;
		exit();
	}
	if ((utf->utf_err & FEC_WR) && (uvpd[PDX(va)] & PTE_P) &&
	    (uvpt[PGNUM(va)] & PTE_COW) &&
	    sys_page_private(ROUNDDOWN((void *)va, PGSIZE)) == 0)
		return;
	panic("fault at va %08x, eip %08x, err %x", va, utf->utf_eip,
	      utf->utf_err);
}

/* The child of unmap and ptfork: read X until it faults. */
static void __attribute__((noreturn)) reader(uint32_t round)
{
	set_pgfault_handler(child_fault);
	S->ready = round;
	for (;;) {
		if (*X == (NEW | round)) {
			S->seen++;
			exit();
		}
		S->beats++;
	}
}

/* The child of downgrade: write X until told to stop. */
static void
writer(uint32_t round)
{
	if (sys_page_alloc(0, (void *)X, RW) < 0)
		panic("no page for X");
	*X = 0;
	S->ready = round;
	while (S->stop != round) {
		*X = *X + 1;
		S->beats++;
	}
	exit();
}

/* Wait until the child of round is in its loop and has gone round it a
 * while, its entry for X in its TLB. */
static void
wait_spinning(uint32_t round)
{
	uint32_t b;

	while (S->ready != round)
		;
	b = S->beats;
	while (S->beats - b < 2000)
		;
}

/* Mode unmap, one round.  Returns true when the frame was reused. */
static bool
round_unmap(uint32_t round)
{
	envid_t child;
	bool reused;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		if (sys_page_alloc(0, (void *)X, RW) < 0)
			panic("no page for X");
		*X = OLD;
		S->frame = PTE_ADDR(uvpt[PGNUM(X)]);
		reader(round);
	}
	wait_spinning(round);
	if (sys_page_unmap(child, (void *)X) < 0 ||
	    sys_page_alloc(0, (void *)MINE, RW) < 0)
		panic("unmap or alloc failed");
	reused = PTE_ADDR(uvpt[PGNUM(MINE)]) == S->frame;
	*MINE = NEW | round;
	S->stop = round;
	wait_env_exit(child);
	sys_page_unmap(0, (void *)MINE);
	return reused;
}

/* Mode ptfork, one round.  Returns true when the parent's write went to
 * the frame the child read. */
static bool
round_ptfork(uint32_t round)
{
	envid_t child;
	uint32_t frame;

	if (sys_page_alloc(0, (void *)X, RW) < 0)
		panic("no page for X");
	*X = OLD;
	frame = PTE_ADDR(uvpt[PGNUM(X)]);
	if ((child = ptfork()) < 0)
		panic("ptfork: %e", child);
	if (child == 0)
		reader(round);
	wait_spinning(round);
	if (sys_page_unmap(child, (void *)X) < 0)
		panic("unmap failed");
	*X = NEW | round;
	S->stop = round;
	wait_env_exit(child);
	frame = PTE_ADDR(uvpt[PGNUM(X)]) == frame;
	sys_page_unmap(0, (void *)X);
	return frame;
}

/* Mode downgrade, one round.  Returns true when the view never changed
 * after the downgrade. */
static bool
round_downgrade(uint32_t round)
{
	struct PageMapEntry cow = { (uintptr_t)X, PTE_P | PTE_U | PTE_COW };
	uint32_t v, b;
	envid_t child;
	bool same = true;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0)
		writer(round);
	wait_spinning(round);
	if (sys_page_map(child, (void *)X, 0, (void *)MINE, PTE_P | PTE_U) <
		    0 ||
	    sys_page_map_batch(child, child, &cow, 1) < 0)
		panic("map or downgrade failed");
	v = *MINE;
	b = S->beats;
	while (S->beats - b < 20000)
		if (*MINE != v)
			same = false;
	S->stop = round;
	wait_env_exit(child);
	sys_page_unmap(0, (void *)MINE);
	return same;
}

/* Each mode: its round, what a round returning true means, and whether
 * the child must fault on X in each round. */
static const struct mode {
	const char *name;
	bool (*round)(uint32_t round);
	const char *good;
	bool faults;
} modes[] = {
	{ "unmap", round_unmap, "the child's old frame reused", true },
	{ "ptfork", round_ptfork, "the parent wrote the child's old frame",
	  true },
	{ "downgrade", round_downgrade, "no write seen after the downgrade",
	  false },
};

void
umain(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "unmap";
	const struct mode *m = NULL;
	uint32_t nfree, r, good = 0;
	envid_t id;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(name, modes[i].name) == 0)
			m = &modes[i];
	if (!m)
		panic("mode %s: unmap, ptfork or downgrade", name);
	if (sys_page_alloc(0, (void *)S, RW | PTE_SHARE) < 0 ||
	    sys_page_alloc(0, (void *)MINE, RW) < 0 ||
	    sys_page_alloc(0, (void *)X, RW) < 0)
		panic("no memory");
	/* Their page tables stay: a round's alloc takes only the frame. */
	sys_page_unmap(0, (void *)MINE);
	sys_page_unmap(0, (void *)X);
	/* A first child makes the lasting set-up before we count pages. */
	if ((id = fork()) == 0)
		return;
	wait_env_exit(id);
	nfree = mem_nfree();

	for (r = 1; r <= ROUNDS && S->seen == 0; r++)
		good += m->round(r);
	if (m->faults) {
		check_int(S->seen, 0,
			  "%s: rounds in which the child saw the "
			  "parent's write",
			  m->name);
		check_int(S->faulted, ROUNDS,
			  "%s: rounds in which the child faulted on X",
			  m->name);
	}
	check_int(good, ROUNDS, "%s: %s, rounds", m->name, m->good);
	check_int(mem_nfree(), nfree, "all pages back");
}
