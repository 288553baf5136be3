/*
 * The audit: recompute, from the page tables and the free list alone, what
 * every pp_ref, the free count and the isolation invariant say must hold,
 * and report each difference.
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
 *
 * The isolation invariant (docs/threat-model.md): a frame that one env can
 * write (PTE_W in its PTE, reached through a PDE with PTE_W) is mapped by
 * no other env, unless every mapping of it has PTE_SHARE; and a page table
 * with pp_ref > 1 is reached only through read-only PTE_SHARED_PT PDEs.
 *
 * The CPUs (docs/smp.md): the auditing CPU holds the kernel lock, so that
 * no other CPU changes what it reads (they may only run user code, or wait
 * for the lock), and the envs agree with the CPUs: an env is ENV_RUNNING
 * or ENV_DYING exactly when a CPU has it as its cpu_env.
 *
 * The cost is O(pages + tables): one walk of the free list; one pass over
 * every live env's directory, walking the table behind each present PDE
 * below UTOP (a table shared by k directories is walked k times, since
 * each of them reaches its frames, but its PTEs count once as
 * references); then one pass over pages[].  Only the lines it prints
 * (at most AUDIT_MAX_LINES) search the tables again, to name an env and
 * a va.
 */
#include <inc/assert.h>
#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/string.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/debug/audit.h>
#include <kern/bitmap.h>
#include <kern/cpu.h>
#include <kern/spinlock.h>

/* FAIL lines printed per run; the rest are only counted. */
#define AUDIT_MAX_LINES 16

/* Bits the MMU sets in a PDE by itself, which comparisons ignore. */
#define PDE_MMU_BITS (PTE_A | PTE_D)

/* Recomputed references per physical page. */
static uint32_t audit_refs[KERNMAP_NPAGES];

/*
 * Per frame mapped below UTOP: the first env that maps it and a second,
 * different one (each as its envs[] index + 1, 0 for none), whether some
 * mapping is writable (PTE_W in the PTE and its PDE), whether some mapping
 * lacks PTE_SHARE.
 */
static uint32_t audit_frame[KERNMAP_NPAGES];
#define FRAME_ENV_MASK 0x7FF
#define FRAME_SECOND_SHIFT 11
#define FRAME_WRITABLE (1U << 22)
#define FRAME_NOT_SHARE (1U << 23)

/* The first env (index + 1) recorded in a frame's audit_frame entry. */
static uint32_t
frame_first(uint32_t f)
{
	return f & FRAME_ENV_MASK;
}

/* The second env (index + 1) recorded in a frame's audit_frame entry. */
static uint32_t
frame_second(uint32_t f)
{
	return (f >> FRAME_SECOND_SHIFT) & FRAME_ENV_MASK;
}

/* Pages referenced only through kern_pgdir (kernel page tables). */
static uint32_t audit_kernel_table[BITMAP_WORDS(KERNMAP_NPAGES)];
/* Pages some env's PDE below UTOP points at (user page tables). */
static uint32_t audit_user_table[BITMAP_WORDS(KERNMAP_NPAGES)];
/* User page tables whose PTEs have been counted (a shared one once). */
static uint32_t audit_table_counted[BITMAP_WORDS(KERNMAP_NPAGES)];
/* User page tables reached through a PDE that is not read-only SHARED_PT. */
static uint32_t audit_table_open[BITMAP_WORDS(KERNMAP_NPAGES)];
/* Pages found on the free list. */
static uint32_t audit_free[BITMAP_WORDS(KERNMAP_NPAGES)];

/* The walk of the free list reached its end (audit_free is all of it). */
static bool audit_free_whole;

static unsigned audit_found; /* the AUDIT_* bits of this run */
static int audit_failures;   /* the FAIL findings of this run */

/* The user address of entry pteno in the table for region pdeno. */
static uintptr_t
audit_va(uint32_t pdeno, uint32_t pteno)
{
	return (uintptr_t)PGADDR(pdeno, pteno, 0);
}

