/*
 * isogrant MODE: what a mapping into another environment grants.  As in
 * JOS, a page is mapped as asked and the sender's own mapping is left as
 * it was; a program that means shared memory says PTE_SHARE itself.
 *
 *   readonly  The root maps four pages it can write into its fork()
 *             child C: page 0 read-only with sys_page_map, pages 1
 *             (read-only) and 3 (PTE_COW) with sys_page_map_batch, page
 *             2 read-only over IPC.  The root's mappings stay writable
 *             and its writes copy nothing.  Pages 0 to 2 are live views
 *             in C: read-only, not copy-on-write, showing the root's
 *             writes.  Page 3 is copy-on-write in C: C's write copies it
 *             and the root does not see it.  Then the root fork()s F,
 *             which has pages 0 to 2 copy-on-write: F's writes copy them,
 *             and neither the root nor C sees them.
 *   share     The root allocates two pages with PTE_W|PTE_SHARE, sends
 *             page 0 over IPC and maps page 1 with sys_page_map, both
 *             with PTE_W|PTE_SHARE: every mapping carries both bits and
 *             each side sees the other's writes.  A child D the root
 *             fork()s afterwards shares page 0 too, as do a grandchild G
 *             that C fork()s and a child P that the root ptfork()s.
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
#define FROM_F 0x44444444

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define SHARED (RW | PTE_SHARE)

/* readonly: pages 0 to NVIEW - 1 are read-only grants, COWPAGE the last. */
#define NVIEW 3
#define COWPAGE 3

/* Allocate PAGE(i) with perm, holding value.  Panics on failure. */
static void
page_new(int i, int perm, uint32_t value)
{
	int r;

	if ((r = sys_page_alloc(0, (void *)PAGE(i), perm)) < 0)
		panic("sys_page_alloc: %e", r);
	*PAGE(i) = value;
}

/* The PTE_W, PTE_COW and PTE_SHARE bits of our mapping of PAGE(i). */
static uint32_t
page_bits(int i)
{
	return uvpt[PGNUM(PAGE(i))] & (PTE_W | PTE_COW | PTE_SHARE);
}

