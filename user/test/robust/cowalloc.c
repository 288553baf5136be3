/*
 * sys_page_alloc and sys_page_unmap over copy-on-write pages.  After a
 * fork, the child replaces one shared page with a fresh one and unmaps
 * another.  The child's new page must be zeroed and its own; the parent
 * must keep its data, its pages must drop back to one reference each,
 * and its next write must still work (the copy-on-write handler then
 * finds it holds the page alone and keeps it).
 *
 * Expected: "cowalloc: ... OK" lines, "cowalloc: done OK"; no "FAIL".
 */
#include <inc/lib.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define X ((volatile uint32_t *)0x00a00000) /* replaced by the child */
#define Y ((volatile uint32_t *)0x00a01000) /* unmapped by the child */

static int failures;

static void
expect(const char *what, int got, int want)
{
	if (got == want)
		cprintf("cowalloc: %s: %x OK\n", what, got);
	else {
		cprintf("cowalloc: FAIL %s: got %x, want %x\n", what, got,
			want);
		failures++;
	}
}

static void
child(envid_t parent)
{
	expect("child: X is shared", pageref((void *)X), 2);
	expect("child: X is copy-on-write", uvpt[PGNUM(X)] & PTE_COW, PTE_COW);
	expect("child: replacing X", sys_page_alloc(0, (void *)X, RW), 0);
	expect("child: the new X is zeroed", X[0] | X[PGSIZE / 4 - 1], 0);
	expect("child: the new X is ours alone", pageref((void *)X), 1);
	X[0] = 0xc0ffee;
	expect("child: unmapping Y", sys_page_unmap(0, (void *)Y), 0);
	ipc_send(parent, failures, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t id, parent = sys_getenvid();
	physaddr_t pa;

	if (sys_page_alloc(0, (void *)X, RW) ||
	    sys_page_alloc(0, (void *)Y, RW))
		panic("sys_page_alloc");
	X[0] = 0x1234;
	Y[0] = 0x5678;
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		child(parent);
		return;
	}
	failures += ipc_recv(NULL, NULL, NULL);
	expect("parent: X has one reference again", pageref((void *)X), 1);
	expect("parent: Y has one reference again", pageref((void *)Y), 1);
	expect("parent: X kept its data", X[0], 0x1234);
	expect("parent: X is still copy-on-write", uvpt[PGNUM(X)] & PTE_COW,
	       PTE_COW);
	pa = PTE_ADDR(uvpt[PGNUM(X)]);
	X[1] = 1;
	expect("parent: the write kept the page", PTE_ADDR(uvpt[PGNUM(X)]), pa);
	expect("parent: X is writable now", uvpt[PGNUM(X)] & PTE_W, PTE_W);
	Y[1] = 1;
	expect("parent: Y kept its data", Y[0], 0x5678);
	cprintf("cowalloc: %s\n", failures ? "FAIL" : "done OK");
}
