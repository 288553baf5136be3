/*
 * printf-style formatting shared by the kernel and the user library.
 * vprintfmt turns a format and its arguments into a stream of characters
 * handed one by one to a putch callback; cprintf and snprintf are built on it.
 */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>
#include <inc/error.h>

/* What %e prints for each error code; indexed by the positive code. */
static const char *const error_string[MAXERROR] = {
	[E_UNSPECIFIED] = "unspecified error",
	[E_BAD_ENV] = "bad environment",
	[E_INVAL] = "invalid parameter",
	[E_NO_MEM] = "out of memory",
	[E_NO_FREE_ENV] = "out of environments",
	[E_FAULT] = "segmentation fault",
	[E_IPC_NOT_RECV] = "env is not recving",
	[E_NOT_IMPL] = "not implemented",
};

/* One parsed conversion: flags, width, precision and length modifier. */
struct spec {
	void (*putch)(int, void *);
	void *putdat;
	int width;     /* minimum field width, 0 for none */
	int precision; /* maximum %s length, minimum digits; -1 for none */
	int lflag;     /* number of 'l' modifiers */
	bool left;     /* '-': pad on the right */
	bool zero;     /* '0': pad numbers with zeros after the sign */
	bool alt;      /* '#': 0x before %x, 0 before %o */
};

/* Room for the digits of any 64-bit value and the widest precision. */
#define NUMBUF 32

/* Emits c n times. */
static void
put_repeat(struct spec *sp, int c, int n)
{
	while (n-- > 0)
		sp->putch(c, sp->putdat);
}

/* Emits the first n characters of s. */
static void
put_chars(struct spec *sp, const char *s, int n)
{
	while (n-- > 0)
		sp->putch(*s++, sp->putdat);
}

/*
 * Emits prefix (sign or "0x") and body, padded to the field width: zeros go
 * between the prefix and the body when zero padding applies, spaces go on
 * the left, or on the right for a left-justified field.
 */
static void
put_field(struct spec *sp, const char *prefix, const char *body, int bodylen)
{
	int plen = strlen(prefix);
	int pad = sp->width - plen - bodylen;

	if (!sp->left && !sp->zero)
		put_repeat(sp, ' ', pad);
	put_chars(sp, prefix, plen);
	if (!sp->left && sp->zero)
		put_repeat(sp, '0', pad);
	put_chars(sp, body, bodylen);
	if (sp->left)
		put_repeat(sp, ' ', pad);
}

/*
 * Divides *n by base (2..65535) in place and returns the remainder, using
 * only 32-bit divisions so that no 64-bit division from libgcc is needed: each
 * 16-bit piece, with the remainder so far above it, fits in 32 bits.
 */
static unsigned
divide64(uint64_t *n, unsigned base)
{
	uint64_t q = 0;
	uint32_t rem = 0;
	int shift;

	for (shift = 48; shift >= 0; shift -= 16) {
		uint32_t cur = (rem << 16) | (uint32_t)((*n >> shift) & 0xFFFF);

		q |= (uint64_t)(cur / base) << shift;
		rem = cur % base;
	}
	*n = q;
	return rem;
}

/*
 * Writes num in base into the end of buf[NUMBUF] and returns where the
 * digits begin.  Zero gives "0".
 */
static char *
format_digits(char *buf, uint64_t num, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = buf + NUMBUF;

	do {
		*--p = digits[divide64(&num, base)];
	} while (num != 0);
	return p;
}

/*
 * Emits num in base with an optional prefix, honouring the field spec; a
 * precision is the minimum number of digits, as in C.
 */
static void
put_number(struct spec *sp, const char *prefix, uint64_t num, unsigned base,
	   bool upper)
{
	char buf[NUMBUF];
	char *digits = format_digits(buf, num, base, upper);
	int mindigits = MIN(sp->precision, NUMBUF);

	if (sp->precision >= 0)
		sp->zero = false;
	while (buf + NUMBUF - digits < mindigits)
		*--digits = '0';
	put_field(sp, prefix, digits, buf + NUMBUF - digits);
}

/* Fetches an unsigned argument of the size the 'l' modifiers ask for. */
static uint64_t
get_unsigned(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, unsigned long long);
	if (lflag)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

/* Fetches a signed argument of the size the 'l' modifiers ask for. */
static int64_t
get_signed(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, long long);
	if (lflag)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

/* %d and %i: a sign only for negative values; INT64_MIN works. */
static void
put_signed(struct spec *sp, int64_t val)
{
	uint64_t mag = val < 0 ? -(uint64_t)val : (uint64_t)val;

	put_number(sp, val < 0 ? "-" : "", mag, 10, false);
}

