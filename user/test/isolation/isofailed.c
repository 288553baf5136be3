/*
 * isofailed MODE: a system call that fails changes nothing, in the caller
 * or in the environments that share its page tables.
 *
 * The parent builds pairs of regions whose entries mix the bits a PTE can
 * have (PTE_W|PTE_COW, PTE_W, read-only, PTE_W|PTE_SHARE, PTE_COW alone,
 * read-only PTE_SHARE) and ptfork()s a child that shares their tables.
 * Then the parent makes calls that must fail, each on a pair of its own,
 * so that one call's mistake cannot hide the next one's.  Before each
 * call both sides take a snapshot of their view of its pair (every PDE,
 * PTE and pageref of the two regions); after it they compare their view
 * with the snapshot, bit for bit (the accessed and dirty bits of the PDEs
 * aside: the MMU sets those).
 * While memory is exhausted nothing may allocate, so both sides only
 * record what they find in the mailbox (a PTE_SHARE page outside the
 * shared regions) and report it once memory is back.
 *
 *   copy        a table copy that runs out of memory: the parent takes
 *               every free page, then frees them one at a time and asks
 *               for a page in a shared region after each; until that
 *               works, each attempt must fail with -E_NO_MEM and leave
 *               the table exactly as it was.  A frame of the table is
 *               pinned at 65,535 references, which must not matter.
 *   map         sys_page_map from an unmapped page of a shared region
 *   batch       sys_page_map_batch whose last entry is bad
 *   ipc         sys_ipc_try_send of a shared region's page to a child
 *               that is not receiving
 *   memstat     sys_mem_stat into a read-only or unmapped page
 *   memstatcow  after fork(), sys_mem_stat into a copy-on-write global
 *               succeeds: the parent's page becomes private and writable,
 *               the child's copy keeps its value
 *
 * In map, batch, ipc and memstat each call runs once with no memory left
 * and once with memory to spare: its error must be the one its arguments
 * deserve (never -E_NO_MEM), since nothing is done before every check
 * has passed.  Lines: "isofailed[ child]: STEP OK" or "... FAIL: ...",
 * and each side's "done" line (see docs/testing.md).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define MAILBOX ((struct mailbox *)0x00500000)
#define SPARE 0x00600000 /* the last free pages, in MAILBOX's table */
#define NREGION 2
#define PAIRS 0x10000000 /* the pairs of regions ptfork() shares */
#define PAIR(p) (PAIRS + NREGION * PTSIZE * (p))
#define NENTRY 9 /* entries 0..8 of each region; the rest are empty */
#define PINNED (6 * PGSIZE)   /* in pair 0, copy mode: 65,535 references */
#define UNMAPPED (7 * PGSIZE) /* never mapped */
#define NEWPAGE (8 * PGSIZE)  /* copy mode: the page asked for */
#define EXHAUST 0x20000000    /* where all free memory goes */
#define ALIASES 0x40000000    /* copy mode: PINNED's aliases */
#define NALIAS 65534
#define MAXSTEP 24
#define MAXSWEEP 8

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)

/* The pages of a pair (offsets from its base) and their permissions. */
static const struct {
	uintptr_t off;
	int perm;
} fixture[] = {
	{ 0 * PGSIZE, RW | PTE_COW }, { 1 * PGSIZE, RW },
	{ 2 * PGSIZE, RO },           { 3 * PGSIZE, RW | PTE_SHARE },
	{ 4 * PGSIZE, RO | PTE_COW }, { 5 * PGSIZE, RO | PTE_SHARE },
	{ PTSIZE + 0 * PGSIZE, RW },  { PTSIZE + 1 * PGSIZE, RO },
};

/* One side's view of a pair of regions. */
struct view {
	uintptr_t base;
	pde_t pde[NREGION]; /* without PTE_A and PTE_D */
	int ptref[NREGION];
	pte_t pte[NREGION][NENTRY];
	int ref[NREGION][NENTRY];
	int stray[NREGION]; /* non-zero entries past NENTRY */
};

