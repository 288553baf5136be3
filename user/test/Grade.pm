#
# Grade.pm: the test runner behind ./grade-lab2 (docs/testing.md).
#
# It loads every test table (tests.pl in user/, user/*/ and user/*/*/),
# picks the tests named on the command line, runs them in parallel (each
# QEMU test boots obj/kern/kernel.img in test mode with one program,
# hook and argument string chosen through fw_cfg; each host test runs a
# shell command), keeps each console output in obj/grade/NAME.out, judges
# it, and prints a line per test, the failures part by part, the score
# per part and in total, and last "P passed, F failed"; --json and
# --junit write the results to files too.  Perl core modules only.
#
# A table is Perl.  It calls, in any order:
#
#   part 'NAME', KEY => VALUE...	the tests below are in part NAME, and
#					get these keys unless they set their
#					own (forbid lists add up)
#   qemu_test 'NAME', KEY => VALUE...	a test that boots the kernel
#   host_test 'NAME', cmd => '...'	a test that runs a shell command and
#					passes when it exits with status 0;
#					status 77 means skipped (a tool it
#					needs is missing here), its last
#					"SKIP: why" line says why
#
# The keys of a test:
#
#   points => N		default 1
#   prog => 'NAME'	run program NAME (NAME.c anywhere under user/) as the
#			first environment (default: none, the bare kernel)
#   args => 'a b c'	its arguments (opt/jos/args)
#   hook => 'NAME'	a kernel test hook (opt/jos/hook)
#   qemu => [...]	extra QEMU arguments, e.g. ['-m', '256']
#   cpus => N		boot with N CPUs (1 to 8; default 1), one socket each
#   expect => [...]	lines that must appear.  A string matches a line that
#			contains it; a qr/.../ matches by regex; [PATTERN, N]
#			needs N or more matching lines
#   ordered => 1	the expected lines must appear in the order given
#   anywhere => [...]	more lines that must appear, in any order (for an
#			ordered test whose other lines may come at any time)
#   forbid => [...]	lines that must not appear, on top of @DEFAULT_FORBID
#   allow => [...]	default-forbidden strings this test tolerates (a test
#			that expects one of them tolerates it anyway)
#   idle => 1		the last "audit:" line must be "audit: ok ..."
#   leaves_envs => 1	the run leaves environments alive on purpose when it
#			goes idle (otherwise an env still alive then, or
#			fewer free pages than at the start, fails it)
#   check => \&sub	more checks: gets the output lines, returns a list of
#			problems (empty when fine)
#   timeout => S	seconds before the test is killed (default 30)
#   exercise => 'E1'	the lab exercise it grades (E1..E4, C1, C2;
#			docs/lab2.md): the last one, in that order, that
#			it needs.  None for what the handout gives
#
# and of a part: any of the above as defaults, and optional => 1 for a
# part that runs only when named on the command line.
#
package Grade;

use strict;
use warnings;
use Getopt::Long qw(GetOptionsFromArray :config bundling no_ignore_case);
use POSIX qw(:sys_wait_h setsid);
use Time::HiRes qw(time sleep);
use File::Path qw(make_path);
use Cwd ();

# Lines that fail every test that does not allow them: a crash, or a
# failed check ("FAIL" is what inc/check.h and the audit print).
my @DEFAULT_FORBID = ('kernel panic', 'user panic', 'FAIL');

my $DEFAULT_TIMEOUT = 30;

# What the kernel prints when nothing is left to run.
my $IDLE_LINE = 'No runnable environments in the system!';

# The order in which parts are scored; other parts follow by name.
my @PART_ORDER = qw(boot host pmap env fork jos bench demo monitor ptfork
	isolation dag robust fuzz);

my $QEMU = $ENV{QEMU} || 'qemu-system-i386';
my $IMAGE = 'obj/kern/kernel.img';
my $OUTDIR = 'obj/grade';

my %TEST_KEYS = map { $_ => 1 } qw(points prog args hook qemu cpus expect
	ordered anywhere forbid allow idle leaves_envs check timeout cmd
	exercise);

# The lab's exercises, in the order a student does them (docs/lab2.md).
my @EXERCISES = qw(E1 E2 E3 E4 C1 C2);
my %EXERCISE = map { $_ => 1 } @EXERCISES;

my @TESTS;		# in declaration order
my %TEST_BY_NAME;
my %OPTIONAL_PART;	# part name -> 1 when it runs only when named
my ($table_part, %table_defaults);	# set by `part` in the current table

###########################################################################
# The table functions.
###########################################################################

