/* Warnings, panics and assertions, shared by kernel and user code. */
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

void _warn(const char *file, int line, const char *fmt, ...);
void _panic(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn));

/*
 * What the stubs of the student handout call for an exercise not done yet
 * (docs/lab2.md): both print "WHAT: not implemented (exercise EXERCISE)".
 * The kernel's returns -E_NOT_IMPL (kern/panic.c), the library's is a user
 * panic (lib/panic.c).
 */
#ifdef JOS_KERNEL
int exercise_missing(const char *what, const char *exercise);
#else
void exercise_missing(const char *what, const char *exercise)
	__attribute__((noreturn));
#endif

#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

#define assert(x)                                                              \
	do {                                                                   \
		if (!(x))                                                      \
			panic("assertion failed: %s", #x);                     \
	} while (0)

/* Fails the build when x, a constant expression, is false. */
#define static_assert(x) _Static_assert(x, #x)

#endif /* !JOS_INC_ASSERT_H */
