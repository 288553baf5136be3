# Part bench: the fork benchmark (bench.c) run once as a correctness test,
# never timed, and bench.pl checked on canned console output
# (docs/bench.md).

part 'bench';

# The headline figures of obj/bench/summary.tsv, in order.
my @SUMMARY_METRICS = qw(cow_fork_insn_per_page eager_fork_insn_per_page
	null_syscall_insn cow_fault_insn cow_page_lifetime_insn
	ptfork_1024_over_fork0 fork_over_ptfork_1024
	fork_over_ptfork_16regions pages_per_fork pages_per_ptfork
	first_write_pages_fork first_write_pages_ptfork grade_test_fixed_ms);

# The k of the lifetime table (bench.c, life_ks).
my @LIFE_KS = (0, 1, 16, 64, 256, 1024);

# The summary of user/bench/canned.out, worked out by hand (the lifetime
# slope is (3272000 - 200000) / 1024; the crossovers solve 200000 + 3000k
# > 1100000 + 10k and 1000000 + 3000k > 1105000 + 10k).
my %CANNED_SUMMARY = (
	cow_fork_insn_per_page => '200.0',
	eager_fork_insn_per_page => '1000.0',
	null_syscall_insn => '150',
	cow_fault_insn => '2000',
	cow_page_lifetime_insn => '3000',
	ptfork_1024_over_fork0 => '0.82',
	fork_over_ptfork_1024 => '500.7',
	fork_over_ptfork_16regions => '400.0',
	pages_per_fork => '6',
	pages_per_ptfork => '4',
	first_write_pages_fork => '1',
	first_write_pages_ptfork => '2',
	crossover_child_cow_over_eager_k => '302',
	crossover_total_cow_over_eager_k => '36',
);

# Every benchmark at k=16, once, on make bench's QEMU clock (rdtsc counts
# guest instructions): the programs finish, children exit and the audit
# is clean.  The figures are not judged.
qemu_test 'bench_small',
	exercise => 'C2',
	points => 5, prog => 'bench', args => 'reps=1 16',
	qemu => ['-icount', 'shift=0,align=off,sleep=off'], idle => 1,
	expect => [
		qr/^bench config reps=1 kinds=eager,cow/,
		qr/^bench fork kind=eager k=16 insns=\d+ pages=\d+$/,
		qr/^bench fork kind=cow k=16 insns=\d+ pages=\d+$/,
		qr/^bench syscall insns=\d+$/,
		qr/^bench cowfault k=16 insns=\d+$/,
		qr/^bench firstwrite kind=cow pages=\d+$/,
		qr/^bench regions n=16 kind=cow insns=\d+ pages=\d+$/,
		qr/^bench regions n=16 kind=ptfork insns=\d+ pages=\d+$/,
		'bench done',
	],
	forbid => [qr/user fault/],
	check => \&check_bench_small;

# bench.pl on canned console output (user/bench/canned.out): the table,
# the CSV files, the gnuplot script, the lifetime table and the summary,
# with figures worked out by hand (one timed bare boot gives
# grade_test_fixed_ms, whose value is not judged); and bench.pl refuses
# an empty input.
host_test 'bench_table',
	points => 2,
	cmd => 'd=obj/grade/bench_table.d && rm -rf $d && mkdir -p $d && ' .
		'perl user/bench/bench.pl --out $d --boot-runs 1 ' .
		'user/bench/canned.out ' .
		'> $d/table && ' .
		'grep -q "^1024,1025000,1032,205300,6,0.4002\$" $d/fork.csv && ' .
		'grep -q "^cow fork marginal cost (insns/page),200.0,<= 40,NO\$" ' .
		'$d/figures.csv && ' .
		'grep -q "^COW fault round trip (insns),2000,<= 1600,NO\$" ' .
		'$d/figures.csv && ' .
		'grep -q "^COW page lifetime (insns),3000,<= 2000,NO\$" ' .
		'$d/figures.csv && ' .
		'grep -q "^pages allocated by cow fork (max over k),6,<= 8,yes\$" ' .
		'$d/figures.csv && ' .
		'grep -q "using 1:(\$4 / 1000)" $d/fork.gp && ' .
		'grep -q "^  1024 |" $d/table && ' .
		'grep -qx "  1024 |   1110240   1115240 |   3272000   4072000" ' .
		'$d/table && ' .
		'grep -qx "crossover (total): cow costs more than eager from ' .
		'k = 36" $d/table && ' .
		join('', map { "grep -qxF '$_\t$CANNED_SUMMARY{$_}' " .
			'$d/summary.tsv && ' } sort keys %CANNED_SUMMARY) .
		"grep -qx 'grade_test_fixed_ms\t[0-9]*\\.[0-9]' \$d/summary.tsv && " .
		'test $(wc -l < $d/summary.tsv) -eq ' .
		(@SUMMARY_METRICS + 2) . ' && ' .
		'! perl user/bench/bench.pl --out $d /dev/null 2>/dev/null';

