/* The kernel's cprintf: formatted output to the console. */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>

/* Prints one character and counts it. */
static void
putch(int c, void *count)
{
	cputchar(c);
	(*(int *)count)++;
}

/* Prints fmt with the arguments in ap; returns the number of characters. */
int
vcprintf(const char *fmt, va_list ap)
{
	int count = 0;

	vprintfmt(putch, &count, fmt, ap);
	return count;
}

/* Like vcprintf, with the arguments inline. */
int
cprintf(const char *fmt, ...)
{
	va_list ap;
	int count;

	va_start(ap, fmt);
	count = vcprintf(fmt, ap);
	va_end(ap);
	return count;
}
