# Part isolation: a frame that one environment can write is mapped by no
# other environment unless every mapping of it carries PTE_SHARE, whatever
# the page-table sharing of ptfork(), the reference counts and the failed
# calls in between (docs/threat-model.md, The isolation invariant).  A
# mapping that a program makes into another environment on purpose is
# what the invariant does not forbid: it is made as asked, as in JOS,
# leaving the sender's mapping as it was; a program that means shared
# memory says PTE_SHARE itself.  Each program checks itself (inc/check.h;
# the default forbidden lines include FAIL) and must end idle with
# "audit: ok": every page back.

part 'isolation', idle => 1;

# A frame of a ptfork() table pinned at 65,535 references by the child:
# the child's table copy still takes a reference (pp_ref is 32 bits), the
# frame becomes copy-on-write in both tables, and the parent's later write
# copies it instead of showing through the child's aliases.
qemu_test 'isopinned',
	exercise => 'C2',
	points => 3, prog => 'isopinned', timeout => 60,
	expect => [
		'isopinned child: 65534 aliases of X mapped OK',
		"isopinned child: X's pageref with them OK",
		"isopinned child: X's pageref after the child's table copy OK",
		"isopinned child: X copy-on-write in the child's table OK",
		"isopinned: the parent's write to X OK",
		"isopinned: the parent's X is its own copy OK",
		"isopinned child: X after the parent's write OK",
		"isopinned child: aliases showing the parent's write OK",
		"isopinned child: X's pageref after the parent's copy OK",
		'isopinned child: one more alias of X OK',
		"isopinned child: X's pageref past 65,535 OK",
		'isopinned child: done OK',
		'isopinned: done OK',
	];

# A page the root can write, mapped read-only into a fork() child D; the
# root then ptfork()s C and exits: C, the last holder of the table, must
# copy the page when it writes it, and D keeps the old value.
qemu_test 'isolastholder',
	exercise => 'C2',
	points => 2, prog => 'isolastholder',
	expect => [
		'isolastholder: X mapped read-only into D OK',
		'isolastholder: done OK',
		"isolastholder C: C is the last holder of X's table OK",
		"isolastholder C: C's write to X OK",
		"isolastholder C: C's X is a copy OK",
		'isolastholder C: done OK',
		"isolastholder D: X as D sees it after C's write OK",
		"isolastholder D: D's X is D's alone OK",
		'isolastholder D: done OK',
	];

# A PTE_SHARE frame with 65,536 references: a ptfork() table copy keeps
# it shared (the same frame, writable), and each side sees the other's
# writes.
qemu_test 'isosharepinned',
	exercise => 'C2',
	points => 3, prog => 'isosharepinned', timeout => 60,
	expect => [
		'isosharepinned: 65535 aliases of S mapped OK',
		"isosharepinned C: C's table for S's region is its own OK",
		'isosharepinned C: S still writable and shared in C OK',
		"isosharepinned: C's S is the root's frame OK",
		"isosharepinned: the root sees C's write OK",
		"isosharepinned: S's pageref: two tables and the aliases OK",
		"isosharepinned C: C sees the root's write OK",
		'isosharepinned C: C sees it through an alias OK',
		'isosharepinned C: done OK',
		'isosharepinned: done OK',
	];

