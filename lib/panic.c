/* User-level panic and warning messages. */
#include <inc/lib.h>
#include <inc/x86.h>

/*
 * Format "[ENVID] user KIND in NAME at FILE:LINE: MESSAGE\n" into one
 * buffer and print it with a single system call, so the line cannot be
 * interleaved with another environment's output.  Long messages are cut
 * at the buffer's end.
 */
static void
report(const char *kind, const char *file, int line, const char *fmt,
       va_list ap)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf),
		     "[%08x] user %s in %s at %s:%d: ", sys_getenvid(), kind,
		     binaryname, file, line);
	if (n < 0 || n >= (int)sizeof(buf) - 1)
		n = sizeof(buf) - 2;
	n += vsnprintf(buf + n, sizeof(buf) - 1 - n, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	sys_cputs(buf, n);
}

/*
 * Print the panic message and stop: the breakpoint hands control to the
 * kernel monitor.  Never returns (should the monitor resume us, we trap
 * again).
 */
void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("panic", file, line, fmt, ap);
	va_end(ap);

	for (;;)
		breakpoint();
}

/*
 * What the handout's library stubs call (docs/lab2.md): a user panic
 * "WHAT: not implemented (exercise EXERCISE)".  Never returns.  The
 * solution tree never calls it.
 */
void
exercise_missing(const char *what, const char *exercise)
{
	panic("%s: not implemented (exercise %s)", what, exercise);
}

/* Print a warning message and carry on. */
void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning", file, line, fmt, ap);
	va_end(ap);
}
