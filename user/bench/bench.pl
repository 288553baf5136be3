#!/usr/bin/perl
#
# bench.pl: turn the console output of user/bench/bench.c into the fork
# benchmark table, CSV files and a gnuplot script (`make bench`,
# docs/bench.md).
#
#   user/bench/bench.pl [--out DIR] CONSOLE-OUTPUT
#
# Reads the "bench ..." lines, prints the table on stdout (and keeps a copy
# in DIR/table.txt), and writes into DIR (default obj/bench):
#
#   fork.csv	one row per k: instructions and pages of each fork kind and
#		the break-even fraction of each lazy kind
#   figures.csv	the single figures with their targets and whether each is met
#   fork.gp	a gnuplot script drawing DIR/fork.svg from fork.csv
#
# Exits 1, saying why, when the run did not finish (no "bench done"), a
# program panicked, or the final audit was not clean.
#
use strict;
use warnings;
use Getopt::Long;
use File::Path qw(make_path);
use POSIX qw(strftime);

my $outdir = 'obj/bench';
GetOptions('out=s' => \$outdir) && @ARGV == 1
	or die "usage: $0 [--out DIR] CONSOLE-OUTPUT\n";
my $input = $ARGV[0];

# The targets: figure key => [comparison, limit], for fork() (kind
# "cow") and for ptfork().
my %TARGET = (
	marginal => ['<=', 400],	# instructions per writable page
	syscall => ['<=', 200],		# instructions per null system call
	cowfault => ['<=', 2500],	# instructions per copy-on-write fault
	pages => ['<=', 8],		# pages allocated by one fork, any k
	pt_vs_fork0 => ['<=', 1.3],	# ptfork(largest k) / fork(0)
	fork_vs_pt => ['>=', 20],	# fork(largest k) / ptfork(largest k)
	pt_pages => ['<=', 4],		# pages allocated by one ptfork
);

my (%fork, @kinds, %seen_k, %single, $reps, $done, @problems, $last_audit);

open my $fh, '<', $input or die "$0: $input: $!\n";
while (<$fh>) {
	s/\r//g;
	chomp;
	if (/^bench config reps=(\d+) kinds=(\S+)/) {
		$reps = $1;
		@kinds = split /,/, $2;
	} elsif (/^bench fork kind=(\S+) k=(\d+) insns=(\d+) pages=(\d+)/) {
		$fork{$1}{$2} = { insns => $3, pages => $4 };
		$seen_k{$2} = 1;
	} elsif (/^bench syscall insns=(\d+)/) {
		$single{syscall} = $1;
	} elsif (/^bench cowfault k=\d+ insns=(\d+)/) {
		$single{cowfault} = $1;
	} elsif (/^bench ptwrite insns=(\d+) pages=(\d+)/) {
		@single{'ptwrite', 'ptwrite_pages'} = ($1, $2);
	} elsif (/^bench done/) {
		$done = 1;
	} elsif (/^audit: /) {
		$last_audit = $_;
	} elsif (/kernel panic|user panic|user fault/) {
		push @problems, $_;
	}
}
close $fh;

push @problems, 'the benchmark did not finish (no "bench done" line)'
	unless $done;
push @problems, 'the run did not end with "audit: ok"'
	unless defined $last_audit && $last_audit =~ /^audit: ok/;
if (@problems) {
	print STDERR "bench.pl: $input: $_\n" for @problems;
	exit 1;
}

my @ks = sort { $a <=> $b } keys %seen_k;
my @lazy = grep { $_ ne 'eager' } @kinds;

# Instructions per extra writable page between the smallest and largest k.
sub marginal {
	my ($kind) = @_;
	my ($lo, $hi) = ($ks[0], $ks[-1]);
	return undef unless $hi > $lo && $fork{$kind}{$lo} && $fork{$kind}{$hi};
	return ($fork{$kind}{$hi}{insns} - $fork{$kind}{$lo}{insns}) /
		($hi - $lo);
}

# The fraction of k pages a child of `kind` must write before eager
# copying would have been cheaper: (eager - lazy) / (k * fault cost).
sub break_even {
	my ($kind, $k) = @_;
	return undef unless $k > 0 && $single{cowfault} && $fork{eager}{$k} &&
		$fork{$kind}{$k};
	return ($fork{eager}{$k}{insns} - $fork{$kind}{$k}{insns}) /
		($k * $single{cowfault});
}

