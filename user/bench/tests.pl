# Part bench: the fork benchmark (bench.c) run once as a correctness test,
# never timed, and bench.pl checked on canned console output
# (docs/bench.md).

part 'bench';

# Every benchmark at k=16, once, on make bench's QEMU clock (rdtsc counts
# guest instructions): the programs finish, children exit and the audit
# is clean.  The figures are not judged.
qemu_test 'bench_small',
	points => 5, prog => 'bench', args => 'reps=1 16',
	qemu => ['-icount', 'shift=0,align=off,sleep=off'], idle => 1,
	expect => [
		qr/^bench config reps=1 kinds=eager,cow/,
		qr/^bench fork kind=eager k=16 insns=\d+ pages=\d+$/,
		qr/^bench fork kind=cow k=16 insns=\d+ pages=\d+$/,
		qr/^bench syscall insns=\d+$/,
		qr/^bench cowfault k=16 insns=\d+$/,
		'bench done',
	],
	forbid => [qr/user fault/],
	check => \&check_bench_small;

# bench.pl on canned console output (user/bench/canned.out): the table,
# the CSV files and the gnuplot script, with figures worked out by hand;
# and bench.pl refuses an empty input.
host_test 'bench_table',
	points => 2,
	cmd => 'd=obj/grade/bench_table.d && rm -rf $d && mkdir -p $d && ' .
		'perl user/bench/bench.pl --out $d user/bench/canned.out ' .
		'> $d/table && ' .
		'grep -q "^1024,1025000,1032,205300,6,0.4002\$" $d/fork.csv && ' .
		'grep -q "^cow fork marginal cost (insns/page),200.0,<= 400,yes\$" ' .
		'$d/figures.csv && ' .
		'grep -q "^COW fault round trip (insns),2000,<= 2500,yes\$" ' .
		'$d/figures.csv && ' .
		'grep -q "^pages allocated by cow fork (max over k),6,<= 8,yes\$" ' .
		'$d/figures.csv && ' .
		'grep -q "using 1:(\$4 / 1000)" $d/fork.gp && ' .
		'grep -q "^  1024 |" $d/table && ' .
		'! perl user/bench/bench.pl --out $d /dev/null 2>/dev/null';

# Every kind named in the config line has its fork line, and the eager
# fork allocated at least one page per writable page (it copies them all).
sub check_bench_small {
	my @lines = @_;
	my ($config) = grep { /^bench config / } @lines;
	return () unless $config && $config =~ /kinds=(\S+)/;
	my @problems;
	for my $kind (split /,/, $1) {
		my ($line) = grep { /^bench fork kind=\Q$kind\E k=16 / } @lines;
		push @problems, "no fork line for kind $kind" unless $line;
		next unless $line && $kind eq 'eager';
		my ($pages) = $line =~ /pages=(\d+)/;
		push @problems, "eager fork of 16 pages allocated only $pages"
			unless $pages >= 16;
	}
	return @problems;
}
