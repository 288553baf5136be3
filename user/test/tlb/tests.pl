# Part tlb: TLB consistency with several CPUs (docs/smp.md, TLB
# consistency).  A child spins on page X on one CPU while its parent
# changes the child's mapping of X from another; with no shootdown the
# child's CPU keeps its old TLB entry and the FAIL line shows.  Then
# forkforksmp: forks and copy-on-write faults on four CPUs at once.  Every
# run must end idle with "audit: ok" and every page back.

part 'tlb', idle => 1;

# The parent unmaps the child's page and reuses its frame at once.
qemu_test 'tlbunmap',
	exercise => 'E4',
	points => 3, prog => 'tlbshoot', args => 'unmap', cpus => 2,
	timeout => 90,
	expect => [
		"tlbshoot: unmap: rounds in which the child saw the parent's write OK",
		'tlbshoot: unmap: rounds in which the child faulted on X OK',
		"tlbshoot: unmap: the child's old frame reused, rounds OK",
		'tlbshoot: all pages back OK',
	];

# The unmap goes through the cascade that makes the child's table private.
qemu_test 'tlbptfork',
	exercise => 'C2',
	points => 3, prog => 'tlbshoot', args => 'ptfork', cpus => 2,
	timeout => 90,
	expect => [
		"tlbshoot: ptfork: rounds in which the child saw the parent's write OK",
		'tlbshoot: ptfork: rounds in which the child faulted on X OK',
		"tlbshoot: ptfork: the parent wrote the child's old frame, rounds OK",
		'tlbshoot: all pages back OK',
	];

# The child writes on while the parent makes its page copy-on-write.
qemu_test 'tlbdowngrade',
	exercise => 'E4',
	points => 3, prog => 'tlbshoot', args => 'downgrade', cpus => 2,
	timeout => 90,
	expect => [
		'tlbshoot: downgrade: no write seen after the downgrade, rounds OK',
		'tlbshoot: all pages back OK',
	];

# xv6's forkfork on four CPUs: no page lost, no count wrong.
qemu_test 'forkforksmp',
	exercise => 'E4',
	points => 3, prog => 'forkforksmp', cpus => 4, timeout => 120,
	expect => [
		'forkforksmp: 8 rounds of 4 children OK',
		'forkforksmp: all pages back OK',
	];
