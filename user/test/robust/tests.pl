# Part robust: the adversarial suite (docs/threat-model.md): each program
# attacks the kernel one way and checks it held (inc/check.h).  Every run
# must end idle with "audit: ok".  The fuzzer's graded runs are with it,
# in user/fuzz/.

part 'robust', idle => 1;

# A child pins a frame of a page table it shares with its parent at the
# most references there can be; the parent's next write must not kill it.
qemu_test 'ptpin',
	exercise => 'C2',
	points => 2, prog => 'ptpin', timeout => 60,
	expect => [
		'ptpin: X has 65535 references',
		'ptpin: the parent survived its write OK',
		'ptpin: done OK',
	];

# Buffers straddling a page boundary: sys_mem_stat, sys_page_map_batch.
qemu_test 'straddlecall',
	exercise => 'E2',
	points => 1, prog => 'straddlecall',
	expect => [
		'straddlecall: done OK',
	];

# sys_cputs straddling into unmapped and kernel memory: each child is
# destroyed with the first bad address.
qemu_test 'straddlecputs',
	exercise => 'E4',
	points => 2, prog => 'straddlecputs',
	expect => [
		'user_mem_check assertion failure for va 00a01000',
		'user_mem_check assertion failure for va ef7ffffe',
		'user_mem_check assertion failure for va fffffffe',
		'user_mem_check assertion failure for va f0100000',
		'straddlecputs: just fits OK',
		'straddlecputs: length 0 OK',
		'straddlecputs: done OK',
	];

# The batch's entries must be the ones checked (read once).
qemu_test 'batchtoctou',
	exercise => 'E2',
	points => 2, prog => 'batchtoctou',
	expect => [
		'batchtoctou: done OK',
	];

# 512 entries for one page, all-or-nothing checks, counts past the limit.
qemu_test 'batchedge',
	exercise => 'E2',
	points => 1, prog => 'batchedge',
	expect => [
		'batchedge: done OK',
	];

# One page at 65,535 addresses and more: pp_ref goes past JOS's 16 bits.
qemu_test 'refwrap',
	exercise => 'E4',
	points => 3, prog => 'refwrap', timeout => 60,
	expect => [
		'refwrap: the 65,536th mapping OK',
		'refwrap: pageref 65536 OK',
		'refwrap: a batch into a child OK',
		'refwrap: pageref 65537 OK',
		'refwrap: an IPC page send OK',
		'refwrap: fork() sharing the page OK',
		"refwrap: the fork child's pageref OK",
		'refwrap: pageref after unmapping OK',
		'refwrap: done OK',
	];

# Parent and child map and unmap the same pages at once.
qemu_test 'mapstorm',
	exercise => 'E4',
	points => 2, prog => 'mapstorm',
	expect => [
		'mapstorm: parent OK',
		'mapstorm: child OK',
		'mapstorm: shared page\'s pageref back to 1 OK',
		'mapstorm: copy-on-write page\'s pageref back to 1 OK',
	];

# A page table in every 4 MiB region, freed with its env.
qemu_test 'ptablespread',
	exercise => 'E2',
	points => 1, prog => 'ptablespread',
	expect => [
		qr/^ptablespread: child with 955 page tables destroyed, all pages back OK$/,
		qr/^ptablespread: \d+ aliases unmapped, pageref 1 OK$/,
	];

# Destroying a child blocked in ipc_recv, and one inside its handler.
qemu_test 'killrecv',
	exercise => 'E4',
	points => 1, prog => 'killrecv',
	expect => [
		'killrecv: done OK',
	];

qemu_test 'killmidfault',
	exercise => 'E4',
	points => 1, prog => 'killmidfault',
	expect => [
		'killmidfault: child in its handler at depth 2 OK',
		'killmidfault: done OK',
	];

# Exofork children left behind: they keep their pages, counted as held
# (F0 - F is exactly what they hold), are never freed, and are still
# alive when the system goes idle.
qemu_test 'orphanexo',
	exercise => 'E2',
	points => 2, prog => 'orphanexo', leaves_envs => 1,
	expect => [
		qr/^orphanexo: the children hold \d+ pages$/,
		'idle: env 00001001 not-runnable',
		'idle: env 00001002 not-runnable',
		'idle: env 00001003 not-runnable',
	],
	forbid => [qr/free env 0000100[123]$/],
	check => \&check_orphanexo;