/*
 * Record a finding of kind (an AUDIT_* bit) and print it as an
 * `audit: FAIL` line, unless AUDIT_MAX_LINES were printed already.
 */
static void
audit_fail(unsigned kind, const char *fmt, ...)
{
	va_list ap;

	audit_found |= kind;
	if (++audit_failures > AUDIT_MAX_LINES)
		return;
	cprintf("audit: FAIL ");
	va_start(ap, fmt);
	vcprintf(fmt, ap);
	va_end(ap);
	cprintf("\n");
}

/*
 * Walk the free list, marking its pages in audit_free: every link must be
 * a page of pages[], seen once (a page seen again is a cycle, which also
 * bounds the walk by npages), with pp_ref 0 and a link that is not NULL;
 * the length must be the free count.  Sets audit_free_whole when the walk
 * reached the end of the list (no bad or NULL link, no cycle).
 */
static void
audit_walk_free_list(void)
{
	struct PageInfo *pp;
	size_t n = 0, pgnum;

	for (pp = page_free_first(); pp; pp = page_free_next(pp)) {
		if (pp < pages || pp >= pages + npages ||
		    ((uintptr_t)pp - (uintptr_t)pages) % sizeof(*pp) != 0) {
			audit_fail(AUDIT_FREE_LIST,
				   "free list: link %u, %08x, is not a page", n,
				   (uintptr_t)pp);
			return;
		}
		pgnum = pp - pages;
		if (bitmap_test(audit_free, pgnum)) {
			audit_fail(AUDIT_FREE_LIST,
				   "free list: a cycle, page %05x comes back "
				   "after %u pages",
				   pgnum, n);
			return;
		}
		bitmap_set(audit_free, pgnum);
		n++;
		if (pp->pp_ref != 0)
			audit_fail(AUDIT_FREE_MAPPED,
				   "free page %05x has pp_ref %u", pgnum,
				   pp->pp_ref);
		if (pp->pp_link == NULL) {
			audit_fail(AUDIT_FREE_LIST,
				   "free page %05x links to NULL: the list is "
				   "cut there",
				   pgnum);
			return;
		}
	}
	audit_free_whole = true;
	if (n != page_free_count())
		audit_fail(
			AUDIT_FREE_LIST,
			"free list: %u pages on it, but the free count is %u",
			n, page_free_count());
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
		if (PGNUM(pde) >= npages) {
			audit_fail(AUDIT_BAD_ADDRESS,
				   "kern_pgdir: PDE for va %08x points at "
				   "%08x, past the last page %05x",
				   audit_va(pdeno, 0), PTE_ADDR(pde),
				   npages - 1);
			continue;
		}
		audit_refs[PGNUM(pde)]++;
		bitmap_set(audit_kernel_table, PGNUM(pde));
	}
}

/*
 * e's directory above UTOP: every PDE but UVPT's equals kern_pgdir's, and
 * the UVPT entry maps the directory itself, present, user, read-only.
 */
static void
audit_check_kernel_half(struct Env *e)
{
	pde_t *pgdir = e->env_pgdir;
	pde_t uvpt = PADDR(pgdir) | PTE_P | PTE_U;
	uint32_t pdeno;

	for (pdeno = PDX(UTOP); pdeno < NPDENTRIES; pdeno++) {
		if (pdeno == PDX(UVPT) ||
		    ((pgdir[pdeno] ^ kern_pgdir[pdeno]) & ~PDE_MMU_BITS) == 0)
			continue;
		audit_fail(AUDIT_KERNEL_HALF,
			   "env %08x: PDE for va %08x is %08x, kern_pgdir's "
			   "is %08x",
			   e->env_id, audit_va(pdeno, 0), pgdir[pdeno],
			   kern_pgdir[pdeno]);
	}
	if ((pgdir[PDX(UVPT)] & ~PDE_MMU_BITS) != uvpt)
		audit_fail(AUDIT_UVPT,
			   "env %08x: UVPT entry is %08x, not %08x (the "
			   "directory, present, user, read-only)",
			   e->env_id, pgdir[PDX(UVPT)], uvpt);
}

