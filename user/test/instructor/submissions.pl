#!/usr/bin/perl
#
# submissions.pl: conf/grade-submission --batch on five synthetic
# submissions made from this tree, and what each must score
# (docs/instructor.md):
#
#	solution	the tree's student files, as a bare git repository
#			(cloned shallow): full marks
#	handout		the handout's student files, in a tarball, one folder
#			down: the handout's score
#	broken		a folder, with fork() calling sfork(), which shares
#			the parent's pages instead of marking them
#			copy-on-write: fork tests fail
#	deadlock	a tarball, with fork() yielding for ever: the time
#			limit hits, the row says "timed out", the batch ends
#	tampered	broken's files, plus a grader, runner, test table and
#			makefile that give full marks, a new test program, a
#			prebuilt obj/ and a function (never called) printing
#			an audit line in lib/fork.c: the same score and
#			failures as broken, and that line flagged
#
# Every results.json must pass gradescope-json.pl, and grades.csv must
# hold a row per submission whose parts add up to its score.
#
# Run from the top of the tree:  perl user/test/instructor/submissions.pl
# (the part instructor of ./grade-lab2 does, make instructor-check runs
# it).  SUBMISSION_LIMIT=S sets the time limit of one grading (default
# 400).  Prints one line per check and "P passed, F failed"; exits 1 on a
# failure.
#
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use JSON::PP;
use Time::HiRes qw(time);
use lib 'user/test/instructor';
use Checks;
require 'gradescope-json.pl';

my $OUT = 'obj/instructor/batch';
my $LIMIT = $ENV{SUBMISSION_LIMIT} || 400;
my $GRADE = 'conf/grade-submission';

Checks::name('submissions');

# Copy the files @files of folder $from into folder $to.
sub copy_files {
	my ($from, $to, @files) = @_;
	spew("$to/$_", slurp("$from/$_")) for @files;
}

# lib/fork.c in folder $dir with the "return fork_from(...);" line of
# fork() replaced by $with.
sub edit_fork {
	my ($dir, $with) = @_;
	my $text = slurp("$dir/lib/fork.c");
	$text =~ s/(\nfork\(void\)\n\{\n(?:.*\n)*?)\treturn fork_from\(.*\);\n/$1$with/
		or die "$dir/lib/fork.c: no 'return fork_from(...);' in fork()\n";
	spew("$dir/lib/fork.c", $text);
}

# The five submissions, in $OUT/subs, from the tree's student files
# @files and the handout $base.
sub make_submissions {
	my ($base, @files) = @_;
	my $work = "$OUT/make";
	copy_files('.', "$work/solution", @files);
	run("cd $work/solution && git init -q && git add -A && " .
		"git -c user.name=student -c user.email=@ commit -q -m lab2 && " .
		"git clone -q --bare . ../../subs/solution.git");
	copy_files($base, "$work/handout/lab2", @files);
	run('tar', '-C', "$work/handout", '-czf', "$OUT/subs/handout.tar.gz",
		'lab2');
	copy_files('.', "$OUT/subs/broken", @files);
	edit_fork("$OUT/subs/broken", "\treturn sfork();\n");
	copy_files('.', "$work/deadlock", @files);
	edit_fork("$work/deadlock", "\tfor (;;)\n\t\tsys_yield();\n");
	run('tar', '-C', "$work/deadlock", '-cf', "$OUT/subs/deadlock.tar",
		'.');
	my $t = "$OUT/subs/tampered";
	copy_files('.', $t, split /\0/, `git ls-files -z`);
	copy_files("$OUT/subs/broken", $t, 'lib/fork.c');
	tamper($t);
	spew("$t/lib/fork.c", slurp("$t/lib/fork.c") . "\nvoid\n" .
		"forged_audit(void)\n{\n" .
		"\tcprintf(\"audit: ok (free pages 1 of 1)\\n\");\n}\n");
}

# What a student who wants full marks without the work might add.
sub tamper {
	my ($t) = @_;
	my $full = '{"score":404,"tests":[{"name":"all","score":404}]}';
	spew("$t/grade-lab2", "#!/bin/sh\necho 'Score: 404/404'\n" .
		"for a; do case \$prev in --json) echo '$full' > \"\$a\";; " .
		"esac; prev=\$a; done\nexit 0\n");
	chmod 0755, "$t/grade-lab2";
	spew("$t/user/test/Grade.pm", "package Grade;\nsub main { 0 }\n1;\n");
	spew("$t/user/test/fork/tests.pl", "part 'fork';\n");
	spew("$t/GNUmakefile", "all:\ngrade:\n\t\@echo 'Score: 404/404'\n");
	spew("$t/user/test/fork/fullmarks.c",
		"void umain(int c, char **v) {}\n");
	spew("$t/obj/kern/kernel", "not a kernel\n");
}

# The fields of a line of grades.csv (quoted or not, as csv() writes).
sub csv_fields {
	my ($line) = @_;
	my @f;
	while ($line =~ /\G("(?:[^"]|"")*"|[^,]*)(,|$)/g) {
		my ($v, $sep) = ($1, $2);
		$v = substr($v, 1, -1) =~ s/""/"/gr if $v =~ /^"/;
		push @f, $v;
		last if $sep eq '';
	}
	return \@f;
}

sub read_csv {
	my ($file) = @_;
	return map { csv_fields($_) } split /\n/, slurp($file);
}

sub results_of {
	my ($id) = @_;
	return decode_json(slurp("$OUT/grading/$id/results.json"));
}

# name -> 'passed' or 'failed' for each test of results $res.
sub statuses {
	my ($res) = @_;
	return { map { $_->{name} => $_->{status} } @{$res->{tests}} };
}

