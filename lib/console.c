/* User console I/O on top of sys_cputs and sys_cgetc. */
#include <inc/lib.h>

/* Print one character. */
void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

/* Wait for a console character, yielding the CPU meanwhile, and return it. */
int
getchar(void)
{
	int c;

	while ((c = sys_cgetc()) == 0)
		sys_yield();
	return c;
}

/* Every descriptor is the console (there is no file system yet). */
int
iscons(int fd)
{
	USED(fd);
	return 1;
}
