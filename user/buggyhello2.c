/*
 * sys_cputs must check the whole buffer, not only its start: a valid
 * string with a length that runs far past the program's last page.
 */
#include <inc/lib.h>

const char *hello = "hello, world\n";

void
umain(int argc, char **argv)
{
	sys_cputs(hello, 1024 * 1024);
}
