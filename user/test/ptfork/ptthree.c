/*
 * ptthree: one page table shared by three environments, written by each
 * in turn, and the last holder's write that copies nothing at all.
 *
 * The parent maps a page at WORD1 (region 0x10000000) and one at WORD2
 * (region 0x20000000), then ptforks child A and child B: each region's
 * table is now shared by three (pp_ref 3).  In turns over IPC:
 *
 *   A writes WORD1    A gets a copy of the table (pp_ref 3 -> 2), then of
 *                     the page: 2 pages; the table left behind now maps
 *                     the page PTE_COW
 *   B writes WORD1    B's copy (pp_ref 2 -> 1): 2 pages
 *   parent writes     the last holder: its PDE becomes writable, and the
 *   WORD1             page, PTE_COW with pageref 1, is made writable in
 *                     place: 0 pages
 *   all three read    each sees its own value
 *   A and B exit      without ever writing in region 0x20000000, so that
 *                     table was never copied and still maps WORD2 P W U
 *   parent writes     the last holder: the PDE becomes writable, the PTE
 *   WORD2             needs nothing: 0 pages, the same frame, no COW
 *
 * Expected output: "ptthree: WHO: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define WORD1 ((volatile int *)0x10000000)
#define WORD2 ((volatile int *)0x20000000)
#define PRE_FORK 100
#define PTE_BITS (PTE_P | PTE_W | PTE_U | PTE_COW)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)
#define PDE_SHARED (PTE_P | PTE_U | PTE_SHARED_PT)
#define PDE_PRIVATE (PTE_P | PTE_W | PTE_U)

enum {
	PARENT,
	CHILD_A,
	CHILD_B
};

static const char *const side_name[] = { "parent", "A", "B" };

/* Write value at va; returns the pages that cost. */
static int
write_cost(volatile int *va, int value)
{
	uint32_t before = mem_nfree();

	*va = value;
	return before - mem_nfree();
}

/* Run one turn of child id: tell it to go, wait for it to finish. */
static void
turn(envid_t id)
{
	ipc_send(id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

/* Child who (A or B): its turns, each begun by a message from the parent. */
static void
child(int who, int sharers)
{
	envid_t parent = thisenv->env_parent_id;

	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);

	check_hex(ptref(WORD1), sharers,
		  "%s: table shared by %d before its write", side_name[who],
		  sharers);
	check_hex(*WORD1, PRE_FORK, "%s: sees the pre-fork value",
		  side_name[who]);
	check_hex(write_cost(WORD1, who), 2,
		  "%s: write cost 2 pages (table and page)", side_name[who]);
	check_hex(uvpd[PDX(WORD1)] & PDE_BITS, PDE_PRIVATE,
		  "%s: its table is private", side_name[who]);
	check_hex(uvpd[PDX(WORD2)] & PDE_BITS, PDE_SHARED,
		  "%s: region 20000000 still shared", side_name[who]);
	ipc_send(parent, 0, NULL, 0);

	ipc_recv(NULL, NULL, NULL);
	check_hex(*WORD1, who, "%s: sees its own value after the others wrote",
		  side_name[who]);
	check_hex(*WORD2, PRE_FORK,
		  "%s: sees the pre-fork value in region 20000000",
		  side_name[who]);
	ipc_send(parent, 0, NULL, 0);
}

/* The parent's turns: A, B, its own write, the reads, the last holder. */
static void
parent(envid_t a, envid_t b)
{
	physaddr_t frame2 = PTE_ADDR(uvpt[PGNUM(WORD2)]);

	ipc_recv(NULL, NULL, NULL);
	ipc_recv(NULL, NULL, NULL);
	check_hex(ptref(WORD1), 3, "%s: region 10000000 table shared by 3",
		  side_name[PARENT]);
	check_hex(ptref(WORD2), 3, "%s: region 20000000 table shared by 3",
		  side_name[PARENT]);
	turn(a);
	check_hex(*WORD1, PRE_FORK, "%s: does not see A's write",
		  side_name[PARENT]);
	turn(b);
	check_hex(*WORD1, PRE_FORK, "%s: does not see B's write",
		  side_name[PARENT]);
	check_hex(ptref(WORD1), 1, "%s: last holder of the old table",
		  side_name[PARENT]);
	check_hex(uvpd[PDX(WORD1)] & PDE_BITS, PDE_SHARED,
		  "%s: its PDE still shared and read-only", side_name[PARENT]);
	check_hex(write_cost(WORD1, PARENT), 0,
		  "%s: write as the last holder cost 0 pages",
		  side_name[PARENT]);
	check_hex(uvpd[PDX(WORD1)] & PDE_BITS, PDE_PRIVATE,
		  "%s: its PDE is writable again", side_name[PARENT]);
	turn(a);
	turn(b);
	check_hex(*WORD1, PARENT, "%s: sees its own value", side_name[PARENT]);

	wait_env_exit(a);
	wait_env_exit(b);
	check_hex(ptref(WORD2), 1, "%s: region 20000000: last holder",
		  side_name[PARENT]);
	check_hex(uvpt[PGNUM(WORD2)] & PTE_BITS, PTE_P | PTE_W | PTE_U,
		  "%s: region 20000000: PTE still P W U, never copied",
		  side_name[PARENT]);
	check_hex(write_cost(WORD2, PARENT), 0,
		  "%s: region 20000000: write cost 0 pages", side_name[PARENT]);
	check_hex(uvpd[PDX(WORD2)] & PDE_BITS, PDE_PRIVATE,
		  "%s: region 20000000: PDE writable again", side_name[PARENT]);
	check_hex((uvpt[PGNUM(WORD2)] & PTE_BITS) |
			  PTE_ADDR(uvpt[PGNUM(WORD2)]),
		  frame2 | PTE_P | PTE_W | PTE_U,
		  "%s: region 20000000: same frame, PTE still P W U",
		  side_name[PARENT]);
	check_hex(*WORD2, PARENT, "%s: region 20000000: reads its write",
		  side_name[PARENT]);
}

void
umain(int argc, char **argv)
{
	envid_t a, b;
	int r;

	if ((r = sys_page_alloc(0, (void *)WORD1, PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_page_alloc(0, (void *)WORD2, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*WORD1 = *WORD2 = PRE_FORK;
	if (sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_unmap(0, PFTEMP) < 0)
		panic("warm-up");

	if ((a = ptfork()) < 0)
		panic("ptfork: %e", a);
	if (a == 0) {
		child(CHILD_A, 3);
		return;
	}
	if ((b = ptfork()) < 0)
		panic("ptfork: %e", b);
	if (b == 0) {
		child(CHILD_B, 2);
		return;
	}
	parent(a, b);
}
