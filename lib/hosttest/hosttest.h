/*
 * A tiny harness for the host-side unit tests of lib/printfmt.c and
 * lib/string.c.  The tests are built like the library code (no host headers)
 * and linked with the host C library only for printf and exit.
 */
#ifndef JOS_HOSTTEST_H
#define JOS_HOSTTEST_H

#include <inc/types.h>

/* From the host C library. */
int printf(const char *fmt, ...);
void exit(int status) __attribute__((noreturn));

/* Starts a named group of checks; ht_group_end prints its one-line result. */
void ht_group_begin(const char *name);
void ht_group_end(void);

void ht_check(bool ok, const char *file, int line, const char *what);
void ht_check_str(const char *got, const char *want, const char *file, int line,
		  const char *what);
void ht_check_int(long long got, long long want, const char *file, int line,
		  const char *what);

#define CHECK(x) ht_check((x), __FILE__, __LINE__, #x)
#define CHECK_STR(got, want)                                                   \
	ht_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want)                                                   \
	ht_check_int((got), (want), __FILE__, __LINE__, #got)

/* Each test file's entry point. */
void test_printfmt(void);
void test_string(void);

#endif /* !JOS_HOSTTEST_H */
