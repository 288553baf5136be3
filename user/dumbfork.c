/*
 * dumbfork: fork the slow way, by copying every page at once.
 *
 * The parent builds the child by hand from system calls: sys_exofork gives
 * an empty environment, then for each page of the program image
 * [UTEXT, end) and of the normal stack the parent allocates a page in the
 * child, maps that page at UTEMP in its own address space, copies its own
 * page into it and unmaps it again.  Nothing is shared afterwards, so no
 * page-fault handler is needed.  Compare with fork() (lib/fork.c), which
 * copies nothing up front.
 *
 * Expected output: "0: I am the parent!" .. "9: I am the parent!" and
 * "0: I am the child!" .. "19: I am the child!", interleaved, plus
 * "dumbfork: child sees the pre-fork value OK" and
 * "dumbfork: parent keeps its own value OK".
 */
#include <inc/lib.h>

/* A data value the parent changes right after the fork. */
static volatile int marker = 1;

/*
 * Give child a private copy of our page at va: a fresh page mapped in the
 * child, temporarily mapped at UTEMP here so that we can fill it.
 */
static void
copy_page_to_child(envid_t child, void *va)
{
	int perm = PTE_P | PTE_U | PTE_W;
	int r;

	if ((r = sys_page_alloc(child, va, perm)) < 0)
		panic("sys_page_alloc: %e", r);
	if ((r = sys_page_map(child, va, 0, UTEMP, perm)) < 0)
		panic("sys_page_map: %e", r);
	memmove(UTEMP, va, PGSIZE);
	if ((r = sys_page_unmap(0, UTEMP)) < 0)
		panic("sys_page_unmap: %e", r);
}

/*
 * Create a child that is a full copy of us.  Returns the child's id in the
 * parent and 0 in the child.
 */
static envid_t
dumbfork(void)
{
	extern unsigned char end[];
	envid_t child;
	uintptr_t va;
	int r;

	/* The child resumes here with EAX 0 (sys_exofork is inlined). */
	child = sys_exofork();
	if (child < 0)
		panic("sys_exofork: %e", child);
	if (child == 0)
		return 0;

	for (va = UTEXT; va < (uintptr_t)end; va += PGSIZE)
		copy_page_to_child(child, (void *)va);

	/* The stack: every mapped page below USTACKTOP. */
	for (va = USTACKTOP - PGSIZE;
	     (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & PTE_P); va -= PGSIZE)
		copy_page_to_child(child, (void *)va);

	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %e", r);
	return child;
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int i, n;
	bool parent;

	child = dumbfork();
	parent = (child != 0);

	if (parent) {
		marker = 2;
		if (marker == 2)
			cprintf("dumbfork: parent keeps its own value OK\n");
	} else {
		/* Give the parent time to write its copy first. */
		sys_yield();
		if (marker == 1)
			cprintf("dumbfork: child sees the pre-fork value OK\n");
		else
			cprintf("dumbfork: child marker FAIL: got %d want 1\n",
				marker);
	}

	n = parent ? 10 : 20;
	for (i = 0; i < n; i++) {
		cprintf("%d: I am the %s!\n", i, parent ? "parent" : "child");
		sys_yield();
	}
}
