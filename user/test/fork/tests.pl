# Part fork: the user library's fork(), sfork(), IPC and page-fault
# handling, and the copy-on-write tests (docs/fork.md).  The classic
# programs are in user/ (dumbfork.c, forktree.c, pingpong.c, ...), ours
# beside this table; each of ours checks itself and prints "NAME: STEP OK"
# (inc/check.h).  Every run must end idle with "audit: ok", and no line
# may show a fault the kernel had to handle itself or a broken exception
# stack.

part 'fork', idle => 1,
	forbid => ['MISMATCH', 'user fault va',
		'user_mem_check assertion failure'];

# One line per iteration: the parent counts to 9, the child to 19.
qemu_test 'dumbfork',
	exercise => 'E2',
	points => 2, prog => 'dumbfork',
	expect => [
		qr/^0: I am the parent!$/,
		qr/^9: I am the parent!$/,
		qr/^0: I am the child!$/,
		qr/^19: I am the child!$/,
		[qr/^\d+: I am the parent!$/, 10],
		[qr/^\d+: I am the child!$/, 20],
		'dumbfork: child sees the pre-fork value OK',
		'dumbfork: parent keeps its own value OK',
	],
	forbid => [qr/^10: I am the parent!$/, qr/^20: I am the child!$/];

# The handler prints the fault and destroys its environment.
qemu_test 'faultprint',
	exercise => 'E3',
	points => 2, prog => 'faultprint',
	expect => ['i faulted at va deadbeef, err 6'];

# Pages allocated by the handler; the second string makes the handler
# fault again inside itself (at cafec000).
qemu_test 'faultallocdemand',
	exercise => 'E3',
	points => 3, prog => 'faultallocdemand', ordered => 1,
	expect => [
		qr/^fault deadbeef$/,
		qr/^this string was faulted in at deadbeef$/,
		qr/^fault cafebffe$/,
		qr/^fault cafec000$/,
		qr/^this string was faulted in at cafebffe$/,
		'faultallocdemand: cafebffe OK',
	];

# 15 environments, one per name '' .. '111', and reused env slots.
qemu_test 'forktree',
	exercise => 'E4',
	points => 3, prog => 'forktree',
	expect => [
		[qr/^[0-9a-f]{4}: I am '[01]{0,3}'$/, 15],
		qr/new env 0000[2-9a-f][0-9a-f]{3}$/,
	],
	check => \&check_forktree;

qemu_test 'pingpong',
	exercise => 'E4',
	points => 3, prog => 'pingpong', ordered => 1,
	expect => [
		'send 0 from 1000 to 1001',
		'1001 got 0 from 1000',
		'1000 got 1 from 1001',
		'1001 got 2 from 1000',
		'1000 got 3 from 1001',
		'1001 got 4 from 1000',
		'1000 got 5 from 1001',
		'1001 got 6 from 1000',
		'1000 got 7 from 1001',
		'1001 got 8 from 1000',
		'1000 got 9 from 1001',
		'1001 got 10 from 1000',
	];

qemu_test 'sendpage',
	exercise => 'E4',
	points => 3, prog => 'sendpage',
	expect => [
		'child received correct message',
		'child: pageref 2 and writable OK',
		'parent received correct message',
		'parent: same page OK',
	];

# About 290 environments alive at once; every prime up to 1877, in order,
# then the whole pipeline exits.  Each stage's "CPU 0: P " runs on into
# the kernel's line for the next stage, as in JOS: one CPU only (part jos
# runs it on four).
qemu_test 'primes',
	exercise => 'E4',
	points => 5, prog => 'primes', args => '1877', timeout => 120, cpus => 1,
	expect => ['primes: 1877 done',
		qr/^CPU 0: 1877 \[00001120\] new env 00001121$/],
	check => \&check_primes;

# The counter is shared (sfork), the stack is not; thisenv is right in
# both.
qemu_test 'sforkpingpong',
	exercise => 'C1',
	points => 4, prog => 'sforkpingpong', ordered => 1,
	expect => [
		qr/^i am 00001000; thisenv is 0xeec[0-9a-f]{5}$/,
		'send 0 from 1000 to 1001',
		'1001 got 1 from 1000',
		'1000 got 2 from 1001',
		'1001 got 3 from 1000',
		'1000 got 4 from 1001',
		'1001 got 5 from 1000',
		'1000 got 6 from 1001',
		'1001 got 7 from 1000',
		'1000 got 8 from 1001',
		'1001 got 9 from 1000',
		'1000 got 10 from 1001',
	],
	anywhere => [
		qr/^i am 00001001; thisenv is 0xeec[0-9a-f]{5}$/,
		['sforkpingpong: stack private OK', 2],
	];

