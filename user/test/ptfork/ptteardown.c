/*
 * ptteardown: environments that share page tables go away in every
 * order, and the survivors keep their memory and their counts right.
 * The kernel's audit at idle (every pp_ref against the tables that point
 * at the page, each shared table counted once) must then be clean.
 *
 * The program maps NPAGES pages at HEAP (one 4 MiB region, one table),
 * fills them, and runs the mode named by its argument:
 *
 *   child    the child exits at once; the parent is the last holder
 *            (table pp_ref 1), has every page back (nfree as before the
 *            fork), reads its words, and writes for 0 pages
 *   parent   the parent exits at once; the child, the last holder, reads
 *            the words and writes for 0 pages, the PTE never copied
 *   destroy  the parent destroys its child while they share the table;
 *            then as in "child"
 *   middle   a chain parent -> middle -> grandchild shares the table
 *            three ways (pp_ref 3); the middle exits first (pp_ref 2),
 *            then the parent (pp_ref 1); the grandchild writes for 0
 *            pages
 *   copied   the child writes (its own table now), the parent exits;
 *            the child's pages are then only its own (pageref 1), so its
 *            next write to a page it shared costs 0 pages
 *
 * A first child that exits at once sets up the exception stack and the
 * page-fault handler before anything is measured.
 * Expected output: "ptteardown MODE: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define HEAP 0x10000000
#define NPAGES 4
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)

static const char *mode = "child";

static volatile uint32_t *
heap_page(int i)
{
	return (volatile uint32_t *)(HEAP + i * PGSIZE);
}

static void
warm_up(void)
{
	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");
}

/* The number of heap pages whose first word is not i + 1. */
static int
words_wrong(void)
{
	int i, bad = 0;

	for (i = 0; i < NPAGES; i++)
		bad += *heap_page(i) != (uint32_t)i + 1;
	return bad;
}

static envid_t
must_ptfork(void)
{
	envid_t id = ptfork();

	if (id < 0)
		panic("ptfork: %e", id);
	return id;
}

/* The survivor, sole holder of the heap table: reads, then one write. */
static void
last_holder(void)
{
	uint32_t before;

	check_hex(ptref((void *)HEAP), 1, "table pp_ref 1 (last holder)");
	check_hex(words_wrong(), 0, "heap words intact");
	before = mem_nfree();
	*heap_page(0) = 1;
	check_hex(before - mem_nfree(), 0,
		  "write as the last holder cost 0 pages");
	check_hex(uvpd[PDX(HEAP)] & PDE_BITS, PTE_P | PTE_W | PTE_U,
		  "PDE writable again");
}

static void
mode_child(void)
{
	uint32_t before = mem_nfree();
	envid_t child = must_ptfork();

	if (child == 0)
		return;
	wait_env_exit(child);
	check_hex(mem_nfree(), before, "nfree back after the child's exit");
	last_holder();
}

static void
mode_parent(void)
{
	envid_t parent = thisenv->env_id;

	if (must_ptfork() != 0)
		return;
	warm_up();
	wait_env_exit(parent);
	check_hex(uvpt[PGNUM(HEAP)] & PTE_BITS, PTE_P | PTE_W | PTE_U,
		  "PTE never copied: P W U");
	last_holder();
}

static void
mode_destroy(void)
{
	uint32_t before = mem_nfree();
	envid_t child = must_ptfork();
	int r;

	if (child == 0) {
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
		check_hex(0, 1, "the child was not destroyed");
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	check_hex(ptref((void *)HEAP), 2,
		  "table shared by 2 before the destroy");
	r = sys_env_destroy(child);
	check_hex(r, 0, "sys_env_destroy of the sharing child");
	wait_env_exit(child);
	check_hex(mem_nfree(), before, "nfree back after the destroy");
	last_holder();
}

static void
mode_middle(void)
{
	envid_t top = thisenv->env_id, middle;

	if (must_ptfork() != 0) {
		/* The top waits for the grandchild's word, then exits. */
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	if (must_ptfork() != 0) {
		/* The middle exits first, once the grandchild has looked. */
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	warm_up();
	middle = thisenv->env_parent_id;
	check_hex(ptref((void *)HEAP), 3, "table shared by 3 in the chain");
	ipc_send(middle, 0, NULL, 0);
	wait_env_exit(middle);
	check_hex(ptref((void *)HEAP), 2,
		  "table shared by 2 once the middle is gone");
	ipc_send(top, 0, NULL, 0);
	wait_env_exit(top);
	last_holder();
}

static void
mode_copied(void)
{
	envid_t parent = thisenv->env_id;
	uint32_t before;
	int i, others_ok = 0;

	if (must_ptfork() != 0) {
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	warm_up();
	*heap_page(0) = 1;
	check_hex(uvpd[PDX(HEAP)] & PDE_BITS, PTE_P | PTE_W | PTE_U,
		  "table private after the write");
	ipc_send(parent, 0, NULL, 0);
	wait_env_exit(parent);
	for (i = 1; i < NPAGES; i++)
		others_ok += (uvpt[PGNUM(heap_page(i))] & PTE_BITS) ==
				     (PTE_P | PTE_U | PTE_COW) &&
			     pageref((void *)heap_page(i)) == 1;
	check_hex(others_ok, NPAGES - 1, "pages it shared: P U COW, pageref 1");
	check_hex(words_wrong(), 0, "heap words intact");
	before = mem_nfree();
	*heap_page(1) = 2;
	check_hex(before - mem_nfree(), 0,
		  "write to a page it shared cost 0 pages");
}

void
umain(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*run)(void);
	} modes[] = {
		{ "child", mode_child },     { "parent", mode_parent },
		{ "destroy", mode_destroy }, { "middle", mode_middle },
		{ "copied", mode_copied },
	};
	unsigned i;
	int p;

	if (argc > 1)
		mode = argv[1];
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(mode, modes[i].name) == 0)
			break;
	if (i == sizeof(modes) / sizeof(modes[0]))
		panic("unknown mode '%s'", mode);
	check_name("ptteardown %s", mode);
	for (p = 0; p < NPAGES; p++) {
		if (sys_page_alloc(0, (void *)heap_page(p),
				   PTE_P | PTE_U | PTE_W) < 0)
			panic("sys_page_alloc");
		*heap_page(p) = p + 1;
	}
	warm_up();
	/*
	 * A first child that exits at once: ptfork() sets up our exception
	 * stack and handler for good, before anything is measured.
	 */
	if ((p = must_ptfork()) == 0)
		exit();
	wait_env_exit(p);
	modes[i].run();
}
