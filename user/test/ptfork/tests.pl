# Part ptfork: page tables shared copy-on-write (docs/ptfork.md).
# ptfork() shares whole page tables with the child; the first write in a
# region copies the table, then the page.  Each program checks itself
# (inc/check.h) and must end idle with "audit: ok"; no line may show a
# fault the kernel had to handle itself or a broken exception stack.

part 'ptfork', idle => 1,
	forbid => ['MISMATCH', 'user fault va',
		'user_mem_check assertion failure'];

# The kernel's trace of shared-table copies (QEMU option, or the monitor's
# `pttrace on`).
my @PTTRACE = ('-fw_cfg', 'name=opt/jos/pttrace,string=1');

# PDE and PTE bits and pp_ref through ptfork() and the first write on
# each side: sharing changes no frame's pp_ref, the table copy adds one to
# each frame of the region.
qemu_test 'ptrefcount',
	exercise => 'C2',
	points => 5, prog => 'ptrefcount', ordered => 1,
	expect => [
		'ptrefcount: parent before ptfork: PDE bits OK',
		'ptrefcount: parent before ptfork: table pp_ref 1 OK',
		'ptrefcount: parent before ptfork: PTE bits OK',
		'ptrefcount: parent before ptfork: pageref 1 OK',
		'ptrefcount: parent before ptfork: other page writable OK',
		'ptrefcount: parent after ptfork: PDE bits OK',
		'ptrefcount: parent after ptfork: table pp_ref 2 OK',
		'ptrefcount: parent after ptfork: PTE bits OK',
		'ptrefcount: parent after ptfork: pageref 1 OK',
		'ptrefcount: child after ptfork: PDE bits OK',
		'ptrefcount: child after ptfork: table pp_ref 2 OK',
		'ptrefcount: child after ptfork: PTE bits OK',
		'ptrefcount: child after ptfork: pageref 1 OK',
		'ptrefcount: child after ptfork: same table as the parent OK',
		'ptrefcount: child after its write: PDE bits OK',
		'ptrefcount: child after its write: table pp_ref 1 OK',
		'ptrefcount: child after its write: PTE bits OK',
		'ptrefcount: child after its write: pageref 1 OK',
		'ptrefcount: child after its write: a table of its own OK',
		'ptrefcount: child after its write: a frame of its own OK',
		'ptrefcount: child after its write: other page P U COW OK',
		'ptrefcount: child after its write: other page pageref 2 OK',
		'ptrefcount: child sees its own write OK',
		'ptrefcount: parent after the child\'s write: PDE bits OK',
		'ptrefcount: parent after the child\'s write: table pp_ref 1 OK',
		'ptrefcount: parent after the child\'s write: PTE bits OK',
		'ptrefcount: parent after the child\'s write: pageref 1 OK',
		'ptrefcount: parent after the child\'s write: every other frame pageref 2 OK',
		'ptrefcount: parent after the child\'s write: no writable PTE in the region OK',
		'ptrefcount: parent does not see the child\'s write OK',
		'ptrefcount: parent after its write: PDE bits OK',
		'ptrefcount: parent after its write: table pp_ref 1 OK',
		'ptrefcount: parent after its write: PTE bits OK',
		'ptrefcount: parent after its write: pageref 1 OK',
		'ptrefcount: parent after its write: the same table OK',
		'ptrefcount: parent after its write: the same frame OK',
	];

# The twins of part fork (user/test/fork/), run with the argument ptfork,
# and forkoom's (user/test/robust/).