# sfork()'s sharing holds, both ways, after either side forks again.
qemu_test 'sforkfork',
	exercise => 'C2',
	points => 3, prog => 'sforkfork',
	expect => [
		'sforkfork: child: the shared page is PTE_SHARE OK',
		'sforkfork: parent: the shared page is PTE_SHARE OK',
		'sforkfork: child sees its fork()ed child\'s write OK',
		'sforkfork: parent sees the child\'s write after the child\'s fork() OK',
		'sforkfork: child sees the parent\'s write after the child\'s fork() OK',
		'sforkfork: child sees the parent\'s write after the parent\'s ptfork() OK',
		'sforkfork: parent sees the child\'s write after the parent\'s ptfork() OK',
	];

# PTE bits and pp_ref through fork and the first write on each side.
qemu_test 'cowrefcount',
	exercise => 'E4',
	points => 5, prog => 'cowrefcount', ordered => 1,
	expect => [
		'cowrefcount: parent before fork: P W U, pageref 1 OK',
		'cowrefcount: parent after fork: P U COW, pageref 2 OK',
		'cowrefcount: child after fork: P U COW, pageref 2 OK',
		'cowrefcount: child after its write: P W U, pageref 1 OK',
		'cowrefcount: child sees its own write OK',
		'cowrefcount: parent after the child\'s write: P U COW, pageref 1 OK',
		'cowrefcount: parent does not see the child\'s write OK',
		'cowrefcount: parent after its write: P W U, pageref 1 OK',
		'cowrefcount: pageref 1 shortcut kept the page OK',
	];

# The twins: cowisolation, cowreadonly, cowshare, forkchain, fork24 and
# forkmem run here with the argument fork and in part ptfork with ptfork.

# Data, bss, heap and stack: writes invisible on the other side.
qemu_test 'cowisolation',
	exercise => 'E4',
	points => 5, prog => 'cowisolation', args => 'fork',
	expect => [
		'cowisolation: child sees pre-fork data OK',
		'cowisolation: child sees pre-fork bss OK',
		'cowisolation: child sees pre-fork heap OK',
		'cowisolation: child sees pre-fork stack OK',
		'cowisolation: child sees its own write data OK',
		'cowisolation: child sees its own write bss OK',
		'cowisolation: child sees its own write heap OK',
		'cowisolation: child sees its own write stack OK',
		'cowisolation: parent does not see the child\'s write data OK',
		'cowisolation: parent does not see the child\'s write bss OK',
		'cowisolation: parent does not see the child\'s write heap OK',
		'cowisolation: parent does not see the child\'s write stack OK',
		'cowisolation: parent sees its own write data OK',
		'cowisolation: parent sees its own write bss OK',
		'cowisolation: parent sees its own write heap OK',
		'cowisolation: parent sees its own write stack OK',
		'cowisolation: child does not see the parent\'s write data OK',
		'cowisolation: child does not see the parent\'s write bss OK',
		'cowisolation: child does not see the parent\'s write heap OK',
		'cowisolation: child does not see the parent\'s write stack OK',
	];

# A read-only page is shared read-only (same page, not COW); a write
# faults into the program's own handler.
qemu_test 'cowreadonly',
	exercise => 'E4',
	points => 3, prog => 'cowreadonly', args => 'fork',
	expect => [
		'cowreadonly: parent: PTE P U without W or COW OK',
		'cowreadonly: parent: pageref 2 OK',
		'cowreadonly: parent: text intact OK',
		'cowreadonly: child: PTE P U without W or COW OK',
		'cowreadonly: child: pageref 2 OK',
		'cowreadonly: child: text intact OK',
		'cowreadonly: child: same frame as the parent OK',
		'cowreadonly: child\'s write faulted OK',
		'cowreadonly: child in its handler: PTE still P U OK',
		'cowreadonly: child in its handler: text intact OK',
		'cowreadonly: parent: text unchanged after the child\'s write OK',
		'cowreadonly: parent: PTE still P U OK',
	];

