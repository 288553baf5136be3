/*
 * The check helpers of inc/check.h: one line per check, in one sys_cputs
 * so that lines from several environments never interleave, and a count
 * of failures for check_done.
 *
 * A check that passes writes no memory but its stack: tests measure page
 * costs and watch page tables being shared, and a write to the library's
 * data after a fork would copy a page (or, after ptfork, a whole table).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define STEP_SIZE 160

static char prefix[48];
static int nfailures;
static bool use_ptfork;

/*
 * Set the prefix of the lines that follow (default: the program's name)
 * and start a fresh count of failures for check_done: a child that names
 * itself after a fork does not report its parent's failures.  It writes
 * the library's data, which after a fork copies a page (or, after
 * ptfork, a table) in the caller: call it where that does not matter.
 */
void
check_name(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	nfailures = 0;
}

/* The line prefix: check_name's, else the program's name. */
static const char *
line_prefix(void)
{
	return prefix[0] ? prefix : binaryname;
}

/*
 * Print one check's line: "PREFIX: STEP OK", or
 * "PREFIX: STEP FAIL" followed by detail (which starts with ':' or is
 * empty).  Returns ok.
 */
static bool
report(bool ok, const char *detail, const char *fmt, va_list ap)
{
	char step[STEP_SIZE];

	vsnprintf(step, sizeof(step), fmt, ap);
	if (ok)
		cprintf("%s: %s OK\n", line_prefix(), step);
	else {
		nfailures++;
		cprintf("%s: %s FAIL%s\n", line_prefix(), step, detail);
	}
	return ok;
}

/* Passes when ok is true. */
bool
check_true(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ok = report(ok, "", fmt, ap);
	va_end(ap);
	return ok;
}

/* Passes when got == want; a failure shows both in decimal. */
bool
check_int(int got, int want, const char *fmt, ...)
{
	char detail[48];
	va_list ap;
	bool ok;

	snprintf(detail, sizeof(detail), ": got %d want %d", got, want);
	va_start(ap, fmt);
	ok = report(got == want, detail, fmt, ap);
	va_end(ap);
	return ok;
}

/* Passes when got == want; a failure shows both in hex (bits, addresses). */
bool
check_hex(uint32_t got, uint32_t want, const char *fmt, ...)
{
	char detail[48];
	va_list ap;
	bool ok;

	snprintf(detail, sizeof(detail), ": got %x want %x", got, want);
	va_start(ap, fmt);
	ok = report(got == want, detail, fmt, ap);
	va_end(ap);
	return ok;
}

/* Passes when the strings are equal; a failure quotes both. */
bool
check_str(const char *got, const char *want, const char *fmt, ...)
{
	char detail[STEP_SIZE];
	va_list ap;
	bool ok;

	snprintf(detail, sizeof(detail), ": got '%s' want '%s'", got, want);
	va_start(ap, fmt);
	ok = report(strcmp(got, want) == 0, detail, fmt, ap);
	va_end(ap);
	return ok;
}

/* The number of checks that failed so far in this environment. */
int
check_failures(void)
{
	return nfailures;
}

/*
 * The closing line: "PREFIX: done OK" when every check of this
 * environment passed, else "PREFIX: done FAIL: F checks failed".
 */
void
check_done(void)
{
	if (nfailures == 0)
		cprintf("%s: done OK\n", line_prefix());
	else
		cprintf("%s: done FAIL: %d checks failed\n", line_prefix(),
			nfailures);
}

/* See inc/check.h.  Returns true for ptfork. */
bool
check_fork_mode(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "fork";

	if (strcmp(mode, "ptfork") == 0) {
		use_ptfork = true;
		check_name("pt%s", binaryname);
	} else if (strcmp(mode, "fork") != 0)
		panic("argument '%s': want fork or ptfork", mode);
	return use_ptfork;
}

/* fork() or ptfork(), as check_fork_mode chose. */
envid_t
check_fork(void)
{
	return use_ptfork ? ptfork() : fork();
}

/* See inc/check.h. */
envid_t
check_exo_child(void)
{
	envid_t id = sys_exofork();

	if (id < 0)
		panic("sys_exofork: %e", id);
	if (id == 0)
		for (;;)
			sys_yield();
	return id;
}
