/*
 * demo: the default program of `make qemu-nox`.  It answers the
 * lecture's five questions with numbers, each part of the output
 * labelled with the questions it answers ([Q1] ... [Q5], listed at the
 * top), by forking a parent that has DEMO_PAGES writable pages:
 *
 *   1. the parent and its pages;
 *   2. an eager fork, which copies every page at once;
 *   3. a copy-on-write fork, which copies nothing yet;
 *   4. the child writing a few pages: one page and one fault each, the
 *	page's pp_ref going from 2 to 1, and its PTE going from
 *	"logical: writable, physical: read-only (PTE_COW)" to writable;
 *   5. what goes wrong when a writable page is shared without COW;
 *   6. page tables shared too (ptfork), and the copy cascade of a write.
 *
 * Pages are counted with sys_mem_stat (free pages before and after), and
 * each fork's pages are listed item by item.  Work is counted with
 * rdtsc, which counts guest instructions under QEMU's
 * `-icount shift=0,align=off,sleep=off`: `make qemu-nox` and the test
 * run the demo so, which makes every figure the same from run to run.
 * grade-lab2's part "demo" checks the key lines and that two runs agree.
 */
#include <inc/lib.h>
#include <inc/x86.h>

#define DEMO_BASE 0x10000000 /* the parent's data pages start here */
#define DEMO_PAGES 64        /* how many */
#define DEMO_WRITES 4        /* how many of them the child writes */
#define DEMO_BROKEN (DEMO_BASE + DEMO_PAGES * PGSIZE) /* part 5's page */

static int *
demo_page(int i)
{
	return (int *)(DEMO_BASE + i * PGSIZE);
}

/* Guest instructions so far (rdtsc, under -icount shift=0). */
static uint64_t
instructions(void)
{
	uint64_t t;

	asm volatile("" ::: "memory");
	t = read_tsc();
	asm volatile("" ::: "memory");
	return t;
}

/* The number of pages mapped below UTOP in our address space. */
static int
mapped_pages(void)
{
	uintptr_t va;
	int n = 0;

	for (va = 0; va < UTOP; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P))
			va = ROUNDUP(va + 1, PTSIZE) - PGSIZE;
		else
			n += (uvpt[PGNUM(va)] & PTE_P) != 0;
	}
	return n;
}

/* A part's title and the lecture questions it answers (see umain). */
static void
heading(const char *title, const char *questions)
{
	cprintf("\n--- %s [%s] ---\n", title, questions);
}

/*
 * One line about the page at va: its pp_ref, its PTE_W and PTE_COW bits,
 * and so the logical permission (may the program write?) next to the
 * physical one (will the MMU let the write through?).
 */
static void
show_page(const char *who, void *va)
{
	pte_t pte = uvpt[PGNUM(va)];

	cprintf("  %s page %08x: pp_ref %d  PTE_W %d PTE_COW %d  "
		"logical: %s  physical: %s\n",
		who, va, pageref(va), !!(pte & PTE_W), !!(pte & PTE_COW),
		(pte & (PTE_W | PTE_COW)) ? "writable" : "read-only",
		(pte & PTE_W)   ? "writable" :
		(pte & PTE_COW) ? "read-only (PTE_COW)" :
				  "read-only");
}

static bool
pftemp_has_page_table(void)
{
	return (uvpd[PDX(PFTEMP)] & PTE_P) != 0;
}

/* The three forks of the demo, for fork_items. */
enum demo_fork {
	DEMO_EAGER,  /* eager_fork: every page copied */
	DEMO_COW,    /* fork: every page copy-on-write */
	DEMO_PTFORK, /* ptfork: the page tables shared below the stack */
};

/* What a fork may change in the parent's own address space. */
struct parent_state {
	int pages;          /* pages mapped below UTOP */
	int tables;         /* page tables the child gets a copy of */
	bool xstack;        /* the exception stack is mapped */
	bool scratch_table; /* the page table of UTEMP and PFTEMP exists */
	physaddr_t stack;   /* the physical page of our stack */
};

/*
 * Our state now, for a fork of the given kind: fork and eager_fork give
 * the child a table for each of our page tables but PFTEMP's, ptfork only
 * for those of the stack's region and above (the rest it shares).
 */
