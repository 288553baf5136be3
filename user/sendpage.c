/*
 * sendpage: a page handed from a parent to its child and back over IPC,
 * with the JOS lab 4 handout's messages.
 *
 * After fork() the parent allocates a page at PARENT_VA, writes a message
 * into it and sends it (PTE_P | PTE_U | PTE_W) to the child, which
 * receives it at a different address, CHILD_VA.  Both addresses now map
 * the same physical page, so its pageref is 2.  The child checks the
 * message, writes its reply into the page and sends the page back; the
 * parent receives it at PARENT_VA (the same page again) and checks the
 * reply.
 *
 * Expected output: "1000 got message: hello child environment! how are
 * you?", "child received correct message", "child: pageref 2 and
 * writable OK", "1001 got message: hello parent environment! I'm good",
 * "parent received correct message" and "parent: same page OK"; no
 * "sendpage: FAIL" line.
 */
#include <inc/lib.h>

#define PARENT_VA ((char *)0x00a00000)
#define CHILD_VA ((char *)0x00b00000)
#define PERM (PTE_P | PTE_U | PTE_W)

static const char to_child[] = "hello child environment! how are you?";
static const char to_parent[] = "hello parent environment! I'm good.";

/* Receive a page at va from anyone and print its text; returns the sender. */
static envid_t
receive_page(char *va)
{
	envid_t from;
	int perm;

	ipc_recv(&from, va, &perm);
	cprintf("%x got message: %s\n", from, va);
	if ((perm & PERM) != PERM)
		cprintf("sendpage: FAIL: perm %x lacks P, U or W\n", perm);
	return from;
}

static void
child(void)
{
	envid_t parent = receive_page(CHILD_VA);

	if (strcmp(CHILD_VA, to_child) == 0)
		cprintf("child received correct message\n");
	else
		cprintf("sendpage: FAIL: child got '%s'\n", CHILD_VA);
	if (pageref(CHILD_VA) == 2 && (uvpt[PGNUM(CHILD_VA)] & PTE_W))
		cprintf("child: pageref 2 and writable OK\n");
	else
		cprintf("sendpage: FAIL: child pageref %d pte %08x\n",
			pageref(CHILD_VA), uvpt[PGNUM(CHILD_VA)]);

	strcpy(CHILD_VA, to_parent);
	ipc_send(parent, 0, CHILD_VA, PERM);
}

static void
parent(envid_t child_id)
{
	physaddr_t before;
	int r;

	if ((r = sys_page_alloc(0, PARENT_VA, PERM)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(PARENT_VA, to_child);
	before = PTE_ADDR(uvpt[PGNUM(PARENT_VA)]);
	ipc_send(child_id, 0, PARENT_VA, PERM);

	receive_page(PARENT_VA);
	if (strcmp(PARENT_VA, to_parent) == 0)
		cprintf("parent received correct message\n");
	else
		cprintf("sendpage: FAIL: parent got '%s'\n", PARENT_VA);
	if (PTE_ADDR(uvpt[PGNUM(PARENT_VA)]) == before)
		cprintf("parent: same page OK\n");
	else
		cprintf("sendpage: FAIL: the page came back as another page\n");
}

void
umain(int argc, char **argv)
{
	envid_t who = fork();

	if (who < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