# Data, bss, heap and stack: writes invisible on the other side.
qemu_test 'ptcowisolation',
	exercise => 'C2',
	points => 3, prog => 'cowisolation', args => 'ptfork',
	expect => [
		'ptcowisolation: child sees pre-fork data OK',
		'ptcowisolation: child sees pre-fork bss OK',
		'ptcowisolation: child sees pre-fork heap OK',
		'ptcowisolation: child sees pre-fork stack OK',
		'ptcowisolation: child sees its own write data OK',
		'ptcowisolation: child sees its own write bss OK',
		'ptcowisolation: child sees its own write heap OK',
		'ptcowisolation: child sees its own write stack OK',
		'ptcowisolation: parent does not see the child\'s write data OK',
		'ptcowisolation: parent does not see the child\'s write bss OK',
		'ptcowisolation: parent does not see the child\'s write heap OK',
		'ptcowisolation: parent does not see the child\'s write stack OK',
		'ptcowisolation: parent sees its own write data OK',
		'ptcowisolation: parent sees its own write bss OK',
		'ptcowisolation: parent sees its own write heap OK',
		'ptcowisolation: parent sees its own write stack OK',
		'ptcowisolation: child does not see the parent\'s write data OK',
		'ptcowisolation: child does not see the parent\'s write bss OK',
		'ptcowisolation: child does not see the parent\'s write heap OK',
		'ptcowisolation: child does not see the parent\'s write stack OK',
	];

# A read-only page in a shared table: one frame, pageref 1; the child's
# write copies the table (pageref 2) and still faults.
qemu_test 'ptcowreadonly',
	exercise => 'C2',
	points => 3, prog => 'cowreadonly', args => 'ptfork',
	expect => [
		'ptcowreadonly: parent: PDE P U SHARED_PT without W OK',
		'ptcowreadonly: parent: PTE P U without W or COW OK',
		'ptcowreadonly: parent: pageref 1 OK',
		'ptcowreadonly: parent: text intact OK',
		'ptcowreadonly: child: PDE P U SHARED_PT without W OK',
		'ptcowreadonly: child: PTE P U without W or COW OK',
		'ptcowreadonly: child: pageref 1 OK',
		'ptcowreadonly: child: text intact OK',
		'ptcowreadonly: child: same frame as the parent OK',
		'ptcowreadonly: child\'s write faulted OK',
		'ptcowreadonly: child in its handler: PTE still P U OK',
		'ptcowreadonly: child in its handler: PDE private P W U OK',
		'ptcowreadonly: child in its handler: pageref 2 (two tables) OK',
		'ptcowreadonly: child in its handler: text intact OK',
		'ptcowreadonly: parent: text unchanged after the child\'s write OK',
		'ptcowreadonly: parent: PTE still P U OK',
	];

# A PTE_SHARE page survives the table copy writable and shared.
qemu_test 'ptcowshare',
	exercise => 'C2',
	points => 3, prog => 'cowshare', args => 'ptfork', ordered => 1,
	expect => [
		'ptcowshare: parent after ptfork: P W U SHARE without COW OK',
		'ptcowshare: parent after ptfork: pageref 1 OK',
		'ptcowshare: parent after ptfork: sees \'from the parent\' OK',
		'ptcowshare: child after ptfork: P W U SHARE without COW OK',
		'ptcowshare: child after ptfork: pageref 1 OK',
		'ptcowshare: child after ptfork: sees \'from the parent\' OK',
		'ptcowshare: child after ptfork: PDE shared OK',
		'ptcowshare: child after its write: P W U SHARE without COW OK',
		'ptcowshare: child after its write: pageref 2 OK',
		'ptcowshare: child after its write: sees \'from the child\' OK',
		'ptcowshare: child after its write: PDE private OK',
		'ptcowshare: child after its write: still the parent\'s frame OK',
		'ptcowshare: parent after the child\'s write: P W U SHARE without COW OK',
		'ptcowshare: parent after the child\'s write: pageref 2 OK',
		'ptcowshare: parent after the child\'s write: sees \'from the child\' OK',
		'ptcowshare: parent after its write: PDE private OK',
		'ptcowshare: parent after its write: still the same frame OK',
		'ptcowshare: child after the parent\'s write: P W U SHARE without COW OK',
		'ptcowshare: child after the parent\'s write: pageref 2 OK',
		'ptcowshare: child after the parent\'s write: sees \'from the parent again\' OK',
	];