/* Note that env number envx maps frame pgnum, and how. */
static void
audit_note_frame(size_t pgnum, uint32_t envx, bool writable, bool not_share)
{
	uint32_t f = audit_frame[pgnum], me = envx + 1;

	if (frame_first(f) == 0)
		f |= me;
	else if (frame_first(f) != me && frame_second(f) == 0)
		f |= me << FRAME_SECOND_SHIFT;
	if (writable)
		f |= FRAME_WRITABLE;
	if (not_share)
		f |= FRAME_NOT_SHARE;
	audit_frame[pgnum] = f;
}

/*
 * The present PTEs of the table that pde (e's PDE for region pdeno) points
 * at: each frame notes that e maps it.  With count (the first directory
 * seen to reach this table), each PTE is also one reference to its frame,
 * and a PTE past npages is reported.
 */
static void
audit_walk_table(struct Env *e, uint32_t pdeno, pde_t pde, bool count)
{
	pte_t *pt = KADDR(PTE_ADDR(pde));
	uint32_t pteno;
	pte_t pte;

	for (pteno = 0; pteno < NPTENTRIES; pteno++) {
		if (!((pte = pt[pteno]) & PTE_P))
			continue;
		if (PGNUM(pte) >= npages) {
			if (count)
				audit_fail(AUDIT_BAD_ADDRESS,
					   "env %08x: PTE for va %08x maps "
					   "%08x, past the last page %05x",
					   e->env_id, audit_va(pdeno, pteno),
					   PTE_ADDR(pte), npages - 1);
			continue;
		}
		if (count)
			audit_refs[PGNUM(pte)]++;
		audit_note_frame(PGNUM(pte), e - envs, pde & pte & PTE_W,
				 !(pte & PTE_SHARE));
	}
}

/*
 * Everything env e holds and reaches: its directory (one reference), its
 * kernel half, one reference per user PDE to the table it points at, and
 * the tables' frames (audit_walk_table).
 */
static void
audit_walk_env(struct Env *e)
{
	uint32_t pdeno;
	size_t table;
	pde_t pde;

	audit_refs[PGNUM(PADDR(e->env_pgdir))]++;
	audit_check_kernel_half(e);
	for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		if (!((pde = e->env_pgdir[pdeno]) & PTE_P))
			continue;
		if ((table = PGNUM(pde)) >= npages) {
			audit_fail(AUDIT_BAD_ADDRESS,
				   "env %08x: PDE for va %08x points at %08x, "
				   "past the last page %05x",
				   e->env_id, audit_va(pdeno, 0), PTE_ADDR(pde),
				   npages - 1);
			continue;
		}
		audit_refs[table]++;
		bitmap_set(audit_user_table, table);
		if ((pde & (PTE_W | PTE_SHARED_PT)) != PTE_SHARED_PT)
			bitmap_set(audit_table_open, table);
		audit_walk_table(e, pdeno, pde,
				 !bitmap_test(audit_table_counted, table));
		bitmap_set(audit_table_counted, table);
	}
}

/*
 * Find a live env with a PDE below UTOP pointing at page pgnum (with open,
 * one that is not read-only PTE_SHARED_PT) and the first va it covers.
 * Returns the env, or NULL when there is none.
 */
static struct Env *
audit_find_pde(size_t pgnum, bool open, uintptr_t *va)
{
	uint32_t i, pdeno;
	pde_t pde;

	for (i = 0; i < NENV; i++) {
		if (envs[i].env_status == ENV_FREE)
			continue;
		for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
			pde = envs[i].env_pgdir[pdeno];
			if (!(pde & PTE_P) || PGNUM(pde) != pgnum ||
			    (open &&
			     (pde & (PTE_W | PTE_SHARED_PT)) == PTE_SHARED_PT))
				continue;
			*va = audit_va(pdeno, 0);
			return &envs[i];
		}
	}
	return NULL;
}

/*
 * Find a live env with a present PTE below UTOP mapping frame pgnum (with
 * writable, one that it can write) and its va.  Returns the env, or NULL.
 */
