/* Reading one line of input with simple editing (kernel and user). */

#include <inc/types.h>
#include <inc/stdio.h>

#define READLINE_MAX 1024

static char line[READLINE_MAX];

/* Removes the last character on a console: back, blank, back. */
static void
erase_one(bool echo)
{
	if (echo) {
		cputchar('\b');
		cputchar(' ');
		cputchar('\b');
	}
}

/*
 * Prints prompt (when not NULL), then reads characters up to a newline or
 * carriage return, echoing them when input is a console.  Backspace and DEL
 * erase the last character; characters past the buffer's capacity and other
 * control characters are dropped.  Returns the line without its newline, in
 * a static buffer that the next call reuses, or NULL when reading fails.
 */
char *
readline(const char *prompt)
{
	bool echo = iscons(0);
	int len = 0;
	int c;

	if (prompt != NULL)
		cprintf("%s", prompt);
	for (;;) {
		c = getchar();
		if (c < 0) {
			cprintf("read error: %e\n", c);
			return NULL;
		}
		if (c == '\n' || c == '\r') {
			if (echo)
				cputchar('\n');
			line[len] = '\0';
			return line;
		}
		if (c == '\b' || c == 0x7f) {
			if (len > 0) {
				len--;
				erase_one(echo);
			}
		} else if (c >= ' ' && c < 0x7f && len < READLINE_MAX - 1) {
			line[len++] = (char)c;
			if (echo)
				cputchar(c);
		}
	}
}
