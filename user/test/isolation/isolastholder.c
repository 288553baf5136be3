/*
 * isolastholder: the last holder of a shared page table may not write a
 * frame that another environment maps.
 *
 * The root forks D, then writes a new page X and maps it into D
 * read-only (as in JOS, the root's own mapping of X stays writable).
 * Then the root ptfork()s C, which shares the table of X's region, and
 * exits.  C is now the last holder of that table; when C writes X, its
 * PDE may become writable again, but X is still mapped by D, so the
 * write must copy X, exactly as after fork(): D keeps reading X's value
 * from before.
 *
 * Every step prints "isolastholder[ ENV]: STEP OK" or "... FAIL: ...";
 * each environment ends with its "done" line (see docs/testing.md).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define X ((volatile uint32_t *)0x10000000)    /* the root's, then C's */
#define IN_D ((volatile uint32_t *)0x20000000) /* X as D maps it */
#define BEFORE 0x11111111
#define AFTER 0x22222222

/* D: wait until C has written X, then read X. */
static void
reader(void)
{
	check_name("isolastholder D");
	ipc_recv(NULL, NULL, NULL);
	check_hex(*IN_D, BEFORE, "X as D sees it after C's write");
	check_int(pageref((void *)IN_D), 1, "D's X is D's alone");
	check_done();
}

/* C: once the root is gone, write X and tell D. */
static void
writer(envid_t root, envid_t d)
{
	check_name("isolastholder C");
	wait_env_exit(root);
	check_int(ptref(X), 1, "C is the last holder of X's table");
	*X = AFTER;
	check_hex(*X, AFTER, "C's write to X");
	check_int(pageref((void *)X), 1, "C's X is a copy");
	ipc_send(d, 0, NULL, 0);
	check_done();
}

void
umain(int argc, char **argv)
{
	envid_t root = sys_getenvid(), c, d;
	int r;

	if ((d = fork()) < 0)
		panic("fork: %e", d);
	if (d == 0) {
		reader();
		return;
	}
	/* After the fork, so that X is writable when it is mapped. */
	if ((r = sys_page_alloc(0, (void *)X, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*X = BEFORE;
	r = sys_page_map(0, (void *)X, d, (void *)IN_D, PTE_P | PTE_U);
	check_int(r, 0, "X mapped read-only into D");
	if ((c = ptfork()) < 0)
		panic("ptfork: %e", c);
	if (c == 0) {
		writer(root, d);
		return;
	}
	check_done();
}