# fork() until envs run out, eager_fork() until memory runs out.
qemu_test 'forkenvs',
	exercise => 'E4',
	points => 2, prog => 'forkenvs', timeout => 60,
	expect => [
		'forkenvs: fork failed with -5 after 1023 children OK',
		'forkenvs: all envs back OK',
		'forkenvs: all pages back OK',
	];

qemu_test 'forkoom',
	exercise => 'E2',
	points => 2, prog => 'forkoom', args => 'fork', timeout => 60,
	expect => [
		qr/^forkoom: fork failed with -4 after \d+ children OK$/,
		'forkoom: all back OK',
	];

# Exception-stack abuse: endless nested faults, no stack, a read-only
# stack, a handler returning to a kernel address.
qemu_test 'faultforever',
	exercise => 'E4',
	points => 1, prog => 'faultforever',
	expect => [
		qr/user_mem_check assertion failure for va eebfe[0-9a-f]{3}$/,
		qr/^faultforever: the child died at depth \d+ OK$/,
	];

# A handler that runs off the bottom of the exception stack is destroyed,
# not restarted at the top for ever.
qemu_test 'xstackoverflow',
	exercise => 'E4',
	points => 1, prog => 'xstackoverflow', timeout => 20,
	expect => [
		qr/user_mem_check assertion failure for va eebfe[0-9a-f]{3}$/,
		qr/^xstackoverflow: the child died in its handler \(runs 1\) OK$/,
	];

qemu_test 'xstackunmap',
	exercise => 'E3',
	points => 1, prog => 'xstackunmap',
	expect => [
		'[00001000] user_mem_check assertion failure for va eebfffcc',
	];

qemu_test 'xstackreadonly',
	exercise => 'E3',
	points => 1, prog => 'xstackreadonly',
	expect => [
		'[00001000] user_mem_check assertion failure for va eebfffcc',
	];

qemu_test 'upcallbadret',
	exercise => 'E3',
	points => 1, prog => 'upcallbadret', ordered => 1,
	expect => [
		'upcallbadret: fault at 00c00000',
		'upcallbadret: fault at eip f0100000, va f0100000 OK',
		'[00001000] user fault va deadbeef ip deadbeef',
	];

# Writes to memory a program may read but not write.
qemu_test 'writetext',
	exercise => 'E1',
	points => 1, prog => 'writetext',
	expect => [
		qr/^writetext: read [0-9a-f]{8} at 00800020 OK$/,
		'[00001000] user fault va 00800020',
		'[user, write, protection]',
	];

qemu_test 'writeuvpt',
	exercise => 'E1',
	points => 1, prog => 'writeuvpt',
	expect => [
		qr/^writeuvpt: read [0-9a-f]{8} at ef402000 OK$/,
		'[00001000] user fault va ef402000',
		'[user, write, protection]',
	];

qemu_test 'writeupages',
	exercise => 'E1',
	points => 1, prog => 'writeupages',
	expect => [
		qr/^writeupages: read [0-9a-f]{8} at ef000000 OK$/,
		'[00001000] user fault va ef000000',
		'[user, write, protection]',
	];

qemu_test 'writeuenvs',
	exercise => 'E1',
	points => 1, prog => 'writeuenvs',
	expect => [
		qr/^writeuenvs: read [0-9a-f]{8} at eec00000 OK$/,
		'[00001000] user fault va eec00000',
		'[user, write, protection]',
	];

# Copy-on-write pages: replaced or unmapped by one side, and never
# writable while shared.
qemu_test 'cowalloc',
	exercise => 'E4',
	points => 1, prog => 'cowalloc',
	expect => [
		'cowalloc: done OK',
	];

qemu_test 'cowshared',
	exercise => 'E4',
	points => 2, prog => 'cowshared',
	expect => [
		'cowshared: done OK',
	];

