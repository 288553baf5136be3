/*
 * The auditfail hook: proof that the audit (kern/debug/audit.c) can fail.
 *
 * Two envs that never run, a and b, are made with env_alloc() and given
 * one page each: a maps frame_a writable at VA_A, b maps frame_b
 * read-only at VA_B (another 4 MiB region).  Then each kind of corruption
 * the audit looks for is planted, the audit runs and must report the
 * finding the kind stands for, the corruption is undone, and the audit
 * must be clean again before the next kind.  Two allowed states (every
 * mapping PTE_SHARE; a table shared through read-only PTE_SHARED_PT
 * PDEs) must pass.  Last, both envs are freed and the final audit must be
 * ok with every page back.
 *
 * The states are written straight into the page tables, pp_ref and the
 * free list, as a kernel bug would leave them (only the first could also
 * come from system calls).  Nothing allocates while one is planted.
 */
#include <inc/stdio.h>
#include <inc/string.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/debug/audit.h>
#include <kern/spinlock.h>
#include <kern/selftest/selftest.h>

#define VA_A UTEXT                /* a's writable frame_a */
#define VA_B (UTEXT + 2 * PTSIZE) /* b's read-only frame_b, own region */
#define VA_C (UTEXT + 4 * PTSIZE) /* a region neither env has */

static struct Env *a, *b;
static struct PageInfo *frame_a;

/* What a kind saved before planting, for its undo. */
static pde_t saved_pde;
static struct PageInfo *saved_link;

/* The PTE for va in e, whose table for va must exist. */
static pte_t *
scene_pte(struct Env *e, uintptr_t va)
{
	return pgdir_walk(e->env_pgdir, (void *)va, false);
}

/* a's table for VA_A. */
static struct PageInfo *
scene_table_a(void)
{
	return pa2page(PTE_ADDR(a->env_pgdir[PDX(VA_A)]));
}

/* b maps frame_a read-only at VA_B + PGSIZE, while a can write it. */
static void
plant_shared_writable(void)
{
	page_insert(b->env_pgdir, frame_a, (void *)(VA_B + PGSIZE),
		    PTE_P | PTE_U);
}

static void
undo_shared_writable(void)
{
	page_remove(b->env_pgdir, (void *)(VA_B + PGSIZE));
}

/* The same, but both mappings are PTE_SHARE: shared memory, allowed. */
static void
plant_all_share(void)
{
	*scene_pte(a, VA_A) |= PTE_SHARE;
	page_insert(b->env_pgdir, frame_a, (void *)(VA_B + PGSIZE),
		    PTE_P | PTE_U | PTE_SHARE);
}

static void
undo_all_share(void)
{
	page_remove(b->env_pgdir, (void *)(VA_B + PGSIZE));
	*scene_pte(a, VA_A) &= ~PTE_SHARE;
}

/* a's table for VA_A shared with b as ptfork does: allowed. */
static void
plant_table_shared(void)
{
	saved_pde = a->env_pgdir[PDX(VA_A)];
	a->env_pgdir[PDX(VA_A)] = (saved_pde & ~PTE_W) | PTE_SHARED_PT;
	b->env_pgdir[PDX(VA_A)] = a->env_pgdir[PDX(VA_A)];
	scene_table_a()->pp_ref++;
}

static void
undo_table_shared(void)
{
	scene_table_a()->pp_ref--;
	b->env_pgdir[PDX(VA_A)] = 0;
	a->env_pgdir[PDX(VA_A)] = saved_pde;
}

/* The shared table, but a's PDE is writable. */
static void
plant_table_writable(void)
{
	plant_table_shared();
	a->env_pgdir[PDX(VA_A)] |= PTE_W;
}

/* a's table for VA_A: pp_ref 2 with one PDE. */
static void
plant_table_refs(void)
{
	scene_table_a()->pp_ref++;
}

static void
undo_table_refs(void)
{
	scene_table_a()->pp_ref--;
}

/* frame_a: pp_ref 2 with one PTE. */
static void
plant_frame_refs(void)
{
	frame_a->pp_ref++;
}

