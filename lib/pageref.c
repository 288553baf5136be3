/* Reference counts of our own pages, read through uvpd, uvpt and pages[]. */
#include <inc/lib.h>

/*
 * Returns the pp_ref of the physical page mapped at va (how many
 * page-table entries, in all environments, point at it), or 0 when va is
 * not mapped.
 */
int
pageref(void *va)
{
	pte_t pte;

	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	pte = uvpt[PGNUM(va)];
	if (!(pte & PTE_P))
		return 0;
	return pages[PGNUM(pte)].pp_ref;
}
