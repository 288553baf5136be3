/*
 * sforkfork: what sfork() shares stays shared when either side forks
 * again.
 *
 * The parent and its sfork()ed child share the global `shared`.  The
 * child then fork()s a grandchild and the parent ptfork()s another child;
 * after each of those forks one side of the sfork pair writes `shared`
 * and the other must see the write, in both directions.  sfork() marks
 * the page PTE_SHARE, so the later forks share it as well (the fork()ed
 * grandchild's write is seen too); without that mark the forker's page
 * would have become copy-on-write, and its next write would have gone to
 * a private copy.  IPC messages order the steps: each carries the value
 * the receiver must now find in `shared`.
 *
 * Expected output: seven "sforkfork: ... OK" lines, no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

volatile uint32_t shared;

/* Check that `shared` is mapped PTE_SHARE here. */
static void
check_marked(const char *who)
{
	check_true(uvpt[PGNUM(&shared)] & PTE_SHARE,
		   "%s: the shared page is PTE_SHARE", who);
}

/* Wait for the peer's message and check `shared` against its value. */
static void
expect_peer_write(const char *what)
{
	int want = ipc_recv(NULL, NULL, NULL);

	check_int(shared, want, "%s", what);
}

/* Write value to `shared` and tell peer to look. */
static void
write_and_tell(envid_t peer, uint32_t value)
{
	shared = value;
	ipc_send(peer, value, NULL, 0);
}

/* The sfork()ed child: fork() a grandchild, then trade writes. */
static void
child(envid_t parent)
{
	envid_t grandchild;

	check_marked("child");
	if ((grandchild = fork()) < 0)
		panic("fork: %e", grandchild);
	if (grandchild == 0) {
		shared = 1;
		exit();
	}
	wait_env_exit(grandchild);
	check_int(shared, 1, "child sees its fork()ed child's write");

	write_and_tell(parent, 2);
	expect_peer_write("child sees the parent's write after the child's "
			  "fork()");
	ipc_send(parent, 0, NULL, 0);

	expect_peer_write("child sees the parent's write after the parent's "
			  "ptfork()");
	write_and_tell(parent, 6);
}

/* The parent: trade writes around the child's fork(), then ptfork(). */
static void
parent(envid_t child)
{
	envid_t other;

	check_marked("parent");
	expect_peer_write("parent sees the child's write after the child's "
			  "fork()");
	write_and_tell(child, 3);
	ipc_recv(NULL, NULL, NULL);

	if ((other = ptfork()) < 0)
		panic("ptfork: %e", other);
	if (other == 0)
		exit();
	wait_env_exit(other);
	write_and_tell(child, 5);
	expect_peer_write("parent sees the child's write after the parent's "
			  "ptfork()");
}

void
umain(int argc, char **argv)
{
	envid_t me = sys_getenvid(), who;

	if ((who = sfork()) < 0)
		panic("sfork: %e", who);
	if (who == 0)
		child(me);
	else
		parent(who);
}