# Nine levels sharing tables several times over.
qemu_test 'ptforkchain',
	exercise => 'C2',
	points => 3, prog => 'forkchain', args => 'ptfork',
	expect => [
		'ptforkchain: level 0 ancestors OK',
		'ptforkchain: level 1 ancestors OK',
		'ptforkchain: level 2 ancestors OK',
		'ptforkchain: level 3 ancestors OK',
		'ptforkchain: level 4 ancestors OK',
		'ptforkchain: level 5 ancestors OK',
		'ptforkchain: level 6 ancestors OK',
		'ptforkchain: level 7 ancestors OK',
		'ptforkchain: level 8 ancestors OK',
		'ptforkchain: level 0 intact after child OK',
		'ptforkchain: level 1 intact after child OK',
		'ptforkchain: level 2 intact after child OK',
		'ptforkchain: level 3 intact after child OK',
		'ptforkchain: level 4 intact after child OK',
		'ptforkchain: level 5 intact after child OK',
		'ptforkchain: level 6 intact after child OK',
		'ptforkchain: level 7 intact after child OK',
	];

# 24 children, one parent, the same pages.
qemu_test 'ptfork24',
	exercise => 'C2',
	points => 3, prog => 'fork24', args => 'ptfork',
	expect => [
		'ptfork24: child 0 OK',
		'ptfork24: child 1 OK',
		'ptfork24: child 2 OK',
		'ptfork24: child 3 OK',
		'ptfork24: child 4 OK',
		'ptfork24: child 5 OK',
		'ptfork24: child 6 OK',
		'ptfork24: child 7 OK',
		'ptfork24: child 8 OK',
		'ptfork24: child 9 OK',
		'ptfork24: child 10 OK',
		'ptfork24: child 11 OK',
		'ptfork24: child 12 OK',
		'ptfork24: child 13 OK',
		'ptfork24: child 14 OK',
		'ptfork24: child 15 OK',
		'ptfork24: child 16 OK',
		'ptfork24: child 17 OK',
		'ptfork24: child 18 OK',
		'ptfork24: child 19 OK',
		'ptfork24: child 20 OK',
		'ptfork24: child 21 OK',
		'ptfork24: child 22 OK',
		'ptfork24: child 23 OK',
		'ptfork24: parent pages untouched OK',
		'ptfork24: 24 children OK',
	];

# Pages used by ptfork() (the same with 8 times more memory), by the
# first write (table and page), by later writes, returned at exit.
qemu_test 'ptforkmem',
	exercise => 'C2',
	points => 4, prog => 'forkmem', args => 'ptfork', ordered => 1,
	expect => [
		qr/^ptforkmem: \d+ writable pages \(at least 128\) OK$/,
		qr/^ptforkmem: ptfork of 128 pages cost [0-6] pages OK$/,
		qr/^ptforkmem: ptfork of 1152 pages cost [0-6] pages OK$/,
		qr/^ptforkmem: ptfork cost [0-6] pages \(at most 6\) OK$/,
		'ptforkmem: ptfork added one env OK',
		qr/^ptforkmem: first write cost [23] pages \(2 or 3\) OK$/,
		'ptforkmem: 32 more writes cost 32 pages (want 32) OK',
		qr/^ptforkmem: after exit nfree \d+ \(want \d+\) OK$/,
		'ptforkmem: after exit nenvs back OK',
	];