static void
parent_state(struct parent_state *s, enum demo_fork kind)
{
	uintptr_t sp = (uintptr_t)&s, va;

	va = kind == DEMO_PTFORK ? ROUNDDOWN(sp, PTSIZE) : 0;
	s->tables = 0;
	for (; va < UTOP; va += PTSIZE)
		s->tables += (uvpd[PDX(va)] & PTE_P) && PDX(va) != PDX(PFTEMP);
	s->pages = mapped_pages();
	s->xstack = (uvpd[PDX(UXSTACKTOP - PGSIZE)] & PTE_P) &&
		    (uvpt[PGNUM(UXSTACKTOP - PGSIZE)] & PTE_P);
	s->scratch_table = pftemp_has_page_table();
	s->stack = PTE_ADDR(uvpt[PGNUM(sp)]);
}

/* Print one item of a fork's pages when there are any; returns n. */
static int
item(int n, const char *what)
{
	if (n)
		cprintf("  %3d  %s\n", n, what);
	return n;
}

/*
 * Print, item by item, the pages a fork of the given kind allocated,
 * from our state before it (b) and after it (a), then their sum, which
 * equals the count of pages allocated printed above it.
 */
static void
fork_items(enum demo_fork kind, const struct parent_state *b,
	   const struct parent_state *a)
{
	int n = 0;

	if (kind == DEMO_EAGER)
		n += item(b->pages - b->xstack,
			  "copies of our pages (all but any exception stack)");
	n += item(1, "the child's page directory");
	n += item(b->tables, kind == DEMO_PTFORK ?
				     "the child's page table of the stack's "
				     "4 MB region (the others are shared)" :
				     "the child's page tables, one per 4 MB "
				     "region we map");
	if (kind != DEMO_EAGER) {
		n += item(1, "the child's exception stack");
		n += item(a->xstack - b->xstack,
			  "our own exception stack (fork installs our "
			  "page-fault handler)");
		n += item(a->stack != b->stack,
			  "a copy of our stack page, which we write right "
			  "after the fork");
	}
	n += item(a->scratch_table - b->scratch_table,
		  "our page table for UTEMP and PFTEMP (scratch pages)");
	cprintf("  = %d pages\n", n);
}

/*
 * Fork with forker, the child parked in ipc_recv until we send it a
 * message.  Prints the pages and instructions the fork took, and the
 * pages item by item.  Returns the child's id in the parent, 0 in the
 * child (once released).
 */
static envid_t
fork_counted(const char *name, envid_t (*forker)(void), enum demo_fork kind)
{
	struct parent_state before, after;
	uint32_t nfree;
	uint64_t t0, t1;
	envid_t child;

	parent_state(&before, kind);
	nfree = mem_nfree();
	t0 = instructions();
	child = forker();
	t1 = instructions();
	if (child < 0)
		panic("%s: %e", name, child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		return 0;
	}
	nfree -= mem_nfree();
	parent_state(&after, kind);
	cprintf("%s: %u pages allocated, %llu instructions\n", name, nfree,
		t1 - t0);
	fork_items(kind, &before, &after);
	return child;
}

