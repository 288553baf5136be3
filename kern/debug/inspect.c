/*
 * Monitor commands that look inside the memory system: environments, page
 * mappings with their bits and reference counts, physical pages and who
 * maps them, free memory, and the audit.
 */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/error.h>

#include <kern/debug/monitor.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/debug/audit.h>
#include <kern/ptshare.h>
#include <kern/debug/ptebits.h>

/* The bits that mappings show, as in "P W U COW SHARE" ("-": not present). */
static const struct pte_bit_word mapping_words[] = {
	{ PTE_P, "P", "-" },    { PTE_W, "W", "" },         { PTE_U, "U", "" },
	{ PTE_COW, "COW", "" }, { PTE_SHARE, "SHARE", "" },
};

/* Print the bits of a PTE (or a 4 MiB PDE) as mapping_words. */
static void
print_mapping_bits(pte_t pte)
{
	print_pte_bits(pte, mapping_words, ARRAY_SIZE(mapping_words));
}

/* Resume the environment that trapped into the monitor (breakpoint). */
int
mon_continue(int argc, char **argv, struct Trapframe *tf)
{
	if (!tf || (tf->tf_cs & 3) != 3) {
		cprintf("continue: no environment to resume\n");
		return 0;
	}
	return -1;
}

/* The number of user pages mapped below UTOP in e (one per present PTE). */
static size_t
env_user_pages(struct Env *e)
{
	uint32_t pdeno, pteno;
	size_t n = 0;
	pte_t *pt;

	for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		pt = KADDR(PTE_ADDR(e->env_pgdir[pdeno]));
		for (pteno = 0; pteno < NPTENTRIES; pteno++)
			n += (pt[pteno] & PTE_P) != 0;
	}
	return n;
}

/* List every live environment. */
int
mon_envs(int argc, char **argv, struct Trapframe *tf)
{
	struct Env *e;

	cprintf("id       parent   status       runs     pages\n");
	for (e = envs; e < envs + NENV; e++) {
		if (e->env_status == ENV_FREE)
			continue;
		cprintf("%08x %08x %-12s %-8u %u\n", e->env_id,
			e->env_parent_id, env_status_name(e->env_status),
			e->env_runs, env_user_pages(e));
	}
	return 0;
}

/*
 * Parse an address or env id (hex, with or without 0x) into *val.
 * Returns 0, or -E_INVAL after saying what was wrong.
 */
static int
parse_number(const char *s, uint32_t *val)
{
	if (!mon_parse_hex(s, val)) {
		cprintf("not a number: '%s'\n", s);
		return -E_INVAL;
	}
	return 0;
}

/* The bits that a showmappings line shows of the PDE above a page. */
static const struct pte_bit_word pde_words[] = {
	{ PTE_P, "P", "-" },
	{ PTE_W, "W", "" },
	{ PTE_U, "U", "" },
	{ PTE_SHARED_PT, "SHARED_PT", "" },
};

/*
 * What user code may do at a page mapped by pde and pte, both present: the
 * MMU lets a user write through only when both entries have W and U, and a
 * user read only when both have U.
 */
static const char *
effective_access(pde_t pde, pte_t pte)
{
	pte_t both = pde & pte;

	if ((both & (PTE_U | PTE_W)) == (PTE_U | PTE_W))
		return "user read-write";
	if (both & PTE_U)
		return "user read-only";
	return "kernel only";
}

/*
 * The end of a showmappings line for a page under a page table: the
 * PDE's bits, the table's pp_ref when other directories hold the table
 * too, and the access the PDE and the PTE allow together.
 */
static void
show_pde_and_access(pde_t pde, pte_t pte)
{
	cprintf("  PDE ");
	print_pte_bits(pde, pde_words, ARRAY_SIZE(pde_words));
	if (pde_is_shared(pde) && pt_holders(pde) > 1)
		cprintf("  (table shared, pp_ref %u)", pt_holders(pde));
	cprintf("  effective: %s\n", effective_access(pde, pte));
}

/* Print one page of a showmappings listing. */
static void
show_mapping(pde_t *pgdir, uintptr_t va)
{
	pde_t pde = pgdir[PDX(va)];
	physaddr_t pa;
	pte_t pte;

	cprintf("%08x  ", va);
	if ((pde & PTE_P) && (pde & PTE_PS)) {
		pa = PTE_ADDR(pde) + (va & (PTSIZE - 1) & ~(PGSIZE - 1));
		cprintf("-> %08x  ", pa);
		print_mapping_bits(pde);
		cprintf(" (4 MiB page)  effective: %s\n",
			effective_access(pde, pde));
		return;
	}
	pte = (pde & PTE_P) ? *pgdir_walk(pgdir, (void *)va, false) : 0;
	if (!(pte & PTE_P)) {
		cprintf("not mapped\n");
		return;
	}
	cprintf("-> %08x  ", PTE_ADDR(pte));
	print_mapping_bits(pte);
	if (PGNUM(pte) < npages)
		cprintf("  pp_ref %u", pa2page(PTE_ADDR(pte))->pp_ref);
	show_pde_and_access(pde, pte);
}

