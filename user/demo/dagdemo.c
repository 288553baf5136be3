/*
 * dagdemo: the sharing graph of lecture question 3 at the moments that
 * matter, as Graphviz snapshots (dagsnap, docs/dag.md).  `make
 * dag-dagdemo` turns them into obj/dag/dagdemo-N-LABEL.svg.
 *
 *   before-fork      the parent alone: its DAG_PAGES data pages, pp_ref 1
 *   after-fork       after fork(): parent and child map the same frames,
 *                    pp_ref 2, two paths each (orange)
 *   after-fork-full  the same with one vertex per frame (DAG_EXPAND)
 *   child-write      the child wrote page 0 and got its own copy; the
 *                    parent's frame is back to pp_ref 1
 *   after-ptfork     after ptfork(): two page directories point at one
 *                    page table (pp_ref 2); its frames keep pp_ref 1 but
 *                    have two paths
 *   ptfork-write     the child wrote page 0: first a private copy of the
 *                    table (every frame in it gains a reference), then a
 *                    copy of the page: the cascade of lecture question 4
 *
 * Before each snapshot the program prints what it knows to be true of the
 * graph as "dagfact LABEL ..." lines; grade-lab2 (part dag) checks every
 * snapshot against them with dag.pl.  While one env takes a snapshot the
 * other is blocked in ipc_recv, so nothing moves under the camera.
 */
#include <inc/lib.h>

#define DAG_BASE 0x10000000 /* the parent's data pages start here */
#define DAG_PAGES 8         /* how many */

static void *
page(int i)
{
	return (void *)(DAG_BASE + i * PGSIZE);
}

/* The physical address of the frame our page at va is mapped to. */
static physaddr_t
frame_of(void *va)
{
	return PTE_ADDR(uvpt[PGNUM(va)]);
}

/* The physical address of our page table covering va. */
static physaddr_t
table_of(void *va)
{
	return PTE_ADDR(uvpd[PDX(va)]);
}

/* Wait until env id is blocked in ipc_recv. */
static void
wait_receiving(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	while (!e->env_ipc_recving || e->env_status != ENV_NOT_RUNNABLE)
		sys_yield();
}

static void
snap(const char *label, int flags)
{
	int r;

	if ((r = dagsnap_opts(label, flags)) < 0)
		panic("dagsnap %s: %e", label, r);
}

/* Fact: the graph has n env vertices. */
static void
fact_envs(const char *label, int n)
{
	cprintf("dagfact %s envs %d\n", label, n);
}

/* Fact: our page directory's edges reach this many tables and pages. */
static void
fact_space(const char *label)
{
	int pdx, pages = 0, tables = 0;
	uintptr_t va;

	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(uvpd[pdx] & PTE_P))
			continue;
		tables++;
		for (va = pdx * PTSIZE; va < (pdx + 1) * PTSIZE; va += PGSIZE)
			pages += (uvpt[PGNUM(va)] & PTE_P) != 0;
	}
	cprintf("dagfact %s env %08x pages %d tables %d\n", label,
		sys_getenvid(), pages, tables);
}

/* Fact: env maps va to the frame at pa, with this pp_ref and paths. */
static void
fact_frame(const char *label, envid_t env, void *va, physaddr_t pa, int ref,
	   int paths)
{
	cprintf("dagfact %s env %08x va %08x pa %08x pp_ref %d paths %d\n",
		label, env, va, pa, ref, paths);
}

/* Fact: env's page table covering va is at pa, with pp_ref and paths. */
static void
fact_table(const char *label, envid_t env, void *va, physaddr_t pa, int ref,
	   int paths)
{
	cprintf("dagfact %s env %08x table %08x pa %08x pp_ref %d paths %d\n",
		label, env, va, pa, ref, paths);
}

/* The facts after a fork(): every data page shared, copy-on-write. */
static void
facts_forked(const char *label, envid_t child)
{
	envid_t self = sys_getenvid();

	fact_envs(label, 2);
	fact_space(label);
	fact_frame(label, self, page(0), frame_of(page(0)), 2, 2);
	fact_frame(label, child, page(0), frame_of(page(0)), 2, 2);
	fact_frame(label, child, page(DAG_PAGES - 1),
		   frame_of(page(DAG_PAGES - 1)), 2, 2);
	fact_table(label, self, page(0), table_of(page(0)), 1, 1);
}

