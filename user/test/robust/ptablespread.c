/*
 * Page tables everywhere.  A child gets one page in every 4 MiB region
 * below UTOP (a page table each, almost a thousand); destroying it must
 * free every page and every page table.  Then we map one page of ours
 * once in every free region and unmap it again: pageref back to 1 (the
 * empty page tables stay until we exit, and the audit must count them).
 *
 * Expected: "ptablespread: child with N page tables destroyed, all pages
 * back OK", "ptablespread: N aliases unmapped, pageref 1 OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE ((void *)0x00a00000)
#define RW (PTE_P | PTE_U | PTE_W)

/* The first region we may use: above our program. */
#define FIRST_PDX (PDX(UTEXT) + 2)
/* The last: below the stacks' region. */
#define LAST_PDX (PDX(USTACKTOP) - 1)

static void
spread_child(void)
{
	struct MemStat before, after;
	envid_t id;
	uint32_t pdx;
	int n = 0;

	sys_mem_stat(&before);
	if ((id = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	for (pdx = 0; pdx < PDX(UTOP); pdx++)
		if (sys_page_alloc(id, PGADDR(pdx, pdx % NPTENTRIES, 0), RW) ==
		    0)
			n++;
	sys_env_destroy(id);
	sys_mem_stat(&after);
	check_int(n, PDX(UTOP), "a page table in every region below UTOP");
	check_int(after.nfree, before.nfree,
		  "child with %d page tables destroyed, all pages back", n);
}

static void
spread_self(void)
{
	uint32_t pdx;
	int n = 0;

	for (pdx = FIRST_PDX; pdx <= LAST_PDX; pdx++)
		if (sys_page_map(0, PAGE, 0, PGADDR(pdx, 7, 0),
				 PTE_P | PTE_U) == 0)
			n++;
	check_int(pageref(PAGE), n + 1, "pageref with %d aliases", n);
	for (pdx = FIRST_PDX; pdx <= LAST_PDX; pdx++)
		sys_page_unmap(0, PGADDR(pdx, 7, 0));
	check_true(n == LAST_PDX - FIRST_PDX + 1 && pageref(PAGE) == 1,
		   "%d aliases unmapped, pageref 1", n);
}

void
umain(int argc, char **argv)
{
	if (sys_page_alloc(0, PAGE, RW) < 0)
		panic("sys_page_alloc");
	spread_child();
	spread_self();
}
