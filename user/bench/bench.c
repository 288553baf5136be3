/*
 * bench: the fork benchmarks behind `make bench` (docs/bench.md).
 *
 * Arguments (opt/jos/args):  [reps=N] [K ...]
 *	reps=N	repetitions of each measurement; each figure is the minimum
 *		(default 5)
 *	K ...	numbers of writable pages in the parent (default 0 16 256 1024)
 *
 * Every figure is a difference of two rdtsc readings.  Under QEMU's
 * `-icount shift=0` the time stamp counter advances by one per retired
 * guest instruction, so the figures are instruction counts, the same on
 * every host and every run.  Without -icount they are just cycles.
 *
 * Output, one line per figure (bench.pl turns them into the table):
 *	bench config reps=N kinds=eager,cow,ptfork
 *	bench fork kind=NAME k=K insns=N pages=P
 *	bench syscall insns=N		(per sys_getenvid call)
 *	bench cowfault k=K insns=N	(one write to a shared COW page)
 *	bench firstwrite kind=cow pages=P	(pages that one write took)
 *	bench ptwrite insns=N pages=P	(first write in a region after ptfork)
 *	bench life kind=NAME n=LIFE_PAGES k=K child=N total=M
 *		(fork, the child writing k of LIFE_PAGES pages and exiting:
 *		child=N; then the parent rewriting all of them: total=M)
 *	bench regions n=R kind=NAME insns=N pages=P
 *		(one fork of a parent with R full page tables of data)
 *	bench done
 *
 * Adding a fork kind is one line in fork_kinds[] below.
 */
#include <inc/lib.h>
#include <inc/x86.h>

/* Where the K writable pages live: one page table's worth from here. */
#define BENCH_BASE 0x10000000
#define BENCH_MAXPAGES NPTENTRIES

/* How many sys_getenvid calls one null-syscall sample times. */
#define NULL_CALLS 100

/* The lifetime benchmark: the parent's pages, and how many the child writes. */
#define LIFE_PAGES NPTENTRIES
static const int life_ks[] = { 0, 1, 16, 64, 256, 1024 };

/* The many-region fork: this many full page tables (64 MiB) of data. */
#define REGIONS 16

/* A way to fork: returns the child's id in the parent, 0 in the child. */
struct fork_kind {
	const char *name;
	envid_t (*fork)(void);
};

static const struct fork_kind fork_kinds[] = {
	{ "eager", eager_fork }, /* copy every page now (lib/eagerfork.c) */
	{ "cow", fork },         /* copy-on-write (lib/fork.c) */
	{ "ptfork", ptfork },    /* share page tables too */
};

#define NKINDS (sizeof(fork_kinds) / sizeof(fork_kinds[0]))

/* The number of pages now mapped at BENCH_BASE. */
static int bench_pages;

/* Keeps the compiler from moving memory accesses across a tsc reading. */
static inline uint64_t
tsc_now(void)
{
	uint64_t t;

	asm volatile("" ::: "memory");
	t = read_tsc();
	asm volatile("" ::: "memory");
	return t;
}

static void *
bench_page(int i)
{
	return (void *)(BENCH_BASE + i * PGSIZE);
}

/*
 * Make exactly the first n pages at BENCH_BASE mapped, writable and
 * touched (each holds its own index), unmapping any beyond n.
 */
static void
set_bench_pages(int n)
{
	int r;

	for (; bench_pages < n; bench_pages++) {
		r = sys_page_alloc(0, bench_page(bench_pages),
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc: %e", r);
		*(volatile int *)bench_page(bench_pages) = bench_pages;
	}
	for (; bench_pages > n; bench_pages--)
		sys_page_unmap(0, bench_page(bench_pages - 1));
}

/*
 * Write once to every copy-on-write page we map, so that each fork starts
 * from the same state: all our data pages private and writable.  With no
 * child left, each write just remaps the page writable (no copy).
 */
static void
make_private(void)
{
	uintptr_t va;
	pte_t pte;

	for (va = 0; va < UTOP; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE) - PGSIZE;
			continue;
		}
		pte = uvpt[PGNUM(va)];
		if ((pte & PTE_P) && (pte & PTE_COW) && !(pte & PTE_SHARE))
			*(volatile char *)va = *(volatile char *)va;
	}
}

/* Let the parked child id exit, and wait until it has. */
static void
release_child(envid_t id)
{
	ipc_send(id, 0, NULL, 0);
	wait_env_exit(id);
}