/* How a view differs from a snapshot: the count and the first one. */
struct diff {
	int ndiff;
	const char *what;
	uint32_t va, got, want;
};

/* One call of the parent's and what each side found after it. */
struct step {
	char label[64];
	int rc, want_rc;
	struct diff parent, child;
};

/* What the parent asks the child to do. */
enum command {
	SNAPSHOT = 1,
	COMPARE,
	QUIT
};

/* The page both sides share on purpose: requests, answers, results. */
struct mailbox {
	volatile int command; /* an enum command */
	volatile int seq;     /* the parent's request number */
	volatile int ack;     /* the last request the child carried out */
	uintptr_t base;       /* the pair of the current step */
	int nsteps;
	int nbig; /* pages taken at EXHAUST; the rest are at SPARE */
	struct step steps[MAXSTEP];
};

/* Fill v with the current view of the pair of regions at pair. */
static void
view_take(struct view *v, uintptr_t pair)
{
	int r, i;
	uintptr_t base;

	memset(v, 0, sizeof(*v));
	v->base = pair;
	for (r = 0; r < NREGION; r++) {
		base = pair + r * PTSIZE;
		v->pde[r] = uvpd[PDX(base)] & ~(PTE_A | PTE_D);
		v->ptref[r] = ptref((void *)base);
		if (!(uvpd[PDX(base)] & PTE_P))
			continue;
		for (i = 0; i < NENTRY; i++) {
			v->pte[r][i] = uvpt[PGNUM(base) + i];
			v->ref[r][i] = pageref((void *)(base + i * PGSIZE));
		}
		for (; i < NPTENTRIES; i++)
			if (uvpt[PGNUM(base) + i] != 0)
				v->stray[r]++;
	}
}

/* Count one difference in d, remembering the first. */
static void
diff_note(struct diff *d, const char *what, uintptr_t va, uint32_t got,
	  uint32_t want)
{
	if (got == want)
		return;
	if (d->ndiff++ == 0) {
		d->what = what;
		d->va = va;
		d->got = got;
		d->want = want;
	}
}

/* Compare the current view with snap into d. */
static void
view_compare(const struct view *snap, struct diff *d)
{
	struct view now;
	uintptr_t base;
	int r, i;

	view_take(&now, snap->base);
	memset(d, 0, sizeof(*d));
	for (r = 0; r < NREGION; r++) {
		base = snap->base + r * PTSIZE;
		diff_note(d, "PDE", base, now.pde[r], snap->pde[r]);
		diff_note(d, "table pp_ref", base, now.ptref[r],
			  snap->ptref[r]);
		diff_note(d, "entries past the fixture", base, now.stray[r],
			  snap->stray[r]);
		for (i = 0; i < NENTRY; i++) {
			diff_note(d, "PTE", base + i * PGSIZE, now.pte[r][i],
				  snap->pte[r][i]);
			diff_note(d, "pageref", base + i * PGSIZE,
				  now.ref[r][i], snap->ref[r][i]);
		}
	}
}

/* Report d for the step called label, from the side called who. */
static void
diff_report(const struct diff *d, const char *label, const char *who)
{
	if (d->ndiff == 0)
		check_true(true, "%s: %s view unchanged", label, who);
	else
		check_hex(d->got, d->want, "%s: %s view: %s of %08x changed",
			  label, who, d->what, d->va);
}

/* Have the child carry out command, and wait until it has. */
static void
child_do(enum command command)
{
	struct mailbox *mb = MAILBOX;

	mb->command = command;
	mb->seq++;
	while (mb->ack != mb->seq)
		sys_yield();
}

/*
 * Before a step on the pair at base: both sides take a snapshot of it
 * (the parent's into snap).
 */
static void
step_begin(struct view *snap, uintptr_t base)
{
	view_take(snap, base);
	MAILBOX->base = base;
	child_do(SNAPSHOT);
}

/*
 * After a step: record its label, its result rc and the result it
 * should have, and how both views differ from their snapshots.
 * Allocates nothing, so it works while memory is exhausted.
 */
