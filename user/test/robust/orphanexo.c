/*
 * A parent that exits leaving three sys_exofork children behind, never
 * made runnable, with pages mapped into two of them (one page into both,
 * as shared memory: PTE_SHARE in both, since the audit checks that a page
 * one env can write is mapped by no other unless every mapping is
 * PTE_SHARE).
 *
 * Their fate (docs/threat-model.md): nothing destroys an env when its
 * parent goes, so they stay ENV_NOT_RUNNABLE, keep their pages, and the
 * system idles.  That is not a leak: the audit counts their page
 * directories, page tables and pages as held by live environments.  We
 * print how many pages they hold; the grader checks that the final audit
 * is ok and that F0 - F is exactly that number.
 *
 * Expected: "orphanexo: the children hold N pages", then the parent's
 * exit, "No runnable environments", the three children listed as alive
 * ("idle: env ID not-runnable"), "audit: ok (free pages F of F0)".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define SHARED (RW | PTE_SHARE)

void
umain(int argc, char **argv)
{
	struct MemStat before, after;
	envid_t a, b;
	int i;

	sys_mem_stat(&before);
	check_exo_child();
	a = check_exo_child();
	b = check_exo_child();
	sys_page_alloc(a, (void *)UTEXT, SHARED);
	for (i = 1; i < 4; i++)
		sys_page_alloc(a, (void *)(UTEXT + i * PGSIZE), RW);
	sys_page_alloc(b, (void *)0x10000000, RW);
	sys_page_alloc(b, (void *)0x40000000, RW);
	sys_page_alloc(b, (void *)(UXSTACKTOP - PGSIZE), RW);
	sys_page_map(a, (void *)UTEXT, b, (void *)(USTACKTOP - PGSIZE), SHARED);
	sys_env_set_pgfault_upcall(b, (void *)UTEXT);
	sys_mem_stat(&after);
	cprintf("orphanexo: the children hold %u pages\n",
		before.nfree - after.nfree);
}