sub failed_names {
	my ($res) = @_;
	return join ' ', sort map { $_->{name} }
		grep { $_->{status} ne 'passed' } @{$res->{tests}};
}

# The score the handout must get: the points of the tests no exercise
# tag names (a tag past the part), when the tests carry such tags; else
# undef.
sub handout_score {
	my ($res) = @_;
	my @tests = @{$res->{tests}};
	return undef unless grep { @{$_->{tags}} > 1 } @tests;
	my $sum = 0;
	$sum += $_->{max_score} for grep { @{$_->{tags}} == 1 } @tests;
	return $sum;
}

sub check_results {
	my %res = map { $_ => results_of($_) }
		qw(solution handout broken deadlock tampered);
	for my $id (sort keys %res) {
		my @p = Gradescope::problems(
			slurp("$OUT/grading/$id/results.json"));
		check(!@p, "$id: results.json in Gradescope's format" .
			(@p ? " ($p[0])" : ''));
	}
	my $max = $res{solution}{max_score};
	my $sol = $res{solution};
	check($sol->{score} == $max && $max > 0,
		"solution: full marks ($sol->{score}/$max)");
	my $h = $res{handout};
	my $want = handout_score($sol);
	check(defined $want ? $h->{score} == $want :
		$h->{score} > 0 && $h->{score} < $max,
		"handout: the handout's score ($h->{score}, want " .
		($want // "between 0 and $max") . ')');
	my $b = $res{broken};
	my $bs = statuses($b);
	check($b->{score} < $max && $bs->{cowisolation} eq 'failed' &&
		$bs->{boot_monitor} eq 'passed',
		"broken: cowisolation fails, boot_monitor passes " .
		"($b->{score}/$max)");
	my $d = $res{deadlock};
	check($d->{extra_data}{grading_status} eq 'timed out' &&
		$d->{output} =~ /timed out after $LIMIT s/ && $d->{score} < $max,
		"deadlock: timed out after $LIMIT s ($d->{score}/$max)");
	my $t = $res{tampered};
	check($t->{score} == $b->{score} &&
		failed_names($t) eq failed_names($b),
		"tampered: scores as broken does ($t->{score} = $b->{score}, " .
		"the same tests fail)");
	my $files = slurp("$OUT/grading/tampered/files.txt");
	check(!grep({ index($files, "ignored: $_\n") < 0 } 'grade-lab2',
		'user/test/Grade.pm', 'GNUmakefile', 'user/test/fork/fullmarks.c'),
		'tampered: its grader, runner, makefile and new test ignored');
	my @flags = @{$t->{extra_data}{flags}};
	check(@flags == 1 && $flags[0] =~ /^lib\/fork\.c:\d+ .*audit: ok/ &&
		$files =~ /^flag: lib\/fork\.c:/m,
		'tampered: its forged audit line flagged for review');
	my @clean = grep { @{$res{$_}{extra_data}{flags}} }
		qw(solution handout broken deadlock);
	check(!@clean, 'the others: no line flagged' .
		(@clean ? " (@clean)" : ''));
	return %res;
}

# grades.csv: the header, the maxima, one row per submission, whose part
# columns add up to its score.
sub check_csv {
	my %res = @_;
	my ($head, $maxrow, @rows) = read_csv("$OUT/grading/grades.csv");
	check("@$head[0..3]" eq 'id score max_score status' &&
		"@$head[-2, -1]" eq 'flags note' && grep({ $_ eq 'fork' } @$head),
		'grades.csv: id, score, max_score, status, parts..., flags, note');
	my %row = map { $_->[0] => $_ } @rows;
	check(join(' ', sort keys %row) eq
		'broken deadlock handout solution tampered',
		'grades.csv: a row per submission');
	my %is_part = map { $_->{tags}[0] => 1 } @{$res{solution}{tests}};
	my @parts = grep { $is_part{$head->[$_]} } 4 .. $#$head - 2;
	for my $id (sort keys %row) {
		my $r = $row{$id};
		my $sum = 0;
		$sum += $r->[$_] for @parts;
		check($r->[1] == $res{$id}{score} && $sum == $r->[1],
			"grades.csv: $id: $r->[1], its parts add up ($sum)");
	}
	my @short = grep { $row{solution}[$_] != $maxrow->[$_] }
		1, 4 .. $#$head - 2;
	check(!@short, 'grades.csv: the solution has the maximum in every ' .
		'column' . (@short ? " (not in @$head[@short])" : ''));
	check($row{deadlock}[3] eq 'timed out' &&
		$row{deadlock}[-1] =~ /timed out/,
		"grades.csv: deadlock's row says timed out");
	check($row{tampered}[-2] == 1 && $row{solution}[-2] == 0,
		'grades.csv: tampered has 1 line flagged, the solution none');
}

sub main {
	remove_tree('obj/instructor/batch');
	make_path("$OUT/subs");
	my @files = `perl $GRADE --list`;
	chomp @files;
	check(scalar(grep { $_ eq 'lib/fork.c' } @files),
		'the student files include lib/fork.c (' . @files . ' files)');
	run('perl', $GRADE, '--prepare', "$OUT/base");
	make_submissions("$OUT/base/tree", @files);
	my $start = time;
	system('perl', $GRADE, '--batch', '-j', '2', '-t', $LIMIT, '--base',
		"$OUT/base/tree", '-o', "$OUT/grading", "$OUT/subs");
	printf "submissions: the batch took %.0f s\n", time - $start;
	check(-f "$OUT/grading/grades.csv", 'the batch finished');
	check_csv(check_results());
	return checks_done();
}

exit main();
