/*
 * User-level page-fault handling: set_pgfault_handler() installs a C
 * function that lib/pfentry.S calls on every page fault of this
 * environment.
 */
#include <inc/lib.h>

/* The assembly entry point registered with the kernel (lib/pfentry.S). */
extern void _pgfault_upcall(void);

/* The C handler _pgfault_upcall calls; NULL until the first set-up. */
void (*_pgfault_handler)(struct UTrapframe *utf);

/* True when the exception stack page is mapped user-writable. */
static bool
exception_stack_mapped(void)
{
	uintptr_t va = UXSTACKTOP - PGSIZE;
	pte_t need = PTE_P | PTE_U | PTE_W;

	return (uvpd[PDX(va)] & PTE_P) && (uvpt[PGNUM(va)] & need) == need;
}

/*
 * Make handler this environment's page-fault handler.  The first time
 * (or whenever they are missing, e.g. in a child copied by hand) it
 * allocates the exception stack at UXSTACKTOP - PGSIZE and registers
 * _pgfault_upcall with the kernel; later calls only swap the C function.
 * Returns 0, or -E_NO_MEM when the exception stack cannot be allocated
 * (nothing changed then).
 */
int
try_set_pgfault_handler(void (*handler)(struct UTrapframe *utf))
{
	int r;

	if (!exception_stack_mapped()) {
		r = sys_page_alloc(0, (void *)(UXSTACKTOP - PGSIZE),
				   PTE_P | PTE_U | PTE_W);
		if (r < 0)
			return r;
	}

	/* Write only when it changes: after ptfork() a write here would
	 * make the kernel copy the page table holding our data. */
	if (_pgfault_handler != handler)
		_pgfault_handler = handler;

	if (thisenv->env_pgfault_upcall != (void *)_pgfault_upcall)
		return sys_env_set_pgfault_upcall(0, (void *)_pgfault_upcall);
	return 0;
}

/* As try_set_pgfault_handler(), but panics with the reason on failure. */
void
set_pgfault_handler(void (*handler)(struct UTrapframe *utf))
{
	int r;

	if ((r = try_set_pgfault_handler(handler)) < 0)
		panic("set_pgfault_handler: %e", r);
}
