/*
 * ptmixed: fork() and sfork() called by an environment whose page tables
 * are shared (it has ptforked before), and ptfork() in a child of fork().
 * Each keeps its own semantics:
 *
 *   fork() after ptfork()    the child sees the values, its writes stay
 *                            its own, ours stay ours
 *   sfork() after ptfork()   the child's writes to data show up in ours
 *                            (sfork shares all but the stack)
 *   ptfork() in a fork child the grandchild's writes stay its own
 *
 * The first ptfork child waits, holding the shared tables, until the end.
 * Expected output: "ptmixed: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define HEAP ((volatile int *)0x10000000)

static volatile int data_word = 1;

/* Run body in a child made by make_child, and wait until it is gone. */
static void
in_child(const char *how, envid_t (*make_child)(void), void (*body)(void))
{
	envid_t id = make_child();

	if (id < 0) {
		check_true(false, "%s: got %e want a child", how, id);
		return;
	}
	if (id == 0) {
		body();
		exit();
	}
	wait_env_exit(id);
}

static void
write_values(void)
{
	data_word = 2;
	*HEAP = 2;
}

static void
grandchild_writes(void)
{
	in_child("ptfork in a fork child", ptfork, write_values);
	check_int(data_word, 1,
		  "fork child: grandchild's data write invisible");
	check_int(*HEAP, 1, "fork child: grandchild's heap write invisible");
}

void
umain(int argc, char **argv)
{
	envid_t holder;
	int r;

	if ((r = sys_page_alloc(0, (void *)HEAP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	*HEAP = 1;
	if ((holder = ptfork()) < 0)
		panic("ptfork: %e", holder);
	if (holder == 0) {
		ipc_recv(NULL, NULL, NULL);
		check_int(data_word == 1 && *HEAP == 1, 1,
			  "first ptfork child: its values untouched");
		return;
	}

	in_child("sfork after ptfork", sfork, write_values);
	check_int(data_word, 2, "sfork child's data write visible");
	check_int(*HEAP, 2, "sfork child's heap write visible");
	data_word = *HEAP = 1;

	in_child("fork after ptfork", fork, write_values);
	check_int(data_word, 1, "fork child's data write invisible");
	check_int(*HEAP, 1, "fork child's heap write invisible");

	in_child("fork, then ptfork inside", fork, grandchild_writes);

	ipc_send(holder, 0, NULL, 0);
}