# One table and one page per region on the first write, with the
# kernel's trace of the cascade: three copies by the child, then three
# last-holder upgrades by the parent.
qemu_test 'ptregion',
	exercise => 'C2',
	points => 5, prog => 'ptregion', qemu => [@PTTRACE],
	expect => [
		'ptregion: child: first write in region 00800000 cost 2 pages OK',
		'ptregion: child: region 00800000 private OK',
		'ptregion: child: second write in region 00800000 cost 1 page OK',
		'ptregion: parent: write in region 00800000 as the last holder cost 0 pages OK',
		'ptregion: parent: region 00800000 private OK',
		'ptregion: parent: region 00800000 page 0 holds the parent\'s data OK',
		qr/^\[00001001\] table for 00800000 copied \(\d+ entries\)$/,
		'[00001000] table for 00800000 made writable (last holder)',
		'ptregion: child: first write in region 10000000 cost 2 pages OK',
		'ptregion: child: region 10000000 private OK',
		'ptregion: child: second write in region 10000000 cost 1 page OK',
		'ptregion: parent: write in region 10000000 as the last holder cost 0 pages OK',
		'ptregion: parent: region 10000000 private OK',
		'ptregion: parent: region 10000000 page 0 holds the parent\'s data OK',
		qr/^\[00001001\] table for 10000000 copied \(\d+ entries\)$/,
		'[00001000] table for 10000000 made writable (last holder)',
		'ptregion: child: first write in region 20000000 cost 2 pages OK',
		'ptregion: child: region 20000000 private OK',
		'ptregion: child: second write in region 20000000 cost 1 page OK',
		'ptregion: parent: write in region 20000000 as the last holder cost 0 pages OK',
		'ptregion: parent: region 20000000 private OK',
		'ptregion: parent: region 20000000 page 0 holds the parent\'s data OK',
		qr/^\[00001001\] table for 20000000 copied \(\d+ entries\)$/,
		'[00001000] table for 20000000 made writable (last holder)',
		'ptregion: child: other regions still shared (0 left) OK',
		'ptregion: child: other regions still shared (1 left) OK',
		'ptregion: child: other regions still shared (2 left) OK',
	],
	forbid => [qr/^\[00001000\] table for .* copied/];

# Reading every page of every shared region, on both sides, allocates
# nothing and leaves every table shared.
qemu_test 'ptreads',
	exercise => 'C2',
	points => 3, prog => 'ptreads',
	expect => [
		'ptreads: child: heap 1 holds the parent\'s words OK',
		'ptreads: child: heap 2 holds the parent\'s words OK',
		'ptreads: child: 3 shared regions OK',
		'ptreads: child: reads cost 0 pages OK',
		'ptreads: child: still 3 shared regions OK',
		'ptreads: child: every table still shared by 2 OK',
		qr/^ptreads: child: read \d+ pages, at least 18 OK$/,
		'ptreads: parent: heap 1 holds the parent\'s words OK',
		'ptreads: parent: heap 2 holds the parent\'s words OK',
		'ptreads: parent: 3 shared regions OK',
		'ptreads: parent: reads cost 0 pages OK',
		'ptreads: parent: still 3 shared regions OK',
		'ptreads: parent: every table still shared by 2 OK',
		qr/^ptreads: parent: read \d+ pages, at least 18 OK$/,
	];

