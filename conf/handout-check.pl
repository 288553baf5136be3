#!/usr/bin/perl
#
# handout-check.pl: prove that the student handout is right (make
# handout-check; docs/instructor.md and docs/lab2.md, "The handout").
#
#   perl conf/handout-check.pl [--keep]
#
# Writes, in obj/handout-check/tree, one tree per stage with
# conf/handout.pl (one after the other in the same place, so that each
# build is incremental), and runs its whole grade (./grade-lab2 --json):
#
#   handout    every exercise stubbed: the student's tree
#   E1 .. C1   the exercises up to that one solved, in the order E1 E2 E3
#              E4 C1 C2, the later ones stubbed: a student's progress
#   C2         everything solved: the solution
#
# In each stage a test tagged with an exercise (exercise => ..., in the
# test tables) must pass exactly when that exercise is solved there, and
# every untagged test must pass; the stubbed trees must also build
# (-Werror) and boot to the monitor (the untagged tests see to that).
# Prints a table, stage by stage, of the tests per tag that passed, and
# each mismatch; exits 1 on any.  The results stay in
# obj/handout-check/STAGE.json and STAGE.log; --keep leaves the tree.
#
use strict;
use warnings;
use File::Path qw(remove_tree);
use Getopt::Long;
use JSON::PP;
use Time::HiRes qw(time);
use Cwd qw(getcwd);

my $keep = 0;
GetOptions('keep' => \$keep) and !@ARGV
	or die "usage: perl conf/handout-check.pl [--keep]\n";

my @EXERCISES = qw(E1 E2 E3 E4 C1 C2);
my @STAGES = map { [$_ ? $EXERCISES[$_ - 1] : 'handout',
	[@EXERCISES[0 .. $_ - 1]]] } 0 .. @EXERCISES;
my $TOP = 'obj/handout-check';
my $CWD = getcwd();

my (@mismatches, @rows);
my $start = time;
for my $stage (@STAGES) {
	my ($name, $solved) = @$stage;
	my %solved = map { $_ => 1 } @$solved;
	my $t0 = time;
	my $results = run_stage($name, $solved);
	my %row = (stage => $name, secs => time - $t0);
	for my $t (@$results) {
		my $tag = (grep { /^[EC]\d$/ } @{ $t->{tags} })[0] // '-';
		my $passed = $t->{status} eq 'passed';
		my $want = $tag eq '-' || $solved{$tag};
		$row{total}{$tag}++;
		$row{passed}{$tag}++ if $passed;
		next if !$passed == !$want;
		my ($why) = split /\n/, $t->{output};
		push @mismatches, sprintf '%-8s %-24s %-2s %s%s', $name,
			$t->{name}, $tag, $want ? 'should pass, failed: ' :
			'should fail (its exercise is stubbed), passed',
			$want ? $why : '';
	}
	push @rows, \%row;
	printf "%-8s done in %.0f s\n", $name, $row{secs};
}

print "\nTests passed per tag (want: all where solved, none where ",
	"stubbed; '-' is the given part, always all):\n\n";
my @tags = ('-', @EXERCISES);
printf "%-9s%s%8s\n", 'stage', join('', map { sprintf '%9s', $_ } @tags),
	'secs';
for my $r (@rows) {
	printf "%-9s%s%8.0f\n", $r->{stage}, join('', map {
		sprintf '%9s', sprintf '%d/%d', $r->{passed}{$_} // 0,
			$r->{total}{$_} // 0 } @tags), $r->{secs};
}
printf "\n%d mismatches; %.0f s in all\n", scalar @mismatches, time - $start;
print "$_\n" for @mismatches;
remove_tree("$TOP/tree") unless $keep;
exit(@mismatches ? 1 : 0);

# Build stage $name with the exercises @$solved solved, grade it, and
# return the tests of its results.json.
sub run_stage {
	my ($name, $solved) = @_;
	my $dir = "$TOP/tree";
	my $json = "$CWD/$TOP/$name.json";
	unlink $json;
	system('perl', 'conf/handout.pl', '--quiet',
		'--solved', join(',', @$solved), $dir) == 0
		or die "handout-check: conf/handout.pl failed for $name\n";
	system("make -C $dir --no-print-directory >$TOP/$name.log 2>&1")
		== 0 or die "handout-check: $name does not build: " .
		"see $TOP/$name.log\n";
	system("cd $dir && perl ./grade-lab2 --no-build --json $json " .
		">>$CWD/$TOP/$name.log 2>&1");
	die "handout-check: $name: the grader could not run: see " .
		"$TOP/$name.log\n" if $? >> 8 > 1 || !-f $json;
	open my $fh, '<', $json or die "$json: $!\n";
	my $doc = decode_json(do { local $/; <$fh> });
	return $doc->{tests};
}
