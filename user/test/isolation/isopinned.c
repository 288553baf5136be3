/*
 * isopinned: a frame with more than 65,535 references stays isolated.
 *
 * After ptfork() the parent and the child share the page table that maps
 * X and Y (region 0x10000000).  The child maps X at 65,534 addresses of
 * its own (X's pp_ref reaches 65,535), then writes Y: its copy of the
 * table takes one more reference to X (65,536: pp_ref is 32 bits) and X
 * becomes copy-on-write in both tables, since two environments now map
 * it.  The parent, then the last holder of the old table, writes X: that
 * write must copy X, so the child still reads X's pre-fork value, through
 * X and through every alias.  One more alias takes X past 65,535 again.
 *
 * Every step prints "isopinned: STEP OK" or "isopinned: STEP FAIL: ...";
 * each environment ends with its "done" line (see docs/testing.md).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define X ((volatile uint32_t *)0x10000000) /* shared through its table */
#define Y ((volatile uint32_t *)0x10001000) /* same region */
#define ALIASES 0x40000000                  /* the child's own regions */
#define NALIAS 65534
#define BEFORE 0x11111111 /* X's value at ptfork() */
#define AFTER 0x22222222  /* what the parent writes into X later */

static volatile uint32_t *
alias(int i)
{
	return (volatile uint32_t *)(ALIASES + i * PGSIZE);
}

/* Map X at n aliases from first on, read-only.  Returns how many worked. */
static int
map_aliases(int first, int n)
{
	int i;

	for (i = first; i < first + n; i++)
		if (sys_page_map(0, (void *)X, 0, (void *)alias(i),
				 PTE_P | PTE_U) < 0)
			break;
	return i - first;
}

/* The number of aliases that do not read want. */
static int
aliases_not_reading(int n, uint32_t want)
{
	int i, bad = 0;

	for (i = 0; i < n; i++)
		if (*alias(i) != want)
			bad++;
	return bad;
}

/*
 * The child: pin X, copy the table by writing Y, let the parent write X,
 * then check that nothing of the parent's write shows through.
 */
static void
child(envid_t parent)
{
	check_name("isopinned child");
	check_int(map_aliases(0, NALIAS), NALIAS, "%d aliases of X mapped",
		  NALIAS);
	check_int(pageref((void *)X), NALIAS + 1, "X's pageref with them");
	*Y = 1; /* copies the shared table */
	check_int(pageref((void *)X), NALIAS + 2,
		  "X's pageref after the child's table copy");
	check_hex(uvpt[PGNUM(X)] & (PTE_W | PTE_COW), PTE_COW,
		  "X copy-on-write in the child's table");
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the parent has written X */
	check_hex(*X, BEFORE, "X after the parent's write");
	check_int(aliases_not_reading(NALIAS, BEFORE), 0,
		  "aliases showing the parent's write");
	check_int(pageref((void *)X), NALIAS + 1,
		  "X's pageref after the parent's copy");
	check_int(map_aliases(NALIAS, 1), 1, "one more alias of X");
	check_int(pageref((void *)X), NALIAS + 2, "X's pageref past 65,535");
	check_done();
}

void
umain(int argc, char **argv)
{
	envid_t id;
	int r;

	if ((r = sys_page_alloc(0, (void *)X, PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_page_alloc(0, (void *)Y, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*X = BEFORE;
	if ((id = ptfork()) < 0)
		panic("ptfork: %e", id);
	if (id == 0) {
		child(thisenv->env_parent_id);
		return;
	}
	ipc_recv(NULL, NULL, NULL); /* the child has copied the table */
	*X = AFTER;
	check_hex(*X, AFTER, "the parent's write to X");
	check_int(pageref((void *)X), 1, "the parent's X is its own copy");
	ipc_send(id, 0, NULL, 0);
	wait_env_exit(id);
	check_done();
}
