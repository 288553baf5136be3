/* The C side of program start-up: record the name, run umain, exit. */
#include <inc/lib.h>

const char *binaryname = "<unknown>";

/*
 * Called from lib/entry.S with the arguments the kernel pushed.  Sets
 * thisenv, remembers argv[0] for panic messages, runs the program and
 * exits when umain returns.
 */
void
libmain(int argc, char **argv)
{
	thisenv = &envs[ENVX(sys_getenvid())];
	if (argc > 0 && argv && argv[0])
		binaryname = argv[0];

	umain(argc, argv);

	exit();
}
