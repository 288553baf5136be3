# The demos: demo.c, the program `make qemu-nox` runs (part demo),
# dagdemo.c, the sharing graph step by step (part dag, with
# user/test/dag/), and cowsteps.c, one page through fork step by step
# (part steps).

part 'demo';

# Under -icount rdtsc counts guest instructions, so the figures are the
# same from run to run (docs/bench.md); `make qemu-nox` runs it so too.
my @ICOUNT = ('-icount', 'shift=0,align=off,sleep=off');

# The key line of each part of the lesson, each part's heading labelled
# with the lecture questions it answers.
qemu_test 'demo',
	exercise => 'C2',
	points => 10, prog => 'demo', idle => 1, ordered => 1, cpus => 1,
	qemu => \@ICOUNT,
	expect => [
		map({ qr/^\[Q$_\] \S/ } 1 .. 5),
		qr/^--- 1\. The parent \[Q1\] ---$/,
		qr/^--- 2\. .* \[Q1\] ---$/,
		qr/^eager fork: \d+ pages allocated/,
		qr/^--- 3\. .* \[Q1, Q5\] ---$/,
		qr/^cow fork: \d+ pages allocated/,
		qr/^  parent's page 10000000: pp_ref 2  PTE_W 0 PTE_COW 1  logical: writable  physical: read-only \(PTE_COW\)$/,
		qr/^--- 4\. .* \[Q3, Q4, Q5\] ---$/,
		qr/^  child's page 10000000: pp_ref 2  PTE_W 0 PTE_COW 1  logical: writable  physical: read-only \(PTE_COW\)$/,
		[qr/^child write \d \(page 1000[0-3]000\): \d+ new pages?, /, 4],
		qr/^  child's page 10000000: pp_ref 1  PTE_W 1 PTE_COW 0  logical: writable  physical: writable$/,
		qr/^child writes page 10000000 again: 0 new pages/,
		'parent reads page 10000000: 0 (the child wrote 1000): isolation holds',
		qr/^  parent's page 10000000: pp_ref 1  PTE_W 0 PTE_COW 1 /,
		qr/^parent writes it: 0 new pages/,
		qr/^--- 5\. .* \[Q1, Q5\] ---$/,
		qr/^  shared page 10040000: pp_ref 2  PTE_W 1 PTE_COW 0  logical: writable  physical: writable$/,
		'parent now reads "the child\'s data": BROKEN, the child\'s write shows up in the parent',
		qr/^--- 6\. .* \[Q2, Q4\] ---$/,
		qr/^ptfork: [1-4] pages allocated/,
		qr/^  parent's table for 10000000 at [0-9a-f]{8}: pp_ref 2  PDE: read-only, PTE_SHARED_PT$/,
		'child reads all 64 pages: 0 new pages',
		qr/^child writes page 10000000: [23] new pages/,
		qr/^  table for 10000000 copied \(65 entries\): [0-9a-f]{8} -> [0-9a-f]{8}, then$/,
		qr/^  page 10000000 copied: [0-9a-f]{8} -> [0-9a-f]{8}$/,
		qr/^  child's table for 10000000 at [0-9a-f]{8}: pp_ref 1  PDE: writable, private$/,
		'parent reads page 10000000: 0 (the child wrote 3000): isolation holds',
		qr/^--- Answers \[Q1, Q2, Q3, Q4, Q5\] ---$/,
		map({ qr/^\[Q$_\] \S/ } 1 .. 5),
	],
	check => \&check_demo;

# Lecture question 2 measured (docs/ptfork.md, "When is the page
# directory written?"): after fork() and after ptfork() the child's first
# change to its paging structures is a PTE, its first stack write, within
# a few thousand instructions: a page directory shared with it would have
# to be copied there.  Its own directory is never written, not even under
# ptfork (the stack's table is its own); the ptfork parent's is, at its
# first write to a global, and the fork parent's never.
qemu_test 'pdefirst',
	exercise => 'C2',
	points => 3, prog => 'pdefirst', idle => 1, ordered => 1,
	qemu => \@ICOUNT,
	expect => [
		qr/^pdefirst: fork child: first PTE write \d+ instructions and 0 system calls after the fork: PTE change at [0-9a-f]{8}, by system call 17 at [0-9a-f]{8} \(the stack\)$/,
		qr/^pdefirst: fork child: no PDE write in \d+ instructions/,
		qr/^pdefirst: fork parent, global written: first PTE write \d+ instructions and \d+ system calls after the fork: PTE change at 00802000, by system call 17 at 00802000 \(the data\)$/,
		qr/^pdefirst: fork parent, global written: no PDE write in /,
		qr/^pdefirst: ptfork child: first PTE write \d+ instructions and 0 system calls after the fork: PTE change at [0-9a-f]{8}, by system call 17 at [0-9a-f]{8} \(the stack\)$/,
		qr/^pdefirst: ptfork child: no PDE write in \d+ instructions/,
		qr/^pdefirst: ptfork parent: no PDE write in /,
		qr/^pdefirst: ptfork parent, global written: first PDE write \d+ instructions and \d+ system calls after the fork: table made writable \(last holder\) at 00800000, by a write fault at [0-9a-f]{8} \(rounds, in the bss\)$/,
		'pdefirst: done',
	],
	forbid => [qr/^pdefirst: \S+ child: first PDE write/,
		qr/^pdefirst: fork parent.*: first PDE write/],
	check => \&check_pdefirst;

