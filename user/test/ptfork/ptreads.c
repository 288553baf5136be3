/*
 * ptreads: reads copy nothing.  After ptfork(), the child and then the
 * parent read every page of every shared region, and nfree does not move:
 * no page table is copied, no page; every region stays shared, each
 * table's pp_ref stays 2.
 *
 * Three regions are shared: the program's (text, data, bss), HEAP1 and
 * HEAP2 with NPAGES filled pages each.  Each side:
 *
 *   - takes nfree, reads every word of every present page of every
 *     region whose PDE is PTE_SHARED_PT, takes nfree again;
 *   - checks the number of shared regions, that the heap pages hold the
 *     parent's words, that nothing was allocated, and that every shared
 *     region is still shared by 2.
 *
 * The sides take turns over IPC so that one measures while the other is
 * blocked.  Expected output: "ptreads: SIDE: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define HEAP1 0x10000000
#define HEAP2 0x20000000
#define NPAGES 8
#define NWORDS (PGSIZE / sizeof(uint32_t))
#define PDE_SHARED (PTE_P | PTE_U | PTE_SHARED_PT)
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static uint32_t
heap_word(uintptr_t va, unsigned i)
{
	return va ^ (i * 2654435761u);
}

/* Fill NPAGES pages at base with their words. */
static void
fill_heap(uintptr_t base)
{
	uintptr_t va;
	unsigned i;

	for (va = base; va < base + NPAGES * PGSIZE; va += PGSIZE) {
		if (sys_page_alloc(0, (void *)va, PTE_P | PTE_U | PTE_W) < 0)
			panic("sys_page_alloc");
		for (i = 0; i < NWORDS; i++)
			((uint32_t *)va)[i] = heap_word(va, i);
	}
}

/* Words of the heap pages that do not hold their own word. */
static int
heap_mismatches(uintptr_t base)
{
	const volatile uint32_t *p;
	uintptr_t va;
	unsigned i;
	int bad = 0;

	for (va = base; va < base + NPAGES * PGSIZE; va += PGSIZE)
		for (p = (const uint32_t *)va, i = 0; i < NWORDS; i++)
			bad += p[i] != heap_word(va, i);
	return bad;
}

/*
 * Read every word of every present page in every shared region.  Returns
 * the number of shared regions; *tables_not_2 counts those whose table
 * pp_ref is not 2.
 */
static int
read_shared_regions(int *pages_read, int *tables_not_2)
{
	const volatile uint32_t *p;
	unsigned pdx, pn, i;
	int regions = 0;
	uint32_t sum = 0;

	*pages_read = *tables_not_2 = 0;
	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if ((uvpd[pdx] & PDE_BITS) != PDE_SHARED)
			continue;
		regions++;
		if (pages[PGNUM(uvpd[pdx])].pp_ref != 2)
			(*tables_not_2)++;
		for (pn = pdx * NPTENTRIES; pn < (pdx + 1) * NPTENTRIES; pn++) {
			if (!(uvpt[pn] & PTE_P))
				continue;
			p = (const uint32_t *)(pn << PGSHIFT);
			for (i = 0; i < NWORDS; i++)
				sum += p[i];
			(*pages_read)++;
		}
	}
	USED(sum);
	return regions;
}

/* One side's reads and checks. */
static void
read_everything(const char *who)
{
	int regions, pages_read, tables_not_2;
	uint32_t before, after;

	before = mem_nfree();
	regions = read_shared_regions(&pages_read, &tables_not_2);
	check_int(heap_mismatches(HEAP1), 0,
		  "%s: heap 1 holds the parent's words", who);
	check_int(heap_mismatches(HEAP2), 0,
		  "%s: heap 2 holds the parent's words", who);
	after = mem_nfree();
	check_int(regions, 3, "%s: 3 shared regions", who);
	check_true(pages_read >= 2 * NPAGES + 2,
		   "%s: read %d pages, at least %d", who, pages_read,
		   2 * NPAGES + 2);
	check_int(before - after, 0, "%s: reads cost 0 pages", who);
	regions = read_shared_regions(&pages_read, &tables_not_2);
	check_int(regions, 3, "%s: still 3 shared regions", who);
	check_int(tables_not_2, 0, "%s: every table still shared by 2", who);
}

void
umain(int argc, char **argv)
{
	envid_t who;

	fill_heap(HEAP1);
	fill_heap(HEAP2);

	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0) {
		/* Tell the parent we are ready, then read when told to. */
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
		read_everything("child");
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
		return;
	}
	ipc_recv(NULL, NULL, NULL);
	ipc_send(who, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	read_everything("parent");
	ipc_send(who, 0, NULL, 0);
}
