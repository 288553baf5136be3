/* Host tests of lib/printfmt.c: every verb, flags, widths, %e, snprintf. */

#include <inc/stdio.h>
#include <inc/error.h>
#include <lib/hosttest/hosttest.h>

static char buf[256];

/* Formats into buf and returns it, for comparing with the expected text. */
static const char *
fmt(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	return buf;
}

static void
verbs(void)
{
	ht_group_begin("printfmt verbs");
	CHECK_STR(fmt("%d", 42), "42");
	CHECK_STR(fmt("%i", -7), "-7");
	CHECK_STR(fmt("%d", 0), "0");
	CHECK_STR(fmt("%u", 4294967295U), "4294967295");
	CHECK_STR(fmt("%x", 0xdeadbeef), "deadbeef");
	CHECK_STR(fmt("%X", 0xdeadbeef), "DEADBEEF");
	CHECK_STR(fmt("%o", 8), "10");
	CHECK_STR(fmt("%o", 0), "0");
	CHECK_STR(fmt("%c", 'A'), "A");
	CHECK_STR(fmt("%s", "hello"), "hello");
	CHECK_STR(fmt("%s", (char *)NULL), "(null)");
	CHECK_STR(fmt("%%"), "%");
	CHECK_STR(fmt("100%%!"), "100%!");
	CHECK_STR(fmt("%p", (void *)0x1234), "0x00001234");
	CHECK_STR(fmt("%p", (void *)0xf0100000), "0xf0100000");
	CHECK_STR(fmt("%#x", 255), "0xff");
	CHECK_STR(fmt("%#o", 8), "010");
	CHECK_STR(fmt("a=%d b=%s c=%c d=%x", 1, "two", '3', 4),
		  "a=1 b=two c=3 d=4");
	CHECK_STR(fmt(""), "");
	CHECK_STR(fmt("plain text"), "plain text");
	ht_group_end();
}

static void
widths(void)
{
	ht_group_begin("printfmt width/padding/precision");
	CHECK_STR(fmt("%5d|", 42), "   42|");
	CHECK_STR(fmt("%-5d|", 42), "42   |");
	CHECK_STR(fmt("%05d", 42), "00042");
	CHECK_STR(fmt("%5d", -42), "  -42");
	CHECK_STR(fmt("%05d", -42), "-0042");
	CHECK_STR(fmt("%-05d|", -42), "-42  |");
	CHECK_STR(fmt("%2d", 12345), "12345");
	CHECK_STR(fmt("%8x", 0xbeef), "    beef");
	CHECK_STR(fmt("%08x", 0xbeef), "0000beef");
	CHECK_STR(fmt("%08X", 0xbeef), "0000BEEF");
	CHECK_STR(fmt("%#08x", 0xbeef), "0x00beef");
	CHECK_STR(fmt("%6u", 7U), "     7");
	CHECK_STR(fmt("%8s|", "abc"), "     abc|");
	CHECK_STR(fmt("%-8s|", "abc"), "abc     |");
	CHECK_STR(fmt("%08s|", "abc"), "     abc|");
	CHECK_STR(fmt("%.3s", "abcdef"), "abc");
	CHECK_STR(fmt("%.0s|", "abcdef"), "|");
	CHECK_STR(fmt("%.10s", "abc"), "abc");
	CHECK_STR(fmt("%5.2s|", "abcdef"), "   ab|");
	CHECK_STR(fmt("%-5.2s|", "abcdef"), "ab   |");
	CHECK_STR(fmt("%.*s", 2, "abcdef"), "ab");
	CHECK_STR(fmt("%*d", 4, 7), "   7");
	CHECK_STR(fmt("%*d|", -4, 7), "7   |");
	CHECK_STR(fmt("%3c|", 'x'), "  x|");
	CHECK_STR(fmt("%-3c|", 'x'), "x  |");
	CHECK_STR(fmt("%12p", (void *)0x10), "  0x00000010");
	ht_group_end();
}

static void
limits(void)
{
	ht_group_begin("printfmt negatives and limits");
	CHECK_STR(fmt("%d", -2147483647 - 1), "-2147483648");
	CHECK_STR(fmt("%d", 2147483647), "2147483647");
	CHECK_STR(fmt("%u", -1), "4294967295");
	CHECK_STR(fmt("%x", -1), "ffffffff");
	CHECK_STR(fmt("%o", -1), "37777777777");
	CHECK_STR(fmt("%ld", -1L), "-1");
	CHECK_STR(fmt("%lu", 4000000000UL), "4000000000");
	CHECK_STR(fmt("%lx", 0xabcdef01UL), "abcdef01");
	CHECK_STR(fmt("%d %d", -1, 1), "-1 1");
	ht_group_end();
}