# A PTE_SHARE page: shared and writable, both ways, never copied.
qemu_test 'cowshare',
	exercise => 'E4',
	points => 3, prog => 'cowshare', args => 'fork', ordered => 1,
	expect => [
		'cowshare: parent after fork: P W U SHARE without COW OK',
		'cowshare: parent after fork: pageref 2 OK',
		'cowshare: parent after fork: sees \'from the parent\' OK',
		'cowshare: child after fork: P W U SHARE without COW OK',
		'cowshare: child after fork: pageref 2 OK',
		'cowshare: child after fork: sees \'from the parent\' OK',
		'cowshare: child after its write: P W U SHARE without COW OK',
		'cowshare: child after its write: pageref 2 OK',
		'cowshare: child after its write: sees \'from the child\' OK',
		'cowshare: child after its write: still the parent\'s frame OK',
		'cowshare: parent after the child\'s write: P W U SHARE without COW OK',
		'cowshare: parent after the child\'s write: pageref 2 OK',
		'cowshare: parent after the child\'s write: sees \'from the child\' OK',
		'cowshare: parent after its write: still the same frame OK',
		'cowshare: child after the parent\'s write: P W U SHARE without COW OK',
		'cowshare: child after the parent\'s write: pageref 2 OK',
		'cowshare: child after the parent\'s write: sees \'from the parent again\' OK',
	];

# A shared COW page cannot be made writable by sys_page_map or IPC.
qemu_test 'cowprotect',
	exercise => 'E4',
	points => 3, prog => 'cowprotect',
	expect => [
		'cowprotect: child: page is COW and shared OK',
		'cowprotect: remap writable in place refused OK',
		'cowprotect: map writable elsewhere refused OK',
		'cowprotect: send writable over IPC refused OK',
		'cowprotect: child: its write made a private copy OK',
		'cowprotect: parent: its page is unchanged OK',
	];

# Nine levels, each with its own view of its ancestors' pages.
qemu_test 'forkchain',
	exercise => 'E4',
	points => 4, prog => 'forkchain', args => 'fork',
	expect => [
		'forkchain: level 0 ancestors OK',
		'forkchain: level 1 ancestors OK',
		'forkchain: level 2 ancestors OK',
		'forkchain: level 3 ancestors OK',
		'forkchain: level 4 ancestors OK',
		'forkchain: level 5 ancestors OK',
		'forkchain: level 6 ancestors OK',
		'forkchain: level 7 ancestors OK',
		'forkchain: level 8 ancestors OK',
		'forkchain: level 0 intact after child OK',
		'forkchain: level 1 intact after child OK',
		'forkchain: level 2 intact after child OK',
		'forkchain: level 3 intact after child OK',
		'forkchain: level 4 intact after child OK',
		'forkchain: level 5 intact after child OK',
		'forkchain: level 6 intact after child OK',
		'forkchain: level 7 intact after child OK',
	];

# 24 children writing the same copy-on-write pages.
qemu_test 'fork24',
	exercise => 'E4',
	points => 4, prog => 'fork24', args => 'fork',
	expect => [
		'fork24: child 0 OK',
		'fork24: child 1 OK',
		'fork24: child 2 OK',
		'fork24: child 3 OK',
		'fork24: child 4 OK',
		'fork24: child 5 OK',
		'fork24: child 6 OK',
		'fork24: child 7 OK',
		'fork24: child 8 OK',
		'fork24: child 9 OK',
		'fork24: child 10 OK',
		'fork24: child 11 OK',
		'fork24: child 12 OK',
		'fork24: child 13 OK',
		'fork24: child 14 OK',
		'fork24: child 15 OK',
		'fork24: child 16 OK',
		'fork24: child 17 OK',
		'fork24: child 18 OK',
		'fork24: child 19 OK',
		'fork24: child 20 OK',
		'fork24: child 21 OK',
		'fork24: child 22 OK',
		'fork24: child 23 OK',
		'fork24: parent pages untouched OK',
		'fork24: 24 children OK',
	];

# Physical pages used by fork, by each write, and returned at exit.
qemu_test 'forkmem',
	exercise => 'E4',
	points => 5, prog => 'forkmem', args => 'fork',
	expect => [
		qr/^forkmem: \d+ writable pages \(at least 128\) OK$/,
		qr/^forkmem: fork cost \d+ pages \(at most 8\) OK$/,
		'forkmem: fork added one env OK',
		qr/^forkmem: first write cost [12] pages \(1 or 2\) OK$/,
		'forkmem: 32 more writes cost 32 pages (want 32) OK',
		qr/^forkmem: after exit nfree \d+ \(want \d+\) OK$/,
		'forkmem: after exit nenvs back OK',
	];

