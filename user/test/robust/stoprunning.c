/*
 * stoprunning: a parent changes the status of a child that runs on
 * another CPU at that moment, and destroys it there.  Each round the
 * child spins, counting; the parent makes it runnable (it must go on,
 * on its own CPU only), not runnable (it must stop at its next entry into
 * the kernel: the count stops), runnable again (it goes on), then not
 * runnable and at once destroyed while it still runs (it must be freed
 * when its CPU next enters the kernel, not under it).  The CPU that ran
 * a destroyed child must go on taking interrupts: the next round's child
 * may run there, and must be stopped too.
 *
 * Expected: "stoprunning: ROUNDS rounds OK", "stoprunning: all pages back
 * OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define ROUNDS 20
#define BEATS ((volatile uint32_t *)0x30000000) /* PTE_SHARE */

/* Wait until the child has counted n more beats. */
static void
wait_beats(uint32_t n)
{
	uint32_t b = *BEATS;

	while (*BEATS - b < n)
		sys_yield();
}

/* True when the count stays still for a while: the child is stopped. */
static bool
stays_still(void)
{
	uint32_t b;
	int i, still = 0;

	for (i = 0; i < 200000 && still < 50; i++) {
		b = *BEATS;
		sys_yield();
		still = *BEATS == b ? still + 1 : 0;
	}
	return still >= 50;
}

/* One round; returns true when the child did what each status says. */
static bool
round_once(void)
{
	envid_t child;
	bool ok;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0)
		for (;;)
			(*BEATS)++;
	wait_beats(1000);
	ok = sys_env_set_status(child, ENV_RUNNABLE) == 0;
	wait_beats(1000);
	ok &= sys_env_set_status(child, ENV_NOT_RUNNABLE) == 0;
	ok &= stays_still();
	ok &= sys_env_set_status(child, ENV_RUNNABLE) == 0;
	wait_beats(1000);
	ok &= sys_env_set_status(child, ENV_NOT_RUNNABLE) == 0;
	ok &= sys_env_destroy(child) == 0;
	wait_env_exit(child);
	return ok;
}

void
umain(int argc, char **argv)
{
	uint32_t nfree;
	envid_t id;
	int r, good = 0;

	if (sys_page_alloc(0, (void *)BEATS,
			   PTE_P | PTE_U | PTE_W | PTE_SHARE) < 0)
		panic("no memory");
	/* A first child makes the lasting set-up before we count pages. */
	if ((id = fork()) == 0)
		return;
	wait_env_exit(id);
	nfree = mem_nfree();
	for (r = 0; r < ROUNDS; r++)
		good += round_once();
	check_int(good, ROUNDS, "%d rounds", ROUNDS);
	check_int(mem_nfree(), nfree, "all pages back");
}
