/*
 * User cprintf: characters are collected in a buffer on the stack and
 * handed to the kernel with sys_cputs when the buffer fills or the format
 * is done, so a line shorter than the buffer prints in one piece.
 */
#include <inc/lib.h>

#define PRINTBUF_SIZE 256

struct printbuf {
	int idx; /* characters waiting in buf */
	int cnt; /* characters printed so far */
	char buf[PRINTBUF_SIZE];
};

/* vprintfmt callback: buffer one character, flushing a full buffer. */
static void
putch(int ch, void *data)
{
	struct printbuf *b = data;

	b->buf[b->idx++] = ch;
	if (b->idx == PRINTBUF_SIZE) {
		sys_cputs(b->buf, b->idx);
		b->idx = 0;
	}
	b->cnt++;
}

/* Print fmt with the arguments in ap.  Returns the number of characters. */
int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b;

	b.idx = 0;
	b.cnt = 0;
	vprintfmt(putch, &b, fmt, ap);
	if (b.idx > 0)
		sys_cputs(b.buf, b.idx);
	return b.cnt;
}

/* Print fmt with its arguments.  Returns the number of characters. */
int
cprintf(const char *fmt, ...)
{
	va_list ap;
	int cnt;

	va_start(ap, fmt);
	cnt = vcprintf(fmt, ap);
	va_end(ap);
	return cnt;
}
