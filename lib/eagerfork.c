/*
 * eager_fork(): the simplest way to duplicate an environment with the
 * bare system calls, copying every page at once.  Tests of the kernel use
 * it so that they do not depend on the copy-on-write fork() in fork.c.
 */
#include <inc/lib.h>

/*
 * Give child a private copy of our page at va, with permissions perm.
 * The page is built writable in child, filled through UTEMP in our own
 * address space, then remapped with perm.  Returns 0, -E_NO_MEM or
 * -E_INVAL; on failure UTEMP is left unmapped.
 */
static int
copy_page(envid_t child, void *va, int perm)
{
	int rw = PTE_P | PTE_U | PTE_W;
	int r;

	if ((r = sys_page_alloc(child, va, rw)) < 0)
		return r;
	if ((r = sys_page_map(child, va, 0, UTEMP, rw)) < 0)
		return r;
	memmove(UTEMP, va, PGSIZE);
	sys_page_unmap(0, UTEMP);
	if (!(perm & PTE_W))
		return sys_page_map(child, va, child, va, perm);
	return 0;
}

/*
 * Copy every page we map below UTOP into child, except the exception
 * stack and the scratch page UTEMP.  Returns 0 or the first error.
 */
static int
copy_all_pages(envid_t child)
{
	uintptr_t va;
	int r;

	for (va = 0; va < UTOP; va += PGSIZE) {
		if (!(uvpd[PDX(va)] & PTE_P)) {
			va = ROUNDUP(va + 1, PTSIZE) - PGSIZE;
			continue;
		}
		if (!(uvpt[PGNUM(va)] & PTE_P) || va == (uintptr_t)UTEMP ||
		    va == UXSTACKTOP - PGSIZE)
			continue;
		r = copy_page(child, (void *)va, uvpt[PGNUM(va)] & PTE_SYSCALL);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Create a runnable child whose pages are fresh copies of ours (no
 * exception stack, no page-fault upcall: it may call
 * set_pgfault_handler itself).  Uses UTEMP as scratch.  Returns the
 * child's id in the parent, 0 in the child, or -E_NO_FREE_ENV /
 * -E_NO_MEM, in which case the half-built child has been destroyed.
 */
envid_t
eager_fork(void)
{
	envid_t child;
	int r;

	/* The child resumes here with EAX 0; sys_exofork is inlined. */
	child = sys_exofork();
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}
	if (child < 0)
		return child;

	if ((r = copy_all_pages(child)) < 0 ||
	    (r = sys_env_set_status(child, ENV_RUNNABLE)) < 0) {
		sys_env_destroy(child);
		return r;
	}
	return child;
}
