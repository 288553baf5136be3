#!/usr/bin/perl
#
# bench.pl: turn the console output of user/bench/bench.c into the fork
# benchmark table, CSV files and a gnuplot script (`make bench`,
# docs/bench.md).
#
#   user/bench/bench.pl [--out DIR] [--boot-runs N] CONSOLE-OUTPUT
#
# Reads the "bench ..." lines, prints the tables on stdout (and keeps a
# copy in DIR/table.txt), and writes into DIR (default obj/bench):
#
#   summary.tsv	one "metric<TAB>value" line per headline figure ("-" when
#		the run did not measure it)
#   fork.csv	one row per k: instructions and pages of each fork kind and
#		the break-even fraction of each lazy kind
#   figures.csv	the single figures with their targets and whether each is met
#   fork.gp	a gnuplot script drawing DIR/fork.svg from fork.csv
#
# --boot-runs N boots the bare kernel in test mode N times with the
# grader's own QEMU command (user/test/Grade.pm) and reports the median
# wall time as grade_test_fixed_ms; without it that figure is "-".
#
# Exits 1, saying why, when the run did not finish (no "bench done"), a
# program panicked, or the final audit was not clean.
#
use strict;
use warnings;
use Getopt::Long;
use File::Path qw(make_path);
use POSIX qw(strftime);
use Time::HiRes qw(time);
use FindBin;

my ($outdir, $boot_runs) = ('obj/bench', 0);
GetOptions('out=s' => \$outdir, 'boot-runs=i' => \$boot_runs) && @ARGV == 1
	or die "usage: $0 [--out DIR] [--boot-runs N] CONSOLE-OUTPUT\n";
my $input = $ARGV[0];

# The targets: figure key => [comparison, limit], for fork() (kind
# "cow") and for ptfork().
my %TARGET = (
	marginal => ['<=', 40],		# instructions per writable page
	syscall => ['<=', 200],		# instructions per null system call
	cowfault => ['<=', 1600],	# instructions per copy-on-write fault
	lifetime => ['<=', 2000],	# a written page's fault, copy and free
	pages => ['<=', 8],		# pages allocated by one fork, any k
	pt_vs_fork0 => ['<=', 1.3],	# ptfork(largest k) / fork(0)
	fork_vs_pt => ['>=', 20],	# fork / ptfork of 16 full page tables
	pt_pages => ['<=', 4],		# pages allocated by one ptfork
);

my (%fork, @kinds, %seen_k, %single, $reps, $done, @problems, $last_audit);
my (%life, %seen_life_k, $life_n);	# kind => k => {child, total}
my %regions;				# kind => {n, insns, pages}

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
	} elsif (/^bench firstwrite kind=cow pages=(\d+)/) {
		$single{cowwrite_pages} = $1;
	} elsif (/^bench life kind=(\S+) n=(\d+) k=(\d+) child=(\d+) total=(\d+)/) {
		$life{$1}{$3} = { child => $4, total => $5 };
		$seen_life_k{$3} = 1;
		$life_n = $2;
	} elsif (/^bench regions n=(\d+) kind=(\S+) insns=(\d+) pages=(\d+)/) {
		$regions{$2} = { n => $1, insns => $3, pages => $4 };
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
	"eager copying would have been cheaper (above 1: never).\n" .
	"insns, pages: the fork call alone, until the parent has control back;\n" .
	"the copies a lazy kind defers to first writes, and the child's exit,\n" .
	"are in the lifetime table below.\n\n");

# The single figures, with the targets of fork() (kind "cow").
my @figures = (
	['cow fork marginal cost (insns/page)', marginal('cow'), '%.1f',
		'marginal'],
	(map { ["$_ fork marginal cost (insns/page)", marginal($_), '%.1f'] }
		grep { $_ ne 'cow' } @kinds),
	['null syscall (insns/call)', $single{syscall}, '%d', 'syscall'],
	['COW fault round trip (insns)', $single{cowfault}, '%d', 'cowfault'],
	['COW page lifetime (insns)', life_slope('cow', 'child'), '%.0f',
		'lifetime'],
	['pages allocated by cow fork (max over k)', max_pages('cow'), '%d',
		'pages'],
	ptfork_figures(),
);

