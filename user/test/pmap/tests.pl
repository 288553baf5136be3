# Part pmap: physical memory, reference counts and the kernel page tables
# (kern/pmap.c, docs/memory.md).  The bare kernel runs every boot
# self-check, in this order.

part 'pmap';

# QEMU's default -m 128: 128 MiB is 131072K.
qemu_test 'pmap_checks',
	exercise => 'E1',
	points => 10, ordered => 1,
	expect => [
		qr/Physical memory: 131072K available, base = 640K, extended = \d+K$/,
		'check_page_free_list() succeeded!',
		'check_page_alloc() succeeded!',
		'check_page() succeeded!',
		'check_kern_pgdir() succeeded!',
		'check_page_free_list() succeeded!',
		'check_page_installed_pgdir() succeeded!',
		'K> ',
	];

# Another memory size must be detected too (NVRAM's above-16-MiB count).
qemu_test 'pmap_mem256',
	exercise => 'E1',
	points => 5, qemu => ['-m', '256'], ordered => 1,
	expect => [
		qr/Physical memory: 262144K available, base = 640K, extended = \d+K$/,
		'check_page_free_list() succeeded!',
		'check_page_alloc() succeeded!',
		'check_page() succeeded!',
		'check_kern_pgdir() succeeded!',
		'check_page_free_list() succeeded!',
		'check_page_installed_pgdir() succeeded!',
	];