static void
undo_frame_refs(void)
{
	frame_a->pp_ref--;
}

/* The first free page skips the second: one free page is off the list. */
static void
plant_free_link_lost(void)
{
	struct PageInfo *first = page_free_first();

	saved_link = first->pp_link;
	first->pp_link = page_free_next(first)->pp_link;
}

static void
undo_free_link_lost(void)
{
	page_free_first()->pp_link = saved_link;
}

/* The third free page links back to the first. */
static void
plant_free_cycle(void)
{
	struct PageInfo *third =
		page_free_next(page_free_next(page_free_first()));

	saved_link = third->pp_link;
	third->pp_link = page_free_first();
}

static void
undo_free_cycle(void)
{
	page_free_next(page_free_next(page_free_first()))->pp_link = saved_link;
}

/* b maps the first free page at VA_B + 2 pages, pp_ref left at 0. */
static void
plant_free_mapped(void)
{
	*scene_pte(b, VA_B + 2 * PGSIZE) =
		page2pa(page_free_first()) | PTE_P | PTE_U;
}

static void
undo_free_mapped(void)
{
	*scene_pte(b, VA_B + 2 * PGSIZE) = 0;
}

/* b's PTE at VA_B + 3 pages maps the first page past npages. */
static void
plant_pte_past(void)
{
	*scene_pte(b, VA_B + 3 * PGSIZE) = (npages << PGSHIFT) | PTE_P | PTE_U;
}

static void
undo_pte_past(void)
{
	*scene_pte(b, VA_B + 3 * PGSIZE) = 0;
}

/* b's PDE for VA_C points at a "table" past npages. */
static void
plant_pde_past(void)
{
	b->env_pgdir[PDX(VA_C)] = (npages << PGSHIFT) | PTE_P | PTE_W | PTE_U;
}

static void
undo_pde_past(void)
{
	b->env_pgdir[PDX(VA_C)] = 0;
}

/* a's PDE for KERNBASE loses PTE_W: it no longer equals kern_pgdir's. */
static void
plant_kernel_half(void)
{
	a->env_pgdir[PDX(KERNBASE)] &= ~PTE_W;
}

static void
undo_kernel_half(void)
{
	a->env_pgdir[PDX(KERNBASE)] |= PTE_W;
}

/* a's UVPT entry becomes writable. */
static void
plant_uvpt(void)
{
	a->env_pgdir[PDX(UVPT)] |= PTE_W;
}

static void
undo_uvpt(void)
{
	a->env_pgdir[PDX(UVPT)] &= ~PTE_W;
}

/* The kernel lock looks held by no CPU (it stays locked: no CPU gets in). */
static void
plant_unlocked(void)
{
	kernel_lock.cpu = NULL;
}

static void
undo_unlocked(void)
{
	kernel_lock.cpu = thiscpu;
}

/* a says it runs, but no CPU runs it. */
static void
plant_running_nowhere(void)
{
	a->env_status = ENV_RUNNING;
}

static void
undo_running_nowhere(void)
{
	a->env_status = ENV_NOT_RUNNABLE;
}

/*
 * The kinds, in the order they run.  expect is the AUDIT_* bit the audit
 * must report; 0 marks an allowed state, which must audit clean.
 */
