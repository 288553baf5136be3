/*
 * A program that writes to UENVS, the envs[] array, which it may read but
 * not write.  The read must work; the write must be a user fault, [user,
 * write, protection], that destroys the program and nothing else.
 *
 * Expected: "writeuenvs: read ... OK", "[00001000] user fault va ADDR ip ...",
 * "[user, write, protection]"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

void
umain(int argc, char **argv)
{
	volatile uint32_t *p = (volatile uint32_t *)(UENVS);
	uint32_t v = *p;

	cprintf("writeuenvs: read %08x at %08x OK\n", v, p);
	*p = v ^ 0xffffffff;
	check_true(false, "the write faulted");
}
