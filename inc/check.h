/*
 * Self-checking helpers for test programs (lib/check.c).  A test includes
 * <inc/check.h> after <inc/lib.h>; docs/testing.md describes the whole
 * test-writer's API.
 *
 * Each check prints one line, which the grader matches:
 *
 *	PREFIX: STEP OK
 *	PREFIX: STEP FAIL: got G want W		(or just "FAIL" for check_true)
 *
 * PREFIX is the program's name (argv[0]) unless check_name set another.
 * STEP is a printf format with its arguments.  Every check returns true
 * when it passed; a failure is counted for check_done.  The count is the
 * environment's own (a fork child starts with a copy of its parent's),
 * and check_name starts it afresh, so a child that names itself after the
 * fork counts only its own checks.  A passing check
 * writes nothing but its stack, so checks never disturb the page counts
 * and shared page tables that tests measure.
 */
#ifndef JOS_INC_CHECK_H
#define JOS_INC_CHECK_H

#include <inc/types.h>
#include <inc/env.h>

void check_name(const char *fmt, ...);
bool check_true(bool ok, const char *fmt, ...);
bool check_int(int got, int want, const char *fmt, ...);
bool check_hex(uint32_t got, uint32_t want, const char *fmt, ...);
bool check_str(const char *got, const char *want, const char *fmt, ...);
int check_failures(void);
void check_done(void);

/*
 * Twin tests run the same checks under fork() or ptfork(): argv[1] is
 * "fork" (the default) or "ptfork".  check_fork_mode reads it, panics on
 * anything else, and for "ptfork" names the lines "ptNAME".  check_fork
 * then calls the fork it chose (its result unchanged).
 */
bool check_fork_mode(int argc, char **argv);
envid_t check_fork(void);

/*
 * A child made by sys_exofork() that never runs the test's code: an
 * address space for the test to fill and inspect (should it ever be made
 * runnable, it only yields).  Panics when sys_exofork fails.
 */
envid_t check_exo_child(void);

#endif /* !JOS_INC_CHECK_H */
