/* Host tests of lib/string.c. */

#include <inc/string.h>
#include <lib/hosttest/hosttest.h>

static void
lengths_and_copies(void)
{
	char b[16];

	ht_group_begin("string strlen/strcpy/strncpy/strcat/strlcpy");
	CHECK_INT(strlen(""), 0);
	CHECK_INT(strlen("abc"), 3);
	CHECK_INT(strnlen("abcdef", 3), 3);
	CHECK_INT(strnlen("ab", 10), 2);
	CHECK_INT(strnlen("ab", 0), 0);
	CHECK(strcpy(b, "hello") == b);
	CHECK_STR(b, "hello");
	CHECK(strcat(b, " you") == b);
	CHECK_STR(b, "hello you");
	memset(b, 'x', sizeof(b));
	CHECK(strncpy(b, "ab", 5) == b);
	CHECK(b[0] == 'a' && b[1] == 'b' && b[2] == 0 && b[4] == 0);
	CHECK_INT(b[5], 'x');
	strncpy(b, "abcdef", 3);
	CHECK(b[0] == 'a' && b[2] == 'c' && b[3] == 0);
	memset(b, 'x', sizeof(b));
	CHECK_INT(strlcpy(b, "hello", 4), 3);
	CHECK_STR(b, "hel");
	CHECK_INT(b[4], 'x');
	CHECK_INT(strlcpy(b, "hi", sizeof(b)), 2);
	CHECK_STR(b, "hi");
	CHECK_INT(strlcpy(b, "hello", 1), 0);
	CHECK_STR(b, "");
	b[0] = 'q';
	CHECK_INT(strlcpy(b, "hello", 0), 0);
	CHECK_INT(b[0], 'q');
	ht_group_end();
}

static void
compares(void)
{
	ht_group_begin("string strcmp/strncmp/memcmp");
	CHECK(strcmp("abc", "abc") == 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("abd", "abc") > 0);
	CHECK(strcmp("ab", "abc") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("", "") == 0);
	CHECK(strcmp("\xff", "a") > 0);
	CHECK(strncmp("abcx", "abcy", 3) == 0);
	CHECK(strncmp("abcx", "abcy", 4) < 0);
	CHECK(strncmp("ab", "ab", 10) == 0);
	CHECK(strncmp("a", "b", 0) == 0);
	CHECK(strncmp("\x80", "\x01", 1) > 0);
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abc", "abd", 2) == 0);
	CHECK(memcmp("a\0b", "a\0c", 3) < 0);
	CHECK(memcmp("\xff", "\x01", 1) > 0);
	CHECK(memcmp("x", "y", 0) == 0);
	ht_group_end();
}

static void
searches(void)
{
	const char *s = "hello, world";
	const char m[] = { 1, 2, 3, 0, 5 };

	ht_group_begin("string strchr/strfind/memfind");
	CHECK(strchr(s, 'o') == s + 4);
	CHECK(strchr(s, 'h') == s);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strfind(s, ',') == s + 5);
	CHECK(strfind(s, 'z') == s + 12);
	CHECK(strfind("", 'a')[0] == '\0');
	CHECK(memfind(m, 3, sizeof(m)) == m + 2);
	CHECK(memfind(m, 0, sizeof(m)) == m + 3);
	CHECK(memfind(m, 9, sizeof(m)) == m + 5);
	CHECK(memfind(m, 5, 4) == m + 4);
	CHECK(memfind(m, 1, 0) == m);
	CHECK(memfind(m, 0x105, sizeof(m)) == m + 4);
	ht_group_end();
}

/* Fills b[0..n) with 0, 1, 2, ... */
static void
fill_sequence(unsigned char *b, int n)
{
	for (int i = 0; i < n; i++)
		b[i] = (unsigned char)i;
}

/* True when b[at..at+n) holds first, first+1, ... */
static bool
holds_sequence(const unsigned char *b, int at, int n, int first)
{
	for (int i = 0; i < n; i++)
		if (b[at + i] != (unsigned char)(first + i))
			return false;
	return true;
}

