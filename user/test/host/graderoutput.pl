#!/usr/bin/perl
#
# graderoutput.pl: what the grader writes for machines and for people,
# from canned results: the --json file (Gradescope's results.json) parsed
# back, the --junit file checked for well-formed XML and its counts, the
# failure summary's cut of a long missing list, and the watch that stops
# a run once its kernel panic has reached the monitor.
#
# Run from the top of the tree (the grader's host test does):
#   perl user/test/host/graderoutput.pl
# Prints one line per check and "P passed, F failed"; exits 1 on a failure.
#
use strict;
use warnings;
use lib 'user/test';
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use JSON::PP;
use Grade;
use lib 'user/test/host';
use HostCheck;

HostCheck::start('graderoutput');

# A table's test, as the grader holds it.
sub a_test {
	my ($name, $part, $points, %keys) = @_;
	return { name => $name, part => $part, points => $points,
		kind => 'qemu', forbid => [], timeout => 30, %keys };
}

# A fork test whose fork() fails: the program panics at once, so all
# five lines it expects are missing.
my $FORKMEM = a_test('forkmem', 'fork', 3, idle => 1, exercise => 'E4',
	expect => [map { "forkmem: step $_ OK" } 1 .. 5]);
my @BROKEN = (
	'[00000000] new env 00001000',
	"[00001000] user panic in forkmem at lib/fork.c:9: fork: <&> \"x\"\x01",
	'[00001000] exiting gracefully',
	'No runnable environments in the system!',
	'audit: ok (free pages 32009 of 32009)',
	'K> ',
);

my @RESULTS = (
	{ test => a_test('hello', 'boot', 2), passed => 1, problems => [],
		secs => 0.5 },
	{ test => $FORKMEM, passed => 0, secs => 1.25,
		problems => [Grade::judge_output($FORKMEM, 0, 0, @BROKEN)] },
	{ test => a_test('forkchain', 'fork', 1, exercise => 'E4'), passed => 1,
		problems => [], secs => 2 },
);

# The judgement of the broken run puts the panic first.
my @problems = @{$RESULTS[1]{problems}};
check($problems[0] =~ /^forbidden: "user panic": /,
	'the first problem is the panic');
check((grep { /^missing: / } @problems) == 5, 'five missing lines');

# The summary shows three missing lines and counts the rest.
my @shown = Grade::shown_problems(@problems);
check((grep { /^missing: / } @shown) == 3 &&
	(grep { $_ eq '... and 2 more missing lines' } @shown) == 1,
	'a long missing list is cut after 3 lines');
@shown = Grade::shown_problems(map { "name '$_' printed 0 times" } 1 .. 5);
check(@shown == 4 && $shown[3] eq '... and 2 more check problems',
	"a check's long list too");

my $dir = tempdir(CLEANUP => 1);

# The JSON file, parsed back.
Grade::write_json("$dir/results.json", 3.75, @RESULTS);
my $doc = decode_json(slurp("$dir/results.json"));
check($doc->{score} == 3 && $doc->{max_score} == 6,
	'json: score 3 of 6');