qemu_test 'ipcwritero',
	exercise => 'E4',
	points => 1, prog => 'ipcwritero',
	expect => [
		'ipcwritero: done OK',
	];

# A receiver woken by its parent: its sys_ipc_recv fails, and no later
# send writes its registers.
qemu_test 'ipcwake',
	exercise => 'E4',
	points => 2, prog => 'ipcwake',
	expect => [
		qr/^ipcwake: sys_ipc_recv after the wake: .* OK$/,
		'ipcwake: receiver\'s registers intact OK',
	];

# A receiver stopped by its parent: a sibling's send is refused and
# changes nothing; woken, the receiver's sys_ipc_recv fails.
qemu_test 'ipcstopped',
	exercise => 'E4',
	points => 2, prog => 'ipcstopped',
	expect => [
		'ipcstopped: stopping the receiver OK',
		'ipcstopped: it no longer receives OK',
		'ipcstopped: sending to the stopped receiver OK',
		'ipcstopped: the receiver stays stopped OK',
		'ipcstopped: it got no value OK',
		'ipcstopped: resuming it OK',
		'ipcstopped: the resumed receiver\'s sys_ipc_recv OK',
		'ipcstopped: no page arrived OK',
		'ipcstopped: no value arrived OK',
		['ipcstopped: done OK', 2],
	];

# Parent and child each keep their own x87 stack and control word, MMX
# and SSE registers while they pass the turn to each other 100 times.
qemu_test 'fpuisolation',
	exercise => 'E4',
	points => 3, prog => 'fpuisolation',
	expect => [
		'fpuisolation: parent: x87 stack and control word kept for 100 turns OK',
		'fpuisolation: child: x87 stack and control word kept for 100 turns OK',
		'fpuisolation: parent: mmx register kept for 100 turns OK',
		'fpuisolation: child: mmx register kept for 100 turns OK',
		'fpuisolation: parent: sse register and mxcsr kept for 100 turns OK',
		'fpuisolation: child: sse register and mxcsr kept for 100 turns OK',
		['fpuisolation: done OK', 2],
	];

# The same on a CPU without FXSR: the kernel saves with FNSAVE, and the
# program skips its SSE round.
qemu_test 'fpuisolation_fnsave',
	exercise => 'E4',
	points => 1, prog => 'fpuisolation',
	qemu => ['-cpu', 'qemu32,-fxsr,-sse,-sse2,-sse3'],
	expect => [
		'fpuisolation: parent: x87 stack and control word kept for 100 turns OK',
		'fpuisolation: child: x87 stack and control word kept for 100 turns OK',
		'fpuisolation: parent: mmx register kept for 100 turns OK',
		'fpuisolation: child: mmx register kept for 100 turns OK',
		['no SSE on this CPU, round skipped', 2],
		['fpuisolation: done OK', 2],
	];

# A child leaves an unmasked x87 exception pending and exits: the
# parent's fwait must not deliver it to the parent.
qemu_test 'fpupending',
	exercise => 'E4',
	points => 2, prog => 'fpupending',
	expect => [
		'fpupending: child: zero divide pending OK',
		'fpupending: the parent passed fwait, no exception OK',
		'fpupending: the parent\'s own st(0) is back OK',
		['fpupending: done OK', 2],
	],
	forbid => ['x87 FPU Floating-Point Error'];

# %fs and %gs are each env's own: the parent's survive the child's turns,
# the child starts with GD_UD | 3 and keeps what it loads later.
qemu_test 'segregs',
	exercise => 'E4',
	points => 2, prog => 'segregs',
	expect => [
		'segregs: parent: %fs and %gs kept for 100 turns OK',
		'segregs: child: %fs and %gs kept for 100 turns OK',
		['segregs: done OK', 2],
	];

# Exofork children started with nothing, or an upcall but no stack.
qemu_test 'exonopages',
	exercise => 'E3',
	points => 1, prog => 'exonopages',
	expect => [
		qr/\] user fault va 008[0-9a-f]{5} ip 008[0-9a-f]{5}$/,
		'user_mem_check assertion failure for va eebfffcc',
		qr/user_mem_check assertion failure for va eebfe[0-9a-f]{3}$/,
		'exonopages: all pages back OK',
		'exonopages: all envs back OK',
	];

