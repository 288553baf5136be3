/*
 * Stale env ids.  We make a child A and destroy it; the next child B
 * takes A's slot with a new id.  Every call naming A, or the slot with a
 * generation that never existed (0, or B's next one), must fail with
 * -E_BAD_ENV, and B, which shares the slot, must see none of it: no page
 * mapped, still not runnable, no upcall.
 *
 * Expected: "staleid: ... OK" lines, "staleid: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define PAGE ((void *)0x00a00000)
#define VA ((void *)0x00b00000)

/* Every call on the stale id must be refused. */
static void
all_refused(const char *name, envid_t id)
{
	struct PageMapEntry ent = { (uintptr_t)PAGE, PTE_P | PTE_U };
	int bad = 0;

	bad += sys_page_alloc(id, VA, RW) != -E_BAD_ENV;
	bad += sys_page_map(0, PAGE, id, VA, RW) != -E_BAD_ENV;
	bad += sys_page_map_batch(0, id, &ent, 1) != -E_BAD_ENV;
	bad += sys_page_unmap(id, VA) != -E_BAD_ENV;
	bad += sys_env_set_status(id, ENV_RUNNABLE) != -E_BAD_ENV;
	bad += sys_env_set_pgfault_upcall(id, (void *)UTEXT) != -E_BAD_ENV;
	bad += sys_ipc_try_send(id, 1, (void *)UTOP, 0) != -E_BAD_ENV;
	bad += sys_env_destroy(id) != -E_BAD_ENV;
	check_int(bad, 0, name);
}

void
umain(int argc, char **argv)
{
	envid_t a, b;

	if (sys_page_alloc(0, PAGE, RW) < 0)
		panic("sys_page_alloc");
	a = check_exo_child();
	sys_env_destroy(a);
	b = check_exo_child();
	check_int(ENVX(b) == ENVX(a) && b != a, 1, "B reuses A's slot");

	all_refused("calls on A's old id", a);
	all_refused("calls on the slot number alone", ENVX(a));
	all_refused("calls on B's next generation", b + (1 << 12));
	all_refused("calls on A's id with the sign bit", a | 0x80000000);

	check_int(sys_page_map(b, VA, 0, VA, PTE_P | PTE_U), -E_INVAL,
		  "B has nothing at VA");
	check_int(envs[ENVX(b)].env_status, ENV_NOT_RUNNABLE,
		  "B is still not runnable");
	check_int((int)envs[ENVX(b)].env_pgfault_upcall, 0, "B has no upcall");
	check_int(pageref(PAGE), 1, "our page has one reference");
	sys_env_destroy(b);
	all_refused("calls on B once destroyed", b);
	check_done();
}