# One table shared by nine environments, then the cascade as the chain
# unwinds: eight copies, deepest first, then the last holder's upgrade.
# Nothing touches the program's region after the first ptfork(), so no
# table there is ever copied.
qemu_test 'ptchain',
	exercise => 'C2',
	points => 5, prog => 'ptchain', qemu => [@PTTRACE], ordered => 1,
	expect => [
		'ptchain: level 0: heap table shared by 1 OK',
		'ptchain: level 0: program table shared by 1 OK',
		'ptchain: level 1: heap table shared by 2 OK',
		'ptchain: level 1: program table shared by 2 OK',
		'ptchain: level 2: heap table shared by 3 OK',
		'ptchain: level 2: program table shared by 3 OK',
		'ptchain: level 3: heap table shared by 4 OK',
		'ptchain: level 3: program table shared by 4 OK',
		'ptchain: level 4: heap table shared by 5 OK',
		'ptchain: level 4: program table shared by 5 OK',
		'ptchain: level 5: heap table shared by 6 OK',
		'ptchain: level 5: program table shared by 6 OK',
		'ptchain: level 6: heap table shared by 7 OK',
		'ptchain: level 6: program table shared by 7 OK',
		'ptchain: level 7: heap table shared by 8 OK',
		'ptchain: level 7: program table shared by 8 OK',
		'ptchain: level 8: heap table shared by 9 OK',
		'ptchain: level 8: program table shared by 9 OK',
		'[00001008] table for 10000000 copied (1 entries)',
		'ptchain: level 8: write cost 2 pages (table and page) OK',
		'ptchain: level 8: reads its own write OK',
		'[00001007] table for 10000000 copied (1 entries)',
		'ptchain: level 7: write cost 2 pages (table and page) OK',
		'ptchain: level 7: reads its own write OK',
		'[00001006] table for 10000000 copied (1 entries)',
		'ptchain: level 6: write cost 2 pages (table and page) OK',
		'ptchain: level 6: reads its own write OK',
		'[00001005] table for 10000000 copied (1 entries)',
		'ptchain: level 5: write cost 2 pages (table and page) OK',
		'ptchain: level 5: reads its own write OK',
		'[00001004] table for 10000000 copied (1 entries)',
		'ptchain: level 4: write cost 2 pages (table and page) OK',
		'ptchain: level 4: reads its own write OK',
		'[00001003] table for 10000000 copied (1 entries)',
		'ptchain: level 3: write cost 2 pages (table and page) OK',
		'ptchain: level 3: reads its own write OK',
		'[00001002] table for 10000000 copied (1 entries)',
		'ptchain: level 2: write cost 2 pages (table and page) OK',
		'ptchain: level 2: reads its own write OK',
		'[00001001] table for 10000000 copied (1 entries)',
		'ptchain: level 1: write cost 2 pages (table and page) OK',
		'ptchain: level 1: reads its own write OK',
		'[00001000] table for 10000000 made writable (last holder)',
		'ptchain: level 0: write cost 0 pages (last holder) OK',
		'ptchain: level 0: reads its own write OK',
	],
	forbid => [qr/table for 00800000/],
	anywhere => [
		'ptchain: level 0: heap page untouched OK',
		'ptchain: level 0: descendants\' writes invisible OK',
		'ptchain: level 1: heap page untouched OK',
		'ptchain: level 1: descendants\' writes invisible OK',
		'ptchain: level 2: heap page untouched OK',
		'ptchain: level 2: descendants\' writes invisible OK',
		'ptchain: level 3: heap page untouched OK',
		'ptchain: level 3: descendants\' writes invisible OK',
		'ptchain: level 4: heap page untouched OK',
		'ptchain: level 4: descendants\' writes invisible OK',
		'ptchain: level 5: heap page untouched OK',
		'ptchain: level 5: descendants\' writes invisible OK',
		'ptchain: level 6: heap page untouched OK',
		'ptchain: level 6: descendants\' writes invisible OK',
		'ptchain: level 7: heap page untouched OK',
		'ptchain: level 7: descendants\' writes invisible OK',
		'ptchain: level 8: heap page untouched OK',
		'ptchain: level 8: descendants\' writes invisible OK',
	];

# A table shared by three; each writes in turn; the last holder's writes
# copy nothing, the table or the page.
qemu_test 'ptthree',
	exercise => 'C2',
	points => 5, prog => 'ptthree',
	expect => [
		'ptthree: parent: region 10000000 table shared by 3 OK',
		'ptthree: parent: region 20000000 table shared by 3 OK',
		'ptthree: A: table shared by 3 before its write OK',
		'ptthree: B: table shared by 2 before its write OK',
		'ptthree: A: sees the pre-fork value OK',
		'ptthree: A: write cost 2 pages (table and page) OK',
		'ptthree: A: its table is private OK',
		'ptthree: A: region 20000000 still shared OK',
		'ptthree: A: sees its own value after the others wrote OK',
		'ptthree: A: sees the pre-fork value in region 20000000 OK',
		'ptthree: B: sees the pre-fork value OK',
		'ptthree: B: write cost 2 pages (table and page) OK',
		'ptthree: B: its table is private OK',
		'ptthree: B: region 20000000 still shared OK',
		'ptthree: B: sees its own value after the others wrote OK',
		'ptthree: B: sees the pre-fork value in region 20000000 OK',
		'ptthree: parent: does not see A\'s write OK',
		'ptthree: parent: does not see B\'s write OK',
		'ptthree: parent: last holder of the old table OK',
		'ptthree: parent: its PDE still shared and read-only OK',
		'ptthree: parent: write as the last holder cost 0 pages OK',
		'ptthree: parent: its PDE is writable again OK',
		'ptthree: parent: sees its own value OK',
		'ptthree: parent: region 20000000: last holder OK',
		'ptthree: parent: region 20000000: PTE still P W U, never copied OK',
		'ptthree: parent: region 20000000: write cost 0 pages OK',
		'ptthree: parent: region 20000000: PDE writable again OK',
		'ptthree: parent: region 20000000: same frame, PTE still P W U OK',
		'ptthree: parent: region 20000000: reads its write OK',
	];

