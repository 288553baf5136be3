/*
 * A page-fault handler that "returns" to a bad eip: it sets utf_eip to a
 * kernel address.  The jump there from user mode must be a user fault at
 * that address (the kernel must not run its own code for us), which comes
 * back to the handler; the second time it drops the upcall and returns to
 * 0xdeadbeef, and that fault, with no upcall, destroys us.
 *
 * Expected, in order: "upcallbadret: fault at 00c00000",
 * "upcallbadret: fault at eip f0100000, va f0100000 OK",
 * "[00001000] user fault va deadbeef ip deadbeef".
 */
#include <inc/lib.h>
#include <inc/check.h>

static int calls;

static void
handler(struct UTrapframe *utf)
{
	if (++calls == 1) {
		cprintf("upcallbadret: fault at %08x\n", utf->utf_fault_va);
		utf->utf_eip = KERNBASE + 0x100000;
		return;
	}
	check_true(utf->utf_eip == KERNBASE + 0x100000 &&
			   utf->utf_fault_va == KERNBASE + 0x100000,
		   "fault at eip %08x, va %08x", utf->utf_eip,
		   utf->utf_fault_va);
	sys_env_set_pgfault_upcall(0, NULL);
	utf->utf_eip = 0xdeadbeef;
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	*(volatile int *)0x00c00000 = 1;
	check_true(false, "the bad return ended us");
}
