/*
 * A copy-on-write page that two environments share must stay read-only
 * for both: neither may get PTE_W on it by remapping it onto itself,
 * aliasing it elsewhere, batching it or sending it over IPC, or it could
 * write into the other's copy.  (A COW page that only one environment
 * holds is logically its own, and the kernel may then allow PTE_W.)
 *
 * The child tries all four while the parent still shares the page; the
 * parent's copy must keep its data.  Then the parent unmaps its mapping
 * and the child's in-place remap with PTE_W is allowed.
 *
 * Expected: "cowshared: ... OK" lines and "cowshared: done OK"; no
 * "FAIL".
 */
#include <inc/lib.h>

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define PAGE ((volatile uint32_t *)0x00a00000)
#define ALIAS ((void *)0x00b00000)

static int failures;

static void
expect(const char *what, int got, int want)
{
	if (got == want)
		cprintf("cowshared: %s: %d OK\n", what, got);
	else {
		cprintf("cowshared: FAIL %s: got %d, want %d\n", what, got,
			want);
		failures++;
	}
}

static void
child(envid_t parent)
{
	struct PageMapEntry ent = { (uintptr_t)PAGE, RW };
	void *pg = (void *)PAGE;

	expect("child: the page is shared", pageref(pg), 2);
	expect("child: W in place", sys_page_map(0, pg, 0, pg, RW), -E_INVAL);
	expect("child: W elsewhere", sys_page_map(0, pg, 0, ALIAS, RW),
	       -E_INVAL);
	expect("child: W in a batch", sys_page_map_batch(0, 0, &ent, 1),
	       -E_INVAL);
	while (!envs[ENVX(parent)].env_ipc_recving)
		sys_yield();
	expect("child: W over IPC", sys_ipc_try_send(parent, 0, pg, RW),
	       -E_INVAL);
	expect("child: still read-only", uvpt[PGNUM(PAGE)] & PTE_W, 0);
	ipc_send(parent, 1, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the parent has unmapped its copy */
	expect("child: now ours alone", pageref(pg), 1);
	expect("child: W in place, alone",
	       sys_page_map(0, pg, 0, pg, RW | PTE_COW) == 0 ||
		       sys_page_map(0, pg, 0, pg, RW) == 0,
	       1);
	*PAGE = 2;
	ipc_send(parent, failures, NULL, 0);
}

void
umain(int argc, char **argv)
{
	envid_t id, parent = sys_getenvid();

	if (sys_page_alloc(0, (void *)PAGE, RW))
		panic("sys_page_alloc");
	*PAGE = 1;
	if ((id = fork()) < 0)
		panic("fork: %e", id);
	if (id == 0) {
		child(parent);
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	expect("parent: data intact", *PAGE, 1);
	sys_page_unmap(0, (void *)PAGE);
	ipc_send(id, 0, NULL, 0);
	failures += ipc_recv(NULL, NULL, NULL);
	cprintf("cowshared: %s\n", failures ? "FAIL" : "done OK");
}