# Teardown in every order; each run must end with a clean audit.

qemu_test 'ptteardown_child',
	exercise => 'C2',
	points => 2, prog => 'ptteardown', args => 'child',
	expect => [
		'ptteardown child: nfree back after the child\'s exit OK',
		'ptteardown child: table pp_ref 1 (last holder) OK',
		'ptteardown child: heap words intact OK',
		'ptteardown child: write as the last holder cost 0 pages OK',
		'ptteardown child: PDE writable again OK',
	];

qemu_test 'ptteardown_parent',
	exercise => 'C2',
	points => 2, prog => 'ptteardown', args => 'parent',
	expect => [
		'ptteardown parent: PTE never copied: P W U OK',
		'ptteardown parent: table pp_ref 1 (last holder) OK',
		'ptteardown parent: heap words intact OK',
		'ptteardown parent: write as the last holder cost 0 pages OK',
		'ptteardown parent: PDE writable again OK',
	];

qemu_test 'ptteardown_destroy',
	exercise => 'C2',
	points => 2, prog => 'ptteardown', args => 'destroy',
	expect => [
		'ptteardown destroy: table shared by 2 before the destroy OK',
		'ptteardown destroy: sys_env_destroy of the sharing child OK',
		'ptteardown destroy: nfree back after the destroy OK',
		'ptteardown destroy: table pp_ref 1 (last holder) OK',
		'ptteardown destroy: heap words intact OK',
		'ptteardown destroy: write as the last holder cost 0 pages OK',
		'ptteardown destroy: PDE writable again OK',
	];

qemu_test 'ptteardown_middle',
	exercise => 'C2',
	points => 2, prog => 'ptteardown', args => 'middle',
	expect => [
		'ptteardown middle: table shared by 3 in the chain OK',
		'ptteardown middle: table shared by 2 once the middle is gone OK',
		'ptteardown middle: table pp_ref 1 (last holder) OK',
		'ptteardown middle: heap words intact OK',
		'ptteardown middle: write as the last holder cost 0 pages OK',
		'ptteardown middle: PDE writable again OK',
	];

qemu_test 'ptteardown_copied',
	exercise => 'C2',
	points => 2, prog => 'ptteardown', args => 'copied',
	expect => [
		'ptteardown copied: table private after the write OK',
		'ptteardown copied: pages it shared: P U COW, pageref 1 OK',
		'ptteardown copied: heap words intact OK',
		'ptteardown copied: write to a page it shared cost 0 pages OK',
	];

# A page received over IPC into a shared region lands in the receiver's
# own copy of the table.
qemu_test 'ptipc',
	exercise => 'C2',
	points => 3, prog => 'ptipc', qemu => [@PTTRACE],
	expect => [
		'[00001001] table for 10000000 copied (1 entries)',
		'ptipc: child: region shared before the receive OK',
		'ptipc: child: received from the parent OK',
		'ptipc: child: received the parent\'s text OK',
		'ptipc: child: received page P W U OK',
		'ptipc: child: received perm OK',
		'ptipc: child: received page pageref 2 OK',
		'ptipc: child: region private after the receive OK',
		'ptipc: child: HEAP P U COW in its copy of the table OK',
		'ptipc: child: HEAP pageref 2 OK',
		'ptipc: child: HEAP still the parent\'s text OK',
		'ptipc: parent: nothing at the child\'s RECV_VA OK',
		'ptipc: parent: PDE still shared and read-only OK',
		'ptipc: parent: last holder of the old table OK',
		'ptipc: parent: HEAP pageref 2 OK',
	];