# The same run with the page-table trace on: the kernel prints the first
# PTE and PDE write of each watched env itself, and agrees with the
# program.
qemu_test 'pdefirst_trace',
	exercise => 'C2',
	points => 1, prog => 'pdefirst', idle => 1, ordered => 1,
	qemu => [@ICOUNT, '-fw_cfg', 'name=opt/jos/pttrace,string=1'],
	expect => [
		qr/^\[00001001\] first PTE write since the fork: PTE change at [0-9a-f]{8}, \d+ instructions and 0 system calls after it, by system call 17 \([0-9a-f]{8}\)$/,
		qr/^pdefirst: fork child: first PTE write /,
		qr/^\[00001000\] first PDE write since the fork: table made writable \(last holder\) at 00800000, \d+ instructions and \d+ system calls after it, by a page fault at [0-9a-f]{8}$/,
		qr/^pdefirst: ptfork parent, global written: first PDE write /,
	],
	forbid => [qr/^\[0000[12]001\] first PDE write/];

# Each child's first PTE write comes within 5000 instructions of the fork.
sub check_pdefirst {
	my @problems;
	for (@_) {
		next unless /^pdefirst: (\S+ child): first PTE write (\d+) instructions/;
		push @problems, "$1: first PTE write after $2 instructions, " .
			"expected < 5000" unless $2 < 5000;
	}
	return @problems;
}

part 'dag';

# dagdemo photographs the graph with dagsnap() at each step of a fork()
# and a ptfork() and prints what it knows to be true of each picture as
# "dagfact LABEL ..." lines, which check_dag holds the pictures to.
qemu_test 'dagdemo',
	exercise => 'C2',
	points => 5, prog => 'dagdemo', idle => 1, ordered => 1,
	expect => [
		'--- dagsnap end before-fork ---',
		'--- dagsnap end after-fork ---',
		'--- dagsnap end after-fork-full ---',
		'--- dagsnap end child-write ---',
		'--- dagsnap end after-ptfork ---',
		'--- dagsnap end ptfork-write ---',
		'dagdemo: done',
	],
	forbid => ['user fault va'],
	check => \&check_dag;

# The eager fork copied at least the 64 data pages; the first
# copy-on-write fork took a handful (page directory, page tables,
# exception stacks, the parent's stack copy), far fewer than 64; each
# fork's items add up to its pages; each of the child's writes took one
# page (the first maybe a page table too); and a second run prints the
# same figures.
sub check_demo {
	my @lines = @_;
	my ($eager) = map { /^eager fork: (\d+) pages/ ? $1 : () } @lines;
	my ($cow) = map { /^cow fork: (\d+) pages/ ? $1 : () } @lines;
	my @problems;
	push @problems, "eager fork allocated $eager pages, expected >= 64"
		if defined $eager && $eager < 64;
	push @problems, "cow fork allocated $cow pages, expected <= 16"
		if defined $cow && $cow > 16;
	# One copy per write; the first may add PFTEMP's page table.
	for (grep { /^child write \d / } @lines) {
		my ($n, $pages) = /^child write (\d) .*: (\d+) new page/;
		my $ok = $pages == 1 || ($n == 1 && $pages == 2 &&
			/one for the page table of PFTEMP/);
		push @problems, "child write $n allocated $pages pages" unless $ok;
	}
	push @problems, demo_sum_problems(@lines);
	push @problems, demo_rerun_problems(@lines);
	return @problems;
}

# Each "NAME: N pages allocated" line is followed by its items and their
# sum, "  = N pages".
sub demo_sum_problems {
	my @problems;
	my ($fork, $pages);
	my $no_sum = sub { "$fork: no \"  = N pages\" sum after its items" };
	for (@_) {
		if (/^(.*fork): (\d+) pages allocated/) {
			push @problems, $no_sum->() if defined $fork;
			($fork, $pages) = ($1, $2);
		} elsif (/^  = (\d+) pages$/ && defined $fork) {
			push @problems, "$fork: the items add up to $1 pages, " .
				"not the $pages allocated" if $1 != $pages;
			undef $fork;
		}
	}
	push @problems, $no_sum->() if defined $fork;
	return @problems;
}

# The lines that carry figures: instruction and page counts.
sub demo_figures {
	return grep { /\d+ (instructions|pages? allocated|new pages?)\b/ } @_;
}

