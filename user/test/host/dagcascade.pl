#!/usr/bin/perl
#
# dagcascade.pl: dag.pl's check of the copy cascade the kernel
# photographs (DagSnap::cascade_problems, docs/dag.md), fed a canned
# console output: the three snapshots of dagdemo's cascade as
# `make dag-dagdemo` took them (dagcascade.log).  The log must pass; each
# damaged copy of it must fail with the problem that names the damage.
#
# Run from the top of the tree (the grader's host test does):
#   perl user/test/host/dagcascade.pl
# Prints one line per case and "P passed, F failed"; exits 1 on a failure.
#
use strict;
use warnings;

require './kern/debug/dag.pl';

open my $fh, '<', 'user/test/host/dagcascade.log' or die "dagcascade.log: $!\n";
my @LOG = <$fh>;
close $fh;

# @LOG without the snapshots labelled @labels.
sub without {
	my %drop = map { $_ => 1 } @_;
	my ($skip, @out) = (0);
	for (@LOG) {
		$skip = 1 if /^--- dagsnap begin (\S+) ---$/ && $drop{$1};
		push @out, $_ unless $skip;
		$skip = 0 if /^--- dagsnap end (\S+) ---$/ && $drop{$1};
	}
	return @out;
}

# @LOG with $from replaced by $to in the snapshot labelled $label.
sub edited {
	my ($label, $from, $to) = @_;
	my ($in, @out) = (0);
	for my $line (@LOG) {
		$in = 1 if $line =~ /^--- dagsnap begin \Q$label\E ---$/;
		push @out, $in ? $line =~ s/\Q$from\E/$to/r : $line;
		$in = 0 if $line =~ /^--- dagsnap end \Q$label\E ---$/;
	}
	return @out;
}

my @CASES = (
	['the cascade as taken passes', [@LOG], []],
	['a missing table copy fails', [without('cascade-table-copied')],
		[qr/cascade-page-copied\): does not follow cascade-table-copied/,
		 qr/the table changed again/]],
	['a cascade that stops before the copy fails',
		[without('cascade-table-copied', 'cascade-page-copied')],
		[qr/no table copy after it/]],
	['a writable PDE over the shared table fails',
		[edited('cascade-table-shared', '10000000-103fffff R SHARED-PT',
			'10000000-103fffff W')],
		[qr/table-shared\): the PDE is W, not R SHARED-PT/]],
	['a caption without the env and page fails',
		[edited('cascade-table-copied', ', page 10000000:', ':')],
		[qr/table-copied\): caption names no env and page/,
		 qr/page-copied\): does not follow cascade-table-copied/,
		 qr/the table changed again/]],
);

# Run one case; returns true when the problems are the ones expected.
sub run_case {
	my ($name, $lines, $want) = @{$_[0]};
	my @got = DagSnap::cascade_problems(DagSnap::snapshots(@$lines));
	my $ok = @got == @$want;
	for my $i (0 .. $#$want) {
		$ok &&= $got[$i] =~ $want->[$i];
	}
	print "dagcascade: $name ", $ok ? "OK\n" : "FAIL\n";
	print "    problem: $_\n" for $ok ? () : @got;
	return $ok;
}

my $passed = grep { run_case($_) } @CASES;
printf "%d passed, %d failed\n", $passed, @CASES - $passed;
exit($passed == @CASES ? 0 : 1);
