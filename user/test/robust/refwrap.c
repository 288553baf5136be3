/*
 * pp_ref is 16 bits: a page may have at most 65,535 references.  We map
 * one page at 65,535 addresses (its first mapping plus 65,534 aliases, 64
 * page tables' worth of address space) and check that every further way
 * to add a reference is refused with -E_NO_MEM and changes nothing:
 * sys_page_map (the 65,536th mapping), sys_page_map_batch, sys_ipc_try_send
 * to a waiting child, and fork() (which must fail cleanly).  Remapping the
 * page onto itself adds no reference and may succeed.  Then we unmap the
 * aliases: pageref back to 1 (and the audit, when we are gone, ok).
 *
 * Expected: "refwrap: ... OK" lines, "refwrap: done OK", no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)
#define ALIASES 0x10000000 /* 65,536 pages up to 0x20000000 */
#define NALIAS 65534       /* with PAGE itself: 65,535 references */
#define RO (PTE_P | PTE_U)

static void *
alias(int i)
{
	return (void *)(ALIASES + i * PGSIZE);
}

static uint32_t
nenvs(void)
{
	struct MemStat ms;

	sys_mem_stat(&ms);
	return ms.nenvs;
}

/* A child that waits for one page, checks it and reports back. */
static void
receiver(void)
{
	envid_t from;
	int perm, r = ipc_recv(&from, RECV_VA, &perm);

	cprintf("refwrap: child received %d with perm %x, pageref %d\n", r,
		perm, pageref(RECV_VA));
	sys_page_unmap(0, RECV_VA);
	ipc_send(from, 1, NULL, 0);
}

/* Every way to add a reference fails now; none leaves a trace. */
static void
check_at_max(envid_t child)
{
	uint32_t before = nenvs();
	envid_t dummy, id;
	struct PageMapEntry ent = { (uintptr_t)PAGE, RO };

	check_int(sys_page_map(0, PAGE, 0, alias(NALIAS), RO), -E_NO_MEM,
		  "the 65,536th mapping");
	check_int(pageref(alias(NALIAS)), 0, "no mapping left behind");
	if ((dummy = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	check_int(sys_page_map_batch(0, dummy, &ent, 1), -E_NO_MEM,
		  "a batch into a child");
	sys_env_destroy(dummy);
	check_int(sys_ipc_try_send(child, 0, PAGE, RO), -E_NO_MEM,
		  "an IPC page send");
	check_int(envs[ENVX(child)].env_ipc_recving, 1,
		  "the receiver is still waiting");
	id = fork();
	if (id == 0)
		exit(); /* cannot happen: fork must fail */
	check_int(id, -E_NO_MEM, "fork() sharing the page");
	check_int(pageref(PAGE), 65535, "pageref still 65535");
	check_int(nenvs(), before, "no environment left behind");
	cprintf("refwrap: remapping the page onto itself: %d\n",
		sys_page_map(0, PAGE, 0, PAGE, RO | PTE_W));
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int i, r;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		receiver();
		return;
	}
	while (!envs[ENVX(child)].env_ipc_recving)
		sys_yield();

	if ((r = sys_page_alloc(0, PAGE, RO | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	for (i = 0; i < NALIAS; i++)
		if ((r = sys_page_map(0, PAGE, 0, alias(i), RO)) < 0) {
			check_true(false, "mapping alias %d: %e", i, r);
			break;
		}
	check_int(pageref(PAGE), 65535, "pageref after 65,534 aliases");
	check_at_max(child);

	sys_page_unmap(0, alias(0));
	check_int(sys_ipc_try_send(child, 0, PAGE, RO), 0,
		  "the IPC send with one reference free");
	ipc_recv(NULL, NULL, NULL);
	for (i = 0; i < NALIAS; i++)
		sys_page_unmap(0, alias(i));
	check_int(pageref(PAGE), 1, "pageref after unmapping");
	check_done();
}
