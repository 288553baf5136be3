/* String and memory functions for the kernel and the user library. */

#include <inc/string.h>

/* Returns the number of characters before the terminating NUL. */
int
strlen(const char *s)
{
	int n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* Like strlen, but never looks at more than size characters. */
int
strnlen(const char *s, size_t size)
{
	int n = 0;

	while ((size_t)n < size && s[n] != '\0')
		n++;
	return n;
}

/* Copies src, NUL included, to dst; returns dst. */
char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/*
 * Copies at most size characters of src to dst and fills the rest of the
 * size bytes with NULs.  dst is not terminated when src has size or more
 * characters.  Returns dst.
 */
char *
strncpy(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		dst[i] = *src;
		if (*src != '\0')
			src++;
	}
	return dst;
}

/* Appends src to the string in dst; returns dst. */
char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/*
 * Copies as much of src as fits in a buffer of size bytes and always
 * terminates it (when size > 0).  Returns the number of characters copied,
 * not counting the NUL.
 */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return 0;
	while (n + 1 < size && src[n] != '\0') {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
	return n;
}

/* Compares as unsigned chars: <0, 0 or >0 as s1 sorts before, with, after s2. */
int
strcmp(const char *s1, const char *s2)
{
	while (*s1 != '\0' && *s1 == *s2) {
		s1++;
		s2++;
	}
	return (int)(unsigned char)*s1 - (int)(unsigned char)*s2;
}

/* Like strcmp, but compares at most size characters. */
int
strncmp(const char *s1, const char *s2, size_t size)
{
	for (; size > 0; size--, s1++, s2++) {
		if (*s1 != *s2)
			return (int)(unsigned char)*s1 -
			       (int)(unsigned char)*s2;
		if (*s1 == '\0')
			return 0;
	}
	return 0;
}

/* Returns the first c in s, or NULL when there is none (c may not be NUL). */
char *
strchr(const char *s, char c)
{
	for (; *s != '\0'; s++)
		if (*s == c)
			return (char *)s;
	return NULL;
}

/* Returns the first c in s, or the terminating NUL when there is none. */
char *
strfind(const char *s, char c)
{
	while (*s != '\0' && *s != c)
		s++;
	return (char *)s;
}

#ifdef __i386__
/* True when all three values are multiples of four. */
static bool
aligned4(const void *a, const void *b, size_t n)
{
	return (((uintptr_t)a | (uintptr_t)b | n) & 3) == 0;
}
#endif

/* Fills len bytes at dst with the byte c; returns dst. */
void *
memset(void *dst, int c, size_t len)
{
	uint8_t *d = dst;

#ifdef __i386__
	if (aligned4(dst, dst, len)) {
		uint32_t word = (uint8_t)c * 0x01010101U;
		size_t words = len / 4;

		asm volatile("cld; rep stosl"
			     : "+D"(d), "+c"(words)
			     : "a"(word)
			     : "cc", "memory");
		return dst;
	}
#endif
	while (len-- > 0)
		*d++ = (uint8_t)c;
	return dst;
}

/* Copies len bytes upwards from the lowest address. */
static void
copy_forward(uint8_t *d, const uint8_t *s, size_t len)
{
#ifdef __i386__
	if (aligned4(d, s, len)) {
		size_t words = len / 4;

		asm volatile("cld; rep movsl"
			     : "+D"(d), "+S"(s), "+c"(words)
			     :
			     : "cc", "memory");
		return;
	}
#endif
	while (len-- > 0)
		*d++ = *s++;
}

/* Copies len bytes downwards from the highest address. */
static void
copy_backward(uint8_t *d, const uint8_t *s, size_t len)
{
#ifdef __i386__
	if (aligned4(d, s, len)) {
		size_t words = len / 4;
		uint8_t *dlast = d + len - 4;
		const uint8_t *slast = s + len - 4;

		/* The direction flag must be clear again before C code runs. */
		asm volatile("std; rep movsl; cld"
			     : "+D"(dlast), "+S"(slast), "+c"(words)
			     :
			     : "cc", "memory");
		return;
	}
#endif
	while (len-- > 0)
		d[len] = s[len];
}

/* Copies len bytes from src to dst; the regions may overlap.  Returns dst. */
void *
memmove(void *dst, const void *src, size_t len)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d > s && d < s + len)
		copy_backward(d, s, len);
	else if (d != s)
		copy_forward(d, s, len);
	return dst;
}

/* Copies len bytes from src to dst; the regions may overlap.  Returns dst. */
void *
memcpy(void *dst, const void *src, size_t len)
{
	return memmove(dst, src, len);
}

/* Compares len bytes as unsigned chars, like strcmp. */
int
memcmp(const void *s1, const void *s2, size_t len)
{
	const uint8_t *a = s1;
	const uint8_t *b = s2;

	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return (int)a[i] - (int)b[i];
	return 0;
}

/* Returns the first byte equal to (uint8_t)c in s[0..len), or s + len. */
void *
memfind(const void *s, int c, size_t len)
{
	const uint8_t *p = s;
	const uint8_t *end = p + len;

	while (p < end && *p != (uint8_t)c)
		p++;
	return (void *)p;
}

/* Returns the value of digit character c, or 36 when it is no digit. */
static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Parses an integer: leading spaces and tabs, an optional sign, then digits
 * in base (2..36).  Base 0 picks 16 for a "0x" prefix, 8 for a leading "0",
 * else 10; base 16 also accepts "0x".  Sets *endptr (when not NULL) to the
 * first character not used, or to s when no digits were found.  Overflow is
 * not detected.
 */
long
strtol(const char *s, char **endptr, int base)
{
	const char *p = s;
	unsigned long val = 0;
	bool neg = false;
	bool any = false;
	int d;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-')
		neg = (*p++ == '-');
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0)
		base = (p[0] == '0') ? 8 : 10;
	for (; (d = digit_value(*p)) < base; p++, any = true)
		val = val * base + d;
	if (endptr)
		*endptr = (char *)(any ? p : s);
	return neg ? -(long)val : (long)val;
}
