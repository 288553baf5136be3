/*
 * sys_page_map_batch must act on the entries it checked.  We hand it an
 * entry array that lives in a page of ours, and the first entry replaces
 * that very page with a page of our child whose second entry names a
 * kernel address.  A kernel that re-reads the array from user memory after
 * checking it would map a user page over the kernel (or panic trying);
 * a correct one maps exactly the two checked pages.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
#define ENTS_VA 0x00a00000 /* the entry array, ours then the child's */
#define PAGE_B 0x00b00000  /* the second entry's (legitimate) page */
#define TEMP_VA 0x00c00000 /* where we write into the child's page */

/* Fill the array at va: the ents page itself, then second_va. */
static void
fill_entries(uintptr_t va, uintptr_t second_va)
{
	struct PageMapEntry *ents = (struct PageMapEntry *)va;

	ents[0].va = ENTS_VA;
	ents[0].perm = RW;
	ents[1].va = second_va;
	ents[1].perm = PTE_P | PTE_U;
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	if ((child = sys_exofork()) < 0)
		panic("sys_exofork: %e", child);
	if (child == 0)
		for (;;) /* never made runnable */
			sys_yield();

	/* The child's two pages; its ents page names the kernel. */
	if ((r = sys_page_alloc(child, (void *)ENTS_VA, RW)) < 0 ||
	    (r = sys_page_alloc(child, (void *)PAGE_B, RW)) < 0 ||
	    (r = sys_page_map(child, (void *)ENTS_VA, 0, (void *)TEMP_VA, RW)) <
		    0)
		panic("set-up: %e", r);
	fill_entries(TEMP_VA, KERNBASE);
	sys_page_unmap(0, (void *)TEMP_VA);

	/* Our array, as checked: our ents page, then page B. */
	if ((r = sys_page_alloc(0, (void *)ENTS_VA, RW)) < 0)
		panic("sys_page_alloc: %e", r);
	fill_entries(ENTS_VA, PAGE_B);

	r = sys_page_map_batch(child, 0, (void *)ENTS_VA, 2);
	cprintf("batchtoctou: batch returned %d, pageref %d %d\n", r,
		pageref((void *)ENTS_VA), pageref((void *)PAGE_B));
	check_true(r != 0 || (pageref((void *)ENTS_VA) == 2 &&
			      pageref((void *)PAGE_B) == 2),
		   "a batch that succeeded mapped the two checked pages");

	sys_env_destroy(child);
	sys_page_unmap(0, (void *)ENTS_VA);
	sys_page_unmap(0, (void *)PAGE_B);
	check_done();
}