static void
step_end(const struct view *snap, int rc, int want_rc, const char *fmt, ...)
{
	struct mailbox *mb = MAILBOX;
	struct step *s = &mb->steps[mb->nsteps++];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->label, sizeof(s->label), fmt, ap);
	va_end(ap);
	s->rc = rc;
	s->want_rc = want_rc;
	view_compare(snap, &s->parent);
	child_do(COMPARE);
}

/* The address of the i-th page taken by exhaust(). */
static void *
held_page(int i)
{
	if (i < MAILBOX->nbig)
		return (void *)(EXHAUST + i * PGSIZE);
	return (void *)(SPARE + (i - MAILBOX->nbig) * PGSIZE);
}

/*
 * Take every free page (the last ones in a table that already exists,
 * in case a new table was what failed).  Records the pages left free as
 * a step.  Returns the number of pages taken.
 */
static int
exhaust(void)
{
	struct view snap;
	int n = 0;

	step_begin(&snap, PAIR(0));
	while (sys_page_alloc(0, (void *)(EXHAUST + n * PGSIZE), RW) == 0)
		n++;
	MAILBOX->nbig = n;
	while (sys_page_alloc(0, held_page(n), RW) == 0)
		n++;
	step_end(&snap, mem_nfree(), 0, "all memory taken");
	return n;
}

/* Give back the pages exhaust() took, from the n-th down to the first. */
static void
release(int n)
{
	while (n-- > 0)
		sys_page_unmap(0, held_page(n));
}

/* Map a page at va with perm, holding distinct contents. */
static void
map_fixture_page(uintptr_t va, int perm)
{
	int r;

	if ((r = sys_page_alloc(0, (void *)va, RW)) < 0)
		panic("sys_page_alloc: %e", r);
	*(volatile uintptr_t *)va = va;
	if ((r = sys_page_map(0, (void *)va, 0, (void *)va, perm)) < 0)
		panic("sys_page_map %08x perm %x: %e", va, perm, r);
}

/*
 * Build npair pairs of regions; with pin, also pair 0's PINNED page and
 * its NALIAS aliases.
 */
static void
fixture_build(int npair, bool pin)
{
	unsigned i;
	int p, r;

	for (p = 0; p < npair; p++)
		for (i = 0; i < ARRAY_SIZE(fixture); i++)
			map_fixture_page(PAIR(p) + fixture[i].off,
					 fixture[i].perm);
	if (!pin)
		return;
	map_fixture_page(PAIR(0) + PINNED, RW);
	for (i = 0; i < NALIAS; i++)
		if ((r = sys_page_map(0, (void *)(PAIR(0) + PINNED), 0,
				      (void *)(ALIASES + i * PGSIZE), RO)) < 0)
			panic("alias %d of the pinned page: %e", i, r);
}

/*
 * The child of the failure modes: take snapshots and compare its view
 * with the last one when the parent asks, until QUIT; then report.
 */
static void
child_checks(void)
{
	struct mailbox *mb = MAILBOX;
	struct view snap;
	int seen = 0, command, i;

	do {
		while (mb->seq == seen)
			sys_yield();
		seen = mb->seq;
		command = mb->command;
		if (command == SNAPSHOT)
			view_take(&snap, mb->base);
		else if (command == COMPARE)
			view_compare(&snap, &mb->steps[mb->nsteps - 1].child);
		mb->ack = seen;
	} while (command != QUIT);
	check_name("isofailed child");
	for (i = 0; i < mb->nsteps; i++)
		diff_report(&mb->steps[i].child, mb->steps[i].label, "child's");
	check_done();
}

/* The parent's lines for every step recorded. */
static void
parent_report(void)
{
	struct mailbox *mb = MAILBOX;
	struct step *s;
	int i;

	for (i = 0; i < mb->nsteps; i++) {
		s = &mb->steps[i];
		check_int(s->rc, s->want_rc, "%s: result", s->label);
		diff_report(&s->parent, s->label, "parent's");
	}
}

/*
 * Copy mode: out of memory at every point of a table copy in turn.
 * Returns true when the call finally worked.
 */
