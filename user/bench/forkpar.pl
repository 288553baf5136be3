#!/usr/bin/perl
#
# forkpar.pl OUTDIR ICOUNT_1 ICOUNT_N WALL_1 WALL_N: the figure of make
# bench for several CPUs forking at once (docs/bench.md).  Each file is
# the console output of one forkpar run (user/bench/forkpar.c): on one CPU
# and on N, under -icount (ticks are guest instructions of the one virtual
# clock, the same on every run) and without it (MTTCG, the CPUs truly in
# parallel; ticks are host TSC cycles, which vary from run to run).
# Prints the ticks per fork of each run and writes them to
# OUTDIR/forkpar.tsv, one "metric<TAB>value" line each.  Dies when a run
# has no forkpar line.
#
use strict;
use warnings;

die "usage: forkpar.pl OUTDIR ICOUNT_1 ICOUNT_N WALL_1 WALL_N\n"
	unless @ARGV == 5;
my ($out, @files) = @ARGV;

# The CPUs, workers, forks and ticks of one run's output.
sub run_of {
	my ($file) = @_;
	open my $in, '<', $file or die "forkpar.pl: $file: $!\n";
	my %r = (cpus => 1);
	while (<$in>) {
		$r{cpus} = $1 if /^SMP: CPU 0 found (\d+) CPU/;
		@r{qw(workers forks ticks)} = ($1, $2, $3)
			if /^bench forkpar workers=(\d+) forks=(\d+) ticks=(\d+)$/;
	}
	die "forkpar.pl: no forkpar line in $file\n" unless defined $r{ticks};
	$r{per_fork} = $r{ticks} / $r{forks};
	return \%r;
}

my ($i1, $in, $w1, $wn) = map { run_of($_) } @files;
my $n = $in->{cpus};
printf "forks at once: %d workers, %d forks in all; ticks per fork\n",
	$in->{workers}, $in->{forks};
printf "%-44s %10s %10s\n", '', '1 CPU', "$n CPUs";
printf "%-44s %10.0f %10.0f\n",
	'-icount: instructions, CPUs in turn (stable)', $i1->{per_fork},
	$in->{per_fork};
printf "%-44s %10.0f %10.0f  (%d CPUs / 1: %.2f)\n",
	'MTTCG: host TSC cycles (varies, no target)', $w1->{per_fork},
	$wn->{per_fork}, $n, $wn->{per_fork} / $w1->{per_fork};

open my $tsv, '>', "$out/forkpar.tsv" or die "forkpar.pl: $out: $!\n";
printf $tsv "forkpar_icount_1cpu_insn_per_fork\t%.0f\n", $i1->{per_fork};
printf $tsv "forkpar_icount_%dcpu_insn_per_fork\t%.0f\n", $n, $in->{per_fork};
printf $tsv "forkpar_wall_1cpu_cycles_per_fork\t%.0f\n", $w1->{per_fork};
printf $tsv "forkpar_wall_%dcpu_cycles_per_fork\t%.0f\n", $n, $wn->{per_fork};
close $tsv;