# forktree: each name '' .. '111' exactly once.
sub check_forktree {
	my %seen;
	$seen{$_}++ for map { /^[0-9a-f]{4}: I am '([01]{0,3})'$/ ? $1 : () }
		@_;
	my @names = ('', qw(0 1 00 01 10 11 000 001 010 011 100 101 110 111));
	return map { "name '$_' printed " . ($seen{$_} // 0) . " times, " .
		"want once" } grep { ($seen{$_} // 0) != 1 } @names;
}

# primes: the "CPU C: N [STAGE] new env NEXT" lines name exactly the
# primes up to 1877, in order.
sub check_primes {
	my @want = grep { my $n = $_; !grep { $n % $_ == 0 } 2 .. sqrt $n }
		2 .. 1877;
	my @got = map {
		/^CPU \d+: (\d+) \[[0-9a-f]{8}\] new env [0-9a-f]{8}$/ ? $1 : ()
	} @_;
	for my $i (0 .. $#want) {
		next if defined $got[$i] && $got[$i] == $want[$i];
		return sprintf('prime number %d: got %s, want %d', $i + 1,
			$got[$i] // 'nothing', $want[$i]);
	}
	return @got > @want ? ("extra prime line: $got[@want]") : ();
}

# sys_page_private, the copy-on-write handler's one call: a copy for a
# shared page, none for a page held once, refusals that change nothing.
qemu_test 'pageprivate',
	exercise => 'E4',
	points => 2, prog => 'pageprivate',
	expect => [
		'pageprivate: a shared COW page OK',
		'pageprivate: one page for its copy OK',
		'pageprivate: writable, not COW OK',
		'pageprivate: the contents kept OK',
		'pageprivate: the copy is ours alone OK',
		'pageprivate: a COW page held once OK',
		'pageprivate: no page for it OK',
		'pageprivate: made writable in place OK',
		'pageprivate: a writable page: left alone OK',
		'pageprivate: a read-only page that is not copy-on-write OK',
		'pageprivate: its PTE unchanged OK',
		'pageprivate: an unmapped address OK',
		'pageprivate: an unaligned address OK',
		'pageprivate: UTOP OK',
		"pageprivate: the child's page mapped here OK",
		"pageprivate: the child's page still holds the old value OK",
		'pageprivate: done OK',
	];

# sys_pt_map_cow, fork()'s one call per page table: each kind of entry
# mapped fork()'s way, one page for the child's table (none the second
# time), a table shared by ptfork made private first, refusals (bad
# arguments, no memory) that change nothing.
qemu_test 'ptmapcow',
	exercise => 'C2',
	points => 2, prog => 'ptmapcow',
	expect => [
		'ptmapcow: ourselves OK',
		'ptmapcow: no such env OK',
		'ptmapcow: an unaligned start OK',
		'ptmapcow: an unaligned end OK',
		'ptmapcow: an empty range OK',
		'ptmapcow: a range over two regions OK',
		'ptmapcow: a range past UTOP OK',
		'ptmapcow: the exception stack OK',
		'ptmapcow: a region without a page table OK',
		'ptmapcow: our PTE unchanged OK',
		'ptmapcow: its page still ours alone OK',
		'ptmapcow: no page taken OK',
		'ptmapcow: a range that maps nothing OK',
		'ptmapcow: no page: no table for the child OK',
		'ptmapcow: four pages mapped OK',
		"ptmapcow: one page: the child's table OK",
		'ptmapcow: a writable page: COW in us OK',
		'ptmapcow: a COW page: still COW in us OK',
		'ptmapcow: a read-only page: unchanged OK',
		'ptmapcow: a PTE_SHARE page: unchanged OK',
		'ptmapcow: the page outside: unchanged OK',
		'ptmapcow: each of the four mapped twice OK',
		'ptmapcow: the page outside: ours alone OK',
		'ptmapcow: the writable page is not writable in the child OK',
		'ptmapcow: but mapped there OK',
		'ptmapcow: with the same contents OK',
		'ptmapcow: the PTE_SHARE page is writable in the child OK',
		'ptmapcow: the read-only page is read-only in the child OK',
		'ptmapcow: the page outside is not in the child OK',
		'ptmapcow: the rest of the region OK',
		"ptmapcow: no page: the child's table exists OK",
		'ptmapcow: the page left out before: COW now OK',
		'ptmapcow: and mapped twice OK',
		'ptmapcow: a page the child maps already OK',
		'ptmapcow: replaced: still mapped twice OK',
		'ptmapcow: our table shared OK',
		'ptmapcow: a page in the shared table OK',
		"ptmapcow: two pages: our copy of the table, the child's OK",
		'ptmapcow: our table private now OK',
		'ptmapcow: the page COW in us OK',
		'ptmapcow: mapped by three tables OK',
		'ptmapcow: not writable through the shared table either OK',
		"ptmapcow: the child's page OK",
		'ptmapcow: the same contents OK',
		'ptmapcow: all memory taken OK',
		"ptmapcow: no page for the child's table OK",
		'ptmapcow: out of memory: our PTE unchanged OK',
		'ptmapcow: out of memory: the page ours alone OK',
		'ptmapcow: nothing in the child OK',
		'ptmapcow: done OK',
	];
