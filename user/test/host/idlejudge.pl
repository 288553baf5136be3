#!/usr/bin/perl
#
# idlejudge.pl: the grader's judgement of a run that ends idle
# (Grade::judge_output, Grade::idle_problems), fed canned console
# outputs.  A program whose child is left blocked in ipc_recv passes
# every line its table asks for, so only the idle judgement can fail it:
# it must, unless the test says leaves_envs => 1; a clean run must pass,
# and a test that says leaves_envs but leaves nothing must fail.
#
# Run from the top of the tree (the grader's host test does):
#   perl user/test/host/idlejudge.pl
# Prints one line per case and "P passed, F failed"; exits 1 on a failure.
#
use strict;
use warnings;
use lib 'user/test';
use Grade;

# The first lines of every run, as the kernel prints them.
my @BOOT = (
	'Physical memory: 131072K available, base = 640K, extended = 130048K',
	'check_page_installed_pgdir() succeeded!',
	'[00000000] new env 00001000',
	'[00001000] new env 00001001',
	'recvleak: sent the child its work OK',
);

# The parent exits; its child waits in ipc_recv for a message that never
# comes, holding its pages.
my @LEAKED = (@BOOT,
	'[00001000] exiting gracefully',
	'[00001000] free env 00001000',
	'No runnable environments in the system!',
	'idle: env 00001001 not-runnable, in ipc_recv',
	'audit: ok (free pages 31998 of 32009)',
	'Welcome to the JOS kernel monitor!',
	'K> ',
);

# The same program when the parent destroys its child before it exits.
my @CLEAN = (@BOOT,
	'[00001000] destroying 00001001',
	'[00001000] free env 00001001',
	'[00001000] exiting gracefully',
	'[00001000] free env 00001000',
	'No runnable environments in the system!',
	'audit: ok (free pages 32009 of 32009)',
	'Welcome to the JOS kernel monitor!',
	'K> ',
);

# A run that ends in the monitor at a breakpoint, never idle.
my @NOT_IDLE = (@BOOT,
	'TRAP frame at 0xf0234f8c',
	'  trap 0x00000003 Breakpoint',
	'K> ',
);

# A test of the program as a table would declare it, with more keys.
sub recvleak_test {
	return { name => 'recvleak', kind => 'qemu', idle => 1,
		expect => ['recvleak: sent the child its work OK'], @_ };
}

# [case, test, output lines, the problems expected (regexes, in order)]
my @CASES = (
	['a child left in ipc_recv fails', recvleak_test(), \@LEAKED,
		[qr/^leaked: env 00001001 still alive \(not-runnable, in ipc_recv\)$/,
		 qr/^leaked: free pages 31998 of 32009 at the end$/]],
	['a child left on purpose passes', recvleak_test(leaves_envs => 1),
		\@LEAKED, []],
	['a clean run passes', recvleak_test(), \@CLEAN, []],
	['leaves_envs with nothing left fails',
		recvleak_test(leaves_envs => 1), \@CLEAN,
		[qr/^leaks nothing: no env alive at idle/]],
	['a run that never goes idle is not judged idle',
		recvleak_test(idle => 0), \@NOT_IDLE, []],
);

# Run one case; returns true when the problems are the ones expected.
sub run_case {
	my ($name, $test, $lines, $want) = @{$_[0]};
	my @got = Grade::judge_output($test, 0, 0, @$lines);
	my $ok = @got == @$want;
	for my $i (0 .. $#$want) {
		$ok &&= $got[$i] =~ $want->[$i];
	}
	print "idlejudge: $name ", $ok ? "OK\n" : "FAIL\n";
	print "    problem: $_\n" for $ok ? () : @got;
	return $ok;
}

my $passed = grep { run_case($_) } @CASES;
printf "%d passed, %d failed\n", $passed, @CASES - $passed;
exit($passed == @CASES ? 0 : 1);
