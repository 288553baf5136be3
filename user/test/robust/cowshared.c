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
#include <inc/check.h>

#define RO (PTE_P | PTE_U)
#define RW (PTE_P | PTE_U | PTE_W)
#define PAGE ((volatile uint32_t *)0x00a00000)
#define ALIAS ((void *)0x00b00000)

static void
child(envid_t parent)
{
	struct PageMapEntry ent = { (uintptr_t)PAGE, RW };
	void *pg = (void *)PAGE;

	check_int(pageref(pg), 2, "child: the page is shared");
	check_int(sys_page_map(0, pg, 0, pg, RW), -E_INVAL,
		  "child: W in place");
	check_int(sys_page_map(0, pg, 0, ALIAS, RW), -E_INVAL,
		  "child: W elsewhere");
	check_int(sys_page_map_batch(0, 0, &ent, 1), -E_INVAL,
		  "child: W in a batch");
	while (!envs[ENVX(parent)].env_ipc_recving)
		sys_yield();
	check_int(sys_ipc_try_send(parent, 0, pg, RW), -E_INVAL,
		  "child: W over IPC");
	check_int(uvpt[PGNUM(PAGE)] & PTE_W, 0, "child: still read-only");
	ipc_send(parent, 1, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* the parent has unmapped its copy */
	check_int(pageref(pg), 1, "child: now ours alone");
	check_int(sys_page_map(0, pg, 0, pg, RW | PTE_COW) == 0 ||
			  sys_page_map(0, pg, 0, pg, RW) == 0,
		  1, "child: W in place, alone");
	*PAGE = 2;
	ipc_send(parent, check_failures(), NULL, 0);
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
	check_int(*PAGE, 1, "parent: data intact");
	sys_page_unmap(0, (void *)PAGE);
	ipc_send(id, 0, NULL, 0);
	check_int(ipc_recv(NULL, NULL, NULL), 0, "child: no check failed");
	check_done();
}
