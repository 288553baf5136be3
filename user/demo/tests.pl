# The demos: demo.c, the program `make qemu-nox` runs (part demo), and
# dagdemo.c, the sharing graph step by step (part dag, with
# user/test/dag/).

part 'demo';

# The key line of each part of the lesson.
qemu_test 'demo',
	points => 10, prog => 'demo', idle => 1, ordered => 1,
	expect => [
		qr/^eager fork: \d+ pages allocated/,
		qr/^cow fork: \d+ pages allocated/,
		qr/^  parent's page 10000000: pp_ref 2  PTE_W 0 PTE_COW 1  logical: writable  physical: read-only \(PTE_COW\)$/,
		qr/^  child's page 10000000: pp_ref 2  PTE_W 0 PTE_COW 1  logical: writable  physical: read-only \(PTE_COW\)$/,
		[qr/^child write \d \(page 1000[0-3]000\): \d+ new pages?, /, 4],
		qr/^  child's page 10000000: pp_ref 1  PTE_W 1 PTE_COW 0  logical: writable  physical: writable$/,
		qr/^child writes page 10000000 again: 0 new pages/,
		'parent reads page 10000000: 0 (the child wrote 1000): isolation holds',
		qr/^  parent's page 10000000: pp_ref 1  PTE_W 0 PTE_COW 1 /,
		qr/^parent writes it: 0 new pages/,
		qr/^  shared page 10040000: pp_ref 2  PTE_W 1 PTE_COW 0  logical: writable  physical: writable$/,
		'parent now reads "the child\'s data": BROKEN, the child\'s write shows up in the parent',
		qr/^ptfork: [1-4] pages allocated/,
		qr/^  parent's table for 10000000 at [0-9a-f]{8}: pp_ref 2  PDE: read-only, PTE_SHARED_PT$/,
		'child reads all 64 pages: 0 new pages',
		qr/^child writes page 10000000: [23] new pages/,
		qr/^  table for 10000000 copied \(65 entries\): [0-9a-f]{8} -> [0-9a-f]{8}, then$/,
		qr/^  page 10000000 copied: [0-9a-f]{8} -> [0-9a-f]{8}$/,
		qr/^  child's table for 10000000 at [0-9a-f]{8}: pp_ref 1  PDE: writable, private$/,
		'parent reads page 10000000: 0 (the child wrote 3000): isolation holds',
	],
	check => \&check_demo;

part 'dag';

# dagdemo photographs the graph with dagsnap() at each step of a fork()
# and a ptfork() and prints what it knows to be true of each picture as
# "dagfact LABEL ..." lines, which check_dag holds the pictures to.
qemu_test 'dagdemo',
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
# exception stack, the parent's stack copy), far fewer than 64; each of
# the child's writes took one page (the first maybe a page table too).
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
	return @problems;
}
