/*
 * The audit: recount, from the page tables alone, every reference to every
 * physical page, and compare with pp_ref and the free-page count.
 *
 * Who may hold a reference to a page:
 *   - the kernel, forever, for reserved pages (page 0, the I/O hole, the
 *     kernel image, boot-time allocations): exactly one;
 *   - kern_pgdir, for each kernel page table one of its PDEs points at;
 *   - each live env, for its page directory (one), for each page table a
 *     PDE below UTOP points at (one per PDE), and for each frame a present
 *     PTE below UTOP maps (one per PTE; the PTEs of a page table shared by
 *     several page directories count once).
 * Nothing else: a page with more pp_ref than paths is leaked, one with
 * fewer is about to be freed while still in use.
 */
#include <inc/assert.h>
#include <inc/stdio.h>
#include <inc/string.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/debug/audit.h>
#include <kern/bitmap.h>

/* Recomputed references per physical page. */
static uint32_t audit_refs[KERNMAP_NPAGES];
/* Pages referenced only through kern_pgdir (kernel page tables). */
static uint32_t audit_kernel_table[BITMAP_WORDS(KERNMAP_NPAGES)];

/* Count one reference to physical address pa (ignoring junk addresses). */
static void
audit_ref(physaddr_t pa)
{
	if (PGNUM(pa) < npages)
		audit_refs[PGNUM(pa)]++;
}

/* The kernel's page tables: one reference per PDE (not the UVPT self-map). */
static void
audit_count_kernel(void)
{
	uint32_t pdeno;
	pde_t pde;

	for (pdeno = 0; pdeno < NPDENTRIES; pdeno++) {
		pde = kern_pgdir[pdeno];
		if (pdeno == PDX(UVPT) || !(pde & PTE_P) || (pde & PTE_PS))
			continue;
		audit_ref(PTE_ADDR(pde));
		if (PGNUM(pde) < npages)
			bitmap_set(audit_kernel_table, PGNUM(pde));
	}
}

/* Page tables whose PTEs have been counted (a shared one only once). */
static uint32_t audit_table_seen[BITMAP_WORDS(KERNMAP_NPAGES)];

/*
 * Everything env e holds: its directory, one reference per user PDE to
 * the table it points at, and, for each table not seen before, one
 * reference per present PTE to its frame.  A table shared by several page
 * directories (ptfork) is one set of PTEs, counted once.
 */
static void
audit_count_env(struct Env *e)
{
	uint32_t pdeno, pteno;
	physaddr_t table;
	pte_t *pt;

	audit_ref(PADDR(e->env_pgdir));
	for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		table = PTE_ADDR(e->env_pgdir[pdeno]);
		audit_ref(table);
		if (PGNUM(table) >= npages ||
		    bitmap_test(audit_table_seen, PGNUM(table)))
			continue;
		bitmap_set(audit_table_seen, PGNUM(table));
		pt = KADDR(table);
		for (pteno = 0; pteno < NPTENTRIES; pteno++)
			if (pt[pteno] & PTE_P)
				audit_ref(PTE_ADDR(pt[pteno]));
	}
}

/* Print one mismatch line; returns 1 (one more failure). */
static int
audit_mismatch(size_t pgnum, uint32_t found)
{
	cprintf("audit: FAIL page %05x (pa %08x): pp_ref %u but %u "
		"references\n",
		pgnum, pgnum * PGSIZE, pages[pgnum].pp_ref, found);
	return 1;
}

/*
 * Compare every page's pp_ref with the references found, and the free
 * list with the pages whose pp_ref is 0.  Returns the number of failures
 * and sets *in_use to the number of non-kernel pages referenced.
 */
static int
audit_compare(size_t *in_use)
{
	size_t i, zero = 0;
	int failures = 0;

	*in_use = 0;
	for (i = 0; i < npages; i++) {
		uint32_t want =
			audit_refs[i] + (page_is_reserved(&pages[i]) ? 1 : 0);

		if (pages[i].pp_ref != want && failures < 16)
			failures += audit_mismatch(i, want);
		else if (pages[i].pp_ref != want)
			failures++;
		if (pages[i].pp_ref == 0)
			zero++;
		else if (!page_is_reserved(&pages[i]) &&
			 !bitmap_test(audit_kernel_table, i))
			(*in_use)++;
	}
	if (zero != page_free_count()) {
		cprintf("audit: FAIL %u pages have pp_ref 0 but %u are free\n",
			zero, page_free_count());
		failures++;
	}
	return failures;
}

/*
 * Run the audit and print `audit: ok (free pages F of F0)` or the
 * `audit: FAIL` lines.  F0 is the free count before the first env; every
 * page missing from it must be held by a live env.  Returns the number of
 * failures.
 */
int
audit_run(void)
{
	size_t in_use, nfree = page_free_count(), baseline;
	int failures, i;

	memset(audit_refs, 0, sizeof(audit_refs));
	memset(audit_kernel_table, 0, sizeof(audit_kernel_table));
	memset(audit_table_seen, 0, sizeof(audit_table_seen));
	audit_count_kernel();
	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			audit_count_env(&envs[i]);

	failures = audit_compare(&in_use);
	baseline = env_baseline_free ? env_baseline_free : nfree;
	if (nfree + in_use != baseline) {
		cprintf("audit: FAIL %u free + %u held by envs, expected %u: "
			"%d pages leaked\n",
			nfree, in_use, baseline,
			(int)(baseline - nfree - in_use));
		failures++;
	}
	if (failures == 0)
		cprintf("audit: ok (free pages %u of %u)\n", nfree, baseline);
	return failures;
}
