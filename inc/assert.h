/* Warnings, panics and assertions, shared by kernel and user code. */
#ifndef JOS_INC_ASSERT_H
#define JOS_INC_ASSERT_H

void _warn(const char *file, int line, const char *fmt, ...);
void _panic(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn));

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