/*
 * showmappings VA [VA2] [envid]: the mappings of every page in [VA, VA2]
 * in envid's address space (default: the current env's, else the
 * kernel's).  All three are hex.
 */
int
mon_showmappings(int argc, char **argv, struct Trapframe *tf)
{
	uint32_t lo, hi, envid = 0;
	pde_t *pgdir = curenv ? curenv->env_pgdir : kern_pgdir;
	struct Env *e;
	uint64_t va;

	if (argc < 2 || argc > 4) {
		cprintf("usage: showmappings VA [VA2] [envid]\n");
		return 0;
	}
	if (parse_number(argv[1], &lo) < 0 ||
	    parse_number(argc > 2 ? argv[2] : argv[1], &hi) < 0 ||
	    (argc > 3 && parse_number(argv[3], &envid) < 0))
		return 0;
	if (argc > 3) {
		if (envid2env(envid, &e, false) < 0 || !e) {
			cprintf("no environment %08x\n", envid);
			return 0;
		}
		pgdir = e->env_pgdir;
	}
	for (va = ROUNDDOWN(lo, PGSIZE); va <= hi; va += PGSIZE)
		show_mapping(pgdir, (uintptr_t)va);
	return 0;
}

/* Print every user PTE of every live env that maps physical page pa. */
static void
print_page_mappers(physaddr_t pa)
{
	uint32_t pdeno, pteno;
	struct Env *e;
	pte_t *pt;

	for (e = envs; e < envs + NENV; e++) {
		if (e->env_status == ENV_FREE)
			continue;
		if (PADDR(e->env_pgdir) == pa)
			cprintf("  page directory of env %08x\n", e->env_id);
		for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
			if (!(e->env_pgdir[pdeno] & PTE_P))
				continue;
			if (PTE_ADDR(e->env_pgdir[pdeno]) == pa)
				cprintf("  page table of env %08x for va "
					"%08x\n",
					e->env_id, pdeno << PDXSHIFT);
			pt = KADDR(PTE_ADDR(e->env_pgdir[pdeno]));
			for (pteno = 0; pteno < NPTENTRIES; pteno++) {
				if (!(pt[pteno] & PTE_P) ||
				    PTE_ADDR(pt[pteno]) != pa)
					continue;
				cprintf("  env %08x va %08x  ", e->env_id,
					PGADDR(pdeno, pteno, 0));
				print_mapping_bits(pt[pteno]);
				cprintf("\n");
			}
		}
	}
}

/* pageinfo PA (hex): the page's pp_ref, state, and every mapping of it. */
int
mon_pageinfo(int argc, char **argv, struct Trapframe *tf)
{
	struct PageInfo *pp;
	uint32_t pa;

	if (argc != 2) {
		cprintf("usage: pageinfo PA\n");
		return 0;
	}
	if (parse_number(argv[1], &pa) < 0)
		return 0;
	if (PGNUM(pa) >= npages) {
		cprintf("pa %08x is beyond physical memory (%u pages)\n", pa,
			npages);
		return 0;
	}
	pp = pa2page(pa);
	cprintf("page %08x: pp_ref %u%s\n", ROUNDDOWN(pa, PGSIZE), pp->pp_ref,
		page_is_reserved(pp) ? ", reserved by the kernel" :
		pp->pp_ref == 0      ? ", free" :
				       "");
	print_page_mappers(ROUNDDOWN(pa, PGSIZE));
	return 0;
}

/* Free and total physical pages. */
int
mon_memstat(int argc, char **argv, struct Trapframe *tf)
{
	size_t nfree = page_free_count();

	cprintf("pages: %u total, %u free, %u in use (%uK free of %uK)\n",
		npages, nfree, npages - nfree, nfree * (PGSIZE / 1024),
		npages * (PGSIZE / 1024));
	return 0;
}

/* pttrace [on|off]: print a line per page-table copy (kern/ptshare.c). */
int
mon_pttrace(int argc, char **argv, struct Trapframe *tf)
{
	if (argc == 2 && strcmp(argv[1], "on") == 0)
		pt_trace = true;
	else if (argc == 2 && strcmp(argv[1], "off") == 0)
		pt_trace = false;
	else if (argc != 1) {
		cprintf("usage: pttrace [on|off]\n");
		return 0;
	}
	cprintf("page-table trace is %s\n", pt_trace ? "on" : "off");
	return 0;
}

/* Run the leak and reference-count audit now. */
int
mon_audit(int argc, char **argv, struct Trapframe *tf)
{
	audit_run();
	return 0;
}