# An env that stops itself; the last one leaves the system idle, itself
# still alive.
qemu_test 'selfstop',
	exercise => 'E4',
	points => 1, prog => 'selfstop', ordered => 1, leaves_envs => 1,
	expect => [
		'selfstop: child stopped OK',
		'selfstop: child resumed with 0 OK',
		'selfstop: stopping myself',
		'No runnable environments in the system!',
		'idle: env 00001000 not-runnable',
	];

# Ids: stale, foreign, and numbers that are no system call.
qemu_test 'staleid',
	exercise => 'E2',
	points => 1, prog => 'staleid',
	expect => [
		'staleid: done OK',
	];

qemu_test 'foreignenv',
	exercise => 'E4',
	points => 1, prog => 'foreignenv',
	expect => [
		'foreignenv: child OK',
		'foreignenv: done OK',
	];

qemu_test 'sysnumbers',
	exercise => 'E1',
	points => 1, prog => 'sysnumbers',
	expect => [
		qr/^sysnumbers: \d+ unknown numbers refused OK$/,
	],
	forbid => ['LEAK'];

# The processor's side: a bad %esp, odd eflags, privileged instructions.
qemu_test 'badesp',
	exercise => 'E1',
	points => 1, prog => 'badesp',
	expect => [
		'badesp: done OK',
	];

qemu_test 'eflagsabuse',
	exercise => 'E4',
	points => 1, prog => 'eflagsabuse',
	expect => [
		'eflagsabuse: DF set: this line reads forwards OK',
		'eflagsabuse: DF set: mem_stat OK',
		'eflagsabuse: NT set: getenvid and interrupts OK',
		'trap 0x00000001 Debug',
		'eflagsabuse: done OK',
	];

qemu_test 'privinsn',
	exercise => 'E4',
	points => 1, prog => 'privinsn',
	expect => [
		['trap 0x0000000d General Protection', 9],
		'privinsn: done OK',
	];

