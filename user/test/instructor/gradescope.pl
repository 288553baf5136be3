#!/usr/bin/perl
#
# gradescope.pl: make gradescope, then the bundle run as Gradescope runs
# it, with AUTOGRADER_ROOT pointing at a folder of ours instead of
# /autograder (docs/instructor.md): setup.sh, then run_autograder on
#
#	the solution's student files, uploaded one by one (no folders)
#						full marks
#	lib/fork.c that does not compile	0, the compiler's error shown
#	an empty submission			0, "none of the student files"
#	a bundle whose grader cannot run	0, still valid JSON
#
# Each results.json must pass gradescope-json.pl.  The bundle must hold
# no solution: its student files are the handout's, not the tree's.
#
# Run from the top of the tree:  perl user/test/instructor/gradescope.pl
# Prints one line per check and "P passed, F failed"; exits 1 on a
# failure.
#
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(basename);
use File::Path qw(make_path remove_tree);
use JSON::PP;
use lib 'user/test/instructor';
use Checks;
require 'gradescope-json.pl';

my $OUT = abs_path('obj') . '/instructor/gradescope';

Checks::name('gradescope');

# Unpack the bundle into a fresh $OUT/NAME/source, as Gradescope does,
# put @files (path => text) in its submission/, run run_autograder, and
# return results.json's text.  $spoil, if given, is run on the bundle
# first.
sub autograde {
	my ($name, $spoil, %files) = @_;
	my $root = "$OUT/$name";
	remove_tree($root);
	make_path("$root/submission", "$root/results");
	run('unzip', '-q', '-d', "$root/source", 'obj/gradescope.zip');
	$spoil->("$root/source") if $spoil;
	spew("$root/submission/$_", $files{$_}) for keys %files;
	run('cp', "$root/source/run_autograder", "$root/run_autograder");
	system("AUTOGRADER_ROOT='$root' sh '$root/run_autograder' " .
		"> '$root/autograder.log' 2>&1");
	check($? == 0, "$name: run_autograder exits 0");
	my $file = "$root/results/results.json";
	my $text = -f $file ? slurp($file) : '';
	my @p = Gradescope::problems($text);
	check(!@p, "$name: results.json in Gradescope's format" .
		(@p ? " ($p[0])" : ''));
	return @p ? {} : decode_json($text);
}

sub main {
	remove_tree($OUT);
	make_path($OUT);
	run('make', '--no-print-directory', 'gradescope');
	my @listed = split /\n/, `unzip -Z1 obj/gradescope.zip`;
	my %in = map { $_ => 1 } @listed;
	check(!grep({ !$in{$_} } qw(setup.sh run_autograder
		grade-submission student-files tree/grade-lab2)),
		'the zip holds setup.sh, run_autograder, grade-submission, ' .
		'student-files and tree/');
	my @files = split /\n/, slurp('obj/gradescope/student-files');
	my @same = grep { slurp("obj/gradescope/tree/$_") eq slurp($_) }
		@files;
	check(@files && !@same, 'the bundle holds the handout\'s student ' .
		'files, not the solution' . (@same ? " (@same)" : ''));
	run('sh', 'obj/gradescope/setup.sh');
	check(1, 'setup.sh: the tools are there');
	my %solution = map { $_ => slurp($_) } @files;
	my $r = autograde('solution', undef,
		map { basename($_) => $solution{$_} } @files);
	check(($r->{score} // -1) == ($r->{max_score} // 0) && $r->{score},
		"solution: full marks (" . ($r->{score} // '?') . ')');
	check(($r->{output} // '') =~
		/^lib\/fork\.c: the submission's \(fork\.c\)$/m,
		'solution: lib/fork.c taken from fork.c, at the top');
	$r = autograde('noncompiling', undef, %solution,
		'lib/fork.c' => $solution{'lib/fork.c'} . "\nthis is not C\n");
	check(defined $r->{score} && $r->{score} == 0 &&
		$r->{output} =~ /the build failed/ &&
		$r->{output} =~ /lib\/fork\.c:\d+/,
		'noncompiling: 0, with the compiler\'s error');
	$r = autograde('empty', undef);
	check(defined $r->{score} && $r->{score} == 0 &&
		$r->{output} =~ /none of the student files/,
		'empty: 0, none of the student files');
	$r = autograde('nograder', sub { spew("$_[0]/grade-submission",
		"exit 3;\n") }, %solution);
	check(defined $r->{score} && $r->{score} == 0 &&
		$r->{output} =~ /could not run/,
		'nograder: 0, the autograder could not run');
	return checks_done();
}

exit main();
