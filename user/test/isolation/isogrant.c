/*
 * isogrant MODE: what a mapping into another environment grants.  From a
 * page the sender can write, a read-only mapping (with or without PTE_COW)
 * is a snapshot and a mapping with PTE_W or PTE_SHARE is shared memory:
 *
 *   snapshot  The root maps three pages it may write into its fork()
 *             child C read-only: with sys_page_map, with
 *             sys_page_map_batch (read-only and PTE_COW) and over IPC.
 *             Each is a snapshot: the root's own mapping becomes
 *             copy-on-write too, so its later writes copy the page and C
 *             keeps reading the values of the moment of the mapping; C's
 *             own write to its copy-on-write page is not seen by the root.
 *   share     The root sends a page with PTE_W over IPC and maps another
 *             with sys_page_map and PTE_W: shared memory, so both sides'
 *             mappings carry PTE_SHARE and each sees the other's writes.
 *             A child the root fork()s afterwards shares the page too, and
 *             so does a grandchild C fork()s.
 *
 * Lines: "isogrant[ ENV]: STEP OK" or "... FAIL: ...", and each
 * environment's "done" line (see docs/testing.md).
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE(i) ((volatile uint32_t *)(0x10000000 + PGSIZE * (i)))
#define BEFORE 0x11111111
#define AFTER 0x22222222
#define FROM_C 0x33333333

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define BITS (PTE_W | PTE_COW | PTE_SHARE)

/* Allocate PAGE(i), writable, holding value.  Panics on failure. */
static void
page_new(int i, uint32_t value)
{
	int r;

	if ((r = sys_page_alloc(0, (void *)PAGE(i), RW)) < 0)
		panic("sys_page_alloc: %e", r);
	*PAGE(i) = value;
}

/* Check the PTE_W, PTE_COW and PTE_SHARE bits of PAGE(i). */
static void
check_bits(int i, uint32_t want, const char *what)
{
	check_hex(uvpt[PGNUM(PAGE(i))] & BITS, want, "%s", what);
}

/* snapshot, in C: the root's three pages, then its writes. */
static void
snapshot_child(envid_t root)
{
	int i;

	check_name("isogrant C");
	ipc_recv(NULL, (void *)PAGE(2), NULL);
	ipc_recv(NULL, NULL, NULL); /* the root has written all three */
	for (i = 0; i < 3; i++) {
		check_hex(*PAGE(i), BEFORE, "page %d after the root's write",
			  i);
		check_int(pageref((void *)PAGE(i)), 1, "page %d is C's alone",
			  i);
	}
	check_bits(1, PTE_COW, "page 1 copy-on-write in C");
	*PAGE(1) = FROM_C;
	ipc_send(root, 0, NULL, 0);
	check_done();
}

/* snapshot, in the root. */
static void
snapshot(void)
{
	struct PageMapEntry ent = { (uintptr_t)PAGE(1), RO | PTE_COW };
	envid_t c;
	int i;

	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		snapshot_child(thisenv->env_parent_id);
		return;
	}
	for (i = 0; i < 3; i++)
		page_new(i, BEFORE);
	check_int(sys_page_map(0, (void *)PAGE(0), c, (void *)PAGE(0), RO), 0,
		  "page 0 mapped read-only into C");
	check_int(sys_page_map_batch(0, c, &ent, 1), 0,
		  "page 1 mapped copy-on-write into C by the batch");
	ipc_send(c, 0, (void *)PAGE(2), RO);
	for (i = 0; i < 3; i++) {
		check_hex(uvpt[PGNUM(PAGE(i))] & BITS, PTE_COW,
			  "page %d copy-on-write in the root", i);
		check_int(pageref((void *)PAGE(i)), 2, "page %d shared with C",
			  i);
		*PAGE(i) = AFTER;
		check_int(pageref((void *)PAGE(i)), 1,
			  "page %d copied by the root's write", i);
	}
	ipc_send(c, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* C has written page 1 */
	check_hex(*PAGE(1), AFTER, "the root's page 1 after C's write");
	wait_env_exit(c);
	check_done();
}

/*
 * share: word w of page 0 is written by one environment each: 0 the
 * root, 1 C, 2 the root's second child D, 3 C's child G.  Each first
 * checks that its mapping is writable and shared (what names it).
 */
static void
share_write(int w, uint32_t value, const char *what)
{
	check_bits(0, PTE_W | PTE_SHARE, what);
	PAGE(0)[w] = value;
}

/* share, in C (and its child G). */
static void
share_child(envid_t root)
{
	envid_t g;

	check_name("isogrant C");
	ipc_recv(NULL, (void *)PAGE(0), NULL);
	share_write(1, 0xC, "page 0 writable and shared in C");
	check_hex(PAGE(0)[0], 0xA, "C sees the root's write");
	check_bits(1, PTE_W | PTE_SHARE, "page 1 writable and shared in C");
	check_hex(*PAGE(1), 0xA1, "C sees the root's page 1");
	ipc_send(root, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the root has seen its child D */
	if ((g = fork()) < 0)
		panic("fork: %e", g);
	if (g == 0) {
		check_name("isogrant G");
		share_write(3, 0x6, "page 0 writable and shared in G");
		check_done();
		return;
	}
	wait_env_exit(g);
	check_hex(PAGE(0)[3], 0x6, "C sees its child G's write");
	ipc_send(root, 0, NULL, 0);
	check_done();
}

/* share, in the root's second child D. */
static void
share_second_child(void)
{
	check_name("isogrant D");
	check_hex(PAGE(0)[1], 0xC, "D sees C's write");
	share_write(2, 0xD, "page 0 writable and shared in D");
	check_done();
}

/* share, in the root. */
static void
share(void)
{
	envid_t c, d;

	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		share_child(thisenv->env_parent_id);
		return;
	}
	page_new(0, 0);
	page_new(1, 0);
	check_int(sys_page_map(0, (void *)PAGE(1), c, (void *)PAGE(1), RW), 0,
		  "page 1 mapped writable into C");
	*PAGE(1) = 0xA1;
	check_bits(1, PTE_W | PTE_SHARE, "the root's page 1 shared");
	PAGE(0)[0] = 0xA; /* before the send: C reads it at once */
	ipc_send(c, 0, (void *)PAGE(0), RW);
	check_bits(0, PTE_W | PTE_SHARE, "the root's page 0 shared");
	ipc_recv(NULL, NULL, NULL); /* C has written */
	check_hex(PAGE(0)[1], 0xC, "the root sees C's write");
	check_int(pageref((void *)PAGE(0)), 2, "page 0 mapped by root and C");
	if ((d = fork()) < 0)
		panic("fork: %e", d);
	if (d == 0) {
		share_second_child();
		return;
	}
	wait_env_exit(d);
	check_hex(PAGE(0)[2], 0xD, "the root sees its child D's write");
	ipc_send(c, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* G has written */
	check_hex(PAGE(0)[3], 0x6, "the root sees its grandchild G's write");
	wait_env_exit(c);
	check_done();
}

void
umain(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "snapshot") == 0)
		snapshot();
	else if (strcmp(mode, "share") == 0)
		share();
	else
		panic("mode '%s': want snapshot or share", mode);
}
