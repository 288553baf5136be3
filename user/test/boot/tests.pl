# Part boot: the bare kernel boots to the monitor, prints a backtrace and
# reports a panic.  No programs: the kernel's test hooks do the work
# (docs/boot.md).

part 'boot', points => 5;

qemu_test 'boot_monitor',
	expect => ['Welcome to the JOS kernel monitor!', 'K> '];

# The hook runs test_backtrace(5), which recurses down to 0 and calls
# mon_backtrace there.
qemu_test 'backtrace',
	hook => 'backtrace', ordered => 1,
	expect => [
		'entering test_backtrace 5',
		'entering test_backtrace 0',
		[qr/ebp f[0-9a-f]{7}\s+eip f[0-9a-f]{7}\s+args( [0-9a-f]{8}){5}/, 8],
		'leaving test_backtrace 5',
	],
	check => \&check_backtrace;

# A panic must be reported, and QEMU must still exit by itself.
qemu_test 'panic',
	hook => 'panic',
	expect => [qr/kernel panic at kern\/init\.c:\d+: /];

# The frames of the backtrace hook.  Each "ebp E  eip P  args A..." line
# describes the function whose frame pointer is E (its arguments A) and the
# return address P into its caller, which the following
# "FILE:LINE: FUNCTION+OFFSET" line names.  The innermost frame is
# mon_backtrace's, then come test_backtrace(0) .. test_backtrace(5): six
# return addresses inside test_backtrace, first arguments 0..5 in frames
# 1..6, and frame pointers that grow outwards.
sub check_backtrace {
	my @frames = backtrace_frames(@_);
	my @problems;
	my @tb = grep { $_->[5] eq 'test_backtrace' } @frames;
	push @problems, 'expected 6 lines "kern/init.c:LINE: ' .
		'test_backtrace+OFFSET", found ' . scalar @tb
		unless @tb == 6;
	for (@tb) {
		push @problems, "a test_backtrace frame is in $_->[3], " .
			"not kern/init.c" unless $_->[3] eq 'kern/init.c';
	}
	for my $i (1 .. 6) {
		next unless $frames[$i];
		push @problems, sprintf("frame %d: first argument %08x, " .
			"expected %08x", $i, $frames[$i][2], $i - 1)
			unless $frames[$i][2] == $i - 1;
	}
	for my $i (1 .. $#frames) {
		push @problems, sprintf('frame %d: ebp %08x is not above ' .
			'the ebp of the frame it called (%08x)', $i,
			$frames[$i][0], $frames[$i - 1][0])
			unless $frames[$i][0] > $frames[$i - 1][0];
	}
	return @problems;
}

# The backtrace's frames: [ebp, eip, first argument, file, line, function].
sub backtrace_frames {
	my (@frames, $pending);
	for (@_) {
		if (/ebp (f[0-9a-f]{7})\s+eip (f[0-9a-f]{7})\s+args ([0-9a-f]{8})/) {
			$pending = [hex $1, hex $2, hex $3];
		} elsif ($pending && /^\s*(\S+):(\d+): (\S+)\+(\d+)\s*$/) {
			push @frames, [@$pending, $1, $2, $3];
			undef $pending;
		}
	}
	return @frames;
}