my @tests = @{$doc->{tests}};
check(@tests == 3 && !grep({ !defined $_->{name} ||
	!defined $_->{score} || !defined $_->{max_score} ||
	!defined $_->{output} || ($_->{visibility} // '') ne 'visible' }
	@tests), 'json: each test has name, scores, output, visibility');
my ($fm) = grep { $_->{name} eq 'forkmem' } @tests;
check($fm && $fm->{score} == 0 && $fm->{max_score} == 3 &&
	$fm->{status} eq 'failed' &&
	$fm->{output} =~ /^forbidden: "user panic": .*<&> "x"/ &&
	(() = $fm->{output} =~ /^missing: /mg) == 5,
	'json: the failed test has every problem, the panic first');
check($tests[0]{output} eq 'OK' && $tests[0]{score} == 2,
	'json: a passed test says OK');
check(join(',', @{$fm->{tags}}) eq 'fork,E4' &&
	join(',', @{$tests[0]{tags}}) eq 'boot',
	'json: tags are the part, then the exercise when there is one');

# The summary: a score per exercise (docs/lab2.md), then the given rest.
my $summary = '';
{
	open my $fh, '>', \$summary or die;
	my $old = select $fh;
	Grade::report(@RESULTS);
	select $old;
}
check($summary =~ /^Exercise E4 score: 1\/4\nExercise \(none: given\) score: 2\/2\nScore: 3\/6$/m,
	'summary: a score per exercise before the total');

# Check that $xml is well-formed at the level the grader writes it: one
# declaration, elements that nest and close, quoted attributes, and no
# bare "<" or "&" in text.  Returns the list of problems.
sub xml_problems {
	my ($xml) = @_;
	my (@stack, @problems);
	$xml =~ s/^<\?xml [^>]*\?>\n// or push @problems, 'no declaration';
	push @problems, 'a bad character' if $xml =~ /[^\t\n\x20-\x7e]/;
	for my $piece (split /(<[^>]*>)/, $xml) {
		if ($piece !~ /^</) {
			push @problems, "bad text: $piece"
				if $piece =~ /[<>]|&(?!(?:amp|lt|gt|quot);)/;
		} elsif ($piece =~ m{^</(\w+)>$}) {
			my $open = pop @stack // '';
			push @problems, "</$1> closes <$open>" if $open ne $1;
		} elsif ($piece =~ m{^<(\w+)((?:\s+\w+="[^"<]*")*)\s*(/?)>$}) {
			push @stack, $1 unless $3;
		} else {
			push @problems, "bad tag: $piece";
		}
	}
	push @problems, "unclosed <$_>" for @stack;
	return @problems;
}

# The JUnit file: well-formed, a suite per part, counts that agree.
Grade::write_junit("$dir/junit.xml", 3.75, @RESULTS);
my $xml = slurp("$dir/junit.xml");
my @bad = xml_problems($xml);
check(!@bad, 'junit: well-formed XML' . join '', map { "; $_" } @bad);
check($xml =~ /<testsuites name="grade-lab2" tests="3" failures="1" /,
	'junit: <testsuites> counts 3 tests, 1 failure');
my %suite = $xml =~ /<testsuite name="(\w+)" (tests="\d+" failures="\d+")/g;
check(keys %suite == 2 && $suite{boot} eq 'tests="1" failures="0"' &&
	$suite{fork} eq 'tests="2" failures="1"',
	'junit: one <testsuite> per part with its counts');
my $FAILURE = qr/<testcase\ name="forkmem"\ classname="fork"\ time="1\.250">\s*
	<failure\ message="forbidden:\ &quot;user\ panic&quot;:\ [^"]*&lt;&amp;&gt;/x;
check($xml =~ $FAILURE &&
	$xml =~ m{<testcase name="hello" classname="boot" time="0\.500"/>},
	'junit: testcases, and the failure message is the first problem');

# The watch on a running test: a kernel panic, then the monitor's
# prompt, with no newline after it yet.
my $out = 'obj/grade';
make_path($out);
my $PANICKY = a_test('graderoutput-panic', 'host', 1);
my $run = { test => $PANICKY, seen => 0, partial => '' };
open my $fh, '>', "$out/graderoutput-panic.out" or die "$out: $!\n";
$fh->autoflush(1);
print $fh "kernel panic at kern/pmap.c:12: oops\nWelcome to the JOS";
check(!Grade::panic_then_prompt($run), 'watch: a panic alone goes on');
print $fh " kernel monitor!\nK> ";
check(Grade::panic_then_prompt($run), 'watch: the prompt after it stops');
close $fh;
unlink "$out/graderoutput-panic.out";

# A new run's output starts empty at once: the watch must not read the
# panic and the prompt that the last run of the same test left there.
open $fh, '>', "$out/graderoutput-stale.out" or die "$out: $!\n";
print $fh "kernel panic at kern/pmap.c:12: oops\nK> ";
close $fh;
my $STALE = a_test('graderoutput-stale', 'host', 1, kind => 'host',
	cmd => 'exec sleep 30');
my $pid = Grade::start_test($STALE, 0);
$run = { test => $STALE, seen => 0, partial => '' };
check(!Grade::panic_then_prompt($run) &&
	-z "$out/graderoutput-stale.out",
	"watch: the last run's output is gone when a run starts");
kill 'KILL', $pid;	# the run only had to be under way: the same pid
			# before its exec, as sh and as sleep
waitpid $pid, 0;
unlink "$out/graderoutput-stale.out";

check(Grade::panic_fails($PANICKY) &&
	!Grade::panic_fails(a_test('p', 'boot', 1,
	expect => [qr/kernel panic at kern\/init\.c:\d+: /])) &&
	!Grade::panic_fails(a_test('p', 'boot', 1, allow => ['kernel panic'])),
	'watch: only where a panic fails the test');

# A host test that exits 77 was skipped, for the reason its last "SKIP:"
# line gives; it counts in neither score nor maximum, and the summary,
# the JSON and the JUnit files all say so.
my $SKIPPY = a_test('graderoutput-skip', 'host', 2, kind => 'host');
open $fh, '>', "$out/graderoutput-skip.out" or die "$out: $!\n";
print $fh "looking for a browser\nSKIP: no browser here\n";
close $fh;
my $why = Grade::skip_reason($SKIPPY, $Grade::SKIP_STATUS << 8, 0);
check(($why // '') eq 'no browser here' &&
	!defined Grade::skip_reason($SKIPPY, 1 << 8, 0) &&
	!defined Grade::skip_reason($SKIPPY, $Grade::SKIP_STATUS << 8, 1),
	'skip: status 77 and the SKIP line, not a failure or a timeout');
unlink "$out/graderoutput-skip.out";
my @WITH_SKIP = ($RESULTS[0], { test => $SKIPPY, passed => 1,
	skipped => $why, problems => [], secs => 0.25 });
$summary = '';
open my $report, '>', \$summary or die "summary: $!\n";
my $stdout = select $report;
my $all_ok = Grade::report(@WITH_SKIP);
select $stdout;
close $report;
check($all_ok && $summary =~ /^Part host score: 0\/0 \(1 skipped\)$/m &&
	$summary =~ /^Score: 2\/2$/m &&
	$summary =~ /^1 passed, 0 failed, 1 skipped$/m,
	'skip: the summary counts it apart');
Grade::write_json("$dir/skip.json", 1, @WITH_SKIP);
my ($sk) = grep { $_->{name} eq 'graderoutput-skip' }
	@{decode_json(slurp("$dir/skip.json"))->{tests}};
check($sk && $sk->{score} == 0 && $sk->{max_score} == 0 &&
	$sk->{output} eq 'SKIP: no browser here', 'skip: json says so');
Grade::write_junit("$dir/skip.xml", 1, @WITH_SKIP);
$xml = slurp("$dir/skip.xml");
@bad = xml_problems($xml);
check(!@bad && $xml =~ m{<testcase name="graderoutput-skip" classname="host" time="0\.250">\s*<skipped message="no browser here"/>},
	'junit: a <skipped> element' . join '', map { "; $_" } @bad);

# What QEMU says went wrong comes after the forbidden lines and before the
# missing ones: its error lines, and a crash (a signal other than the
# grader's own SIGKILL).
my @qemu = Grade::judge_output($FORKMEM, 11, 0,
	"qemu-system-i386: -bios x.rom: could not load", 'kernel panic at x');
check(@qemu >= 3 && $qemu[0] =~ /^forbidden: "kernel panic"/ &&
	$qemu[1] eq 'QEMU: qemu-system-i386: -bios x.rom: could not load' &&
	$qemu[2] eq 'QEMU: died of signal 11' && $qemu[3] =~ /^missing: /,
	'qemu: its error line and its crash, after the forbidden lines');
check(!grep({ /^QEMU/ } Grade::judge_output($FORKMEM, 9, 1, 'qemu is fine')),
	"qemu: the grader's own SIGKILL is no QEMU problem");

# The job slots: a test on N CPUs takes N of them (up to all there are),
# and the tests that take the most start first, each group in table order.
my @MIXED = (a_test('one', 'fork', 1), a_test('four', 'tlb', 1, cpus => 4),
	a_test('host', 'host', 1, kind => 'host', cpus => 4),
	a_test('two', 'smp', 1, cpus => 2), a_test('also-one', 'fork', 1));
check(join(',', map { Grade::slots_of($_, 2) } @MIXED) eq '1,2,1,2,1' &&
	join(',', map { Grade::slots_of($_, 8) } @MIXED) eq '1,4,1,2,1',
	'slots: one per CPU, at most the jobs');
check(join(',', map { $_->{name} } Grade::order_tests(8, @MIXED)) eq
	'four,two,one,host,also-one' &&
	join(',', map { $_->{name} } Grade::order_tests(2, @MIXED)) eq
	'four,two,one,host,also-one' &&
	join(',', map { $_->{name} } Grade::order_tests(1, @MIXED)) eq
	'one,four,host,two,also-one',
	'slots: the widest tests start first, else table order');

# The firmware: part boot boots from disk under SeaBIOS; the others with
# -kernel, under qboot when it is installed, SeaBIOS with GRADE_BIOS=seabios.
sub bios_of {
	my @cmd = Grade::qemu_command(@_);
	my ($i) = grep { $cmd[$_] eq '-bios' } 0 .. $#cmd;
	return defined $i ? $cmd[$i + 1] : 'default';
}
my $qboot = bios_of(a_test('fw', 'fork', 1));
check(bios_of(a_test('fw', 'boot', 1)) eq 'default' &&
	($qboot eq 'default' || ($qboot =~ m{/qboot\.rom$} && -f $qboot)),
	"firmware: SeaBIOS for part boot, $qboot for the others");
{
	local $ENV{GRADE_BIOS} = 'seabios';
	check(bios_of(a_test('fw', 'fork', 1)) eq 'default',
		'firmware: GRADE_BIOS=seabios gives SeaBIOS');
}

HostCheck::finish();
