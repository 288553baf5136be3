/*
 * A child leaves an unmasked x87 exception pending and exits.  The FPU
 * reports a pending exception only at the next waiting instruction
 * (fwait or most x87 instructions): if the child's FPU state reached the
 * parent, the parent's fwait would take trap 16 (x87 FPU Floating-Point
 * Error) and the parent would be destroyed for the child's deed.
 *
 * The parent loads a value of its own first, so that the kernel must
 * save its state for the child and give it back afterwards.
 *
 * Expected: "fpupending: child: zero divide pending OK", "fpupending: the
 * parent passed fwait, no exception OK", "fpupending: the parent's own
 * st(0) is back OK", "fpupending: done OK" from each; no "FAIL" and no
 * "x87 FPU Floating-Point Error".
 */
#include <inc/lib.h>
#include <inc/check.h>

/* x87 control word: the default 0x037f with zero divide (ZM) unmasked. */
#define FCW_UNMASK_ZE (0x037f & ~0x0004)
/* x87 status word: error summary (ES) and zero divide (ZE). */
#define FSW_ES 0x0080
#define FSW_ZE 0x0004

/* 1.0 as a double, bit for bit. */
#define ONE 0x3ff0000000000000ull

/* Divide 1 by 0 with ZE unmasked and leave the exception pending. */
static void
child(void)
{
	static const uint64_t zero = 0;
	uint16_t fcw = FCW_UNMASK_ZE, fsw;

	asm volatile("fninit\n\t"
		     "fldcw %1\n\t"
		     "fld1\n\t"
		     "fdivl %2\n\t"
		     "fnstsw %0"
		     : "=m"(fsw)
		     : "m"(fcw), "m"(zero));
	check_hex(fsw & (FSW_ES | FSW_ZE), FSW_ES | FSW_ZE,
		  "child: zero divide pending");
	check_done();
	/* Exit without any waiting x87 instruction. */
}

void
umain(int argc, char **argv)
{
	uint64_t st0 = 0;
	uint16_t fsw;
	envid_t c;

	asm volatile("fninit\n\tfld1");
	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		child();
		return;
	}
	wait_env_exit(c);
	asm volatile("fwait\n\tfnstsw %0\n\tfstpl %1" : "=m"(fsw), "=m"(st0));
	check_hex(fsw & FSW_ES, 0, "the parent passed fwait, no exception");
	check_true(st0 == ONE, "the parent's own st(0) is back");
	check_done();
}