sub fmt {
	my ($v, $fmt) = @_;
	return defined $v ? sprintf($fmt // '%.0f', $v) : '-';
}

my @table;
sub out { push @table, sprintf(shift, @_) =~ s/ +$//mgr }

# The per-k table.
out("Fork benchmarks: guest instructions (QEMU -icount shift=0), best of %s\n",
	$reps // '?');
my ($kinds_head, $head) = (' ' x 6, sprintf('%6s', 'k'));
for my $kind (@kinds) {
	$kinds_head .= sprintf ' | %-19s', $kind;
	$head .= sprintf ' | %12s %6s', 'insns', 'pages';
}
for my $kind (@lazy) {
	$kinds_head .= sprintf ' | %-10s', $kind;
	$head .= sprintf ' | %10s', 'break-even';
}
out("%s\n%s\n%s\n", $kinds_head, $head, '-' x length $head);
for my $k (@ks) {
	my $row = sprintf '%6d', $k;
	for my $kind (@kinds) {
		my $f = $fork{$kind}{$k};
		$row .= sprintf ' | %12s %6s', fmt($f && $f->{insns}),
			fmt($f && $f->{pages});
	}
	$row .= sprintf ' | %10s', fmt(break_even($_, $k), '%.2f') for @lazy;
	out("%s\n", $row);
}
out("break-even: the fraction of its k pages the child must write before\n" .
	"eager copying would have been cheaper (above 1: never).\n\n");

# The single figures, with the targets of fork() (kind "cow").
my @figures = (
	['cow fork marginal cost (insns/page)', marginal('cow'), '%.1f',
		'marginal'],
	(map { ["$_ fork marginal cost (insns/page)", marginal($_), '%.1f'] }
		grep { $_ ne 'cow' } @kinds),
	['null syscall (insns/call)', $single{syscall}, '%d', 'syscall'],
	['COW fault round trip (insns)', $single{cowfault}, '%d', 'cowfault'],
	['pages allocated by cow fork (max over k)', max_pages('cow'), '%d',
		'pages'],
	ptfork_figures(),
);

# Issue 8's figures, when the run included ptfork.
sub ptfork_figures {
	return () unless $fork{ptfork};
	my ($lo, $hi) = ($ks[0], $ks[-1]);
	my $pt = $fork{ptfork}{$hi} && $fork{ptfork}{$hi}{insns};
	my $f0 = $fork{cow}{$lo} && $fork{cow}{$lo}{insns};
	my $fk = $fork{cow}{$hi} && $fork{cow}{$hi}{insns};
	my $pages = max_pages('ptfork');
	return (
		["ptfork(k=$hi) / fork(k=$lo)", $pt && $f0 ? $pt / $f0 : undef,
			'%.2f', 'pt_vs_fork0'],
		["fork(k=$hi) / ptfork(k=$hi)", $pt && $fk ? $fk / $pt : undef,
			'%.1f', 'fork_vs_pt'],
		['pages allocated by ptfork (max over k)', $pages, '%d',
			'pt_pages'],
		['ptfork: first write in a region (insns)', $single{ptwrite},
			'%d'],
		['ptfork: first write in a region (pages)',
			$single{ptwrite_pages}, '%d'],
	);
}

sub max_pages {
	my ($kind) = @_;
	my $max;
	for my $k (@ks) {
		my $p = $fork{$kind}{$k} && $fork{$kind}{$k}{pages};
		$max = $p if defined $p && (!defined $max || $p > $max);
	}
	return $max;
}
out("%-42s %10s %10s  %s\n", 'figure', 'measured', 'target', 'met');
my @csv_figures;
for my $f (@figures) {
	my ($name, $value, $format, $key) = @$f;
	my ($op, $limit) = defined $key ? @{$TARGET{$key}} : ();
	my $met = !defined $limit ? '' : !defined $value ? 'unknown'
		: ($op eq '<=' ? $value <= $limit : $value >= $limit) ? 'yes'
		: 'NO';
	my $target = defined $limit ? "$op $limit" : '';
	out("%-42s %10s %10s  %s\n", $name, fmt($value, $format), $target,
		$met);
	push @csv_figures, [$name, fmt($value, $format), $target, $met];
}

print @table;

make_path($outdir);
write_file("$outdir/table.txt", join '',
	'measured ' . strftime('%Y-%m-%d', localtime) . "\n", @table);

# fork.csv: one row per k.
my @cols = ('k', (map { ("${_}_insns", "${_}_pages") } @kinds),
	map { "${_}_break_even" } @lazy);
my $csv = join(',', @cols) . "\n";
for my $k (@ks) {
	my @row = ($k);
	for my $kind (@kinds) {
		my $f = $fork{$kind}{$k};
		push @row, $f ? ($f->{insns}, $f->{pages}) : ('', '');
	}
	push @row, fmt(break_even($_, $k), '%.4f') =~ s/^-$//r for @lazy;
	$csv .= join(',', @row) . "\n";
}
write_file("$outdir/fork.csv", $csv);

write_file("$outdir/figures.csv", join '',
	"figure,measured,target,met\n",
	map { join(',', map { /,/ ? "\"$_\"" : $_ } @$_) . "\n" } @csv_figures);

# fork.gp: instructions against k, one line per fork kind.
my @plots;
for my $i (0 .. $#kinds) {
	push @plots, sprintf("'%s' using 1:(\$%d / 1000) " .
		"with linespoints lw 2 pt 7 title '%s'",
		"$outdir/fork.csv", 2 + 2 * $i, $kinds[$i]);
}
write_file("$outdir/fork.gp", <<"EOF");
# Drawn by bench.pl from $outdir/fork.csv: gnuplot $outdir/fork.gp
set terminal svg size 800,500 dynamic enhanced font 'sans,12'
set output '$outdir/fork.svg'
set datafile separator ','
set key autotitle columnheader top left
set title 'Cost of fork against the number of writable pages k'
set xlabel 'k (writable pages in the parent)'
set ylabel 'thousands of guest instructions (QEMU -icount shift=0)'
set xrange [0:*]
set yrange [0:*]
set offsets 0, graph 0.03, graph 0.05, 0
set grid
plot @{[join ", \\\n     ", @plots]}
EOF

sub write_file {
	my ($path, $text) = @_;
	open my $out, '>', $path or die "$0: $path: $!\n";
	print $out $text;
	close $out or die "$0: $path: $!\n";
}