static const struct audit_kind {
	const char *name;
	unsigned expect;
	void (*plant)(void);
	void (*undo)(void);
} audit_kinds[] = {
	{ "shared-writable", AUDIT_SHARED_WRITABLE, plant_shared_writable,
	  undo_shared_writable },
	{ "all-share", 0, plant_all_share, undo_all_share },
	{ "table-shared", 0, plant_table_shared, undo_table_shared },
	{ "table-writable", AUDIT_TABLE_WRITABLE, plant_table_writable,
	  undo_table_shared },
	{ "table-refs", AUDIT_TABLE_REFS, plant_table_refs, undo_table_refs },
	{ "frame-refs", AUDIT_PAGE_REFS, plant_frame_refs, undo_frame_refs },
	{ "free-link-lost", AUDIT_FREE_LIST, plant_free_link_lost,
	  undo_free_link_lost },
	{ "free-cycle", AUDIT_FREE_LIST, plant_free_cycle, undo_free_cycle },
	{ "free-mapped", AUDIT_FREE_MAPPED, plant_free_mapped,
	  undo_free_mapped },
	{ "pte-past-npages", AUDIT_BAD_ADDRESS, plant_pte_past, undo_pte_past },
	{ "pde-past-npages", AUDIT_BAD_ADDRESS, plant_pde_past, undo_pde_past },
	{ "kernel-half", AUDIT_KERNEL_HALF, plant_kernel_half,
	  undo_kernel_half },
	{ "uvpt", AUDIT_UVPT, plant_uvpt, undo_uvpt },
	{ "unlocked", AUDIT_CPUS, plant_unlocked, undo_unlocked },
	{ "running-nowhere", AUDIT_CPUS, plant_running_nowhere,
	  undo_running_nowhere },
};

/*
 * Make the two envs and their pages.  Returns true, or false (with a
 * line saying so) when memory or envs run out.
 */
static bool
scene_build(void)
{
	struct PageInfo *frame_b;

	if (env_alloc(&a, 0) < 0 || env_alloc(&b, 0) < 0 ||
	    !(frame_a = page_alloc(ALLOC_ZERO)) ||
	    page_insert(a->env_pgdir, frame_a, (void *)VA_A,
			PTE_P | PTE_U | PTE_W) < 0 ||
	    !(frame_b = page_alloc(ALLOC_ZERO)) ||
	    page_insert(b->env_pgdir, frame_b, (void *)VA_B, PTE_P | PTE_U) <
		    0) {
		cprintf("auditfail: cannot build the scene\n");
		return false;
	}
	a->env_status = b->env_status = ENV_NOT_RUNNABLE;
	return true;
}

/*
 * Plant kind k, audit, undo, audit again.  Prints `auditfail: NAME
 * caught` (or `allowed`), or what went wrong.  Returns true when the
 * audit judged k right; false also when the undo left a finding behind
 * (*clean becomes false: no later kind can be judged).
 */
static bool
audit_kind_run(const struct audit_kind *k, bool *clean)
{
	unsigned found;
	bool right;

	cprintf("auditfail: planting %s\n", k->name);
	k->plant();
	found = audit_run();
	k->undo();
	right = k->expect ? (found & k->expect) != 0 : found == 0;
	if (k->expect)
		cprintf("auditfail: %s %s (findings %03x, expected %03x)\n",
			k->name, right ? "caught" : "MISSED", found, k->expect);
	else
		cprintf("auditfail: %s %s (findings %03x)\n", k->name,
			right ? "allowed" : "FLAGGED", found);
	if (audit_run() != 0) {
		cprintf("auditfail: %s NOT UNDONE, stopping\n", k->name);
		*clean = false;
	}
	return right;
}

/*
 * The auditfail hook (opt/jos/hook=auditfail): run every kind (until one
 * is not undone), print `auditfail: C of N caught` and `auditfail: A of M
 * allowed` (N and M count every kind of the table), free the envs, and
 * run the audit once more, which must say ok with every page back.
 */
void
check_audit_fail(void)
{
	int i, right[2] = { 0, 0 }, total[2] = { 0, 0 };
	bool clean = true;

	if (!scene_build())
		return;
	cprintf("auditfail: the scene audits %s\n",
		audit_run() == 0 ? "clean" : "DIRTY");
	for (i = 0; i < (int)ARRAY_SIZE(audit_kinds); i++) {
		bool corruption = audit_kinds[i].expect != 0;

		total[corruption]++;
		if (clean && audit_kind_run(&audit_kinds[i], &clean))
			right[corruption]++;
	}
	cprintf("auditfail: %d of %d caught\n", right[1], total[1]);
	cprintf("auditfail: %d of %d allowed\n", right[0], total[0]);
	env_destroy(a);
	env_destroy(b);
	audit_run();
}
