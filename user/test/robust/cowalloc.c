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
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define X ((volatile uint32_t *)0x00a00000) /* replaced by the child */
#define Y ((volatile uint32_t *)0x00a01000) /* unmapped by the child */

static void
child(envid_t parent)
{
	check_hex(pageref((void *)X), 2, "child: X is shared");
	check_hex(uvpt[PGNUM(X)] & PTE_COW, PTE_COW,
		  "child: X is copy-on-write");
	check_hex(sys_page_alloc(0, (void *)X, RW), 0, "child: replacing X");
	check_hex(X[0] | X[PGSIZE / 4 - 1], 0, "child: the new X is zeroed");
	check_hex(pageref((void *)X), 1, "child: the new X is ours alone");
	X[0] = 0xc0ffee;
	check_hex(sys_page_unmap(0, (void *)Y), 0, "child: unmapping Y");
	ipc_send(parent, check_failures(), NULL, 0);
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
	check_int(ipc_recv(NULL, NULL, NULL), 0, "child: no check failed");
	check_hex(pageref((void *)X), 1, "parent: X has one reference again");
	check_hex(pageref((void *)Y), 1, "parent: Y has one reference again");
	check_hex(X[0], 0x1234, "parent: X kept its data");
	check_hex(uvpt[PGNUM(X)] & PTE_COW, PTE_COW,
		  "parent: X is still copy-on-write");
	pa = PTE_ADDR(uvpt[PGNUM(X)]);
	X[1] = 1;
	check_hex(PTE_ADDR(uvpt[PGNUM(X)]), pa,
		  "parent: the write kept the page");
	check_hex(uvpt[PGNUM(X)] & PTE_W, PTE_W, "parent: X is writable now");
	Y[1] = 1;
	check_hex(Y[0], 0x5678, "parent: Y kept its data");
	check_done();
}
