# Part smp: the kernel on several CPUs (docs/smp.md).  The CPUs are found,
# started and each gets a kernel stack of its own; the big kernel lock
# refuses to be taken twice; the idle report comes once, when every CPU
# is halted.  Part jos runs JOS's lab 4 programs on 2 and 4 CPUs.

part 'smp', points => 2, timeout => 90;

# Eight CPUs, the most the kernel takes: each starts, in order, and hello
# then runs and exits as on one CPU.
qemu_test 'smp_boot8',
	exercise => 'E1',
	prog => 'hello', cpus => 8, idle => 1, ordered => 1,
	expect => [
		qr/^SMP: CPU 0 found 8 CPU\(s\)$/,
		map({ qr/^SMP: CPU $_ starting$/ } 1 .. 7),
		qr/^hello, world$/,
		qr/^No runnable environments in the system!$/,
	];

# Four CPUs, one env: the three with nothing to run halt, and the idle
# report comes exactly once, after hello is gone.
qemu_test 'smp_idle_once',
	exercise => 'E1',
	prog => 'hello', cpus => 4, idle => 1, ordered => 1,
	expect => [
		qr/^SMP: CPU 0 found 4 CPU\(s\)$/,
		qr/^.00001000. exiting gracefully$/,
		qr/^No runnable environments in the system!$/,
	],
	check => \&idle_once;

# On two CPUs the spinning child runs on the other CPU while its parent
# kills it: it dies there (ENV_DYING, a wake-up interrupt), and the kill
# returns only once it is freed, the line naming its parent as on one CPU.
qemu_test 'smp_spin',
	exercise => 'E2',
	prog => 'spin', cpus => 2, idle => 1, ordered => 1,
	expect => [
		'I am the parent.  Killing the child...',
		'[00001000] destroying 00001001',
		'[00001000] free env 00001001',
		'[00001000] exiting gracefully',
		'[00001000] free env 00001000',
		'No runnable environments in the system!',
	];

# Taking the kernel lock a second time on the CPU that holds it (the boot
# CPU holds it while the test hooks run) panics instead of spinning.
qemu_test 'smp_relock',
	hook => 'relock', cpus => 2,
	expect => [qr/^kernel panic at kern\/spinlock\.c:\d+: CPU 0: kernel_lock taken twice$/];

# CPUS= takes 1 to 8 only.
host_test 'smp_cpus_range', points => 1,
	cmd => 'for n in 0 9 x; do make -n qemu-nox CPUS=$n 2>&1 | ' .
		'grep -q "the kernel runs on 1 to 8 CPUs" || exit 1; done; ' .
		'make -n qemu-nox CPUS=8 | grep -q -- "-smp 8,sockets=8"';

sub idle_once {
	my $n = grep { /^No runnable environments in the system!$/ } @_;
	return $n == 1 ? () : ("the idle report came $n times, not once");
}

# %fs and %gs follow an env that blocks on one CPU and resumes on another
# (a ring of four envs passing a token, the registers changed every turn).
qemu_test 'segmigrate',
	exercise => 'E4',
	points => 2, prog => 'segmigrate', cpus => 4, timeout => 120,
	expect => [
		(map { "segmigrate: env $_: %fs and %gs kept for 1000 turns OK" }
			0 .. 3),
		(map { "segmigrate: env $_: done OK" } 0 .. 3),
	],
	forbid => ['FAIL'];