/* Part 1: allocate and fill the parent's pages. */
static void
part_parent(void)
{
	int i, r;

	heading("1. The parent", "Q1");
	for (i = 0; i < DEMO_PAGES; i++) {
		r = sys_page_alloc(0, demo_page(i), PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc: %e", r);
		*demo_page(i) = i;
	}
	cprintf("parent %08x: %d data pages at %08x, page i holds i\n",
		sys_getenvid(), DEMO_PAGES, DEMO_BASE);
	cprintf("it maps %d pages in all (code, data, stack)\n",
		mapped_pages());
}

/* Part 2: eager fork; the child leaves without writing anything. */
static void
part_eager(void)
{
	envid_t child;

	heading("2. Eager fork: copy every page now", "Q1");
	if ((child = fork_counted("eager fork", eager_fork, DEMO_EAGER)) == 0)
		exit();
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	cprintf("the child exited without writing: every copy was wasted\n");
}

/*
 * Part 4, in the child: write page i and say what it cost.  The first
 * copy may also need a page table for PFTEMP, the scratch page where the
 * fault handler builds the copy: a write can cascade into the paging
 * structures above the page.
 */
static void
child_write(int i)
{
	bool had_page_table = pftemp_has_page_table();
	uint32_t pages = mem_nfree();
	uint64_t t0, t1;

	t0 = instructions();
	*demo_page(i) = 1000 + i;
	t1 = instructions();
	pages -= mem_nfree();
	cprintf("child write %d (page %08x): %u new page%s, %llu "
		"instructions%s\n",
		i + 1, demo_page(i), pages, pages == 1 ? "" : "s", t1 - t0,
		!had_page_table && pftemp_has_page_table() ?
			" (one for the page table of PFTEMP)" :
			"");
}

/* Part 4, in the child: write DEMO_WRITES pages, then one again. */
static void
child_writes(void)
{
	uint32_t pages;
	uint64_t t0, t1;
	int i;

	cprintf("before the child's first write:\n");
	show_page("child's", demo_page(0));
	for (i = 0; i < DEMO_WRITES; i++)
		child_write(i);
	cprintf("after the write:\n");
	show_page("child's", demo_page(0));
	pages = mem_nfree();
	t0 = instructions();
	*demo_page(0) = 2000;
	t1 = instructions();
	cprintf("child writes page %08x again: %u new pages, %llu instructions "
		"(no fault)\n",
		demo_page(0), pages - mem_nfree(), t1 - t0);
	exit();
}

/* Parts 3 and 4: copy-on-write fork, then the child writes. */
static void
part_cow(void)
{
	uint32_t before;
	envid_t child;

	heading("3. Copy-on-write fork: share every page, copy on write",
		"Q1, Q5");
	if ((child = fork_counted("cow fork", fork, DEMO_COW)) == 0)
		child_writes();
	show_page("parent's", demo_page(0));

	heading("4. The child writes some of its pages", "Q3, Q4, Q5");
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	cprintf("parent reads page %08x: %d (the child wrote 1000): "
		"isolation holds\n",
		demo_page(0), *demo_page(0));
	cprintf("the child copied %d of %d pages; it shared the rest\n",
		DEMO_WRITES, DEMO_PAGES);
	show_page("parent's", demo_page(0));
	before = mem_nfree();
	*demo_page(0) = 0;
	cprintf("parent writes it: %u new pages (pp_ref 1: the fault "
		"handler reuses the page)\n",
		before - mem_nfree());
}

/* Part 5: share one writable page without COW; the child writes it. */
static void
part_broken(void)
{
	char *page = (char *)DEMO_BROKEN;
	envid_t child;
	int r;

	heading("5. What if fork shared writable pages without COW?", "Q1, Q5");
	if ((child = fork_counted("cow fork", fork, DEMO_COW)) == 0) {
		strcpy(page, "the child's data");
		exit();
	}
	if ((r = sys_page_alloc(0, page, PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_page_map(0, page, child, page, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sharing a page: %e", r);
	strcpy(page, "the parent's data");
	cprintf("the parent maps a page writable into the child (sys_page_map, "
		"no PTE_COW):\n");
	show_page("shared", page);
	cprintf("parent wrote \"%s\"; the child writes its own data\n", page);
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	cprintf("parent now reads \"%s\": BROKEN, the child's write shows up "
		"in the parent\n",
		page);
}

/* The number of present entries in our page table for va's region. */
static int
table_entries(void *va)
{
	int i, n = 0;

	for (i = 0; i < NPTENTRIES; i++)
		n += (uvpt[PGNUM(va) - PTX(va) + i] & PTE_P) != 0;
	return n;
}

/* One line about the page directory entry over va: is its table shared? */
static void
show_table(const char *who, void *va)
{
	pde_t pde = uvpd[PDX(va)];

	cprintf("  %s table for %08x at %08x: pp_ref %d  PDE: %s, %s\n", who,
		ROUNDDOWN((uintptr_t)va, PTSIZE), PTE_ADDR(pde),
		pages[PGNUM(pde)].pp_ref,
		pde & PTE_W ? "writable" : "read-only",
		pde & PTE_SHARED_PT ? "PTE_SHARED_PT" : "private");
}

/*
 * Part 6, in the child: read every page (nothing is copied), then write
 * one: the kernel copies the page table, then the fault handler the page.
 */
static void
child_ptwrites(void)
{
	physaddr_t table = PTE_ADDR(uvpd[PDX(demo_page(0))]);
	physaddr_t page = PTE_ADDR(uvpt[PGNUM(demo_page(0))]);
	bool had_page_table = pftemp_has_page_table();
	uint32_t pages = mem_nfree();
	int i, sum = 0;

	for (i = 0; i < DEMO_PAGES; i++)
		sum += *demo_page(i);
	cprintf("child reads all %d pages: %u new pages\n", DEMO_PAGES,
		pages - mem_nfree());
	*demo_page(0) = 3000;
	cprintf("child writes page %08x: %u new pages%s:\n", demo_page(0),
		pages - mem_nfree(),
		!had_page_table && pftemp_has_page_table() ?
			" (one for the page table of PFTEMP)" :
			"");
	cprintf("  table for %08x copied (%d entries): %08x -> %08x, then\n",
		ROUNDDOWN((uintptr_t)demo_page(0), PTSIZE),
		table_entries(demo_page(0)), table,
		PTE_ADDR(uvpd[PDX(demo_page(0))]));
	cprintf("  page %08x copied: %08x -> %08x\n", demo_page(0), page,
		PTE_ADDR(uvpt[PGNUM(demo_page(0))]));
	show_table("child's", demo_page(0));
	show_page("child's", demo_page(0));
	exit();
}

/* Part 6: share the page tables too (ptfork), and copy them on write. */
static void
part_ptfork(void)
{
	envid_t child;

	heading("6. Must each process have its own page tables?", "Q2, Q4");
	if ((child = fork_counted("ptfork", ptfork, DEMO_PTFORK)) == 0)
		child_ptwrites();
	cprintf("  no data page is touched: the child's page directory points "
		"at "
		"our tables\n");
	show_table("parent's", demo_page(0));
	show_page("parent's", demo_page(0));
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	cprintf("parent reads page %08x: %d (the child wrote 3000): "
		"isolation holds\n",
		demo_page(0), *demo_page(0));
	show_table("parent's", demo_page(0));
}

/* The lecture's five questions, which label the parts of the output. */
static const char *const questions[] = {
	"Do we need to copy the entire virtual address space on fork?",
	"Does each process need its own page directory and page tables?",
	"How do we know a page is shared, so that a write must copy it?",
	"When a shared page is written, what changes above it?",
	"Why clear the write bit of a page the program may write?",
};

/* Each question's answer, as the parts above showed it. */
static const char *const answers[] = {
	"No: share every page, mark the writable ones PTE_COW (read-only\n"
	"     to the MMU), and copy a page only when someone writes it.",
	"Its own page directory, yes; its own page tables, not at first:\n"
	"     ptfork shares them until one is written.",
	"Its reference count, pp_ref: a write copies only when pp_ref > 1.",
	"A copied page needs a new PTE, so a shared page table is copied\n"
	"     first and the page directory entry changed: a cascade.",
	"Logically writable, physically read-only: the fault lets the\n"
	"     handler copy the page before the write goes through.",
};

void
umain(int argc, char **argv)
{
	int i;

	cprintf("=== The lecture's five questions, answered with numbers "
		"===\n");
	for (i = 0; i < (int)ARRAY_SIZE(questions); i++)
		cprintf("[Q%d] %s\n", i + 1, questions[i]);
	cprintf("Each part below is labelled with the questions it answers.\n"
		"A parent with %d writable pages forks.  Pages are counted "
		"with sys_mem_stat,\nwork in guest instructions with rdtsc "
		"under QEMU -icount (docs/bench.md).\n",
		DEMO_PAGES);
	part_parent();
	part_eager();
	part_cow();
	part_broken();
	part_ptfork();
	heading("Answers", "Q1, Q2, Q3, Q4, Q5");
	for (i = 0; i < (int)ARRAY_SIZE(questions); i++)
		cprintf("[Q%d] %s\n", i + 1, answers[i]);
}
