/*
 * isosharepinned: memory shared on purpose (PTE_SHARE) stays shared, however
 * many references its frame has.
 *
 * The root maps a PTE_SHARE page S at 65,535 more addresses of its own
 * (S's pp_ref 65,536: pp_ref is 32 bits), then ptfork()s C, which shares
 * every table with it.  C writes another page of S's region: its copy of
 * that table must map the very frame S, writable and PTE_SHARE, not a
 * private copy.  Then each side writes S and the other must see it.
 *
 * Every step prints "isosharepinned[ C]: STEP OK" or "... FAIL: ...";
 * each environment ends with its "done" line (see docs/testing.md).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define S ((volatile uint32_t *)0x10000000) /* PTE_SHARE */
#define P ((volatile uint32_t *)0x10001000) /* same region, plain */
#define ALIASES 0x40000000                  /* the root's own regions */
#define NALIAS 65535
#define SHARED (PTE_P | PTE_U | PTE_W | PTE_SHARE)
#define FROM_C 0x33333333
#define FROM_ROOT 0x44444444

static volatile uint32_t *
alias(int i)
{
	return (volatile uint32_t *)(ALIASES + i * PGSIZE);
}

/* Map S at NALIAS aliases, shared.  Returns how many worked. */
static int
map_aliases(void)
{
	int i;

	for (i = 0; i < NALIAS; i++)
		if (sys_page_map(0, (void *)S, 0, (void *)alias(i), SHARED) < 0)
			break;
	return i;
}

/* C: copy the table, write S, then read the root's write. */
static void
child(envid_t root)
{
	check_name("isosharepinned C");
	*P = 1; /* copies the table of S's region */
	check_int(ptref(S), 1, "C's table for S's region is its own");
	check_hex(uvpt[PGNUM(S)] & (PTE_W | PTE_SHARE | PTE_COW),
		  PTE_W | PTE_SHARE, "S still writable and shared in C");
	*S = FROM_C;
	ipc_send(root, PTE_ADDR(uvpt[PGNUM(S)]), NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the root has written S */
	check_hex(*S, FROM_ROOT, "C sees the root's write");
	check_hex(*alias(0), FROM_ROOT, "C sees it through an alias");
	check_done();
}

void
umain(int argc, char **argv)
{
	envid_t c;
	int r, naliases;
	uint32_t frame_in_c;

	if ((r = sys_page_alloc(0, (void *)S, SHARED)) < 0 ||
	    (r = sys_page_alloc(0, (void *)P, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	naliases = map_aliases();
	if ((c = ptfork()) < 0)
		panic("ptfork: %e", c);
	if (c == 0) {
		child(thisenv->env_parent_id);
		return;
	}
	check_int(naliases, NALIAS, "%d aliases of S mapped", NALIAS);
	frame_in_c = ipc_recv(NULL, NULL, NULL);
	check_hex(frame_in_c, PTE_ADDR(uvpt[PGNUM(S)]),
		  "C's S is the root's frame");
	check_hex(*S, FROM_C, "the root sees C's write");
	check_int(pageref((void *)S), NALIAS + 2,
		  "S's pageref: two tables and the aliases");
	*S = FROM_ROOT;
	ipc_send(c, 0, NULL, 0);
	wait_env_exit(c);
	check_done();
}
