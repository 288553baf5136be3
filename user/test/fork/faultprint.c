/*
 * faultprint: a user page-fault handler that reports the fault and ends
 * the environment.
 *
 * umain installs the handler and writes to 0xDeadBeef, where nothing is
 * mapped.  The kernel pushes a UTrapframe on the exception stack and runs
 * the handler, which prints the faulting address and the error code, then
 * destroys its own environment: the faulting write never completes.
 *
 * Expected output: "i faulted at va deadbeef, err 6" (6 = FEC_WR | FEC_U:
 * a user-mode write to a page that is not present) and no
 * "faultprint: FAIL" line.
 */
#include <inc/lib.h>
#include <inc/check.h>

static void
report_and_die(struct UTrapframe *utf)
{
	cprintf("i faulted at va %x, err %x\n", utf->utf_fault_va,
		utf->utf_err & 7);
	sys_env_destroy(sys_getenvid());
	check_true(false, "gone after sys_env_destroy");
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(report_and_die);
	*(volatile int *)0xDeadBeef = 0;
	check_true(false, "the write to 0xDeadBeef faulted");
}
