/*
 * cowreadonly [fork|ptfork]: a read-only page is shared, never made
 * copy-on-write, and stays read-only: a write to it faults into the
 * program's own handler.
 *
 * Before the fork the parent fills a page at RO_VA and remaps it P U (no
 * W).  After the fork, on both sides:
 *
 *   the PTE is P U, without W or COW; the text reads back; the child's
 *   frame is the parent's (sent over IPC);
 *   fork():   pageref 2 (one PTE in each address space);
 *   ptfork(): pageref 1 (one PTE in the one shared table), and the
 *             region's PDE is shared (PTE_SHARED_PT, no W).
 *
 * Then the child writes to the page.  The write must fault: the page is
 * logically read-only, so there is nothing to copy.  Under ptfork() the
 * kernel first gives the child a private copy of the table (the frame
 * then has pageref 2).  The child's handler checks all that, reports and
 * exits; the parent's page is unchanged.  Lines: "cowreadonly: STEP OK"
 * (ptcowreadonly under ptfork).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RO_VA ((char *)0x10000000)
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static const char text[] = "read-only text, shared by parent and child";
static bool pt_mode;

/* The checks both sides make right after the fork. */
static void
check_after_fork(const char *who)
{
	if (pt_mode)
		check_hex(uvpd[PDX(RO_VA)] & PDE_BITS,
			  PTE_P | PTE_U | PTE_SHARED_PT,
			  "%s: PDE P U SHARED_PT without W", who);
	check_hex(uvpt[PGNUM(RO_VA)] & PTE_BITS, PTE_P | PTE_U,
		  "%s: PTE P U without W or COW", who);
	check_int(pageref(RO_VA), pt_mode ? 1 : 2, "%s: pageref %d", who,
		  pt_mode ? 1 : 2);
	check_str(RO_VA, text, "%s: text intact", who);
}

/* Give the caller a private writable copy of the PTE_COW page at va. */
static void
copy_page(void *va)
{
	int perm = PTE_P | PTE_U | PTE_W;

	if (sys_page_alloc(0, PFTEMP, perm) < 0)
		panic("sys_page_alloc");
	memmove(PFTEMP, va, PGSIZE);
	if (sys_page_map(0, PFTEMP, 0, va, perm) < 0)
		panic("sys_page_map");
	sys_page_unmap(0, PFTEMP);
}

/*
 * The child's page-fault handler: copy-on-write faults elsewhere (its
 * stack, say) are served as fork's handler would; the fault on RO_VA is
 * checked, reported, and ends the child.
 */
static void
child_fault(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE);
	pte_t pte = uvpt[PGNUM(va)];

	if (va != RO_VA && (utf->utf_err & FEC_WR) && (pte & PTE_COW)) {
		copy_page(va);
		return;
	}
	check_true(va == RO_VA && (utf->utf_err & FEC_WR),
		   "child's write faulted");
	check_hex(pte & PTE_BITS, PTE_P | PTE_U,
		  "child in its handler: PTE still P U");
	if (pt_mode) {
		check_hex(uvpd[PDX(RO_VA)] & PDE_BITS, PTE_P | PTE_W | PTE_U,
			  "child in its handler: PDE private P W U");
		check_int(pageref(RO_VA), 2,
			  "child in its handler: pageref 2 (two tables)");
	}
	check_str(RO_VA, text, "child in its handler: text intact");
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
	exit();
}

static void
child(void)
{
	physaddr_t parent_frame = ipc_recv(NULL, NULL, NULL);

	check_after_fork("child");
	check_hex(PTE_ADDR(uvpt[PGNUM(RO_VA)]), parent_frame,
		  "child: same frame as the parent");
	set_pgfault_handler(child_fault);
	RO_VA[0] = 'X';
	check_true(false, "child's write faulted");
	ipc_send(thisenv->env_parent_id, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	check_after_fork("parent");
	ipc_send(child_id, PTE_ADDR(uvpt[PGNUM(RO_VA)]), NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_str(RO_VA, text,
		  "parent: text unchanged after the child's write");
	check_hex(uvpt[PGNUM(RO_VA)] & PTE_BITS, PTE_P | PTE_U,
		  "parent: PTE still P U");
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int r;

	pt_mode = check_fork_mode(argc, argv);
	if ((r = sys_page_alloc(0, RO_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(RO_VA, text);
	if ((r = sys_page_map(0, RO_VA, 0, RO_VA, PTE_P | PTE_U)) < 0)
		panic("sys_page_map: %e", r);

	if ((who = check_fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