# A table copy out of memory, at every point in turn: each failed attempt
# leaves the table (with its PTE_W|PTE_COW and other mixed entries, and a
# frame at 65,535 references) bit for bit as it was, in both holders.
# With 0 or 1 free pages the call cannot work (a page and a table copy);
# the lines for the attempts after those depend on the kernel, and only
# have to say OK.
qemu_test 'isofailed_copy',
	exercise => 'C2',
	points => 3, prog => 'isofailed', args => 'copy', timeout => 90,
	expect => [
		'isofailed: all memory taken: result OK',
		"isofailed: all memory taken: parent's view unchanged OK",
		"isofailed child: all memory taken: child's view unchanged OK",
		'isofailed: page in a shared region, free pages 0: result OK',
		"isofailed: page in a shared region, free pages 0: parent's view unchanged OK",
		"isofailed child: page in a shared region, free pages 0: child's view unchanged OK",
		'isofailed: page in a shared region, free pages 1: result OK',
		"isofailed: page in a shared region, free pages 1: parent's view unchanged OK",
		"isofailed child: page in a shared region, free pages 1: child's view unchanged OK",
		'isofailed: the page is mapped once memory is back OK',
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# Check, then act: sys_page_map from an unmapped page of a shared table is
# -E_INVAL, out of memory too, and copies no table.
qemu_test 'isofailed_map',
	exercise => 'C2',
	points => 2, prog => 'isofailed', args => 'map', timeout => 60,
	expect => [
		'isofailed: all memory taken: result OK',
		"isofailed: all memory taken: parent's view unchanged OK",
		"isofailed child: all memory taken: child's view unchanged OK",
		'isofailed: sys_page_map, unmapped source, PTE_W, out of memory: result OK',
		"isofailed: sys_page_map, unmapped source, PTE_W, out of memory: parent's view unchanged OK",
		"isofailed child: sys_page_map, unmapped source, PTE_W, out of memory: child's view unchanged OK",
		'isofailed: sys_page_map, unmapped source, PTE_SHARE, out of memory: result OK',
		"isofailed: sys_page_map, unmapped source, PTE_SHARE, out of memory: parent's view unchanged OK",
		"isofailed child: sys_page_map, unmapped source, PTE_SHARE, out of memory: child's view unchanged OK",
		'isofailed: sys_page_map, unmapped source, PTE_W: result OK',
		"isofailed: sys_page_map, unmapped source, PTE_W: parent's view unchanged OK",
		"isofailed child: sys_page_map, unmapped source, PTE_W: child's view unchanged OK",
		'isofailed: sys_page_map, unmapped source, PTE_SHARE: result OK',
		"isofailed: sys_page_map, unmapped source, PTE_SHARE: parent's view unchanged OK",
		"isofailed child: sys_page_map, unmapped source, PTE_SHARE: child's view unchanged OK",
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# Check, then act: a batch whose last entry is bad (after good ones in two
# shared tables) is -E_INVAL and copies no table, mapping into the child
# or changing the caller's own entries.
qemu_test 'isofailed_batch',
	exercise => 'C2',
	points => 2, prog => 'isofailed', args => 'batch', timeout => 60,
	expect => [
		'isofailed: all memory taken: result OK',
		"isofailed: all memory taken: parent's view unchanged OK",
		"isofailed child: all memory taken: child's view unchanged OK",
		'isofailed: sys_page_map_batch to the child, bad last entry, out of memory: result OK',
		"isofailed: sys_page_map_batch to the child, bad last entry, out of memory: parent's view unchanged OK",
		"isofailed child: sys_page_map_batch to the child, bad last entry, out of memory: child's view unchanged OK",
		'isofailed: sys_page_map_batch to itself, bad last entry, out of memory: result OK',
		"isofailed: sys_page_map_batch to itself, bad last entry, out of memory: parent's view unchanged OK",
		"isofailed child: sys_page_map_batch to itself, bad last entry, out of memory: child's view unchanged OK",
		'isofailed: sys_page_map_batch to the child, bad last entry: result OK',
		"isofailed: sys_page_map_batch to the child, bad last entry: parent's view unchanged OK",
		"isofailed child: sys_page_map_batch to the child, bad last entry: child's view unchanged OK",
		'isofailed: sys_page_map_batch to itself, bad last entry: result OK',
		"isofailed: sys_page_map_batch to itself, bad last entry: parent's view unchanged OK",
		"isofailed child: sys_page_map_batch to itself, bad last entry: child's view unchanged OK",
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# Check, then act: sending a page of a shared table to a child that is not
# receiving is -E_IPC_NOT_RECV and copies no table.
qemu_test 'isofailed_ipc',
	exercise => 'C2',
	points => 2, prog => 'isofailed', args => 'ipc', timeout => 60,
	expect => [
		'isofailed: all memory taken: result OK',
		"isofailed: all memory taken: parent's view unchanged OK",
		"isofailed child: all memory taken: child's view unchanged OK",
		'isofailed: sys_ipc_try_send, PTE_W, not receiving, out of memory: result OK',
		"isofailed: sys_ipc_try_send, PTE_W, not receiving, out of memory: parent's view unchanged OK",
		"isofailed child: sys_ipc_try_send, PTE_W, not receiving, out of memory: child's view unchanged OK",
		'isofailed: sys_ipc_try_send, read-only, not receiving, out of memory: result OK',
		"isofailed: sys_ipc_try_send, read-only, not receiving, out of memory: parent's view unchanged OK",
		"isofailed child: sys_ipc_try_send, read-only, not receiving, out of memory: child's view unchanged OK",
		'isofailed: sys_ipc_try_send, PTE_W, not receiving: result OK',
		"isofailed: sys_ipc_try_send, PTE_W, not receiving: parent's view unchanged OK",
		"isofailed child: sys_ipc_try_send, PTE_W, not receiving: child's view unchanged OK",
		'isofailed: sys_ipc_try_send, read-only, not receiving: result OK',
		"isofailed: sys_ipc_try_send, read-only, not receiving: parent's view unchanged OK",
		"isofailed child: sys_ipc_try_send, read-only, not receiving: child's view unchanged OK",
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# Check, then act: sys_mem_stat into a page that is not logically writable
# (read-only, read-only PTE_SHARE, unmapped) in a shared table is -E_FAULT
# and copies no table.
qemu_test 'isofailed_memstat',
	exercise => 'C2',
	points => 2, prog => 'isofailed', args => 'memstat', timeout => 60,
	expect => [
		'isofailed: all memory taken: result OK',
		"isofailed: all memory taken: parent's view unchanged OK",
		"isofailed child: all memory taken: child's view unchanged OK",
		'isofailed: sys_mem_stat into a read-only page, out of memory: result OK',
		"isofailed: sys_mem_stat into a read-only page, out of memory: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into a read-only page, out of memory: child's view unchanged OK",
		'isofailed: sys_mem_stat into a read-only PTE_SHARE page, out of memory: result OK',
		"isofailed: sys_mem_stat into a read-only PTE_SHARE page, out of memory: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into a read-only PTE_SHARE page, out of memory: child's view unchanged OK",
		'isofailed: sys_mem_stat into an unmapped page, out of memory: result OK',
		"isofailed: sys_mem_stat into an unmapped page, out of memory: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into an unmapped page, out of memory: child's view unchanged OK",
		'isofailed: sys_mem_stat into a read-only page: result OK',
		"isofailed: sys_mem_stat into a read-only page: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into a read-only page: child's view unchanged OK",
		'isofailed: sys_mem_stat into a read-only PTE_SHARE page: result OK',
		"isofailed: sys_mem_stat into a read-only PTE_SHARE page: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into a read-only PTE_SHARE page: child's view unchanged OK",
		'isofailed: sys_mem_stat into an unmapped page: result OK',
		"isofailed: sys_mem_stat into an unmapped page: parent's view unchanged OK",
		"isofailed child: sys_mem_stat into an unmapped page: child's view unchanged OK",
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# sys_mem_stat into a global that fork() made copy-on-write works: the
# kernel copies the page as a write fault would; the child's copy stays.
qemu_test 'isofailed_memstatcow',
	exercise => 'E4',
	points => 2, prog => 'isofailed', args => 'memstatcow',
	expect => [
		'isofailed: sys_mem_stat into a copy-on-write page OK',
		'isofailed: its npages OK',
		"isofailed: the parent's page writable, not copy-on-write OK",
		"isofailed: the parent's page its own OK",
		"isofailed child: the child's copy unchanged OK",
		"isofailed child: the child's page still copy-on-write OK",
		"isofailed child: the child's page its own OK",
		'isofailed child: done OK',
		'isofailed: done OK',
	];

# A read-only grant (sys_page_map, the batch, IPC) of a page the root can
# write is a live view, as in JOS: the root's mapping stays writable and
# its writes show in C.  A grant with PTE_COW is copy-on-write for C.  A
# fork() child F of the root copies the pages it writes; neither the root
# nor C sees its writes.
qemu_test 'isogrant_readonly',
	exercise => 'E4',
	points => 3, prog => 'isogrant', args => 'readonly',
	expect => [
		'isogrant: page 0 mapped read-only into C OK',
		'isogrant: pages 1 and 3 mapped into C by the batch OK',
		'isogrant: page 0 writable in the root OK',
		'isogrant: page 0 shared with C OK',
		"isogrant: page 0 not copied by the root's write OK",
		'isogrant: page 1 writable in the root OK',
		'isogrant: page 1 shared with C OK',
		"isogrant: page 1 not copied by the root's write OK",
		'isogrant: page 2 writable in the root OK',
		'isogrant: page 2 shared with C OK',
		"isogrant: page 2 not copied by the root's write OK",
		'isogrant: page 3 writable in the root OK',
		'isogrant: page 3 shared with C OK',
		"isogrant: page 3 not copied by the root's write OK",
		'isogrant C: page 0 read-only in C OK',
		"isogrant C: page 0 shows the root's write OK",
		'isogrant C: page 1 read-only in C OK',
		"isogrant C: page 1 shows the root's write OK",
		'isogrant C: page 2 read-only in C OK',
		"isogrant C: page 2 shows the root's write OK",
		'isogrant C: page 3 copy-on-write in C OK',
		"isogrant C: page 3 shows the root's write before C's OK",
		"isogrant C: C's write to page 3 OK",
		"isogrant C: C's page 3 its own copy OK",
		"isogrant: the root's page 3 after C's write OK",
		"isogrant: the root's page 3 its own after C's copy OK",
		'isogrant F: page 0 copy-on-write in F OK',
		"isogrant F: F's write to page 0 OK",
		"isogrant F: F's page 0 its own copy OK",
		'isogrant F: page 1 copy-on-write in F OK',
		"isogrant F: F's write to page 1 OK",
		"isogrant F: F's page 1 its own copy OK",
		'isogrant F: page 2 copy-on-write in F OK',
		"isogrant F: F's write to page 2 OK",
		"isogrant F: F's page 2 its own copy OK",
		'isogrant F: done OK',
		"isogrant: the root's page 0 after F's write OK",
		"isogrant: the root's page 1 after F's write OK",
		"isogrant: the root's page 2 after F's write OK",
		"isogrant C: page 0 after F's write OK",
		"isogrant C: page 1 after F's write OK",
		"isogrant C: page 2 after F's write OK",
		'isogrant C: done OK',
		'isogrant: done OK',
	];

# Shared memory, said with PTE_SHARE: pages the root allocates with
# PTE_W|PTE_SHARE and grants to C with PTE_W|PTE_SHARE, over IPC and with
# sys_page_map, are shared by both, and by the children made afterwards:
# the root's fork() child D, C's fork() child G, the root's ptfork()
# child P.
qemu_test 'isogrant_share',
	exercise => 'C2',
	points => 3, prog => 'isogrant', args => 'share',
	expect => [
		'isogrant: page 1 mapped writable and shared into C OK',
		"isogrant: the root's page 0 shared OK",
		"isogrant: the root's page 1 shared OK",
		'isogrant C: page 0 writable and shared in C OK',
		"isogrant C: C sees the root's write OK",
		'isogrant C: page 1 writable and shared in C OK',
		"isogrant C: C sees the root's page 1 OK",
		"isogrant: the root sees C's write OK",
		"isogrant: the root sees C's write to page 1 OK",
		'isogrant: page 0 mapped by root and C OK',
		'isogrant D: page 0 writable and shared in D OK',
		"isogrant D: D sees C's write OK",
		'isogrant D: done OK',
		"isogrant: the root sees D's write OK",
		'isogrant G: page 0 writable and shared in G OK',
		"isogrant G: G sees D's write OK",
		'isogrant G: done OK',
		"isogrant C: C sees G's write OK",
		"isogrant: the root sees G's write OK",
		'isogrant P: page 0 writable and shared in P OK',
		"isogrant P: P sees G's write OK",
		'isogrant P: done OK',
		"isogrant: the root sees P's write OK",
		"isogrant C: C sees P's write OK",
		'isogrant C: done OK',
		'isogrant: done OK',
	];