static struct Env *
audit_find_pte(size_t pgnum, bool writable, uintptr_t *va)
{
	uint32_t i, pdeno, pteno;
	pde_t pde;
	pte_t *pt;

	for (i = 0; i < NENV; i++) {
		if (envs[i].env_status == ENV_FREE)
			continue;
		for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
			pde = envs[i].env_pgdir[pdeno];
			if (!(pde & PTE_P) || PGNUM(pde) >= npages)
				continue;
			pt = KADDR(PTE_ADDR(pde));
			for (pteno = 0; pteno < NPTENTRIES; pteno++) {
				if (!(pt[pteno] & PTE_P) ||
				    PGNUM(pt[pteno]) != pgnum ||
				    (writable && !(pde & pt[pteno] & PTE_W)))
					continue;
				*va = audit_va(pdeno, pteno);
				return &envs[i];
			}
		}
	}
	return NULL;
}

/* Page i's pp_ref against the references found to it. */
static void
audit_check_count(size_t i)
{
	uint32_t want = audit_refs[i] + (page_is_reserved(&pages[i]) ? 1 : 0);

	if (pages[i].pp_ref == want)
		return;
	if (bitmap_test(audit_user_table, i))
		audit_fail(AUDIT_TABLE_REFS,
			   "page table %08x: pp_ref %u but %u PDE(s) point "
			   "at it",
			   i * PGSIZE, pages[i].pp_ref, want);
	else
		audit_fail(AUDIT_PAGE_REFS,
			   "page %05x (pa %08x): pp_ref %u but %u references",
			   i, i * PGSIZE, pages[i].pp_ref, want);
}

/*
 * Page i is on the free list exactly when its pp_ref is 0, and unmapped
 * (pages past a broken link or a cycle are not judged off the list).
 */
static void
audit_check_free(size_t i)
{
	struct Env *e;
	uintptr_t va;

	if (!bitmap_test(audit_free, i)) {
		if (pages[i].pp_ref == 0 && audit_free_whole)
			audit_fail(AUDIT_FREE_LIST,
				   "page %05x has pp_ref 0 but is not on the "
				   "free list",
				   i);
		return;
	}
	if (audit_refs[i] == 0)
		return;
	if ((e = audit_find_pte(i, false, &va)))
		audit_fail(AUDIT_FREE_MAPPED,
			   "free page %05x is mapped by env %08x at va %08x", i,
			   e->env_id, va);
	else
		audit_fail(AUDIT_FREE_MAPPED,
			   "free page %05x has %u references (page table)", i,
			   audit_refs[i]);
}

/*
 * The isolation invariant for page i: as a frame, nobody can write it
 * while another env maps it (unless every mapping is PTE_SHARE); as a
 * user page table that several PDEs reach, none of them is writable or
 * lacks PTE_SHARED_PT.  (A table whose pp_ref says shared but that one
 * PDE reaches is a wrong count, which audit_check_count reports.)
 */
static void
audit_check_isolation(size_t i)
{
	uint32_t f = audit_frame[i], other;
	struct Env *e;
	uintptr_t va;

	if (frame_second(f) && (f & FRAME_WRITABLE) && (f & FRAME_NOT_SHARE) &&
	    (e = audit_find_pte(i, true, &va))) {
		other = frame_first(f) - 1;
		if (&envs[other] == e)
			other = frame_second(f) - 1;
		audit_fail(AUDIT_SHARED_WRITABLE,
			   "frame %08x: env %08x can write it (va %08x) and "
			   "env %08x maps it too, not every mapping PTE_SHARE",
			   i * PGSIZE, e->env_id, va, envs[other].env_id);
	}
	if (bitmap_test(audit_table_open, i) && audit_refs[i] > 1 &&
	    (e = audit_find_pde(i, true, &va)))
		audit_fail(AUDIT_TABLE_WRITABLE,
			   "page table %08x: shared by %u PDEs but env %08x "
			   "reaches it for va %08x through PDE %08x, not "
			   "read-only PTE_SHARED_PT",
			   i * PGSIZE, audit_refs[i], e->env_id, va,
			   e->env_pgdir[PDX(va)]);
}