static void
memory(void)
{
	unsigned char b[64] __attribute__((aligned(4)));

	ht_group_begin("string memset/memcpy/memmove");
	CHECK(memset(b, 0xab, sizeof(b)) == b);
	CHECK(b[0] == 0xab && b[63] == 0xab);
	memset(b + 1, 0, 5);
	CHECK(b[0] == 0xab && b[1] == 0 && b[5] == 0 && b[6] == 0xab);
	memset(b, 0x1ff, 8);
	CHECK(b[0] == 0xff && b[7] == 0xff && b[8] == 0xab);
	memset(b, 7, 0);
	CHECK_INT(b[0], 0xff);

	fill_sequence(b, 64);
	CHECK(memcpy(b + 32, b, 16) == b + 32);
	CHECK(holds_sequence(b, 32, 16, 0) && b[48] == 48);

	/* Aligned, destination above source: must copy backwards. */
	fill_sequence(b, 64);
	CHECK(memmove(b + 8, b, 32) == b + 8);
	CHECK(holds_sequence(b, 8, 32, 0) && holds_sequence(b, 0, 8, 0));
	CHECK_INT(b[40], 40);
	/* Aligned, destination below source. */
	fill_sequence(b, 64);
	memmove(b, b + 8, 32);
	CHECK(holds_sequence(b, 0, 32, 8) && holds_sequence(b, 32, 32, 32));
	/* Unaligned, both directions, by one byte. */
	fill_sequence(b, 64);
	memmove(b + 1, b, 31);
	CHECK(holds_sequence(b, 1, 31, 0) && b[0] == 0 && b[32] == 32);
	fill_sequence(b, 64);
	memmove(b + 3, b + 4, 29);
	CHECK(holds_sequence(b, 3, 29, 4) && b[2] == 2 && b[32] == 32);
	/* Full overlap and zero length. */
	fill_sequence(b, 64);
	memmove(b, b, 64);
	CHECK(holds_sequence(b, 0, 64, 0));
	memmove(b + 1, b, 0);
	CHECK(holds_sequence(b, 0, 64, 0));
	/* memcpy on overlap behaves like memmove here. */
	fill_sequence(b, 64);
	memcpy(b + 4, b, 40);
	CHECK(holds_sequence(b, 4, 40, 0));
	ht_group_end();
}

static void
numbers(void)
{
	const char *s;
	char *end;

	ht_group_begin("string strtol");
	CHECK_INT(strtol("42", NULL, 10), 42);
	CHECK_INT(strtol("-42", NULL, 10), -42);
	CHECK_INT(strtol("+7", NULL, 10), 7);
	CHECK_INT(strtol("  \t12", NULL, 10), 12);
	CHECK_INT(strtol("0x1f", NULL, 0), 31);
	CHECK_INT(strtol("0X1F", NULL, 16), 31);
	CHECK_INT(strtol("1f", NULL, 16), 31);
	CHECK_INT(strtol("017", NULL, 0), 15);
	CHECK_INT(strtol("017", NULL, 10), 17);
	CHECK_INT(strtol("0", NULL, 0), 0);
	CHECK_INT(strtol("-0x10", NULL, 0), -16);
	CHECK_INT(strtol("101", NULL, 2), 5);
	CHECK_INT(strtol("z", NULL, 36), 35);
	CHECK_INT(strtol("Zz", NULL, 36), 35 * 36 + 35);
	CHECK_INT(strtol("2147483647", NULL, 10), 2147483647);
	CHECK_INT(strtol("-2147483648", NULL, 10), -2147483647L - 1);
	s = "123abc";
	CHECK_INT(strtol(s, &end, 10), 123);
	CHECK(end == s + 3);
	CHECK_INT(strtol(s, &end, 16), 0x123abc);
	CHECK(end == s + 6);
	s = "abc";
	CHECK_INT(strtol(s, &end, 10), 0);
	CHECK(end == s);
	s = "  -";
	CHECK_INT(strtol(s, &end, 10), 0);
	CHECK(end == s);
	s = "0x";
	CHECK_INT(strtol(s, &end, 16), 0);
	CHECK(end == s + 1);
	s = "0xg";
	CHECK_INT(strtol(s, &end, 0), 0);
	CHECK(end == s + 1);
	s = "789";
	CHECK_INT(strtol(s, &end, 8), 7);
	CHECK(end == s + 1);
	ht_group_end();
}

void
test_string(void)
{
	lengths_and_copies();
	compares();
	searches();
	memory();
	numbers();
}
