/*
 * A child must not be able to make its parent's next write fatal.  After
 * ptfork() the parent and the child share the page table that maps page
 * X.  The child maps X at 65,534 more addresses of its own, so X's pp_ref
 * reaches 65,535, the most JOS's 16-bit count could hold.  When the parent
 * then writes in X's region, the kernel must make the shared table
 * private, and the copy takes one more reference to X.  The parent must
 * survive its write.
 *
 * Expected: "ptpin: X has 65535 references", "ptpin: the parent survived
 * its write OK", "ptpin: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define X ((volatile uint32_t *)0x10000000) /* shared through its table */
#define Y ((volatile uint32_t *)0x10001000) /* same region */
#define ALIASES 0x40000000                  /* the child's own region */
#define NALIAS 65534

static void
child(envid_t parent)
{
	int i, r;

	for (i = 0; i < NALIAS; i++)
		if ((r = sys_page_map(0, (void *)X, 0,
				      (void *)(ALIASES + i * PGSIZE),
				      PTE_P | PTE_U)) < 0)
			break;
	cprintf("ptpin: X has %d references\n", pageref((void *)X));
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL); /* until the parent is done */
	for (i = 0; i < NALIAS; i++)
		sys_page_unmap(0, (void *)(ALIASES + i * PGSIZE));
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid(), id;

	if (sys_page_alloc(0, (void *)X, PTE_P | PTE_U | PTE_W) < 0 ||
	    sys_page_alloc(0, (void *)Y, PTE_P | PTE_U | PTE_W) < 0)
		panic("sys_page_alloc");
	*X = 1;
	if ((id = ptfork()) < 0)
		panic("ptfork: %e", id);
	if (id == 0) {
		child(parent);
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	*Y = 2; /* a write through the shared table */
	*X = 3;
	cprintf("ptpin: the parent survived its write OK\n");
	check_true(pageref((void *)X) >= 1, "X still mapped");
	check_int(*X, 3, "X holds the parent's write");
	check_int(*Y, 2, "Y holds the parent's write");
	ipc_send(id, 0, NULL, 0);
	while (envs[ENVX(id)].env_id == id &&
	       envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
	check_done();
}