/*
 * The fork() child: wait for the go, write page 0, and photograph the
 * result while the parent waits.
 */
static void
cow_child(envid_t parent)
{
	physaddr_t shared;
	envid_t self = sys_getenvid();

	fact_space("after-fork");
	fact_space("after-fork-full");
	ipc_recv(NULL, NULL, NULL);
	shared = frame_of(page(0));
	*(int *)page(0) = 100;
	wait_receiving(parent);
	fact_envs("child-write", 2);
	fact_space("child-write");
	fact_frame("child-write", self, page(0), frame_of(page(0)), 1, 1);
	fact_frame("child-write", parent, page(0), shared, 1, 1);
	fact_frame("child-write", self, page(1), frame_of(page(1)), 2, 2);
	fact_frame("child-write", parent, page(1), frame_of(page(1)), 2, 2);
	snap("child-write", 0);
	ipc_send(parent, 0, NULL, 0);
}

/* before-fork, after-fork, after-fork-full and child-write. */
static void
cow_snapshots(void)
{
	envid_t self = sys_getenvid(), child;

	fact_envs("before-fork", 1);
	fact_space("before-fork");
	fact_frame("before-fork", self, page(0), frame_of(page(0)), 1, 1);
	snap("before-fork", 0);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		cow_child(self);
		exit();
	}
	wait_receiving(child);
	facts_forked("after-fork", child);
	snap("after-fork", 0);
	facts_forked("after-fork-full", child);
	snap("after-fork-full", DAG_EXPAND);
	fact_space("child-write");
	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	wait_env_exit(child);
}

/*
 * The ptfork() child: wait for the go, write page 0 (a table copy, then a
 * page copy), and photograph the result while the parent waits.
 */
static void
pt_child(envid_t parent)
{
	physaddr_t shared_page, shared_table;
	envid_t self = sys_getenvid();
	const char *label = "ptfork-write";

	fact_space("after-ptfork");
	ipc_recv(NULL, NULL, NULL);
	shared_page = frame_of(page(0));
	shared_table = table_of(page(0));
	*(int *)page(0) = 200;
	wait_receiving(parent);
	fact_envs(label, 2);
	fact_space(label);
	fact_table(label, self, page(0), table_of(page(0)), 1, 1);
	fact_table(label, parent, page(0), shared_table, 1, 1);
	fact_frame(label, self, page(0), frame_of(page(0)), 1, 1);
	fact_frame(label, parent, page(0), shared_page, 1, 1);
	fact_frame(label, self, page(1), frame_of(page(1)), 2, 2);
	fact_frame(label, parent, page(1), frame_of(page(1)), 2, 2);
	snap(label, 0);
	ipc_send(parent, 0, NULL, 0);
}

/* after-ptfork and ptfork-write. */
static void
ptfork_snapshots(void)
{
	envid_t self = sys_getenvid(), child;
	const char *label = "after-ptfork";

	if ((child = ptfork()) < 0)
		panic("ptfork: %e", child);
	if (child == 0) {
		pt_child(self);
		exit();
	}
	wait_receiving(child);
	fact_envs(label, 2);
	fact_space(label);
	fact_table(label, self, page(0), table_of(page(0)), 2, 2);
	fact_table(label, child, page(0), table_of(page(0)), 2, 2);
	fact_frame(label, self, page(0), frame_of(page(0)), 1, 2);
	fact_frame(label, child, page(DAG_PAGES - 1),
		   frame_of(page(DAG_PAGES - 1)), 1, 2);
	snap(label, 0);
	fact_space("ptfork-write");
	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	wait_env_exit(child);
}

void
umain(int argc, char **argv)
{
	int i, r;

	for (i = 0; i < DAG_PAGES; i++) {
		if ((r = sys_page_alloc(0, page(i), PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		*(int *)page(i) = i;
	}
	cprintf("dagdemo: %d data pages at %08x\n", DAG_PAGES, DAG_BASE);
	cow_snapshots();
	ptfork_snapshots();
	cprintf("dagdemo: done\n");
}
