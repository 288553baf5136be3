# Part env: user environments, traps, system calls and the page-fault
# upcall.  The classic programs are in user/ (hello.c, faultread.c, ...),
# ours beside this table.  Most runs must end idle with "audit: ok".
#
# An environment that returns from umain prints, and the idle kernel
# after it:
#	[00001000] exiting gracefully
#	[00001000] free env 00001000
#	No runnable environments in the system!
# One that the kernel destroys prints no "exiting gracefully" line.

part 'env';

# Malformed ELF images are refused with a reason, and leave nothing behind.
qemu_test 'badelf',
	exercise => 'E1',
	points => 2, hook => 'badelf',
	expect => [['load_icode: refusing program: ', 10],
		'badelf: 10 of 10 refused'],
	forbid => ['ACCEPTED'],
	check => \&check_badelf;

# Env ids at the end of a slot's generations (the envids hook sets the
# slot's last id by hand): the next is generation 1 again, a positive id,
# and a child of the slot's first occupant loses that old parent id.
qemu_test 'envids',
	exercise => 'E1',
	points => 1, hook => 'envids',
	expect => ['check_env_ids() succeeded!'];

qemu_test 'hello',
	exercise => 'E1',
	points => 2, prog => 'hello', idle => 1, ordered => 1,
	expect => [
		'[00000000] new env 00001000',
		'hello, world',
		'i am environment 00001000',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'testbss',
	exercise => 'E1',
	points => 2, prog => 'testbss', idle => 1, ordered => 1,
	expect => [
		'Making sure bss works right...',
		'Yes, good.  Now doing a wild write off the end...',
		qr/^\[00001000\] user fault va 00[cd][0-9a-f]{5} ip 008[0-9a-f]{5}$/,
		'  err  0x00000006 [user, write, not-present]',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['SHOULD HAVE TRAPPED'];

qemu_test 'yield',
	exercise => 'E1',
	points => 1, prog => 'yield', idle => 1, ordered => 1,
	expect => [
		'Hello, I am environment 00001000.',
		'Back in environment 00001000, iteration 0.',
		'Back in environment 00001000, iteration 1.',
		'Back in environment 00001000, iteration 2.',
		'Back in environment 00001000, iteration 3.',
		'Back in environment 00001000, iteration 4.',
		'All done in environment 00001000.',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'divzero',
	exercise => 'E1',
	points => 1, prog => 'divzero', idle => 1, ordered => 1,
	expect => [
		'  trap 0x00000000 Divide error',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['1/0 is'];

# int3 from user mode enters the monitor (and so ends the test run).
qemu_test 'breakpoint',
	exercise => 'E1',
	points => 1, prog => 'breakpoint',
	expect => ['  trap 0x00000003 Breakpoint', 'K> '],
	forbid => ['General Protection', 'free env 00001000'];

qemu_test 'softint',
	exercise => 'E1',
	points => 1, prog => 'softint', idle => 1, ordered => 1,
	expect => [
		'  trap 0x0000000d General Protection',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['Page Fault', 'user fault va'];

qemu_test 'badsegment',
	exercise => 'E1',
	points => 1, prog => 'badsegment', idle => 1, ordered => 1,
	expect => [
		'  trap 0x0000000d General Protection',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultread',
	exercise => 'E1',
	points => 1, prog => 'faultread', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$/,
		'  trap 0x0000000e Page Fault',
		'  err  0x00000004 [user, read, not-present]',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['I read'];

qemu_test 'faultwrite',
	exercise => 'E1',
	points => 1, prog => 'faultwrite', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user fault va 00000000 ip 008[0-9a-f]{5}$/,
		'  trap 0x0000000e Page Fault',
		'  err  0x00000006 [user, write, not-present]',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultreadkernel',
	exercise => 'E1',
	points => 1, prog => 'faultreadkernel', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5}$/,
		'  err  0x00000005 [user, read, protection]',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['I read'];

qemu_test 'faultwritekernel',
	exercise => 'E1',
	points => 1, prog => 'faultwritekernel', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user fault va f0100000 ip 008[0-9a-f]{5}$/,
		'  err  0x00000007 [user, write, protection]',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'buggyhello',
	exercise => 'E1',
	points => 1, prog => 'buggyhello', idle => 1, ordered => 1,
	expect => [
		'[00001000] user_mem_check assertion failure for va 00000001',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

# The string is fine; its 1 MiB length runs off the end of the program.
qemu_test 'buggyhello2',
	exercise => 'E1',
	points => 1, prog => 'buggyhello2', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user_mem_check assertion failure for va 00[89a-f][0-9a-f]{2}000$/,
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['hello, world'];

qemu_test 'evilhello',
	exercise => 'E1',
	points => 1, prog => 'evilhello', idle => 1, ordered => 1,
	expect => [
		'[00001000] user_mem_check assertion failure for va f010000c',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

# Every error path of the system calls, one check each; the child's are
# the ones on an env that is not its own child.
qemu_test 'syscallerr',
	exercise => 'E2',
	points => 5, prog => 'syscallerr', idle => 1,
	expect => [
		'syscallerr: destroy env -1 OK',
		'syscallerr: destroy free slot OK',
		'syscallerr: destroy own child OK',
		'syscallerr: destroy stale id OK',
		'syscallerr: page_alloc in stale env OK',
		'syscallerr: set_status of stale env OK',
		'syscallerr: set_pgfault_upcall env -1 OK',
		'syscallerr: page_unmap env -1 OK',
		'syscallerr: set_status ENV_FREE OK',
		'syscallerr: set_status 42 OK',
		'syscallerr: set_status NOT_RUNNABLE of own child OK',
		'syscallerr: page_alloc at UTOP OK',
		'syscallerr: page_alloc at kernel va OK',
		'syscallerr: page_alloc unaligned OK',
		'syscallerr: page_alloc without PTE_U OK',
		'syscallerr: page_alloc without PTE_P OK',
		'syscallerr: page_alloc perm outside PTE_SYSCALL OK',
		'syscallerr: page_alloc env -1 OK',
		'syscallerr: page_alloc good OK',
		'syscallerr: page_map unaligned source OK',
		'syscallerr: page_map unaligned destination OK',
		'syscallerr: page_map source at UTOP OK',
		'syscallerr: page_map destination at UTOP OK',
		'syscallerr: page_map unmapped source OK',
		'syscallerr: page_map PTE_W of read-only page OK',
		'syscallerr: page_map without PTE_U OK',
		'syscallerr: page_map perm outside PTE_SYSCALL OK',
		'syscallerr: page_map source env -1 OK',
		'syscallerr: page_map destination env -1 OK',
		'syscallerr: page_map into own child OK',
		'syscallerr: page_map from own child OK',
		'syscallerr: page_unmap good OK',
		'syscallerr: page_unmap at UTOP OK',
		'syscallerr: page_unmap unaligned OK',
		'syscallerr: page_unmap of nothing OK',
		'syscallerr: ipc_recv unaligned OK',
		'syscallerr: ipc_send env -1 OK',
		'syscallerr: ipc_send to env not receiving OK',
		'syscallerr: mem_stat kernel pointer OK',
		'syscallerr: mem_stat unmapped pointer OK',
		'syscallerr: mem_stat read-only pointer OK',
		'syscallerr: mem_stat good OK',
		'syscallerr: destroy parent OK',
		'syscallerr: page_alloc in parent OK',
		'syscallerr: page_map from parent OK',
		'syscallerr: page_map into parent OK',
		'syscallerr: page_unmap in parent OK',
		'syscallerr: set_status of parent OK',
		'syscallerr: set_pgfault_upcall of parent OK',
		'syscallerr: child: no check failed OK',
		'syscallerr: ipc_send unaligned page OK',
		'syscallerr: ipc_send unmapped page OK',
		'syscallerr: ipc_send perm without PTE_U OK',
		'syscallerr: ipc_send perm outside PTE_SYSCALL OK',
		'syscallerr: ipc_send PTE_W of read-only page OK',
		'syscallerr: ipc_send good OK',
		'syscallerr: child: the final message and its page OK',
		'syscallerr: done OK',
	];

qemu_test 'exoforkmax',
	exercise => 'E2',
	points => 3, prog => 'exoforkmax', idle => 1, timeout => 60,
	expect => [
		'exoforkmax: created 1023 environments, then: out of environments',
		'exoforkmax: all pages and environments returned',
		['[00001000] destroying ', 1023],
	],
	forbid => ['exoforkmax: FAIL'];

qemu_test 'memexhaust',
	exercise => 'E2',
	points => 3, prog => 'memexhaust', idle => 1, timeout => 60,
	expect => [
		qr/^memexhaust: allocated \d{5} pages, then: out of memory$/,
		'memexhaust: every page returned',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['memexhaust: FAIL'];

# Needs timer preemption: the child never yields.
qemu_test 'spin',
	exercise => 'E2',
	points => 2, prog => 'spin', idle => 1, ordered => 1, cpus => 1,
	expect => [
		'I am the parent.  Forking the child...',
		'I am the child.  Spinning...',
		'I am the parent.  Killing the child...',
		'[00001000] destroying 00001001',
		'[00001000] free env 00001001',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

# The ping-pong in order; each side's exit at any time.
qemu_test 'ipcping',
	exercise => 'E2',
	points => 2, prog => 'ipcping', idle => 1, ordered => 1,
	expect => [
		'send 0 from 00001000 to 00001001',
		'00001001 got 0 from 00001000',
		'00001000 got 1 from 00001001',
		'00001001 got 2 from 00001000',
		'00001000 got 3 from 00001001',
		'00001001 got 4 from 00001000',
		'00001000 got 5 from 00001001',
		'00001001 got 6 from 00001000',
		'00001000 got 7 from 00001001',
		'00001001 got 8 from 00001000',
		'00001000 got 9 from 00001001',
		'00001001 got 10 from 00001000',
	],
	anywhere => [
		'[00001001] exiting gracefully',
		'[00001001] free env 00001001',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultregs',
	exercise => 'E3',
	points => 3, prog => 'faultregs', idle => 1,
	expect => [
		'Registers in UTrapframe OK',
		'Registers after page-fault OK',
		'eflags after page-fault OK',
		'esp after page-fault OK',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['MISMATCH'];

qemu_test 'faultalloc',
	exercise => 'E3',
	points => 2, prog => 'faultalloc', idle => 1, ordered => 1,
	expect => [
		'fault deadbeef',
		'this string was faulted in at deadbeef',
		'fault cafebffe',
		'fault cafec000',
		'this string was faulted in at cafebffe',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultallocbad',
	exercise => 'E2',
	points => 1, prog => 'faultallocbad', idle => 1, ordered => 1,
	expect => [
		'[00001000] user_mem_check assertion failure for va deadbeef',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['handler called'];

qemu_test 'faultnostack',
	exercise => 'E3',
	points => 1, prog => 'faultnostack', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user_mem_check assertion failure for va eebfff[0-9a-f]{2}$/,
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

# The bad upcall faults on the exception stack until it overflows.
qemu_test 'faultbadhandler',
	exercise => 'E3',
	points => 1, prog => 'faultbadhandler', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user_mem_check assertion failure for va eebfe[0-9a-f]{3}$/,
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultevilhandler',
	exercise => 'E3',
	points => 1, prog => 'faultevilhandler', idle => 1, ordered => 1,
	expect => [
		qr/^\[00001000\] user_mem_check assertion failure for va eebfe[0-9a-f]{3}$/,
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

qemu_test 'faultdie',
	exercise => 'E3',
	points => 1, prog => 'faultdie', idle => 1, ordered => 1,
	expect => [
		'i faulted at va deadbeef, err 6',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['still running'];

qemu_test 'faultrecursive',
	exercise => 'E3',
	points => 2, prog => 'faultrecursive', idle => 1, ordered => 1,
	expect => [
		'depth 1: fault at 00a00000, frame eebfffcc',
		'depth 4: fault at 00a03000',
		'faultrecursive: 4 nested faults handled, all values intact',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	],
	forbid => ['MISMATCH'];

# badelf: the free-page count after the images equals the count before.
sub check_badelf {
	my ($line) = grep { /^badelf: \d+ of/ } @_;
	return () unless $line;
	my ($before, $after) = $line =~ /(\d+) before, (\d+) after/;
	return $before == $after ? ()
		: ("free pages $before before the images, $after after");
}