# sys_mem_stat writing into a shared region.
qemu_test 'ptmemstat',
	exercise => 'C2',
	points => 3, prog => 'ptmemstat',
	expect => [
		'ptmemstat: child: region shared before the call OK',
		'ptmemstat: child: sys_mem_stat into the shared region OK',
		'ptmemstat: child: region private after the call OK',
		'ptmemstat: child saw 2 environments OK',
		'ptmemstat: parent sees the child\'s figures in the shared page OK',
		'ptmemstat: parent sees a page count OK',
		'ptmemstat: ptfork child: program region private after the call OK',
		'ptmemstat: COW page: ptfork child\'s result the same as fork child\'s OK',
		'ptmemstat: last holder: region still marked shared OK',
		'ptmemstat: last holder: sys_mem_stat into the region OK',
		'ptmemstat: last holder: it cost 0 pages OK',
		'ptmemstat: last holder: the figures are there OK',
		'ptmemstat: last holder: PDE writable again OK',
	];

# The system call's refusals and effects, and kernel-side changes to a
# table shared into another environment.
qemu_test 'ptsharecall',
	exercise => 'C2',
	points => 3, prog => 'ptsharecall',
	expect => [
		[qr/^ptsharecall: .* OK$/, 32],
		'ptsharecall: to a grandchild: -E_BAD_ENV OK',
		'ptsharecall: child to its parent: -E_BAD_ENV OK',
		'ptsharecall: table pp_ref back to 1 OK',
	];

# fork() and sfork() by an environment whose tables are shared, and
# ptfork() inside a fork() child: each keeps its own semantics.
qemu_test 'ptmixed',
	exercise => 'C2',
	points => 3, prog => 'ptmixed',
	expect => [
		'ptmixed: sfork child\'s data write visible OK',
		'ptmixed: sfork child\'s heap write visible OK',
		'ptmixed: fork child\'s data write invisible OK',
		'ptmixed: fork child\'s heap write invisible OK',
		'ptmixed: fork child: grandchild\'s data write invisible OK',
		'ptmixed: fork child: grandchild\'s heap write invisible OK',
		'ptmixed: first ptfork child: its values untouched OK',
	];

# ptfork() out of memory before and after handing over the shared
# tables: -E_NO_MEM, nothing left behind.
qemu_test 'ptforkoom',
	exercise => 'C2',
	points => 3, prog => 'forkoom', args => 'ptfork',
	expect => [
		'ptforkoom: 0 pages free: ptfork returned -E_NO_MEM OK',
		'ptforkoom: 0 pages free: nfree back OK',
		'ptforkoom: 0 pages free: nenvs back OK',
		'ptforkoom: 0 pages free: every table pp_ref 1 OK',
		'ptforkoom: 1 pages free: ptfork returned -E_NO_MEM OK',
		'ptforkoom: 1 pages free: nfree back OK',
		'ptforkoom: 1 pages free: nenvs back OK',
		'ptforkoom: 1 pages free: every table pp_ref 1 OK',
		'ptforkoom: destroy the hog OK',
		'ptforkoom: nfree back to the start OK',
	];

# The kernel's fault-frame push into a (last holder's) shared table.
qemu_test 'ptupcall',
	exercise => 'E3',
	points => 2, prog => 'ptupcall', qemu => [@PTTRACE], ordered => 1,
	expect => [
		'ptupcall: sys_pt_share of the stack region refused OK',
		'ptupcall: sys_env_destroy of the child OK',
		'ptupcall: one fault, at FAULT_VA OK',
		'ptupcall: the read returned the new page\'s 0 OK',
		'ptupcall: in the handler: stack region PDE private and writable OK',
		'ptupcall: stack region table pp_ref 1 OK',
	],
	forbid => [qr/table for ee800000/];
