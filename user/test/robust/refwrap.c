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

#define PAGE ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)
#define ALIASES 0x10000000 /* 65,536 pages up to 0x20000000 */
#define NALIAS 65534       /* with PAGE itself: 65,535 references */
#define RO (PTE_P | PTE_U)

static int failures;

static void
expect(const char *what, int got, int want)
{
	if (got == want)
		cprintf("refwrap: %s: %d OK\n", what, got);
	else {
		cprintf("refwrap: FAIL %s: got %d, want %d\n", what, got, want);
		failures++;
	}
}

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

	expect("the 65,536th mapping",
	       sys_page_map(0, PAGE, 0, alias(NALIAS), RO), -E_NO_MEM);
	expect("no mapping left behind", pageref(alias(NALIAS)), 0);
	if ((dummy = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	expect("a batch into a child", sys_page_map_batch(0, dummy, &ent, 1),
	       -E_NO_MEM);
	sys_env_destroy(dummy);
	expect("an IPC page send", sys_ipc_try_send(child, 0, PAGE, RO),
	       -E_NO_MEM);
	expect("the receiver is still waiting",
	       envs[ENVX(child)].env_ipc_recving, 1);
	id = fork();
	if (id == 0)
		exit(); /* cannot happen: fork must fail */
	expect("fork() sharing the page", id, -E_NO_MEM);
	expect("pageref still 65535", pageref(PAGE), 65535);
	expect("no environment left behind", nenvs(), before);
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
			cprintf("refwrap: FAIL mapping alias %d: %e\n", i, r);
			failures++;
			break;
		}
	expect("pageref after 65,534 aliases", pageref(PAGE), 65535);
	check_at_max(child);

	sys_page_unmap(0, alias(0));
	expect("the IPC send with one reference free",
	       sys_ipc_try_send(child, 0, PAGE, RO), 0);
	ipc_recv(NULL, NULL, NULL);
	for (i = 0; i < NALIAS; i++)
		sys_page_unmap(0, alias(i));
	expect("pageref after unmapping", pageref(PAGE), 1);
	cprintf("refwrap: %s\n", failures ? "FAIL" : "done OK");
}