# Four workers forking at once on four CPUs, once (make bench's last
# figure): the run completes and every page comes back.  Not timed.
qemu_test 'forkpar',
	exercise => 'E4',
	points => 1, prog => 'forkpar', args => '4 8', cpus => 4, idle => 1,
	timeout => 60,
	expect => [qr/^bench forkpar workers=4 forks=32 ticks=\d+$/];

# forkpar.pl on four made-up runs: the ticks per fork of each, in the
# table and in forkpar.tsv, the ratio of the two MTTCG runs; a run with
# no forkpar line is refused.
host_test 'forkpar_table',
	points => 1,
	cmd => 'd=obj/grade/forkpar_table.d && rm -rf $d && mkdir -p $d && ' .
		'l="bench forkpar workers=4 forks=100 ticks" && ' .
		'echo "$l=5000000" > $d/i1 && ' .
		'printf "SMP: CPU 0 found 4 CPU(s)\n$l=5100000\n" > $d/i4 && ' .
		'echo "$l=40000000" > $d/w1 && ' .
		'printf "SMP: CPU 0 found 4 CPU(s)\n$l=100000000\n" > $d/w4 && ' .
		'perl user/bench/forkpar.pl $d $d/i1 $d/i4 $d/w1 $d/w4 ' .
		'> $d/table && ' .
		'grep -q "stable) *50000 *51000\$" $d/table && ' .
		'grep -q "target) *400000 *1000000  (4 CPUs / 1: 2.50)\$" ' .
		'$d/table && ' .
		"grep -qx 'forkpar_icount_4cpu_insn_per_fork\t51000' " .
		'$d/forkpar.tsv && ' .
		"grep -qx 'forkpar_wall_1cpu_cycles_per_fork\t400000' " .
		'$d/forkpar.tsv && ' .
		'! perl user/bench/forkpar.pl $d $d/i1 $d/i4 $d/w1 /dev/null ' .
		'2>/dev/null';

# Every kind named in the config line has its fork line and its lifetime
# rows, the eager fork allocated at least one page per writable page (it
# copies them all), and bench.pl makes of the run a lifetime table with
# every row and a summary with a line per metric.
sub check_bench_small {
	my @lines = @_;
	my ($config) = grep { /^bench config / } @lines;
	return () unless $config && $config =~ /kinds=(\S+)/;
	my @kinds = split /,/, $1;
	my @problems = (life_problems(\@kinds, @lines),
		summary_problems(@lines));
	for my $kind (@kinds) {
		my ($line) = grep { /^bench fork kind=\Q$kind\E k=16 / } @lines;
		push @problems, "no fork line for kind $kind" unless $line;
		next unless $line && $kind eq 'eager';
		my ($pages) = $line =~ /pages=(\d+)/;
		push @problems, "eager fork of 16 pages allocated only $pages"
			unless $pages >= 16;
	}
	return @problems;
}

# A lifetime line of each kind at each k of @LIFE_KS.
sub life_problems {
	my ($kinds, @lines) = @_;
	my @problems;
	for my $kind (@$kinds) {
		for my $k (@LIFE_KS) {
			push @problems, "no lifetime line for $kind at k=$k"
				unless grep { /^bench life kind=\Q$kind\E n=1024 k=$k child=\d+ total=\d+$/ } @lines;
		}
	}
	return @problems;
}

# bench.pl on the lines of the run: a lifetime table row per k of
# @LIFE_KS and a summary line per metric, a number or "-" (this run has
# one k, so the per-page and k=0 figures cannot be worked out).
sub summary_problems {
	my @lines = @_;
	my $d = 'obj/grade/bench_small.d';
	mkdir $d;
	open my $out, '>', "$d/bench.out" or return "$d/bench.out: $!";
	print $out map { "$_\n" } @lines;
	close $out;
	my $table = `perl user/bench/bench.pl --out $d $d/bench.out 2>&1`;
	return "bench.pl failed on the run: $table" if $?;
	my @problems = map { "no lifetime row k=$_ in bench.pl's table" }
		grep { my $k = $_; $table !~ /^ *\Q$k\E \|( +\d+ +\d+ \|){2}/m }
		@LIFE_KS;
	open my $in, '<', "$d/summary.tsv" or return "$d/summary.tsv: $!";
	my %summary = map { chomp; split /\t/, $_, 2 } <$in>;
	close $in;
	for my $metric (@SUMMARY_METRICS) {
		my $v = $summary{$metric};
		push @problems, "summary.tsv: no line for $metric"
			unless defined $v;
		push @problems, "summary.tsv: $metric is '$v'"
			if defined $v && $v !~ /^(\d+(\.\d+)?|-)$/;
	}
	return @problems;
}