# The audit can fail: the auditfail hook (kern/selftest/auditfail.c) makes
# two envs, 00001000 with a writable page at 00800000 and 00001001 with a
# read-only one at 01000000, then plants each kind of damage the audit
# looks for, audits (it must report that finding), undoes it and audits
# clean again; two allowed kinds of sharing must audit clean.  Last the
# envs are freed and every page is back.  128 MiB: the last page is 07fff.
qemu_test 'auditfail',
	exercise => 'E1',
	points => 3, hook => 'auditfail', ordered => 1,
	expect => [
		'auditfail: the scene audits clean',
		'auditfail: planting shared-writable',
		qr/^audit: FAIL frame [0-9a-f]{8}: env 00001000 can write it \(va 00800000\) and env 00001001 maps it too, not every mapping PTE_SHARE$/,
		'auditfail: shared-writable caught',
		qr/^audit: ok /,
		'auditfail: planting all-share',
		qr/^audit: ok /,
		'auditfail: all-share allowed',
		qr/^audit: ok /,
		'auditfail: planting table-shared',
		qr/^audit: ok /,
		'auditfail: table-shared allowed',
		qr/^audit: ok /,
		'auditfail: planting table-writable',
		qr/^audit: FAIL page table [0-9a-f]{8}: shared by 2 PDEs but env 00001000 reaches it for va 00800000 through PDE [0-9a-f]{8}, not read-only PTE_SHARED_PT$/,
		'auditfail: table-writable caught',
		qr/^audit: ok /,
		'auditfail: planting table-refs',
		qr/^audit: FAIL page table [0-9a-f]{8}: pp_ref 2 but 1 PDE\(s\) point at it$/,
		'auditfail: table-refs caught',
		qr/^audit: ok /,
		'auditfail: planting frame-refs',
		qr/^audit: FAIL page [0-9a-f]{5} \(pa [0-9a-f]{8}\): pp_ref 2 but 1 references$/,
		'auditfail: frame-refs caught',
		qr/^audit: ok /,
		'auditfail: planting free-link-lost',
		qr/^audit: FAIL free list: \d+ pages on it, but the free count is \d+$/,
		qr/^audit: FAIL page [0-9a-f]{5} has pp_ref 0 but is not on the free list$/,
		'auditfail: free-link-lost caught',
		qr/^audit: ok /,
		'auditfail: planting free-cycle',
		qr/^audit: FAIL free list: a cycle, page [0-9a-f]{5} comes back after 3 pages$/,
		'auditfail: free-cycle caught',
		qr/^audit: ok /,
		'auditfail: planting free-mapped',
		qr/^audit: FAIL free page [0-9a-f]{5} is mapped by env 00001001 at va 01002000$/,
		'auditfail: free-mapped caught',
		qr/^audit: ok /,
		'auditfail: planting pte-past-npages',
		'audit: FAIL env 00001001: PTE for va 01003000 maps 08000000, past the last page 07fff',
		'auditfail: pte-past-npages caught',
		qr/^audit: ok /,
		'auditfail: planting pde-past-npages',
		'audit: FAIL env 00001001: PDE for va 01800000 points at 08000000, past the last page 07fff',
		'auditfail: pde-past-npages caught',
		qr/^audit: ok /,
		'auditfail: planting kernel-half',
		qr/^audit: FAIL env 00001000: PDE for va f0000000 is [0-9a-f]{8}, kern_pgdir's is [0-9a-f]{8}$/,
		'auditfail: kernel-half caught',
		qr/^audit: ok /,
		'auditfail: planting uvpt',
		qr/^audit: FAIL env 00001000: UVPT entry is [0-9a-f]{8}, not [0-9a-f]{8} \(the directory, present, user, read-only\)$/,
		'auditfail: uvpt caught',
		qr/^audit: ok /,
		'auditfail: planting unlocked',
		'audit: FAIL CPU 0 audits without the kernel lock',
		'auditfail: unlocked caught',
		qr/^audit: ok /,
		'auditfail: planting running-nowhere',
		'audit: FAIL env 00001000 is running but no CPU runs it',
		'auditfail: running-nowhere caught',
		qr/^audit: ok /,
		'auditfail: 13 of 13 caught',
		'auditfail: 2 of 2 allowed',
		'[00000000] free env 00001000',
		'[00000000] free env 00001001',
		qr/^audit: ok \(free pages (\d+) of \1\)$/,
	],
	forbid => ['MISSED', 'FLAGGED', 'NOT UNDONE', 'DIRTY'];

# A parent sets the status of a child running on another CPU, then
# destroys it there: the child stops at its next kernel entry, is freed
# by its own CPU, and that CPU goes on taking interrupts.
qemu_test 'stoprunning',
	exercise => 'E4',
	points => 2, prog => 'stoprunning', cpus => 2, timeout => 90,
	expect => [
		'stoprunning: 20 rounds OK',
		'stoprunning: all pages back OK',
	];

# orphanexo: the final audit's F0 - F equals what the children hold.
sub check_orphanexo {
	my ($held) = map { /the children hold (\d+) pages/ ? $1 : () } @_;
	my ($f, $f0);
	for (@_) {
		($f, $f0) = ($1, $2) if /^audit: ok \(free pages (\d+) of (\d+)\)/;
	}
	return () unless defined $held && defined $f;
	return $f0 - $f == $held ? () :
		("F0 - F is " . ($f0 - $f) . " but the children hold $held");
}

# The kernel's page copies and zeroing borrow %xmm0-%xmm7: an env's
# vector registers survive its own copy-on-write faults, its zeroed page
# allocations, and another env's faults while its state is in the unit.
qemu_test 'ssekeep',
	exercise => 'E4',
	points => 2, prog => 'ssekeep',
	expect => [
		'ssekeep: the kernel copied our pages: %xmm0-%xmm7 kept OK',
		'ssekeep: the kernel zeroed pages for us: %xmm0-%xmm7 kept OK',
		'ssekeep: the kernel copied the child\'s pages: %xmm0-%xmm7 kept OK',
		'ssekeep: done OK',
	],
	forbid => ['FAIL', qr/%xmm\d word \d is/];