# Boot the demo once more, as the test did, and compare the figures.
sub demo_rerun_problems {
	my @first = demo_figures(@_);
	my @cmd = ('timeout', '30',
		Grade::qemu_command({ part => 'demo', prog => 'demo',
			qemu => \@ICOUNT }));
	open my $fh, '-|', @cmd or return ("second run: $cmd[2]: $!");
	my @again = demo_figures(map { s/\r?\n$//r } <$fh>);
	close $fh;
	return ('second run: no figures') unless @again;
	push @again, '(nothing)' while @again < @first;
	push @first, '(nothing)' while @first < @again;
	for my $i (0 .. $#first) {
		return ("second run differs: \"$first[$i]\" then " .
			"\"$again[$i]\"") if $again[$i] ne $first[$i];
	}
	return ();
}

part 'steps';

# cowsteps walks one page through fork step by step (docs/cow-steps.md):
# its bits, pp_ref and logical vs physical permission at each step, the
# child's write copying the page (pp_ref 2) and the parent's write
# reusing it (pp_ref 1).  check_cowsteps holds the physical pages to the
# story: one page until the child's copy, which is new, while the parent
# keeps the original.
my $STEPS_PTE = '  pa ([0-9a-f]{8})  pp_ref';
my $STEPS_TRAP = qr/trap: page fault at va 10000000, eip 008[0-9a-f]{5}, err 7 \(protection violation, write, user mode\)$/;
qemu_test 'cowsteps',
	exercise => 'E4',
	points => 3, prog => 'cowsteps', idle => 1, ordered => 1,
	expect => [
		'--- step 1: before fork ---',
		qr/^  parent: PTE P W U$STEPS_PTE 1  logical: writable  physical: writable$/,
		qr/^  parent: PDE P W U  table pa [0-9a-f]{8}  pp_ref 1$/,
		'--- step 2: after fork, in the parent ---',
		qr/^  parent: PTE P U COW$STEPS_PTE 2  logical: writable  physical: read-only \(PTE_COW\)$/,
		qr/^  parent: PDE P W U  table pa [0-9a-f]{8}  pp_ref 1$/,
		'--- step 3: after fork, in the child ---',
		qr/^  child: PTE P U COW$STEPS_PTE 2  logical: writable  physical: read-only \(PTE_COW\)$/,
		qr/^  child: PDE P W U  table pa [0-9a-f]{8}  pp_ref 1$/,
		'--- step 4: the child writes ---',
		qr/^  child: $STEPS_TRAP/,
		qr/^  child: handler: .*pp_ref 2, so another mapping shares it: copy$/,
		qr/^  child: copy: pa [0-9a-f]{8} -> [0-9a-f]{8}, 1 page allocated$/,
		qr/^  child: PTE P W U$STEPS_PTE 1  logical: writable  physical: writable$/,
		'--- step 5: the parent writes, alone on the page now ---',
		qr/^  parent: PTE P U COW$STEPS_PTE 1  logical: writable  physical: read-only \(PTE_COW\)$/,
		qr/^  parent: $STEPS_TRAP/,
		qr/^  parent: handler: .*pp_ref 1, so no one else maps it: reuse, no copy$/,
		qr/^  parent: reuse: pa [0-9a-f]{8} kept, 0 pages allocated$/,
		qr/^  parent: PTE P W U$STEPS_PTE 1  logical: writable  physical: writable$/,
		'cowsteps: the parent reads "the parent\'s new data", the child wrote "the child\'s data" in its copy',
	],
	forbid => ['user panic', 'user fault va', 'child: reuse', 'parent: copy'],
	check => \&check_cowsteps;

# The page's physical address at each PTE line, in order: steps 1, 2 and
# 3 (one page), 4 (the child's copy: another), 5 before and after the
# parent's write (the first page still).
sub check_cowsteps {
	my @pa = map { /^  (?:parent|child): PTE .*  pa ([0-9a-f]{8})  / ?
		$1 : () } @_;
	return () unless @pa == 6;
	my ($orig, $copy) = @pa[0, 3];
	my @problems;
	push @problems, "after fork the child maps $pa[2], the parent " .
		"$pa[1]: both should map $orig"
		unless $pa[1] eq $orig && $pa[2] eq $orig;
	push @problems, "the child's write left it on $copy, not a copy"
		if $copy eq $orig;
	push @problems, "the parent's page moved: $pa[4] then $pa[5], " .
		"expected $orig throughout"
		unless $pa[4] eq $orig && $pa[5] eq $orig;
	return @problems;
}

# The programs that print guest instructions run under -icount from
# make run-NAME too, not only from make qemu-nox; others do not.
host_test 'demo_run_icount', points => 1,
	cmd => 'make -n run-demo-nox run-demo run-pdefirst-nox ' .
		'run-demo-nox-gdb run-hello-nox | perl -ne \'' .
		'next unless /^qemu-system/; ' .
		'$n++; $ic = /-icount shift=0,align=off,sleep=off/; ' .
		'$bad++ if /string=.hello./ ? $ic : !$ic; ' .
		'END { exit !($n == 5 && !$bad) }\'';
