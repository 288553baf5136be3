# Part host: unit tests of the library's pure code (lib/printfmt.c,
# lib/string.c), built and run on the host by lib/hosttest/.

part 'host';

host_test 'hosttest', points => 5,
	cmd => 'make --no-print-directory hosttest';
