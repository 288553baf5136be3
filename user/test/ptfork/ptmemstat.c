/*
 * ptmemstat: sys_mem_stat writing its result into a shared region: the
 * kernel makes the caller's table private before it checks and writes.
 *
 *   shared page    the parent maps a PTE_SHARE page at SHARED_STAT
 *                  (region 0x10000000) and ptforks.  The child asks for
 *                  its figures there: the call succeeds, the child's table
 *                  for the region is private afterwards (the copy keeps
 *                  the PTE_SHARE page writable), and the parent, reading
 *                  the same page, sees the child's figures.
 *   COW page       cow_stat is a global the parent wrote.  A child of
 *                  fork() and a child of ptfork() each call sys_mem_stat
 *                  on it: they get the same result (after the table
 *                  copy the page is PTE_COW, exactly as after fork()), and
 *                  the ptfork child's program table is private afterwards.
 *   last holder    the parent then maps a page at LAST_STAT (region
 *                  0x20000000), ptforks a child that exits at once, and
 *                  asks for its figures at LAST_STAT: its PDE just becomes
 *                  writable, the call succeeds and costs no page.
 *
 * Expected output: "ptmemstat: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define SHARED_STAT ((struct MemStat *)0x10000000)
#define LAST_STAT ((struct MemStat *)0x20000000)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PDE_SHARED (PTE_P | PTE_U | PTE_SHARED_PT)
#define PDE_PRIVATE (PTE_P | PTE_W | PTE_U)

static struct MemStat cow_stat __attribute__((aligned(PGSIZE)));

/* Run body in a child made by make_child; returns the value it sends. */
static int32_t
in_child(envid_t (*make_child)(void), void (*body)(void))
{
	envid_t id = make_child();
	int32_t value;

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		body();
		exit();
	}
	value = ipc_recv(NULL, NULL, NULL);
	wait_env_exit(id);
	return value;
}

static void
stat_shared_page(void)
{
	int r;

	check_int(uvpd[PDX(SHARED_STAT)] & PDE_BITS, PDE_SHARED,
		  "child: region shared before the call");
	r = sys_mem_stat(SHARED_STAT);
	check_int(r, 0, "child: sys_mem_stat into the shared region");
	check_int(uvpd[PDX(SHARED_STAT)] & PDE_BITS, PDE_PRIVATE,
		  "child: region private after the call");
	ipc_send(thisenv->env_parent_id, SHARED_STAT->nenvs, NULL, 0);
}

static void
stat_cow_page(void)
{
	bool was_shared = (uvpd[PDX(&cow_stat)] & PTE_SHARED_PT) != 0;
	int r = sys_mem_stat(&cow_stat);

	if (was_shared)
		check_int(
			uvpd[PDX(&cow_stat)] & PDE_BITS, PDE_PRIVATE,
			"ptfork child: program region private after the call");
	ipc_send(thisenv->env_parent_id, r, NULL, 0);
}

static void
nothing(void)
{
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	int32_t nenvs, r_fork, r_ptfork;
	uint32_t before;
	int r;

	r = sys_page_alloc(0, SHARED_STAT, PTE_P | PTE_U | PTE_W | PTE_SHARE);
	if (r < 0)
		panic("sys_page_alloc: %e", r);
	memset(&cow_stat, 0, sizeof(cow_stat));

	nenvs = in_child(ptfork, stat_shared_page);
	check_int(nenvs, 2, "child saw 2 environments");
	check_int(SHARED_STAT->nenvs, 2,
		  "parent sees the child's figures in the shared page");
	check_int(SHARED_STAT->npages > 0, 1, "parent sees a page count");

	r_fork = in_child(fork, stat_cow_page);
	r_ptfork = in_child(ptfork, stat_cow_page);
	check_int(r_ptfork, r_fork,
		  "COW page: ptfork child's result the same as fork child's");

	/* After the fork() above, which would have made it copy-on-write. */
	if ((r = sys_page_alloc(0, LAST_STAT, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	in_child(ptfork, nothing);
	check_int(uvpd[PDX(LAST_STAT)] & PDE_BITS, PDE_SHARED,
		  "last holder: region still marked shared");
	before = mem_nfree();
	r = sys_mem_stat(LAST_STAT);
	check_int(r, 0, "last holder: sys_mem_stat into the region");
	check_int(before - mem_nfree(), 0, "last holder: it cost 0 pages");
	check_int(LAST_STAT->nfree, before,
		  "last holder: the figures are there");
	check_int(uvpd[PDX(LAST_STAT)] & PDE_BITS, PDE_PRIVATE,
		  "last holder: PDE writable again");
}