/*
 * The child's side of every benchmark: stay alive, writing nothing of the
 * parent's, until the parent sends a message; then exit.
 */
static void
park_child(void)
{
	ipc_recv(NULL, NULL, NULL);
	exit();
}

/*
 * One fork of the given kind: the instructions from the call until the
 * parent has control back (with the child runnable but not yet run, so
 * far as the timer allows) in *insns, and the physical pages it took in
 * *pages.
 */
static void
fork_once(const struct fork_kind *kind, uint64_t *insns, uint32_t *pages)
{
	struct MemStat before, after;
	uint64_t t0, t1;
	envid_t child;

	make_private();
	sys_mem_stat(&before);
	t0 = tsc_now();
	child = kind->fork();
	t1 = tsc_now();
	if (child == 0)
		park_child();
	if (child < 0)
		panic("%s fork: %e", kind->name, child);
	sys_mem_stat(&after);
	release_child(child);
	*insns = t1 - t0;
	*pages = before.nfree - after.nfree;
}

/* The fork benchmark for one kind at k pages, best of reps. */
static void
bench_fork(const struct fork_kind *kind, int k, int reps)
{
	uint64_t insns, best_insns = ~0ULL;
	uint32_t pages, best_pages = ~0U;
	int i;

	set_bench_pages(k);
	for (i = 0; i < reps; i++) {
		fork_once(kind, &insns, &pages);
		best_insns = MIN(best_insns, insns);
		best_pages = MIN(best_pages, pages);
	}
	cprintf("bench fork kind=%s k=%d insns=%llu pages=%u\n", kind->name, k,
		best_insns, best_pages);
}

/* The null system call: sys_getenvid, per call, best of reps. */
static void
bench_syscall(int reps)
{
	uint64_t t0, t1, best = ~0ULL;
	int i, j;

	for (i = 0; i < reps; i++) {
		t0 = tsc_now();
		for (j = 0; j < NULL_CALLS; j++)
			sys_getenvid();
		t1 = tsc_now();
		best = MIN(best, t1 - t0);
	}
	cprintf("bench syscall insns=%llu\n", best / NULL_CALLS);
}

/*
 * The copy-on-write fault round trip: after fork(), with the child alive
 * (so every page has pp_ref 2 and must really be copied), the parent
 * writes one word to a shared page.  One sample per page, best of reps;
 * also the fewest pages that one such write took.
 */
static void
bench_cowfault(int reps)
{
	struct MemStat before, after;
	uint64_t t0, t1, best = ~0ULL;
	uint32_t pages = ~0U;
	volatile int *p;
	envid_t child;
	int i;

	set_bench_pages(MAX(bench_pages, reps));
	make_private();
	if ((child = fork()) == 0)
		park_child();
	if (child < 0)
		panic("fork: %e", child);
	for (i = 0; i < reps; i++) {
		p = bench_page(i);
		if (pageref((void *)p) < 2)
			panic("page %d is not shared: pageref %d", i,
			      pageref((void *)p));
		sys_mem_stat(&before);
		t0 = tsc_now();
		*p = -i;
		t1 = tsc_now();
		sys_mem_stat(&after);
		best = MIN(best, t1 - t0);
		pages = MIN(pages, before.nfree - after.nfree);
	}
	release_child(child);
	cprintf("bench cowfault k=%d insns=%llu\n", bench_pages, best);
	cprintf("bench firstwrite kind=cow pages=%u\n", pages);
}

/*
 * The first write in a region after ptfork(), with the child alive: the
 * kernel copies the shared page table, then the fault handler copies the
 * page.  Instructions and pages of that one write, best of reps (each rep
 * a fresh ptfork, since the write leaves the table private).
 */
static void
bench_ptwrite(int reps)
{
	struct MemStat before, after;
	uint64_t t0, t1, best = ~0ULL;
	uint32_t pages = ~0U;
	envid_t child;
	int i;

	set_bench_pages(MAX(bench_pages, 1));
	for (i = 0; i < reps; i++) {
		make_private();
		if ((child = ptfork()) == 0)
			park_child();
		if (child < 0)
			panic("ptfork: %e", child);
		sys_mem_stat(&before);
		t0 = tsc_now();
		*(volatile int *)bench_page(0) = i;
		t1 = tsc_now();
		sys_mem_stat(&after);
		release_child(child);
		best = MIN(best, t1 - t0);
		pages = MIN(pages, before.nfree - after.nfree);
	}
	cprintf("bench ptwrite insns=%llu pages=%u\n", best, pages);
}