/*
 * One pass over pages[]: counts, the free list, isolation.  Returns the
 * number of pages held by envs (not free, not reserved, not kernel page
 * tables).
 */
static size_t
audit_check_pages(void)
{
	size_t i, in_use = 0;

	for (i = 0; i < npages; i++) {
		audit_check_count(i);
		audit_check_free(i);
		audit_check_isolation(i);
		if (pages[i].pp_ref != 0 && !page_is_reserved(&pages[i]) &&
		    !bitmap_test(audit_kernel_table, i))
			in_use++;
	}
	return in_use;
}

/* True when e is ENV_RUNNING or ENV_DYING: some CPU must be running it. */
static bool
audit_env_on_cpu(const struct Env *e)
{
	return e->env_status == ENV_RUNNING || e->env_status == ENV_DYING;
}

/* The kernel lock is held here, and the envs and the CPUs agree. */
static void
audit_check_cpus(void)
{
	struct Env *e;
	int i, n;

	if (!holding(&kernel_lock))
		audit_fail(AUDIT_CPUS, "CPU %d audits without the kernel lock",
			   cpunum());
	for (i = 0; i < NENV; i++) {
		if (!audit_env_on_cpu(&envs[i]))
			continue;
		for (n = 0; n < ncpu && cpus[n].cpu_env != &envs[i]; n++)
			;
		if (n == ncpu)
			audit_fail(AUDIT_CPUS,
				   "env %08x is %s but no CPU runs it",
				   envs[i].env_id,
				   env_status_name(envs[i].env_status));
	}
	for (n = 0; n < ncpu; n++)
		if (&cpus[n] != thiscpu && (e = cpus[n].cpu_env) &&
		    !audit_env_on_cpu(e))
			audit_fail(AUDIT_CPUS,
				   "CPU %d runs env %08x, which is %s", n,
				   e->env_id, env_status_name(e->env_status));
}

/* Forget everything the previous run found. */
static void
audit_reset(void)
{
	memset(audit_refs, 0, sizeof(audit_refs));
	memset(audit_frame, 0, sizeof(audit_frame));
	memset(audit_kernel_table, 0, sizeof(audit_kernel_table));
	memset(audit_user_table, 0, sizeof(audit_user_table));
	memset(audit_table_counted, 0, sizeof(audit_table_counted));
	memset(audit_table_open, 0, sizeof(audit_table_open));
	memset(audit_free, 0, sizeof(audit_free));
	audit_free_whole = false;
	audit_found = 0;
	audit_failures = 0;
}

/*
 * Run the audit and print `audit: ok (free pages F of F0)` or one
 * `audit: FAIL` line per finding (the first AUDIT_MAX_LINES, then how many
 * more).  F0 is the free count before the first env; every page missing
 * from it must be held by a live env.  Returns the AUDIT_* bits of what
 * was found, 0 when all is well.
 */
unsigned
audit_run(void)
{
	size_t in_use, nfree = page_free_count(), baseline;
	int i;

	audit_reset();
	audit_check_cpus();
	audit_walk_free_list();
	audit_count_kernel();
	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			audit_walk_env(&envs[i]);
	in_use = audit_check_pages();

	baseline = env_baseline_free ? env_baseline_free : nfree;
	if (nfree + in_use != baseline)
		audit_fail(AUDIT_LEAK,
			   "%u free + %u held by envs, expected %u: %d pages "
			   "leaked",
			   nfree, in_use, baseline,
			   (int)(baseline - nfree - in_use));
	if (audit_failures > AUDIT_MAX_LINES)
		cprintf("audit: FAIL and %d more findings not shown\n",
			audit_failures - AUDIT_MAX_LINES);
	if (audit_failures == 0)
		cprintf("audit: ok (free pages %u of %u)\n", nfree, baseline);
	return audit_found;
}
