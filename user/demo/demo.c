/*
 * demo: the default program of `make qemu-nox`.  It answers the lecture
 * question "do we need to copy the whole address space at fork?" by
 * forking a parent that has DEMO_PAGES writable pages in three ways and
 * counting what each costs:
 *
 *   1. the parent and its pages;
 *   2. an eager fork, which copies every page at once;
 *   3. a copy-on-write fork, which copies nothing yet;
 *   4. the child writing a few pages: one page and one fault each, the
 *	page's pp_ref going from 2 to 1, and its PTE going from
 *	"logical: writable, physical: read-only (PTE_COW)" to writable;
 *   5. what goes wrong when a writable page is shared without COW.
 *
 * Pages are counted with sys_mem_stat (free pages before and after), time
 * with rdtsc (cycles; guest instructions under QEMU's -icount).
 * grade-lab2's part "demo" checks the key lines.
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

static uint64_t
cycles(void)
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

static void
heading(const char *title)
{
	cprintf("\n--- %s ---\n", title);
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

/*
 * Fork with forker, the child parked in ipc_recv until we send it a
 * message.  Prints the pages and cycles the fork took.  Returns the
 * child's id in the parent, 0 in the child (once released).
 */
static envid_t
fork_counted(const char *name, envid_t (*forker)(void))
{
	uint32_t before = mem_nfree();
	uint64_t t0 = cycles(), t1;
	envid_t child = forker();

	t1 = cycles();
	if (child < 0)
		panic("%s: %e", name, child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		return 0;
	}
	cprintf("%s: %u pages allocated, %llu cycles\n", name,
		before - mem_nfree(), t1 - t0);
	return child;
}

/* Part 1: allocate and fill the parent's pages. */
static void
part_parent(void)
{
	int i, r;

	heading("1. The parent");
	for (i = 0; i < DEMO_PAGES; i++) {
		r = sys_page_alloc(0, demo_page(i), PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc: %e", r);
		*demo_page(i) = i;
	}
	cprintf("parent %08x: %d data pages at %08x, page i holds i\n",
		sys_getenvid(), DEMO_PAGES, DEMO_BASE);
	cprintf("it maps %d pages in all (code, data, stack, exception "
		"stack)\n",
		mapped_pages());
}

/* Part 2: eager fork; the child leaves without writing anything. */
static void
part_eager(void)
{
	envid_t child;

	heading("2. Eager fork: copy every page now");
	if ((child = fork_counted("eager fork", eager_fork)) == 0)
		exit();
	cprintf("  = a copy of each mapped page, plus the child's page "
		"tables and directory\n");
	ipc_send(child, 0, NULL, 0);
	wait_env_exit(child);
	cprintf("the child exited without writing: every copy was wasted\n");
}

static bool
pftemp_has_page_table(void)
{
	return (uvpd[PDX(PFTEMP)] & PTE_P) != 0;
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

	t0 = cycles();
	*demo_page(i) = 1000 + i;
	t1 = cycles();
	pages -= mem_nfree();
	cprintf("child write %d (page %08x): %u new page%s, %llu cycles%s\n",
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
	t0 = cycles();
	*demo_page(0) = 2000;
	t1 = cycles();
	cprintf("child writes page %08x again: %u new pages, %llu cycles "
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

	heading("3. Copy-on-write fork: share every page, copy on write");
	if ((child = fork_counted("cow fork", fork)) == 0)
		child_writes();
	cprintf("  = the child's page directory, page tables and exception "
		"stack,\n    and a copy of the stack page the parent wrote\n");
	show_page("parent's", demo_page(0));

	heading("4. The child writes some of its pages");
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

	heading("5. What if fork shared writable pages without COW?");
	if ((child = fork_counted("cow fork", fork)) == 0) {
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

	heading("6. Must each process have its own page tables?");
	if ((child = fork_counted("ptfork", ptfork)) == 0)
		child_ptwrites();
	cprintf("  = no page is touched: the child's page directory points at "
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

void
umain(int argc, char **argv)
{
	cprintf("=== Do we need to copy the whole address space at fork? "
		"===\n");
	cprintf("A parent with %d writable pages forks.  Pages are counted "
		"with sys_mem_stat,\ntime in cycles with rdtsc (instructions "
		"under QEMU -icount: docs/bench.md).\n",
		DEMO_PAGES);
	part_parent();
	part_eager();
	part_cow();
	part_broken();
	part_ptfork();
	heading("Answer");
	cprintf("No: share every page, mark the writable ones PTE_COW "
		"(read-only to the MMU),\nand copy a page only when someone "
		"writes it and pp_ref > 1.  The page tables\ncan be shared "
		"the same way: a write copies its table first, then its "
		"page.\n");
}