static void
longlong(void)
{
	ht_group_begin("printfmt 64-bit");
	CHECK_STR(fmt("%llu", 18446744073709551615ULL), "18446744073709551615");
	CHECK_STR(fmt("%lld", -9223372036854775807LL - 1),
		  "-9223372036854775808");
	CHECK_STR(fmt("%lld", 9223372036854775807LL), "9223372036854775807");
	CHECK_STR(fmt("%lld", 1234567890123LL), "1234567890123");
	CHECK_STR(fmt("%lld", -1234567890123LL), "-1234567890123");
	CHECK_STR(fmt("%llx", 0x123456789abcdefULL), "123456789abcdef");
	CHECK_STR(fmt("%llX", 0xfedcba9876543210ULL), "FEDCBA9876543210");
	CHECK_STR(fmt("%llo", 01777777777777777777777ULL),
		  "1777777777777777777777");
	CHECK_STR(fmt("%llu", 4294967296ULL), "4294967296");
	CHECK_STR(fmt("%016llx", 0x1ULL), "0000000000000001");
	CHECK_STR(fmt("%llu %d", 10000000000ULL, 5), "10000000000 5");
	CHECK_STR(fmt("%d %llu %d", 1, 2ULL, 3), "1 2 3");
	ht_group_end();
}

static void
errors(void)
{
	static const char *const msg[] = {
		[E_UNSPECIFIED] = "unspecified error",
		[E_BAD_ENV] = "bad environment",
		[E_INVAL] = "invalid parameter",
		[E_NO_MEM] = "out of memory",
		[E_NO_FREE_ENV] = "out of environments",
		[E_FAULT] = "segmentation fault",
		[E_IPC_NOT_RECV] = "env is not recving",
		[E_NOT_IMPL] = "not implemented",
	};

	ht_group_begin("printfmt %e");
	for (int e = 1; e < MAXERROR; e++) {
		CHECK_STR(fmt("%e", -e), msg[e]);
		CHECK_STR(fmt("%e", e), msg[e]);
	}
	CHECK_STR(fmt("%e", 0), "error 0");
	CHECK_STR(fmt("%e", MAXERROR), "error 9");
	CHECK_STR(fmt("%e", -MAXERROR), "error 9");
	CHECK_STR(fmt("%e", -100), "error 100");
	CHECK_STR(fmt("%e", 12345), "error 12345");
	CHECK_STR(fmt("[%20e]", -E_NO_MEM), "[       out of memory]");
	CHECK_STR(fmt("got %e here", -E_INVAL), "got invalid parameter here");
	ht_group_end();
}

static void
unknown_verbs(void)
{
	ht_group_begin("printfmt unknown verbs");
	CHECK_STR(fmt("%q"), "%q");
	CHECK_STR(fmt("a%qb%d", 5), "a%qb5");
	CHECK_STR(fmt("%5q"), "%5q");
	CHECK_STR(fmt("%-08q"), "%-08q");
	CHECK_STR(fmt("end%"), "end%");
	CHECK_STR(fmt("%l"), "%l");
	ht_group_end();
}

static void
sized(void)
{
	char small[8];
	int n;

	ht_group_begin("snprintf truncation and return value");
	n = snprintf(small, 5, "hello world");
	CHECK_STR(small, "hell");
	CHECK_INT(n, 11);
	n = snprintf(small, 6, "%s", "hello");
	CHECK_STR(small, "hello");
	CHECK_INT(n, 5);
	n = snprintf(small, 5, "%s", "hello");
	CHECK_STR(small, "hell");
	CHECK_INT(n, 5);
	small[0] = 'x';
	n = snprintf(small, 1, "abc");
	CHECK_STR(small, "");
	CHECK_INT(n, 3);
	small[0] = 'x';
	CHECK_INT(snprintf(small, 0, "abc"), -E_INVAL);
	CHECK_INT(small[0], 'x');
	CHECK_INT(snprintf(small, -1, "abc"), -E_INVAL);
	CHECK_INT(snprintf(NULL, 8, "abc"), -E_INVAL);
	n = snprintf(small, sizeof(small), "%d", -2147483647 - 1);
	CHECK_STR(small, "-214748");
	CHECK_INT(n, 11);
	small[7] = 'z';
	snprintf(small, 7, "%s", "0123456789");
	CHECK_INT(small[7], 'z');
	CHECK_INT(snprintf(small, sizeof(small), ""), 0);
	ht_group_end();
}

/* putch for printfmt: appends to a counted buffer. */
struct collect {
	char text[64];
	int n;
};

static void
collect_putch(int c, void *data)
{
	struct collect *col = data;

	col->text[col->n++] = (char)c;
	col->text[col->n] = '\0';
}

static void
callback(void)
{
	struct collect col = { .n = 0 };

	ht_group_begin("printfmt callback");
	printfmt(collect_putch, &col, "%s=%03d", "v", 7);
	CHECK_STR(col.text, "v=007");
	CHECK_INT(col.n, 5);
	col.n = 0;
	printfmt(collect_putch, &col, "%c%c", 'a', '\0');
	CHECK_INT(col.n, 2);
	ht_group_end();
}

void
test_printfmt(void)
{
	verbs();
	widths();
	limits();
	longlong();
	errors();
	unknown_verbs();
	sized();
	callback();
}
