/*
 * cowsteps: one page walked through a copy-on-write fork, step by step
 * (docs/cow-steps.md):
 *
 *   1. before fork: the parent's page, writable;
 *   2. after fork, in the parent: read-only with PTE_COW, pp_ref 2;
 *   3. after fork, in the child: the same physical page, the same bits;
 *   4. the child writes: the trap and its error code, the handler's
 *	decision (pp_ref 2: copy), the copy, the new PTE;
 *   5. the parent writes, now alone on the page (pp_ref 1): the handler
 *	makes the page writable again where it is, no copy.
 *
 * At each step it prints the page's PTE bits, physical page and pp_ref,
 * its logical permission (may the program write? PTE_W or PTE_COW) next
 * to its physical one (will the MMU let a user write through? W and U in
 * both the PTE and the PDE), and the PDE above it with its page table's
 * pp_ref.  The faults go to fork()'s own handler, through a wrapper that
 * prints the trap before and the outcome after it.  The parent waits in
 * ipc_recv while the child takes its steps, and the child waits in turn
 * until the parent is done, so that the free-page counts around each
 * fault see only that fault's pages.
 */
#include <inc/lib.h>

#define STEPS_VA 0x10000000 /* the page walked through the steps */

/* The C handler lib/pfentry.S calls (lib/pgfault.c). */
extern void (*_pgfault_handler)(struct UTrapframe *utf);

/* fork()'s handler, which steps_pgfault hands every fault to. */
static void (*fork_pgfault)(struct UTrapframe *utf);

/* Who we are, for the start of each line: "parent" or "child". */
static const char *who;

/* Free physical pages now (sys_mem_stat). */
static uint32_t
free_pages(void)
{
	struct MemStat ms;
	int r;

	if ((r = sys_mem_stat(&ms)) < 0)
		panic("sys_mem_stat: %e", r);
	return ms.nfree;
}

/* Print the words of entry's P, W, U, COW, SHARE and SHARED_PT bits. */
static void
print_bits(uint32_t entry)
{
	cprintf("%s%s%s%s%s%s", (entry & PTE_P) ? "P" : "-",
		(entry & PTE_W) ? " W" : "", (entry & PTE_U) ? " U" : "",
		(entry & PTE_COW) ? " COW" : "",
		(entry & PTE_SHARE) ? " SHARE" : "",
		(entry & PTE_SHARED_PT) ? " SHARED_PT" : "");
}

/* May the program write the page (its logical permission)? */
static const char *
logical_access(pte_t pte)
{
	return (pte & (PTE_W | PTE_COW)) ? "writable" : "read-only";
}

/* Will the MMU let a user write through pde and pte (physical)? */
static const char *
physical_access(pde_t pde, pte_t pte)
{
	pte_t both = pde & pte;

	if ((both & (PTE_W | PTE_U)) == (PTE_W | PTE_U))
		return "writable";
	return (pte & PTE_COW) ? "read-only (PTE_COW)" : "read-only";
}

/*
 * Two lines about STEPS_VA as we see it now: the PTE's bits, physical
 * page, pp_ref and logical vs physical permission; then the PDE's bits,
 * its page table and that table's pp_ref (through the table's own
 * mapping in uvpt).
 */
static void
show_page(void)
{
	pde_t pde = uvpd[PDX(STEPS_VA)];
	pte_t pte = uvpt[PGNUM(STEPS_VA)];
	void *table = (void *)&uvpt[PDX(STEPS_VA) * NPTENTRIES];

	cprintf("  %s: PTE ", who);
	print_bits(pte);
	cprintf("  pa %08x  pp_ref %d  logical: %s  physical: %s\n",
		PTE_ADDR(pte), pageref((void *)STEPS_VA), logical_access(pte),
		physical_access(pde, pte));
	cprintf("  %s: PDE ", who);
	print_bits(pde);
	cprintf("  table pa %08x  pp_ref %d\n", PTE_ADDR(pde), pageref(table));
}

/* The lecture's step title. */
static void
step(int n, const char *title)
{
	cprintf("--- step %d: %s ---\n", n, title);
}

/* Print the fault in utf: its address, eip and error code in words. */
static void
show_trap(struct UTrapframe *utf)
{
	uint32_t err = utf->utf_err;

	cprintf("  %s: trap: page fault at va %08x, eip %08x, err %x "
		"(%s, %s, %s)\n",
		who, utf->utf_fault_va, utf->utf_eip, err,
		(err & FEC_PR) ? "protection violation" : "page not present",
		(err & FEC_WR) ? "write" : "read",
		(err & FEC_U) ? "user mode" : "kernel mode");
}

/*
 * The page-fault handler while the steps run.  A fault on STEPS_VA is
 * printed (the trap, then what fork()'s handler will do with it, then
 * what it did: the physical page before and after, and the pages it
 * took); every fault, that one included, is handled by fork()'s handler.
 */
static void
steps_pgfault(struct UTrapframe *utf)
{
	pte_t pte = uvpt[PGNUM(STEPS_VA)];
	physaddr_t before = PTE_ADDR(pte), after;
	int refs = pageref((void *)STEPS_VA);
	uint32_t nfree;

	if (ROUNDDOWN(utf->utf_fault_va, PGSIZE) != STEPS_VA) {
		fork_pgfault(utf);
		return;
	}
	show_trap(utf);
	cprintf("  %s: handler: a write to a PTE_COW page: make it private "
		"(sys_page_private); pp_ref %d, so %s\n",
		who, refs,
		refs > 1 ? "another mapping shares it: copy" :
			   "no one else maps it: reuse, no copy");
	nfree = free_pages();
	fork_pgfault(utf);
	after = PTE_ADDR(uvpt[PGNUM(STEPS_VA)]);
	if (after != before)
		cprintf("  %s: copy: pa %08x -> %08x, %d page allocated\n", who,
			before, after, nfree - free_pages());
	else
		cprintf("  %s: reuse: pa %08x kept, %d pages allocated\n", who,
			after, nfree - free_pages());
}

/* Put steps_pgfault in front of the handler fork() installed. */
static void
trace_faults(void)
{
	fork_pgfault = _pgfault_handler;
	set_pgfault_handler(steps_pgfault);
}

/* Steps 3 and 4, in the child, once the parent waits in ipc_recv. */
static void
child_steps(envid_t parent)
{
	who = "child";
	trace_faults();
	while (envs[ENVX(parent)].env_status != ENV_NOT_RUNNABLE)
		sys_yield();
	step(3, "after fork, in the child");
	show_page();
	step(4, "the child writes");
	strcpy((char *)STEPS_VA, "the child's data");
	show_page();
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

/* Steps 1, 2 and 5, in the parent. */
void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid(), child;
	int r;

	who = "parent";
	cprintf("cowsteps: page %08x through fork, step by step\n", STEPS_VA);
	r = sys_page_alloc(0, (void *)STEPS_VA, PTE_P | PTE_U | PTE_W);
	if (r < 0)
		panic("sys_page_alloc: %e", r);
	strcpy((char *)STEPS_VA, "the parent's data");
	step(1, "before fork");
	show_page();
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		child_steps(parent);
		return;
	}
	trace_faults();
	step(2, "after fork, in the parent");
	show_page();
	ipc_recv(NULL, NULL, NULL);
	step(5, "the parent writes, alone on the page now");
	show_page();
	strcpy((char *)STEPS_VA, "the parent's new data");
	show_page();
	cprintf("cowsteps: the parent reads \"%s\", the child wrote \"the "
		"child's data\" in its copy\n",
		(char *)STEPS_VA);
	ipc_send(child, 0, NULL, 0);
}