# part NAME, KEY => VALUE...: the part and default keys of the tests that
# follow in this table.
sub part {
	my ($name, %defaults) = @_;
	$OPTIONAL_PART{$name} = 1 if delete $defaults{optional};
	check_keys("part $name", %defaults);
	$table_part = $name;
	%table_defaults = %defaults;
}

sub qemu_test { add_test('qemu', @_) }
sub host_test { add_test('host', @_) }

# Every dagsnap() snapshot in the output checked by kern/debug/dag.pl.
sub check_dag {
	require './kern/debug/dag.pl';
	return DagSnap::check_log(@_);
}

sub check_keys {
	my ($what, %t) = @_;
	my @bad = grep { !$TEST_KEYS{$_} } sort keys %t;
	die "$what: unknown key(s) @bad\n" if @bad;
}

# Declare a test: the table's defaults, then the test's own keys.
sub add_test {
	my ($kind, $name, %own) = @_;
	die "test $name declared twice\n" if $TEST_BY_NAME{$name};
	die "test $name comes before any `part`\n" unless defined $table_part;
	check_keys("test $name", %own);
	my %t = (%table_defaults, %own);
	$t{forbid} = [@{ $table_defaults{forbid} // [] },
		@{ $own{forbid} // [] }];
	$t{name} = $name;
	$t{kind} = $kind;
	$t{part} = $table_part;
	$t{points} //= 1;
	$t{timeout} //= $DEFAULT_TIMEOUT;
	die "host test $name has no cmd\n" if $kind eq 'host' && !$t{cmd};
	die "test $name: cpus must be 1 to 8\n"
		if defined $t{cpus} && $t{cpus} !~ /^[1-8]$/;
	die "test $name: unknown exercise $t{exercise}\n"
		if defined $t{exercise} && !$EXERCISE{$t{exercise}};
	push @TESTS, \%t;
	$TEST_BY_NAME{$name} = \%t;
}

###########################################################################
# Loading the tables.
###########################################################################

# Compile one table in a package of its own, with the table functions.
sub load_table {
	my ($file, $n) = @_;
	open my $fh, '<', $file or die "$file: $!\n";
	my $code = do { local $/; <$fh> };
	close $fh;
	my $pkg = "Grade::Table$n";
	no strict 'refs';
	*{"${pkg}::$_"} = \&{"Grade::$_"}
		for qw(part qemu_test host_test check_dag);
	($table_part, %table_defaults) = ();
	eval "package $pkg; use strict; use warnings;\n" .
		"#line 1 \"$file\"\n$code\n;1" or die $@;
}

sub part_rank {
	my ($part) = @_;
	my ($i) = grep { $PART_ORDER[$_] eq $part } 0 .. $#PART_ORDER;
	return $i // scalar @PART_ORDER;
}

# Load every table; @TESTS ends up sorted by part (stable within one).
sub load_tables {
	my @files = sort grep { -f }
		glob('user/tests.pl user/*/tests.pl user/*/*/tests.pl');
	die "no test tables (user/.../tests.pl) here\n" unless @files;
	my $n = 0;
	load_table($_, $n++) for @files;
	my %seq = map { $TESTS[$_]{name} => $_ } 0 .. $#TESTS;
	@TESTS = sort { part_rank($a->{part}) <=> part_rank($b->{part}) ||
		$a->{part} cmp $b->{part} ||
		$seq{$a->{name}} <=> $seq{$b->{name}} } @TESTS;
}

###########################################################################
# Choosing and describing tests.
###########################################################################

# Tests named on the command line: exact names, globs, or part names;
# with none, every test of every part that is not optional.
sub select_tests {
	my @args = @_;
	return grep { !$OPTIONAL_PART{$_->{part}} } @TESTS unless @args;
	my %chosen;
	for my $arg (@args) {
		(my $re = quotemeta $arg) =~ s/\\\*/.*/g;
		$re =~ s/\\\?/./g;
		my @hit = grep { $_->{name} =~ /^$re$/ || $_->{part} eq $arg }
			@TESTS;
		die "no test matches '$arg' (see ./grade-lab2 -l)\n" unless @hit;
		$chosen{$_->{name}} = 1 for @hit;
	}
	return grep { $chosen{$_->{name}} } @TESTS;
}

sub describe {
	my ($t) = @_;
	my @d;
	if ($t->{kind} eq 'host') {
		@d = ("host: $t->{cmd}");
	} else {
		@d = ('prog ' . ($t->{prog} // '(none)'));
		push @d, "args '$t->{args}'" if defined $t->{args};
		push @d, "hook $t->{hook}" if defined $t->{hook};
		push @d, "qemu @{$t->{qemu}}" if $t->{qemu};
		push @d, "$t->{cpus} CPUs" if $t->{cpus};
	}
	push @d, 'only when named' if $OPTIONAL_PART{$t->{part}};
	return join ', ', @d;
}

sub list_tests {
	for my $t (@TESTS) {
		printf "%-24s %-8s %-2s %3d  %s\n", $t->{name}, $t->{part},
			$t->{exercise} // '-', $t->{points}, describe($t);
	}
}

###########################################################################
# Running a test.
###########################################################################

# fw_cfg strings: QEMU's option parser reads ",," as one comma.
sub fwcfg {
	my ($key, $value) = @_;
	$value =~ s/,/,,/g;
	return ('-fw_cfg', "name=opt/jos/$key,string=$value");
}

# The firmware a test that boots with -kernel starts under: qboot, the
# small BIOS that comes with QEMU (Debian's qemu-system-data), which
# starts the kernel in half of SeaBIOS's time; or QEMU's default,
# SeaBIOS, when qboot is not installed or GRADE_BIOS=seabios.  Both give
# the kernel the same memory size and MP tables (kern/mpconfig.c).
sub firmware {
	return () if ($ENV{GRADE_BIOS} // '') eq 'seabios';
	my ($qemu) = $QEMU =~ m{/} ? ($QEMU)
		: grep { -x } map { "$_/$QEMU" } split /:/, $ENV{PATH} // '';
	my @dirs = ('/usr/share/qemu', '/usr/local/share/qemu');
	unshift @dirs, ($qemu =~ s{/[^/]*$}{}r) . '/../share/qemu'
		if defined $qemu;
	my ($rom) = grep { -f } map { "$_/qboot.rom" } @dirs;
	return $rom ? ('-bios', Cwd::abs_path($rom)) : ();
}

# The QEMU command of test $t.  Part boot boots obj/kern/kernel.img through
# the boot sector under SeaBIOS, as `make qemu` does, so that the boot
# sector stays tested; every other test hands obj/kern/kernel to QEMU's
# multiboot loader (-kernel), which skips reading the kernel from disk,
# under the firmware above.  -nodefaults leaves out the VGA card, the
# network card and the floppy and CD drives, whose option ROMs and probing
# only slow the boot; the serial port and the exit device are added back.
sub qemu_command {
	my ($t) = @_;
	my @extra = @{$t->{qemu} // []};
	my @boot = ($t->{part} // '') eq 'boot'
		? ('-drive', "file=$IMAGE,index=0,media=disk,format=raw,snapshot=on")
		: ('-kernel', 'obj/kern/kernel', firmware());
	my @cmd = ($QEMU, '-nodefaults', @boot,
		'-display', 'none', '-serial', 'stdio', '-monitor', 'none',
		'-no-reboot',
		'-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04');
	push @cmd, '-m', '128' unless grep { $_ eq '-m' } @extra;
	push @cmd, '-smp', "$t->{cpus},sockets=$t->{cpus}" if $t->{cpus};
	push @cmd, fwcfg('testmode', '1');
	push @cmd, fwcfg('prog', $t->{prog}) if defined $t->{prog};
	push @cmd, fwcfg('args', $t->{args}) if defined $t->{args};
	push @cmd, fwcfg('hook', $t->{hook}) if defined $t->{hook};
	push @cmd, @extra;
	return @cmd;
}

sub shell_quote {
	return join ' ', map { /^[\w.,=\/:+-]+$/ ? $_ : "'" . s/'/'\\''/gr . "'" } @_;
}

# Start a test in its own process group; returns the pid.
sub start_test {
	my ($t, $verbose) = @_;
	my $out = "$OUTDIR/$t->{name}.out";
	my @cmd = $t->{kind} eq 'host' ? ('/bin/sh', '-c', $t->{cmd})
		: qemu_command($t);
	print '+ ', shell_quote(@cmd), " > $out\n" if $verbose;
	# Emptied before the watch first reads it (stop_panicked), which may
	# come before the child's own open: the last run's panic, read then,
	# would stop this run.
	open my $fh, '>', $out or die "$out: $!\n";
	close $fh;
	my $pid = fork // die "fork: $!\n";
	if ($pid == 0) {
		setsid();
		# A recursive make must not join our parent's jobserver.
		delete @ENV{qw(MAKEFLAGS MFLAGS MAKELEVEL)};
		open STDIN, '<', '/dev/null';
		open STDOUT, ">", $out or POSIX::_exit(127);
		open STDERR, '>&', \*STDOUT;
		{ exec @cmd };
		print STDERR "exec $cmd[0]: $!\n";
		POSIX::_exit(127);
	}
	return $pid;
}

###########################################################################
# Judging a test.
###########################################################################

sub matches {
	my ($pattern, $line) = @_;
	return ref $pattern eq 'Regexp' ? $line =~ $pattern
		: index($line, $pattern) >= 0;
}

sub show_pattern {
	my ($p) = @_;
	return ref $p eq 'Regexp' ? "/" . ($p =~ s/^\(\?\^\w*:(.*)\)$/$1/r) . "/"
		: "\"$p\"";
}

# The expected lines of @$want missing from @lines, as messages; in order
# when $ordered (each searched after the previous one's match).
sub missing_lines {
	my ($want, $ordered, @lines) = @_;
	my @missing;
	my $from = 0;
	for my $e (@$want) {
		my ($pattern, $count) = ref $e eq 'ARRAY' ? @$e : ($e, 1);
		my ($found, $last) = (0, undef);
		for my $i (($ordered ? $from : 0) .. $#lines) {
			next unless matches($pattern, $lines[$i]);
			$found++;
			$last = $i;
			last if $found >= $count;
		}
		if ($found >= $count) {
			$from = $last + 1 if $ordered;
		} else {
			push @missing, show_pattern($pattern) .
				($count > 1 ? " ($found of $count lines)" : '') .
				($ordered && $from ? ' (in order)' : '');
		}
	}
	return @missing;
}

# True when test $t expects a line that a default-forbidden string $d
# would forbid: expecting such a line allows it.
sub expects_forbidden {
	my ($t, $d) = @_;
	for my $e (@{$t->{expect} // []}, @{$t->{anywhere} // []}) {
		my $p = ref $e eq 'ARRAY' ? $e->[0] : $e;
		return 1 if ref $p eq 'Regexp' ? $d =~ $p || "$p" =~ /\Q$d\E/
			: index($p, $d) >= 0;
	}
	return 0;
}

# Forbidden lines present in @lines, as messages, the earliest in the
# output first.
sub forbidden_lines {
	my ($t, @lines) = @_;
	my @forbid = @{$t->{forbid} // []};
	for my $d (@DEFAULT_FORBID) {
		next if grep { $_ eq $d } @{$t->{allow} // []};
		push @forbid, $d unless expects_forbidden($t, $d);
	}
	my %at;		# message -> index of the line that hit
	for my $f (@forbid) {
		my ($i) = grep { matches($f, $lines[$_]) } 0 .. $#lines;
		$at{show_pattern($f) . ": $lines[$i]"} = $i if defined $i;
	}
	return sort { $at{$a} <=> $at{$b} || $a cmp $b } keys %at;
}

# The problems of a host test: its status, and the end of its output.
sub judge_host {
	my ($t, $status, $timed_out, @lines) = @_;
	return () if !$timed_out && $status == 0;
	my @problems = ($timed_out ? "timed out after $t->{timeout}s"
		: "'$t->{cmd}' exited with status " . ($status >> 8));
	my $first = @lines > 20 ? @lines - 20 : 0;
	push @problems, map { "| $_" } @lines[$first .. $#lines];
	return @problems;
}

# The problems of a run that went idle ("No runnable environments in the
# system!") leaving something behind: each env the kernel lists as still
# alive ("idle: env ID STATUS"), and a final "audit: ok (free pages F of
# F0)" with F below F0.  A test with leaves_envs => 1 must leave an env
# instead.  A run that never went idle has no such problem.
sub idle_problems {
	my ($t, @lines) = @_;
	my ($idle) = grep { index($lines[$_], $IDLE_LINE) >= 0 }
		reverse 0 .. $#lines;
	return () unless defined $idle;
	my (@alive, @problems);
	for my $line (@lines[$idle + 1 .. $#lines]) {
		push @alive, "env $1 still alive ($2)"
			if $line =~ /^idle: env ([0-9a-f]{8}) (.*)$/;
		next unless $line =~ /^audit: /;
		push @problems, "free pages $1 of $2 at the end"
			if $line =~ /^audit: ok \(free pages (\d+) of (\d+)\)/ &&
			$1 < $2;
		last;
	}
	if ($t->{leaves_envs}) {
		return @alive ? () : ('leaks nothing: no env alive at idle, ' .
			'but the test says leaves_envs');
	}
	return map { "leaked: $_" } @alive, @problems;
}

# What QEMU itself says went wrong in a run: its own error lines ("qemu:
# could not load PC BIOS ...", "qemu-system-i386: -foo: ..."), and a death
# by a signal other than the grader's SIGKILL (QEMU crashed, not the
# kernel).
sub qemu_problems {
	my ($status, @lines) = @_;
	my @problems = map { "QEMU: $_" }
		grep { /^qemu(?:-system-[\w-]+)?: / } @lines;
	my $signal = $status & 127;
	push @problems, "QEMU: died of signal $signal"
		if $signal && $signal != POSIX::SIGKILL;
	return @problems;
}

# Judge the console output @lines of a finished test: returns a list of
# problems (empty: passed).  The first is the first thing that went
# wrong: a forbidden line (a panic, a failed check), else what QEMU said
# went wrong, else a timeout, else the first line missing.
sub judge_output {
	my ($t, $status, $timed_out, @lines) = @_;
	return judge_host($t, $status, $timed_out, @lines)
		if $t->{kind} eq 'host';
	my @problems = map { "forbidden: $_" } forbidden_lines($t, @lines);
	push @problems, qemu_problems($status, @lines);
	push @problems, "TIMEOUT: QEMU did not exit within $t->{timeout}s"
		if $timed_out;
	push @problems, map { "missing: $_" }
		missing_lines($t->{expect} // [], $t->{ordered}, @lines),
		missing_lines($t->{anywhere} // [], 0, @lines);
	if ($t->{idle}) {
		my @audit = grep { /^audit: / } @lines;
		push @problems, 'missing: the final "audit: ok" line'
			unless @audit && $audit[-1] =~ /^audit: ok/;
	}
	push @problems, idle_problems($t, @lines);
	push @problems, $t->{check}->(@lines) if $t->{check};
	return @problems;
}

# Judge a finished test from its output file: returns a list of problems.
sub judge {
	my ($t, $status, $timed_out) = @_;
	my $out = "$OUTDIR/$t->{name}.out";
	open my $fh, '<', $out or return ("no output file $out");
	my @lines = map { s/\r//gr } <$fh>;
	chomp @lines;
	close $fh;
	return judge_output($t, $status, $timed_out, @lines);
}

###########################################################################
# Running them all.
###########################################################################

# pid -> { test, start, timed_out, watch, seen, partial, panicked, stopped }
my %running;

# The monitor's prompt: once a kernel panic has reached it, the run has
# printed all it will.
my $PROMPT = 'K> ';

# True when a kernel panic fails QEMU test $t: it neither expects nor
# allows one.
sub panic_fails {
	my ($t) = @_;
	return 0 if $t->{kind} ne 'qemu';
	return 0 if grep { $_ eq 'kernel panic' } @{$t->{allow} // []};
	return !expects_forbidden($t, 'kernel panic');
}

# Read what running test $r printed since the last look; returns true
# once a kernel panic line has been followed by the monitor's prompt.
# The prompt has no newline after it, so the unfinished last line is
# looked at too (and again, whole, next time).
sub panic_then_prompt {
	my ($r) = @_;
	open my $fh, '<', "$OUTDIR/$r->{test}{name}.out" or return 0;
	seek $fh, $r->{seen}, 0;
	my $chunk = do { local $/; <$fh> } // '';
	close $fh;
	$r->{seen} += length $chunk;
	my @lines = split /\r?\n/, $r->{partial} . $chunk, -1;
	$r->{partial} = @lines ? $lines[-1] : '';
	for my $line (@lines) {
		$r->{panicked} ||= index($line, 'kernel panic') >= 0;
		return 1 if $r->{panicked} && index($line, $PROMPT) == 0;
	}
	return 0;
}

# Kill each QEMU whose kernel panicked (failing its test) and then
# reached the monitor, rather than wait for QEMU to exit or time out.
# Its output file then holds everything the run printed.
sub stop_panicked {
	for my $pid (keys %running) {
		my $r = $running{$pid};
		next if !$r->{watch} || $r->{stopped} || !panic_then_prompt($r);
		$r->{stopped} = 1;
		kill 'KILL', -$pid;
	}
}

# A failure's reason in a word or two: the forbidden string when it is a
# plain one ("kernel panic", "FAIL"), else the first problem's kind.
sub failure_reason {
	my ($problem) = @_;
	return $1 if $problem =~ /^forbidden: "([^"]*)"/;
	return (split /:/, $problem)[0];
}

# The exit status of a host test that could not run here (see the top).
our $SKIP_STATUS = 77;

# Why host test $t, which exited with $status, skipped itself (its last
# "SKIP: " line), or undef when it did not.
sub skip_reason {
	my ($t, $status, $timed_out) = @_;
	return undef if $t->{kind} ne 'host' || $timed_out ||
		$status >> 8 != $SKIP_STATUS;
	my $reason = 'no reason given';
	if (open my $fh, '<', "$OUTDIR/$t->{name}.out") {
		/^SKIP: (.*?)\s*$/ and $reason = $1 while <$fh>;
		close $fh;
	}
	return $reason;
}

# Judge the test that pid ran and print its line, with its first problem
# when it failed; returns its result: { test, passed, problems, secs, and
# skipped (why) for a test that could not run here }.
sub finish {
	my ($pid, $status) = @_;
	my $r = delete $running{$pid};
	my $t = $r->{test};
	my $secs = time - $r->{start};
	# Whatever the test left in its process group goes too.
	kill 'KILL', -$pid;
	my $skipped = skip_reason($t, $status, $r->{timed_out});
	if (defined $skipped) {
		printf "%s: SKIP (%s, %.1fs)\n", $t->{name}, $skipped, $secs;
		return { test => $t, passed => 1, skipped => $skipped,
			problems => [], secs => $secs };
	}
	my @problems = judge($t, $status, $r->{timed_out});
	push @problems, 'stopped: QEMU killed at the monitor prompt ' .
		'after the kernel panic' if $r->{stopped} && @problems;
	my $result = { test => $t, passed => !@problems,
		problems => \@problems, secs => $secs };
	if (@problems) {
		printf "%s: FAIL (%s, %.1fs)\n    %s\n", $t->{name},
			failure_reason($problems[0]), $secs, $problems[0];
	} else {
		printf "%s: OK (%.1fs)\n", $t->{name}, $secs;
	}
	return $result;
}

# Kill the tests that ran past their timeout (finish judges them).
sub kill_overdue {
	for my $p (keys %running) {
		my $r = $running{$p};
		next if $r->{timed_out} ||
			time - $r->{start} < $r->{test}{timeout};
		$r->{timed_out} = 1;
		kill 'KILL', -$p;
	}
}

# How many job slots test $t takes: one per CPU it boots with, up to
# $jobs.  A guest whose CPUs wait for each other (the kernel lock, a TLB
# shootdown, a flag in shared memory) spins whenever the host runs another
# QEMU in place of one of them: tlbptfork, 0.2 s alone, takes 3 s of CPU
# beside one busy process.
sub slots_of {
	my ($t, $jobs) = @_;
	my $n = $t->{kind} eq 'qemu' ? $t->{cpus} // 1 : 1;
	return $n < $jobs ? $n : $jobs;
}

# @run in the order to start them: the tests that take the most slots
# first, so that none waits long for its slots to come free, each group
# in table order.
sub order_tests {
	my ($jobs, @run) = @_;
	my %seq = map { $run[$_]{name} => $_ } 0 .. $#run;
	return sort { slots_of($b, $jobs) <=> slots_of($a, $jobs) ||
		$seq{$a->{name}} <=> $seq{$b->{name}} } @run;
}

# Run @run, $jobs slots at a time (slots_of); returns their results (see
# finish), in the order of @run.
sub run_tests {
	my ($jobs, $verbose, @run) = @_;
	my %result;
	my $free = $jobs;
	local $SIG{INT} = local $SIG{TERM} = sub {
		kill 'KILL', -$_ for keys %running;
		exit 130;
	};
	# A test's end cuts the sleep below short, so the next one starts
	# at once.
	local $SIG{CHLD} = sub { };
	my @queue = order_tests($jobs, @run);
	while (@queue || %running) {
		while (@queue && slots_of($queue[0], $jobs) <= $free) {
			my $t = shift @queue;
			my $pid = start_test($t, $verbose);
			$free -= slots_of($t, $jobs);
			$running{$pid} = { test => $t, start => time,
				timed_out => 0, watch => panic_fails($t),
				seen => 0, partial => '' };
		}
		my $pid = waitpid(-1, WNOHANG);
		if ($pid > 0) {
			next unless $running{$pid};
			$free += slots_of($running{$pid}{test}, $jobs);
			my $res = finish($pid, $?);
			$result{$res->{test}{name}} = $res;
			next;
		}
		stop_panicked();
		kill_overdue();
		sleep 0.05;
	}
	return map { $result{$_->{name}} } @run;
}

# The parts of @tests, each once, in the order they come.
sub parts_of {
	my %seen;
	return grep { !$seen{$_}++ } map { $_->{part} } @_;
}

# How many problems of one kind a failure shows before "... and N more".
my $SHOW_OF_A_KIND = 3;

# The kind of a problem: "missing", "forbidden", "leaked", ... as it
# starts, or "check" for what a test's check function says.
sub problem_kind {
	my ($problem) = @_;
	return $problem =~ /^(missing|forbidden|leaked|TIMEOUT|stopped|QEMU):/ ?
		$1 : 'check';
}

# @problems as a person reads them: of each kind, the first
# $SHOW_OF_A_KIND, then one line that says how many more there are.
sub shown_problems {
	my @problems = @_;
	my (%total, %seen, @shown);
	$total{problem_kind($_)}++ for @problems;
	for my $p (@problems) {
		my $kind = problem_kind($p);
		my $n = ++$seen{$kind};
		push @shown, $p if $n <= $SHOW_OF_A_KIND;
		next unless $n == $SHOW_OF_A_KIND && $total{$kind} > $n;
		push @shown, sprintf '... and %d more %s', $total{$kind} - $n,
			$kind eq 'missing' ? 'missing lines' : "$kind problems";
	}
	return @shown;
}

# The failed tests among @results, part by part, each with its problems
# (cut short unless $verbose) and where its console output is.
sub report_failures {
	my ($verbose, @results) = @_;
	my @failed = grep { !$_->{passed} } @results;
	return unless @failed;
	print "\nFailures, by part:\n";
	for my $part (parts_of(map { $_->{test} } @failed)) {
		print "Part $part:\n";
		for my $res (grep { $_->{test}{part} eq $part } @failed) {
			my @problems = @{$res->{problems}};
			print "  $res->{test}{name}:\n";
			print "      $_\n"
				for $verbose ? @problems : shown_problems(@problems);
			print "      console output: ",
				"$OUTDIR/$res->{test}{name}.out\n";
		}
	}
	print "\n";
}

# The points @results earned, their maximum, and how many were skipped
# (a skipped test's points count in neither the score nor the maximum).
sub points {
	my ($got, $max, $skips) = (0, 0, 0);
	for my $res (@_) {
		$skips++, next if defined $res->{skipped};
		$max += $res->{test}{points};
		$got += $res->{test}{points} if $res->{passed};
	}
	return ($got, $max, $skips);
}

# The score per part, per exercise and in total, then "P passed, F
# failed" (and ", S skipped" when some were); returns true when no test
# failed.
sub report {
	my @results = @_;
	for my $part (parts_of(map { $_->{test} } @results)) {
		my ($got, $max, $skips) =
			points(grep { $_->{test}{part} eq $part } @results);
		print "Part $part score: $got/$max",
			$skips ? " ($skips skipped)\n" : "\n";
	}
	for my $ex (@EXERCISES, undef) {
		my @of = grep { ($_->{test}{exercise} // '') eq ($ex // '') }
			@results;
		next unless @of;
		my ($got, $max) = points(@of);
		printf "Exercise %s score: %d/%d\n", $ex // '(none: given)',
			$got, $max;
	}
	my ($score, $total) = points(@results);
	my $nskipped = grep { defined $_->{skipped} } @results;
	my $nfailed = grep { !$_->{passed} } @results;
	print "Score: $score/$total\n";
	printf "%d passed, %d failed%s\n", @results - $nfailed - $nskipped,
		$nfailed, $nskipped ? ", $nskipped skipped" : '';
	return $nfailed == 0;
}

###########################################################################
# Report files: --json (Gradescope) and --junit.
###########################################################################

sub write_file {
	my ($file, $text) = @_;
	open my $fh, '>', $file or die "$file: $!\n";
	print $fh $text;
	close $fh or die "$file: $!\n";
}

# What a report file says of a test: "OK", or every problem, one a line,
# and where its console output is.
sub result_text {
	my ($res) = @_;
	return "SKIP: $res->{skipped}" if defined $res->{skipped};
	return 'OK' if $res->{passed};
	return join "\n", @{$res->{problems}},
		"console output: $OUTDIR/$res->{test}{name}.out";
}

sub seconds { return 0 + sprintf '%.2f', $_[0] }

# Write @results to $file as Gradescope's results.json: the score, the
# maximum, and per test its name, score, maximum, status, output and
# visibility.  $secs is the whole run's time.
sub write_json {
	my ($file, $secs, @results) = @_;
	require JSON::PP;
	my ($score, $max) = (0, 0);
	my @tests;
	for my $res (@results) {
		my $t = $res->{test};
		my $got = $res->{passed} && !defined $res->{skipped} ?
			$t->{points} : 0;
		my $most = defined $res->{skipped} ? 0 : $t->{points};
		$score += $got;
		$max += $most;
		push @tests, { name => $t->{name}, score => $got,
			max_score => 0 + $most,
			tags => [$t->{part}, $t->{exercise} // ()],
			status => $res->{passed} ? 'passed' : 'failed',
			output => result_text($res), visibility => 'visible',
			execution_time => seconds($res->{secs}) };
	}
	my %doc = (score => $score, max_score => $max,
		execution_time => seconds($secs),
		stdout_visibility => 'visible', tests => \@tests);
	write_file($file,
		JSON::PP->new->ascii->canonical->pretty->encode(\%doc));
}

# $s as XML character data or an attribute value: markup escaped, and
# any byte XML 1.0 cannot carry (control characters, non-ASCII) as "?".
sub xml_escape {
	my ($s) = @_;
	$s =~ s/[^\t\n\x20-\x7e]/?/g;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	return $s;
}

# The <testsuite> of part $part: a <testcase> per result, and in a failed
# one a <failure> whose message is the first problem.
sub junit_suite {
	my ($part, @results) = @_;
	my $nfailed = grep { !$_->{passed} } @results;
	my $secs = 0;
	$secs += $_->{secs} for @results;
	my @xml = (sprintf '  <testsuite name="%s" tests="%d" failures="%d" ' .
		'time="%.3f">', xml_escape($part), scalar @results, $nfailed,
		$secs);
	for my $res (@results) {
		my $head = sprintf '    <testcase name="%s" classname="%s" ' .
			'time="%.3f"', xml_escape($res->{test}{name}),
			xml_escape($part), $res->{secs};
		if (defined $res->{skipped}) {
			push @xml, "$head>", sprintf('      <skipped message="%s"/>',
				xml_escape($res->{skipped})), '    </testcase>';
			next;
		}
		if ($res->{passed}) {
			push @xml, "$head/>";
			next;
		}
		push @xml, "$head>",
			sprintf('      <failure message="%s">%s</failure>',
			xml_escape($res->{problems}[0]),
			xml_escape(result_text($res))), '    </testcase>';
	}
	return @xml, '  </testsuite>';
}

# Write @results to $file as JUnit XML: <testsuites>, a <testsuite> per
# part.  $secs is the whole run's time.
sub write_junit {
	my ($file, $secs, @results) = @_;
	my $nfailed = grep { !$_->{passed} } @results;
	my @xml = ('<?xml version="1.0" encoding="UTF-8"?>',
		sprintf('<testsuites name="grade-lab2" tests="%d" ' .
		'failures="%d" time="%.3f">', scalar @results, $nfailed, $secs));
	for my $part (parts_of(map { $_->{test} } @results)) {
		push @xml, junit_suite($part,
			grep { $_->{test}{part} eq $part } @results);
	}
	push @xml, '</testsuites>';
	write_file($file, join '', map { "$_\n" } @xml);
}

sub ncpus {
	my $n = `nproc 2>/dev/null`;
	return $n + 0 if defined $n && $n =~ /^\d+$/ && $n > 0;
	open my $fh, '<', '/proc/cpuinfo' or return 1;
	return scalar(grep { /^processor\s*:/ } <$fh>) || 1;
}

# ./grade-lab2's work: returns its exit status (0 all passed, 1 some
# failed); dies (status 2 for the caller) when it cannot run, or cannot
# write a --json or --junit file.
sub run_main {
	my ($usage, @argv) = @_;
	my %opt = (verbose => 0, list => 0, 'no-build' => 0);
	GetOptionsFromArray(\@argv, \%opt, 'verbose|v', 'list|l', 'jobs|j=i',
		'timeout=i', 'cpus=i', 'no-build', 'json=s', 'junit=s',
		'help|h')
		or die $usage;
	if ($opt{help}) {
		print $usage;
		return 0;
	}
	load_tables();
	if ($opt{list}) {
		list_tests();
		return 0;
	}
	my @run = select_tests(@argv);
	unless ($opt{'no-build'}) {
		print "+ make\n" if $opt{verbose};
		system('make', '--no-print-directory') == 0
			or die "the build failed\n";
	}
	die "no kernel image $IMAGE (run make first)\n" unless -f $IMAGE;
	make_path($OUTDIR);
	if ($opt{timeout}) {
		$_->{timeout} = $opt{timeout} for @run;
	}
	if (defined $opt{cpus}) {
		die "--cpus must be 1 to 8\n" unless $opt{cpus} =~ /^[1-8]$/;
		$_->{cpus} //= $opt{cpus} for @run;
	}
	$| = 1;
	my $start = time;
	my @results = run_tests($opt{jobs} || ncpus(), $opt{verbose}, @run);
	report_failures($opt{verbose}, @results);
	my $all_passed = report(@results);
	write_json($opt{json}, time - $start, @results) if $opt{json};
	write_junit($opt{junit}, time - $start, @results) if $opt{junit};
	return $all_passed ? 0 : 1;
}

# The entry point: exit 0 when every chosen test passed, 1 when some
# failed, 2 when the grader could not run (the message says why).
sub main {
	my ($usage, @argv) = @_;
	my $status = eval { run_main($usage, @argv) };
	return $status if defined $status;
	print STDERR $@ =~ /^usage:/ ? $@ : "grade-lab2: $@";
	return 2;
}

1;
