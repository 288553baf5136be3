/*
 * dumbfork: fork the slow way, by copying every page at once, written the
 * way the JOS lab 4 handout's program is (its child sets thisenv itself).
 *
 * The parent builds the child by hand from system calls: sys_exofork gives
 * an empty environment, then for each page of the program image
 * [UTEXT, end) and for the stack page the parent allocates a page in the
 * child, maps that page at UTEMP in its own address space, copies its own
 * page into it and unmaps it again.  Nothing is shared afterwards, so no
 * page-fault handler is needed.  Compare with fork() (lib/fork.c), which
 * copies nothing up front.
 *
 * Expected output: "0: I am the parent!" .. "9: I am the parent!" and
 * "0: I am the child!" .. "19: I am the child!", interleaved, then
 * "dumbfork: parent keeps its own value OK" and
 * "dumbfork: child sees the pre-fork value OK".
 */
#include <inc/lib.h>

/* A data value the parent changes right after the fork. */
static volatile int marker = 1;

/*
 * Give dstenv a private copy of our page at addr: a fresh page mapped in
 * dstenv, temporarily mapped at UTEMP here so that we can fill it.
 */
static void
duppage(envid_t dstenv, void *addr)
{
	int r;

	if ((r = sys_page_alloc(dstenv, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	if ((r = sys_page_map(dstenv, addr, 0, UTEMP, PTE_P | PTE_U | PTE_W)) <
	    0)
		panic("sys_page_map: %e", r);
	memmove(UTEMP, addr, PGSIZE);
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
	envid_t envid;
	uint8_t *addr;
	int r;

	/* The child resumes here with EAX 0 (sys_exofork is inlined). */
	envid = sys_exofork();
	if (envid < 0)
		panic("sys_exofork: %e", envid);
	if (envid == 0) {
		/* Our copy of thisenv still names the parent. */
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (addr = (uint8_t *)UTEXT; addr < end; addr += PGSIZE)
		duppage(envid, addr);
	/* The stack: the page that holds this very variable. */
	duppage(envid, ROUNDDOWN(&addr, PGSIZE));

	if ((r = sys_env_set_status(envid, ENV_RUNNABLE)) < 0)
		panic("sys_env_set_status: %e", r);
	return envid;
}

void
umain(int argc, char **argv)
{
	envid_t who;
	int i;

	who = dumbfork();
	if (who)
		marker = 2;

	for (i = 0; i < (who ? 10 : 20); i++) {
		cprintf("%d: I am the %s!\n", i, who ? "parent" : "child");
		sys_yield();
	}

	if (who && marker == 2)
		cprintf("dumbfork: parent keeps its own value OK\n");
	else if (!who && marker == 1)
		cprintf("dumbfork: child sees the pre-fork value OK\n");
	else
		cprintf("dumbfork: %s marker FAIL: got %d\n",
			who ? "parent" : "child", marker);
	if (!who && thisenv->env_id != sys_getenvid())
		cprintf("dumbfork: child's thisenv FAIL: names %08x\n",
			thisenv->env_id);
}