# The ptfork figures, when the run included ptfork.
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
			'%.1f'],
		['fork / ptfork at 16 regions (64 MiB)',
			ratio($regions{cow}, $regions{ptfork}), '%.1f',
			'fork_vs_pt'],
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
out("marginal cost: per writable page, the fork call alone (a lazy kind's\n" .
	"copies come later); COW fault: one write with its page copy, not the\n" .
	"page's free (cow_page_lifetime_insn adds it); ptfork first write: the\n" .
	"table copy and the page copy.\n");

# The lifetime table: one row per k, the child phase and the total of
# every kind (bench.c, bench_life).
my @life_ks = sort { $a <=> $b } keys %seen_life_k;
my @life_kinds = grep { $life{$_} } @kinds;
if (@life_ks) {
	out("\nLifetime of one child, %d writable pages in the parent: guest " .
		"instructions, best of %s\n", $life_n, $reps // '?');
	out("  child: the fork, the child writing k of the pages, its exit " .
		"(its pages freed),\n" .
		"         until the parent sees it gone; defers nothing of " .
		"the child's\n" .
		"  total: child + the parent then writing each of its pages " .
		"once (the faults\n" .
		"         that copy-on-write left to the parent); nothing " .
		"deferred\n");
	my ($kh, $h) = (' ' x 6, sprintf('%6s', 'k'));
	for my $kind (@life_kinds) {
		$kh .= sprintf ' | %-19s', $kind;
		$h .= sprintf ' | %9s %9s', 'child', 'total';
	}
	out("%s\n%s\n%s\n", $kh, $h, '-' x length $h);
	for my $k (@life_ks) {
		my $row = sprintf '%6d', $k;
		for my $kind (@life_kinds) {
			my $l = $life{$kind}{$k};
			$row .= sprintf ' | %9s %9s', fmt($l && $l->{child}),
				fmt($l && $l->{total});
		}
		out("%s\n", $row);
	}
	for my $phase ('child', 'total') {
		for my $pair (crossovers($phase)) {
			my ($dear, $cheap, $k) = @$pair;
			out("crossover (%s): %s\n", $phase, defined $k
				? "$dear costs more than $cheap from k = $k"
				: "$dear never costs more than $cheap " .
					"(k <= $life_ks[-1])");
		}
	}
	out("crossover: the first k at which the kind that is cheaper at " .
		"k = $life_ks[0] costs\nmore, linear between the measured " .
		"k values.\n\n");
}

# The pairs of lifetime kinds in the given phase: [dearer later, cheaper
# at the smallest k, the first whole k at which it costs more or undef].
sub crossovers {
	my ($phase) = @_;
	my @pairs;
	for my $i (0 .. $#life_kinds) {
		for my $j ($i + 1 .. $#life_kinds) {
			my ($x, $y) = @life_kinds[$i, $j];
			my $d0 = life_diff($phase, $x, $y, $life_ks[0]);
			next unless defined $d0;
			($x, $y) = ($y, $x) if $d0 > 0;
			push @pairs, [$x, $y, crossing($phase, $x, $y)];
		}
	}
	return @pairs;
}

# The cost of kind x minus that of kind y at k in the given phase.
sub life_diff {
	my ($phase, $x, $y, $k) = @_;
	my ($lx, $ly) = ($life{$x}{$k}, $life{$y}{$k});
	return undef unless $lx && $ly;
	return $lx->{$phase} - $ly->{$phase};
}

# The first whole k at which kind x, cheaper at the smallest k, costs more
# than kind y: linear between the two measured k around the crossing.
sub crossing {
	my ($phase, $x, $y) = @_;
	for my $i (1 .. $#life_ks) {
		my ($k0, $k1) = @life_ks[$i - 1, $i];
		my ($d0, $d1) = map { life_diff($phase, $x, $y, $_) } $k0, $k1;
		next unless defined $d0 && defined $d1 && $d1 > 0;
		return int($k0 - $d0 * ($k1 - $k0) / ($d1 - $d0)) + 1;
	}
	return undef;
}

# The summary: name, value, format, what it includes and defers.  A
# crossover that does not happen up to the largest k has the value "none".
my @summary = (
	['cow_fork_insn_per_page', marginal('cow'), '%.1f',
		'fork() per writable page; its faults deferred'],
	['eager_fork_insn_per_page', marginal('eager'), '%.1f',
		'eager fork per page, the copy included'],
	['null_syscall_insn', $single{syscall}, '%d',
		'sys_getenvid, wrapper and loop included'],
	['cow_fault_insn', $single{cowfault}, '%d',
		'one write fault: trap, handler, page copy, return'],
	['cow_page_lifetime_insn', life_slope('cow', 'child'), '%.0f',
		"a child's written page: fault, copy, free at exit"],
	['ptfork_1024_over_fork0', ratio($fork{ptfork}{1024}, $fork{cow}{0}),
		'%.2f', 'ptfork(k=1024) / fork(k=0), table copies deferred'],
	['fork_over_ptfork_1024', ratio($fork{cow}{1024}, $fork{ptfork}{1024}),
		'%.1f', 'fork(k=1024) / ptfork(k=1024), the forks alone'],
	['fork_over_ptfork_16regions', ratio($regions{cow}, $regions{ptfork}),
		'%.1f', regions_note()],
	['pages_per_fork', max_pages('cow'), '%d',
		'pages one fork() takes, most over k'],
	['pages_per_ptfork', max_pages('ptfork'), '%d',
		'pages one ptfork() takes, most over k'],
	['first_write_pages_fork', $single{cowwrite_pages}, '%d',
		'pages the first write to a page takes after fork()'],
	['first_write_pages_ptfork', $single{ptwrite_pages}, '%d',
		'the same after ptfork(): the page and its table'],
	['grade_test_fixed_ms', boot_ms($boot_runs), '%.1f',
		'host wall time of one bare test boot, median'],
);
for my $phase ('child', 'total') {
	for my $pair (crossovers($phase)) {
		my ($dear, $cheap, $k) = @$pair;
		push @summary, ["crossover_${phase}_${dear}_over_${cheap}_k",
			$k // 'none', defined $k ? '%d' : '%s',
			"lifetime, $phase: first k where $dear > $cheap"];
	}
}

# Instructions per page of a child's writes in the given lifetime phase,
# between the smallest and largest k.
sub life_slope {
	my ($kind, $phase) = @_;
	my @k = sort { $a <=> $b } keys %seen_life_k;
	my ($lo, $hi) = @k[0, -1];
	return undef unless @k > 1 && $life{$kind}{$lo} &&
		$life{$kind}{$hi};
	return ($life{$kind}{$hi}{$phase} - $life{$kind}{$lo}{$phase}) /
		($hi - $lo);
}

# What fork_over_ptfork_16regions measured: how many full page tables.
sub regions_note {
	my $n = $regions{cow} && $regions{cow}{n};
	return 'the same with R full page tables of data (not run)'
		unless $n;
	return sprintf 'the same with %d full page tables (%d MiB) of data',
		$n, 4 * $n;
}

# The ratio of two measurements' instructions, or undef.
sub ratio {
	my ($x, $y) = @_;
	return $x && $y && $y->{insns} ? $x->{insns} / $y->{insns} : undef;
}

# The median wall time in milliseconds of n boots of the bare kernel in
# test mode with the grader's QEMU command, or undef when n is 0.  Dies
# when a boot does not reach the monitor.
sub boot_ms {
	my ($n) = @_;
	return undef unless $n > 0;
	require "$FindBin::Bin/../test/Grade.pm";
	my @cmd = Grade::qemu_command({ part => 'bench' });
	my @ms;
	for (1 .. $n) {
		my $t0 = time;
		my $out = run_quiet(@cmd);
		push @ms, 1000 * (time - $t0);
		die "$0: the bare test boot did not reach the monitor: @cmd\n"
			unless $out =~ /Welcome to the JOS kernel monitor/;
	}
	@ms = sort { $a <=> $b } @ms;
	return @ms % 2 ? $ms[$#ms / 2] : ($ms[@ms / 2 - 1] + $ms[@ms / 2]) / 2;
}

# Run a command with no input; returns what it printed.
sub run_quiet {
	my @cmd = @_;
	my $pid = open my $from, '-|' // die "$0: fork: $!\n";
	if ($pid == 0) {
		open STDIN, '<', '/dev/null' or die "$0: /dev/null: $!\n";
		open STDERR, '>&', \*STDOUT or die "$0: stderr: $!\n";
		exec @cmd or die "$0: $cmd[0]: $!\n";
	}
	local $/;
	my $out = <$from> // '';
	close $from;
	return $out;
}

out("%-36s %8s  %s\n", 'summary (obj/bench/summary.tsv)', 'value',
	'includes / defers');
for my $m (@summary) {
	my ($name, $value, $format, $note) = @$m;
	out("%-36s %8s  %s\n", $name, fmt($value, $format), $note);
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

write_file("$outdir/summary.tsv", join '',
	map { "$_->[0]\t" . fmt($_->[1], $_->[2]) . "\n" } @summary);

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
