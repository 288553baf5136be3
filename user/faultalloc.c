/*
 * A handler that maps the faulting page and writes a message into it, so
 * the faulting read then succeeds.  The second address lies two bytes
 * below a page boundary: the handler's own write crosses into the next
 * page and faults again, inside the handler (a nested upcall).
 */
#include <inc/lib.h>

/*
 * Map a page at the faulting address and write a message there that names
 * the address; panics if the page cannot be allocated.
 */
static void
handler(struct UTrapframe *utf)
{
	uintptr_t va = utf->utf_fault_va;
	int r;

	cprintf("fault %08x\n", va);
	r = sys_page_alloc(0, ROUNDDOWN((void *)va, PGSIZE),
			   PTE_P | PTE_U | PTE_W);
	if (r < 0)
		panic("allocating at %08x in page fault handler: %e", va, r);
	snprintf((char *)va, 100, "this string was faulted in at %08x", va);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	cprintf("%s\n", (char *)0xDeadBeef);
	cprintf("%s\n", (char *)0xCafeBffe);
}
