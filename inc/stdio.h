/* Console I/O and formatted printing, shared by kernel and user code. */
#ifndef JOS_INC_STDIO_H
#define JOS_INC_STDIO_H

#include <inc/stdarg.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

/* lib/console.c (user) or kern/console.c (kernel) */
void cputchar(int c);
int getchar(void);
int iscons(int fd);

/* lib/printfmt.c */
void printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...);
void vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
	       va_list ap);
int snprintf(char *str, int size, const char *fmt, ...);
int vsnprintf(char *str, int size, const char *fmt, va_list ap);

/* lib/printf.c (user) or kern/printf.c (kernel) */
int cprintf(const char *fmt, ...);
int vcprintf(const char *fmt, va_list ap);

/* lib/readline.c */
char *readline(const char *prompt);

#endif /* !JOS_INC_STDIO_H */