/* readonly, in C: the four pages, the root's writes, then F's. */
static void
readonly_child(envid_t root)
{
	int i;

	check_name("isogrant C");
	ipc_recv(NULL, (void *)PAGE(2), NULL);
	ipc_recv(NULL, NULL, NULL); /* the root has written all four */
	for (i = 0; i < NVIEW; i++) {
		check_hex(page_bits(i), 0, "page %d read-only in C", i);
		check_hex(*PAGE(i), AFTER, "page %d shows the root's write", i);
	}
	check_hex(page_bits(COWPAGE), PTE_COW, "page 3 copy-on-write in C");
	check_hex(*PAGE(COWPAGE), AFTER,
		  "page 3 shows the root's write before C's");
	*PAGE(COWPAGE) = FROM_C;
	check_hex(*PAGE(COWPAGE), FROM_C, "C's write to page 3");
	check_int(pageref((void *)PAGE(COWPAGE)), 1, "C's page 3 its own copy");
	ipc_send(root, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the root's child F has written */
	for (i = 0; i < NVIEW; i++)
		check_hex(*PAGE(i), AFTER, "page %d after F's write", i);
	check_done();
}

/* readonly, in the root's fork() child F: write the live views. */
static void
readonly_forked(void)
{
	int i;

	check_name("isogrant F");
	for (i = 0; i < NVIEW; i++) {
		check_hex(page_bits(i), PTE_COW, "page %d copy-on-write in F",
			  i);
		*PAGE(i) = FROM_F;
		check_hex(*PAGE(i), FROM_F, "F's write to page %d", i);
		check_int(pageref((void *)PAGE(i)), 1,
			  "F's page %d its own copy", i);
	}
	check_done();
}

/* readonly, in the root: grant, write, check that nothing was copied. */
static void
readonly_grant(envid_t c)
{
	struct PageMapEntry ents[] = {
		{ (uintptr_t)PAGE(1), RO },
		{ (uintptr_t)PAGE(COWPAGE), RO | PTE_COW },
	};
	int i;

	for (i = 0; i <= COWPAGE; i++)
		page_new(i, RW, BEFORE);
	check_int(sys_page_map(0, (void *)PAGE(0), c, (void *)PAGE(0), RO), 0,
		  "page 0 mapped read-only into C");
	check_int(sys_page_map_batch(0, c, ents, 2), 0,
		  "pages 1 and 3 mapped into C by the batch");
	ipc_send(c, 0, (void *)PAGE(2), RO);
	for (i = 0; i <= COWPAGE; i++) {
		check_hex(page_bits(i), PTE_W, "page %d writable in the root",
			  i);
		check_int(pageref((void *)PAGE(i)), 2, "page %d shared with C",
			  i);
		*PAGE(i) = AFTER;
		check_int(pageref((void *)PAGE(i)), 2,
			  "page %d not copied by the root's write", i);
	}
}

/* readonly, in the root. */
static void
readonly(void)
{
	envid_t c, f;
	int i;

	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		readonly_child(thisenv->env_parent_id);
		return;
	}
	readonly_grant(c);
	ipc_send(c, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* C has written page 3 */
	check_hex(*PAGE(COWPAGE), AFTER, "the root's page 3 after C's write");
	check_int(pageref((void *)PAGE(COWPAGE)), 1,
		  "the root's page 3 its own after C's copy");
	if ((f = fork()) < 0)
		panic("fork: %e", f);
	if (f == 0) {
		readonly_forked();
		return;
	}
	wait_env_exit(f);
	for (i = 0; i < NVIEW; i++)
		check_hex(*PAGE(i), AFTER, "the root's page %d after F's write",
			  i);
	ipc_send(c, 0, NULL, 0);
	wait_env_exit(c);
	check_done();
}

/*
 * share: word w of page 0 is written by writer[w] alone, with the value
 * w + 1, in this order.
 */
static const char *const writer[] = { "the root", "C", "D", "G", "P" };

/*
 * Check that our mapping of page 0 is writable and shared and that we see
 * the word written before ours, then write word w.
 */
static void
share_write(int w)
{
	check_hex(page_bits(0), PTE_W | PTE_SHARE,
		  "page 0 writable and shared in %s", writer[w]);
	check_hex(PAGE(0)[w - 1], w, "%s sees %s's write", writer[w],
		  writer[w - 1]);
	PAGE(0)[w] = w + 1;
}

/* share, in a child made after the grants (D, G or P): word w. */
static void
share_descendant(int w)
{
	check_name("isogrant %s", writer[w]);
	share_write(w);
	check_done();
}

/*
 * Make a child with fork() or ptfork() that writes word w, wait until it
 * has exited, and check that we (me) see its write.  Returns in the
 * parent only.
 */
static void
share_fork(const char *me, bool pt, int w)
{
	envid_t id;

	if ((id = pt ? ptfork() : fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		share_descendant(w);
		exit();
	}
	wait_env_exit(id);
	check_hex(PAGE(0)[w], w + 1, "%s sees %s's write", me, writer[w]);
}

/* share, in C. */
static void
share_child(envid_t root)
{
	check_name("isogrant C");
	ipc_recv(NULL, (void *)PAGE(0), NULL);
	share_write(1);
	check_hex(page_bits(1), PTE_W | PTE_SHARE,
		  "page 1 writable and shared in C");
	check_hex(*PAGE(1), 0xA1, "C sees the root's page 1");
	PAGE(1)[1] = 0xC1;
	ipc_send(root, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the root has seen D's write */
	share_fork("C", false, 3);
	ipc_send(root, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the root has seen P's write */
	check_hex(PAGE(0)[4], 5, "C sees P's write");
	check_done();
}

/* share, in the root. */
static void
share(void)
{
	envid_t c;

	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		share_child(thisenv->env_parent_id);
		return;
	}
	page_new(0, SHARED, 1); /* word 0, before the send: C reads it */
	page_new(1, SHARED, 0xA1);
	check_int(sys_page_map(0, (void *)PAGE(1), c, (void *)PAGE(1), SHARED),
		  0, "page 1 mapped writable and shared into C");
	ipc_send(c, 0, (void *)PAGE(0), SHARED);
	check_hex(page_bits(0), PTE_W | PTE_SHARE, "the root's page 0 shared");
	check_hex(page_bits(1), PTE_W | PTE_SHARE, "the root's page 1 shared");
	ipc_recv(NULL, NULL, NULL); /* C has written */
	check_hex(PAGE(0)[1], 2, "the root sees C's write");
	check_hex(PAGE(1)[1], 0xC1, "the root sees C's write to page 1");
	check_int(pageref((void *)PAGE(0)), 2, "page 0 mapped by root and C");
	share_fork("the root", false, 2);
	ipc_send(c, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* C has seen G's write */
	check_hex(PAGE(0)[3], 4, "the root sees G's write");
	share_fork("the root", true, 4);
	ipc_send(c, 0, NULL, 0);
	wait_env_exit(c);
	check_done();
}

void
umain(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "readonly") == 0)
		readonly();
	else if (strcmp(mode, "share") == 0)
		share();
	else
		panic("mode '%s': want readonly or share", mode);
}
