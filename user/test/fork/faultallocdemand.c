/*
 * faultallocdemand: pages allocated on demand by the page-fault handler,
 * including a fault taken while the handler itself is running.
 *
 * The handler maps a fresh page at the faulting address and writes a
 * message there with snprintf.  umain then prints the strings at
 * 0xDeadBeef and 0xCafeBffe.  The second one starts two bytes before a
 * page boundary, so the handler's own snprintf runs off its new page into
 * 0xCafeC000, which faults again: the kernel pushes a second UTrapframe
 * below the first on the exception stack, the nested handler maps
 * 0xCafeC000, returns to the first handler, and that one finishes.
 *
 * Expected output, in this order: "fault deadbeef",
 * "this string was faulted in at deadbeef", "fault cafebffe",
 * "fault cafec000", "this string was faulted in at cafebffe", then
 * "faultallocdemand: deadbeef OK" and "faultallocdemand: cafebffe OK".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define MESSAGE_FORMAT "this string was faulted in at %x"

static void
map_on_demand(struct UTrapframe *utf)
{
	uintptr_t va = utf->utf_fault_va;
	int r;

	cprintf("fault %x\n", va);
	r = sys_page_alloc(0, ROUNDDOWN((void *)va, PGSIZE),
			   PTE_P | PTE_U | PTE_W);
	if (r < 0)
		panic("allocating at %x in the page-fault handler: %e", va, r);
	snprintf((char *)va, 100, MESSAGE_FORMAT, va);
}

/* Print the string at va (which faults it in), then check its text. */
static void
show_and_check(uintptr_t va)
{
	char want[100];

	cprintf("%s\n", (char *)va);
	snprintf(want, sizeof(want), MESSAGE_FORMAT, va);
	check_str((char *)va, want, "%x", va);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(map_on_demand);
	show_and_check(0xDeadBeef);
	show_and_check(0xCafeBffe);
}