/* The child of the lifetime benchmark: write the first k pages, exit. */
static void
life_child(int k)
{
	int i;

	for (i = 0; i < k; i++)
		*(volatile int *)bench_page(i) = -i;
	exit();
}

/*
 * One whole life of a child of the given kind, with LIFE_PAGES pages in
 * the parent: from the fork call until the parent sees that the child,
 * which wrote k pages, has exited (*child, which includes the child's
 * faults, copies and exit, its frees included), and until the parent has
 * then written each of its pages once (*total, which adds the parent's
 * own deferred faults).
 */
static void
life_once(const struct fork_kind *kind, int k, uint64_t *child, uint64_t *total)
{
	uint64_t t0, t1, t2;
	envid_t id;
	int i;

	make_private();
	t0 = tsc_now();
	id = kind->fork();
	if (id == 0)
		life_child(k);
	if (id < 0)
		panic("%s fork: %e", kind->name, id);
	wait_env_exit(id);
	t1 = tsc_now();
	for (i = 0; i < LIFE_PAGES; i++)
		*(volatile int *)bench_page(i) = i;
	t2 = tsc_now();
	*child = t1 - t0;
	*total = t2 - t0;
}

/* The lifetime table: every kind at every k of life_ks, best of reps. */
static void
bench_life(int reps)
{
	uint64_t child, total, best_child, best_total;
	size_t kind, n;
	int i;

	set_bench_pages(LIFE_PAGES);
	for (n = 0; n < sizeof(life_ks) / sizeof(life_ks[0]); n++)
		for (kind = 0; kind < NKINDS; kind++) {
			best_child = best_total = ~0ULL;
			for (i = 0; i < reps; i++) {
				life_once(&fork_kinds[kind], life_ks[n], &child,
					  &total);
				best_child = MIN(best_child, child);
				best_total = MIN(best_total, total);
			}
			cprintf("bench life kind=%s n=%d k=%d child=%llu "
				"total=%llu\n",
				fork_kinds[kind].name, LIFE_PAGES, life_ks[n],
				best_child, best_total);
		}
}

/*
 * fork() and ptfork() of a parent with REGIONS full page tables of data
 * (eager is left out: it would need as many pages again), best of reps.
 */
static void
bench_regions(int reps)
{
	uint64_t insns, best_insns;
	uint32_t pages, best_pages;
	size_t kind;
	int i;

	set_bench_pages(REGIONS * NPTENTRIES);
	for (kind = 0; kind < NKINDS; kind++) {
		if (fork_kinds[kind].fork == eager_fork)
			continue;
		best_insns = ~0ULL;
		best_pages = ~0U;
		for (i = 0; i < reps; i++) {
			fork_once(&fork_kinds[kind], &insns, &pages);
			best_insns = MIN(best_insns, insns);
			best_pages = MIN(best_pages, pages);
		}
		cprintf("bench regions n=%d kind=%s insns=%llu pages=%u\n",
			REGIONS, fork_kinds[kind].name, best_insns, best_pages);
	}
}

/* Parse "reps=N" and the list of K from argv into *reps and ks[]. */
static int
parse_args(int argc, char **argv, int *reps, int *ks, int maxks)
{
	static const int default_ks[] = { 0, 16, 256, 1024 };
	int i, n = 0;

	for (i = 1; i < argc && n < maxks; i++) {
		if (strncmp(argv[i], "reps=", 5) == 0)
			*reps = MAX(1, strtol(argv[i] + 5, NULL, 0));
		else
			ks[n++] = MIN(MAX(0, strtol(argv[i], NULL, 0)),
				      BENCH_MAXPAGES);
	}
	for (i = 0; n == 0 && i < 4; i++)
		ks[i] = default_ks[i];
	return n ? n : 4;
}

void
umain(int argc, char **argv)
{
	int ks[16], nks, reps = 5;
	size_t kind;
	int i;

	nks = parse_args(argc, argv, &reps, ks, 16);
	cprintf("bench config reps=%d kinds=", reps);
	for (kind = 0; kind < NKINDS; kind++)
		cprintf("%s%s", kind ? "," : "", fork_kinds[kind].name);
	cprintf("\n");

	for (i = 0; i < nks; i++)
		for (kind = 0; kind < NKINDS; kind++)
			bench_fork(&fork_kinds[kind], ks[i], reps);
	bench_syscall(reps);
	bench_cowfault(reps);
	bench_ptwrite(reps);
	bench_life(reps);
	bench_regions(reps);
	set_bench_pages(0);
	cprintf("bench done\n");
}