static bool
copy_sweep(void)
{
	int n = exhaust(), nfree, r = -E_NO_MEM;
	struct view snap;

	for (nfree = 0; nfree < MAXSWEEP && n > 0; nfree++) {
		if (nfree > 0)
			sys_page_unmap(0, held_page(--n));
		step_begin(&snap, PAIR(0));
		r = sys_page_alloc(0, (void *)(PAIR(0) + NEWPAGE), RW);
		if (r == 0)
			break;
		step_end(&snap, r, -E_NO_MEM,
			 "page in a shared region, free pages %d", nfree);
	}
	release(n);
	return r == 0;
}

/*
 * The failing calls of the modes map, batch, ipc and memstat, each on the
 * pair of regions at base.
 */

static envid_t the_child;

static int
map_unmapped_w(uintptr_t base)
{
	return sys_page_map(0, (void *)(base + UNMAPPED), the_child,
			    (void *)(base + UNMAPPED), RW);
}

static int
map_unmapped_share(uintptr_t base)
{
	return sys_page_map(0, (void *)(base + UNMAPPED), the_child,
			    (void *)(base + UNMAPPED), RO | PTE_SHARE);
}

/* Two good entries, one in each region of the pair, then a bad one. */
static int
batch_bad_last(uintptr_t base, envid_t dst, int perm)
{
	struct PageMapEntry ents[] = {
		{ base + 1 * PGSIZE, perm },
		{ base + PTSIZE, perm },
		{ base + UNMAPPED, perm },
	};

	return sys_page_map_batch(0, dst, ents, ARRAY_SIZE(ents));
}

static int
batch_to_child(uintptr_t base)
{
	return batch_bad_last(base, the_child, RW);
}

/* fork()'s own downgrade to copy-on-write goes through this form. */
static int
batch_to_self(uintptr_t base)
{
	return batch_bad_last(base, 0, RO | PTE_COW);
}

static int
send_w(uintptr_t base)
{
	return sys_ipc_try_send(the_child, 1, (void *)(base + PGSIZE), RW);
}

static int
send_ro(uintptr_t base)
{
	return sys_ipc_try_send(the_child, 1, (void *)(base + PGSIZE), RO);
}

static int
stat_readonly(uintptr_t base)
{
	return sys_mem_stat((struct MemStat *)(base + 2 * PGSIZE));
}

static int
stat_shared_readonly(uintptr_t base)
{
	return sys_mem_stat((struct MemStat *)(base + 5 * PGSIZE));
}

static int
stat_unmapped(uintptr_t base)
{
	return sys_mem_stat((struct MemStat *)(base + UNMAPPED));
}

struct attempt {
	const char *label;
	int (*call)(uintptr_t base);
	int want;
};

static const struct attempt map_attempts[] = {
	{ "sys_page_map, unmapped source, PTE_W", map_unmapped_w, -E_INVAL },
	{ "sys_page_map, unmapped source, PTE_SHARE", map_unmapped_share,
	  -E_INVAL },
	{ NULL },
};

static const struct attempt batch_attempts[] = {
	{ "sys_page_map_batch to the child, bad last entry", batch_to_child,
	  -E_INVAL },
	{ "sys_page_map_batch to itself, bad last entry", batch_to_self,
	  -E_INVAL },
	{ NULL },
};

static const struct attempt ipc_attempts[] = {
	{ "sys_ipc_try_send, PTE_W, not receiving", send_w, -E_IPC_NOT_RECV },
	{ "sys_ipc_try_send, read-only, not receiving", send_ro,
	  -E_IPC_NOT_RECV },
	{ NULL },
};

static const struct attempt memstat_attempts[] = {
	{ "sys_mem_stat into a read-only page", stat_readonly, -E_FAULT },
	{ "sys_mem_stat into a read-only PTE_SHARE page", stat_shared_readonly,
	  -E_FAULT },
	{ "sys_mem_stat into an unmapped page", stat_unmapped, -E_FAULT },
	{ NULL },
};

