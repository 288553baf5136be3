/*
 * pp_ref is 32 bits: a page's count goes past JOS's 16-bit limit of
 * 65,535 like any other number.  We map one page at 65,535 addresses (its
 * first mapping plus 65,534 aliases, 64 page tables' worth of address
 * space), then add references every way there is, each of which a 16-bit
 * count would have had to refuse: sys_page_map (the 65,536th mapping),
 * sys_page_map_batch into a child, sys_ipc_try_send to a waiting child,
 * and fork() (whose child maps every alias too).  pageref reads each new
 * count exactly.  Then we unmap the aliases: pageref back to 1 (and the
 * audit, when we are gone, ok).
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

/* Every way to add a reference adds exactly one, past 65,535. */
static void
check_past_16_bits(envid_t child)
{
	envid_t dummy, id;
	struct PageMapEntry ent = { (uintptr_t)PAGE, RO };

	check_int(sys_page_map(0, PAGE, 0, alias(NALIAS), RO), 0,
		  "the 65,536th mapping");
	check_int(pageref(PAGE), 65536, "pageref 65536");
	if ((dummy = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	check_int(sys_page_map_batch(0, dummy, &ent, 1), 0,
		  "a batch into a child");
	check_int(pageref(PAGE), 65537, "pageref 65537");
	sys_env_destroy(dummy);
	check_int(pageref(PAGE), 65536, "pageref 65536 with the child gone");
	check_int(sys_ipc_try_send(child, 0, PAGE, RO), 0, "an IPC page send");
	ipc_recv(NULL, NULL, NULL); /* the receiver unmapped it again */
	id = fork();
	if (id == 0) {
		check_int(pageref(PAGE), 2 * 65536, "the fork child's pageref");
		exit();
	}
	check_true(id > 0, "fork() sharing the page");
	wait_env_exit(id);
	check_int(pageref(PAGE), 65536, "pageref 65536 after the fork child");
	sys_page_unmap(0, alias(NALIAS));
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
	check_past_16_bits(child);
	for (i = 0; i < NALIAS; i++)
		sys_page_unmap(0, alias(i));
	check_int(pageref(PAGE), 1, "pageref after unmapping");
	check_done();
}
