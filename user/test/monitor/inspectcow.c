/*
 * inspectcow: stop in the kernel monitor while a parent and its fork()ed
 * child share pages copy-on-write, so that the monitor's introspection
 * commands (showmappings, pageinfo, envs, memstat, audit) have something
 * to show.  grade-lab2's part "monitor" runs them through a monitor script
 * (opt/jos/monitor) ending in `continue`.
 *
 * The parent (00001000) maps two pages at INSPECT_BASE, forks, and waits
 * in ipc_recv.  The child (00001001) writes the second page, so it gets a
 * private copy, and leaves the first shared.  At the breakpoint:
 *
 *	10000000: the same physical page in both, P U COW, pp_ref 2
 *	10001000: the child's own copy, P W U, pp_ref 1; the parent's
 *		  original, still P U COW, pp_ref 1
 *
 * After `continue` the child tells the parent and both exit.
 */
#include <inc/lib.h>
#include <inc/x86.h>

#define INSPECT_BASE 0x10000000

static void
child_main(envid_t parent)
{
	char *shared = (char *)INSPECT_BASE;
	char *written = (char *)INSPECT_BASE + PGSIZE;

	strcpy(written, "the child's copy");
	cprintf("inspectcow: child %08x: page %08x shared at pa %08x, "
		"page %08x copied to pa %08x\n",
		sys_getenvid(), shared, PTE_ADDR(uvpt[PGNUM(shared)]), written,
		PTE_ADDR(uvpt[PGNUM(written)]));
	breakpoint();
	cprintf("inspectcow: continued\n");
	ipc_send(parent, 0, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid();
	envid_t child;
	int i, r;

	for (i = 0; i < 2; i++) {
		r = sys_page_alloc(0, (void *)(INSPECT_BASE + i * PGSIZE),
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			panic("sys_page_alloc: %e", r);
		strcpy((char *)(INSPECT_BASE + i * PGSIZE),
		       "the parent's data");
	}
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		child_main(parent);
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	cprintf("inspectcow: parent %08x: page %08x still holds \"%s\"\n",
		parent, INSPECT_BASE + PGSIZE, (char *)(INSPECT_BASE + PGSIZE));
}