/* The number of calls in list. */
static int
attempts_count(const struct attempt *list)
{
	int n = 0;

	while (list[n].label)
		n++;
	return n;
}

/* Make the call of a as a step on the pair at base; suffix ends its label. */
static void
attempt_step(const struct attempt *a, uintptr_t base, const char *suffix)
{
	struct view snap;
	int rc;

	step_begin(&snap, base);
	rc = a->call(base);
	step_end(&snap, rc, a->want, "%s%s", a->label, suffix);
}

/*
 * Make every call of list with no memory left, then with memory to spare,
 * each on a pair of its own (pairs 0 to 2n-1 for n calls).
 */
static void
attempts_run(const struct attempt *list)
{
	int i, n = attempts_count(list), held;

	held = exhaust();
	for (i = 0; i < n; i++)
		attempt_step(&list[i], PAIR(i), ", out of memory");
	release(held);
	for (i = 0; i < n; i++)
		attempt_step(&list[i], PAIR(n + i), "");
}

static const struct {
	const char *name;
	const struct attempt *attempts; /* NULL: copy mode */
} modes[] = {
	{ "copy", NULL },
	{ "map", map_attempts },
	{ "batch", batch_attempts },
	{ "ipc", ipc_attempts },
	{ "memstat", memstat_attempts },
};

/*
 * A failure mode: build the regions, ptfork() the child, run the mode's
 * calls, then let both sides report.
 */
static void
failure_mode(const struct attempt *attempts)
{
	bool copied = false;
	int r;

	if ((r = sys_page_alloc(0, MAILBOX, RW | PTE_SHARE)) < 0)
		panic("sys_page_alloc: %e", r);
	fixture_build(attempts ? 2 * attempts_count(attempts) : 1, !attempts);
	if ((the_child = ptfork()) < 0)
		panic("ptfork: %e", the_child);
	if (the_child == 0) {
		child_checks();
		return;
	}
	if (attempts)
		attempts_run(attempts);
	else
		copied = copy_sweep();
	child_do(QUIT);
	parent_report();
	if (!attempts)
		check_true(copied, "the page is mapped once memory is back");
	wait_env_exit(the_child);
	check_done();
}

/* memstatcow: a page whole, so that nothing else writes it. */
static union {
	struct MemStat ms;
	char page[PGSIZE];
} cow_stat __attribute__((aligned(PGSIZE))) = { .ms = { 1, 2, 3 } };

/*
 * memstatcow: sys_mem_stat into a global that fork() made copy-on-write
 * works, as a write would; the child's copy is not touched.
 */
static void
memstat_cow(void)
{
	struct MemStat now;
	envid_t id;
	int r;

	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		check_name("isofailed child");
		ipc_recv(NULL, NULL, NULL);
		check_int(cow_stat.ms.npages, 1, "the child's copy unchanged");
		check_hex(uvpt[PGNUM(&cow_stat)] & (PTE_W | PTE_COW), PTE_COW,
			  "the child's page still copy-on-write");
		check_int(pageref(&cow_stat), 1, "the child's page its own");
		check_done();
		return;
	}
	r = sys_mem_stat(&cow_stat.ms);
	check_int(r, 0, "sys_mem_stat into a copy-on-write page");
	if ((r = sys_mem_stat(&now)) < 0)
		panic("sys_mem_stat: %e", r);
	check_int(cow_stat.ms.npages, now.npages, "its npages");
	check_hex(uvpt[PGNUM(&cow_stat)] & (PTE_W | PTE_COW), PTE_W,
		  "the parent's page writable, not copy-on-write");
	check_int(pageref(&cow_stat), 1, "the parent's page its own");
	ipc_send(id, 0, NULL, 0);
	wait_env_exit(id);
	check_done();
}

void
umain(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	unsigned i;

	if (strcmp(mode, "memstatcow") == 0) {
		memstat_cow();
		return;
	}
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(mode, modes[i].name) == 0) {
			failure_mode(modes[i].attempts);
			return;
		}
	panic("mode '%s': want copy, map, batch, ipc, memstat or memstatcow",
	      mode);
}