/* %s: NULL prints "(null)"; the precision limits the length. */
static void
put_string(struct spec *sp, const char *s)
{
	if (s == NULL)
		s = "(null)";
	sp->zero = false;
	put_field(sp, "", s,
		  sp->precision >= 0 ? strnlen(s, sp->precision) : strlen(s));
}

/* %e: the message for error code err (either sign), or "error N". */
static void
put_error(struct spec *sp, int err)
{
	int code = err < 0 ? -err : err;

	if (code > 0 && code < MAXERROR && error_string[code] != NULL)
		put_string(sp, error_string[code]);
	else
		printfmt(sp->putch, sp->putdat, "error %d", code);
}

/*
 * Parses flags, width, precision and 'l' modifiers starting at fmt into sp;
 * '*' takes the width or precision from the arguments.  Returns the first
 * character after them (the conversion verb).
 */
static const char *
parse_spec(struct spec *sp, const char *fmt, va_list *ap)
{
	sp->width = 0;
	sp->precision = -1;
	sp->lflag = 0;
	sp->left = sp->zero = sp->alt = false;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else if (*fmt == '#')
			sp->alt = true;
		else
			break;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		sp->precision = 0;
		if (*++fmt == '*') {
			sp->precision = va_arg(*ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp->precision = sp->precision * 10 + (*fmt - '0');
	}
	for (; *fmt == 'l'; fmt++)
		sp->lflag++;
	if (sp->width < 0) {
		sp->left = true;
		sp->width = -sp->width;
	}
	return fmt;
}

/*
 * Emits one conversion verb with the parsed spec.  Returns false when the
 * verb is unknown (nothing is emitted then).
 */
static bool
put_verb(struct spec *sp, char verb, va_list *ap)
{
	char c;

	switch (verb) {
	case 'd':
	case 'i':
		put_signed(sp, get_signed(ap, sp->lflag));
		return true;
	case 'u':
		put_number(sp, "", get_unsigned(ap, sp->lflag), 10, false);
		return true;
	case 'o':
		put_number(sp, sp->alt ? "0" : "", get_unsigned(ap, sp->lflag),
			   8, false);
		return true;
	case 'x':
	case 'X':
		put_number(sp, sp->alt ? (verb == 'x' ? "0x" : "0X") : "",
			   get_unsigned(ap, sp->lflag), 16, verb == 'X');
		return true;
	case 'p':
		sp->precision = 8;
		put_number(sp, "0x", (unsigned long)va_arg(*ap, void *), 16,
			   false);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		sp->zero = false;
		put_field(sp, "", &c, 1);
		return true;
	case 's':
		put_string(sp, va_arg(*ap, const char *));
		return true;
	case 'e':
		put_error(sp, va_arg(*ap, int));
		return true;
	case '%':
		sp->putch('%', sp->putdat);
		return true;
	}
	return false;
}

/*
 * Formats fmt with the arguments in ap, handing each output character to
 * putch(c, putdat).  An unknown conversion is printed literally, starting
 * with its '%'.
 */
void
vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt, va_list ap)
{
	struct spec sp = { .putch = putch, .putdat = putdat };
	va_list args;
	const char *start;

	__builtin_va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			putch(*fmt++, putdat);
			continue;
		}
		start = fmt++;
		fmt = parse_spec(&sp, fmt, &args);
		if (*fmt != '\0' && put_verb(&sp, *fmt, &args)) {
			fmt++;
		} else {
			putch('%', putdat);
			fmt = start + 1;
		}
	}
	va_end(args);
}

/* Like vprintfmt, with the arguments inline. */
void
printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintfmt(putch, putdat, fmt, ap);
	va_end(ap);
}

/* Where snprintf writes, and how many characters it was asked to write. */
struct sprintbuf {
	char *buf;
	char *end; /* last usable byte, reserved for the NUL */
	int count;
};

/* Stores c while room remains and counts it either way. */
static void
sprint_putch(int c, void *data)
{
	struct sprintbuf *b = data;

	b->count++;
	if (b->buf < b->end)
		*b->buf++ = (char)c;
}

/*
 * Formats into str, writing at most size bytes and always terminating it.
 * Returns the length the whole output would have (so a return >= size means
 * it was truncated), or -E_INVAL when str is NULL or size < 1.
 */
int
vsnprintf(char *str, int size, const char *fmt, va_list ap)
{
	struct sprintbuf b;

	if (str == NULL || size < 1)
		return -E_INVAL;
	b.buf = str;
	b.end = str + size - 1;
	b.count = 0;
	vprintfmt(sprint_putch, &b, fmt, ap);
	*b.buf = '\0';
	return b.count;
}

/* Like vsnprintf, with the arguments inline. */
int
snprintf(char *str, int size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(str, size, fmt, ap);
	va_end(ap);
	return n;
}
