/*
 * The sharing graph of lecture question 3, drawn with Graphviz.
 *
 * Memory is a DAG.  Each live env points at its page directory, each
 * present user PDE at a page table, each present PTE at a frame.  A page
 * must be copied before a write exactly when more than one path leads to it
 * from the envs.  pp_ref counts the edges into a page (PDEs into a table,
 * PTEs into a frame), not the paths: a frame mapped once by a table that two
 * page directories share has pp_ref 1 and two paths.  So the paths are
 * counted here, top down:
 *
 *	paths(page directory) = 1
 *	paths(table) = sum over the PDEs pointing at it of paths(directory)
 *	paths(frame) = sum over the PTEs mapping it of paths(their table)
 *
 * dag_print() writes one DOT digraph between the console lines
 * "--- dagsnap begin LABEL ---" and "--- dagsnap end LABEL ---".  Vertex
 * names: eENVID (env), dPA (page directory), tPA (page table), fPA (frame),
 * rHASH (a run of similar frames collapsed into one vertex), legend.
 * Vertices with more than one path are filled orange.  The order follows
 * envs[] and then virtual addresses, so one state always prints the same
 * text.  dag.pl cuts the graphs out of a console log; docs/dag.md explains
 * how to read them.
 */
#include <inc/error.h>
#include <inc/stdio.h>
#include <inc/string.h>

#include <kern/debug/dag.h>
#include <kern/env.h>
#include <kern/debug/monitor.h>
#include <kern/pmap.h>
#include <kern/bitmap.h>
#include <kern/debug/ptebits.h>
#include <kern/debug/pdewatch.h>

/* Snapshots at each step of the copy cascade (opt/jos/dagtrace). */
bool dag_trace;

/* Slots in the table of collapsed runs already declared. */
#define DAG_RUN_SLOTS 1024
/* Path counts stop growing here. */
#define DAG_PATHS_MAX 0xFFFF
/* The PTE bits that edge labels show and that runs must agree on. */
#define DAG_PTE_BITS (PTE_W | PTE_COW | PTE_SHARE)

/* Paths from the live envs to each physical page. */
static uint16_t dag_paths[KERNMAP_NPAGES];
/* One bit per page: a table or frame counted in the current graph. */
static uint32_t dag_seen[BITMAP_WORDS(KERNMAP_NPAGES)];
/* One bit per page: a frame whose own vertex fPA has been declared. */
static uint32_t dag_declared[BITMAP_WORDS(KERNMAP_NPAGES)];
/* One bit per page: a table or frame the focus env reaches. */
static uint32_t dag_focus_pages[BITMAP_WORDS(KERNMAP_NPAGES)];
/* Names of the run vertices already declared; 0 is an empty slot. */
static uint32_t dag_runs[DAG_RUN_SLOTS];
/* The envs the current graph shows, by index in envs[]. */
static bool dag_shown[NENV];
/* A sentence for the caption of the next graph, or NULL. */
static const char *dag_note;

/* What the graph holds, for its caption. */
struct dag_counts {
	int envs, tables, frames, multipath;
};

static bool
env_live(struct Env *e)
{
	return e->env_status != ENV_FREE && e->env_pgdir != NULL;
}

/* The page table a user PDE points at, or NULL when there is none. */
static pte_t *
dag_table(pde_t pde)
{
	if (!(pde & PTE_P) || (pde & PTE_PS) || PGNUM(pde) >= npages)
		return NULL;
	return KADDR(PTE_ADDR(pde));
}

/* True when pte maps a frame the kernel manages. */
static bool
frame_ok(pte_t pte)
{
	return (pte & PTE_P) && PGNUM(pte) < npages;
}

static unsigned
paths_of(physaddr_t pa)
{
	return dag_paths[PGNUM(pa)];
}

static void
paths_add(physaddr_t pa, unsigned n)
{
	dag_paths[PGNUM(pa)] = MIN(paths_of(pa) + n, DAG_PATHS_MAX);
}

/* Add env e's paths into its page directory and its tables. */
static void
count_table_paths(struct Env *e)
{
	uint32_t pdx;

	paths_add(PADDR(e->env_pgdir), 1);
	for (pdx = 0; pdx < PDX(UTOP); pdx++)
		if (dag_table(e->env_pgdir[pdx]))
			paths_add(PTE_ADDR(e->env_pgdir[pdx]), 1);
}

/* Add the paths of env e's tables not visited yet into their frames. */
static void
count_frame_paths(struct Env *e)
{
	physaddr_t table;
	uint32_t pdx, i;
	pte_t *pt;

	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		table = PTE_ADDR(e->env_pgdir[pdx]);
		if (!(pt = dag_table(e->env_pgdir[pdx])) ||
		    bitmap_test(dag_seen, PGNUM(table)))
			continue;
		bitmap_set(dag_seen, PGNUM(table));
		for (i = 0; i < NPTENTRIES; i++)
			if (frame_ok(pt[i]))
				paths_add(PTE_ADDR(pt[i]), paths_of(table));
	}
}

/*
 * Count the paths into every page the live envs reach (see the top of the
 * file).  Every table is counted before any frame, since a frame sums its
 * tables' counts.  Leaves dag_seen cleared.
 */
static void
dag_count_paths(void)
{
	struct Env *e;

	memset(dag_paths, 0, npages * sizeof(dag_paths[0]));
	for (e = envs; e < envs + NENV; e++)
		if (env_live(e))
			count_table_paths(e);
	memset(dag_seen, 0, sizeof(dag_seen));
	for (e = envs; e < envs + NENV; e++)
		if (env_live(e))
			count_frame_paths(e);
	memset(dag_seen, 0, sizeof(dag_seen));
}

/*
 * One page of focus_walk(): mark it (mark true), else say whether it is
 * marked.
 */
static bool
focus_visit(uint32_t *map, physaddr_t pa, bool mark)
{
	if (mark)
		bitmap_set(map, PGNUM(pa));
	return !mark && bitmap_test(map, PGNUM(pa));
}

/*
 * Visit the tables and frames env e reaches: mark them all in map (mark
 * true), else return true as soon as one of them is marked already.
 */
static bool
focus_walk(struct Env *e, uint32_t *map, bool mark)
{
	uint32_t pdx, i;
	pte_t *pt;

	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!(pt = dag_table(e->env_pgdir[pdx])))
			continue;
		if (focus_visit(map, PTE_ADDR(e->env_pgdir[pdx]), mark))
			return true;
		for (i = 0; i < NPTENTRIES; i++)
			if (frame_ok(pt[i]) &&
			    focus_visit(map, PTE_ADDR(pt[i]), mark))
				return true;
	}
	return false;
}

/* True when e is focus, its parent, its child or shares a page with it. */
static bool
env_related(struct Env *e, struct Env *focus)
{
	return e == focus || e->env_id == focus->env_parent_id ||
	       e->env_parent_id == focus->env_id ||
	       focus_walk(e, dag_focus_pages, false);
}

/*
 * Choose the envs to draw: every live one, or (focus not NULL) focus, its
 * parent, its children and every env that reaches one of its tables or
 * frames.
 */
static void
dag_choose(struct Env *focus)
{
	struct Env *e;

	if (focus) {
		memset(dag_focus_pages, 0, sizeof(dag_focus_pages));
		focus_walk(focus, dag_focus_pages, true);
	}
	for (e = envs; e < envs + NENV; e++)
		dag_shown[e - envs] =
			env_live(e) && (!focus || env_related(e, focus));
}

/* A PTE's bits in edge labels: W or R, then COW and SHARE (DAG_PTE_BITS). */
static const struct pte_bit_word pte_edge_words[] = {
	{ PTE_W, "W", "R" },
	{ PTE_COW, "COW", "" },
	{ PTE_SHARE, "SHARE", "" },
};

/* A PDE's bits in edge labels: W or R, and SHARED-PT. */
static const struct pte_bit_word pde_edge_words[] = {
	{ PTE_W, "W", "R" },
	{ PTE_SHARED_PT, "SHARED-PT", "" },
};

/* The end of an edge whose label ends in the bits of pte (or a PDE). */
static void
print_edge_bits(pte_t pte, const struct pte_bit_word *words, size_t n)
{
	print_pte_bits(pte, words, n);
	cprintf("\"];\n");
}

/* The vertex attributes that mark a page reached by several paths. */
static const char *
highlight(physaddr_t pa)
{
	return paths_of(pa) > 1 ? ", style=filled, fillcolor=orange" : "";
}

/* The graph's first lines: layout defaults and the legend. */
static void
print_header(const char *label)
{
	cprintf("--- dagsnap begin %s ---\n", label);
	cprintf("digraph \"%s\" {\n", label);
	cprintf("  rankdir=LR; labelloc=t; fontname=\"Courier\";\n");
	cprintf("  node [shape=box, fontname=\"Courier\", fontsize=10];\n");
	cprintf("  edge [fontname=\"Courier\", fontsize=9];\n");
	cprintf("  legend [shape=note, style=filled, fillcolor=orange, "
		"label=\"orange: more than one path leads here,\\n"
		"so a write must copy it first\\n"
		"(a write to a read-only page is refused)\"];\n");
}

/* The caption (a graph attribute, so it may come last) and the end. */
static void
print_footer(const char *label, struct Env *focus, struct dag_counts *n)
{
	cprintf("  label=\"%s: ", label);
	if (dag_note)
		cprintf("%s: ", dag_note);
	if (focus)
		cprintf("env %08x and its relatives: ", focus->env_id);
	cprintf("%d envs, %d page tables, %d frames, %d with several "
		"paths\";\n",
		n->envs, n->tables, n->frames, n->multipath);
	cprintf("}\n--- dagsnap end %s ---\n", label);
}

/* The vertices of env e and its page directory, and the edge between. */
static void
print_env(struct Env *e)
{
	physaddr_t pd = PADDR(e->env_pgdir);

	cprintf("  e%08x [shape=ellipse, label=\"env %08x\\nparent "
		"%08x\\n%s\"];\n",
		e->env_id, e->env_id, e->env_parent_id,
		env_status_name(e->env_status));
	cprintf("  d%08x [label=\"pgdir %08x\\npp_ref %u\"];\n", pd, pd,
		pa2page(pd)->pp_ref);
	cprintf("  e%08x -> d%08x;\n", e->env_id, pd);
}

static void
print_table(physaddr_t table, struct dag_counts *n)
{
	unsigned ref = pa2page(table)->pp_ref;

	cprintf("  t%08x [label=\"table %08x\\npp_ref %u  paths %u%s\"%s];\n",
		table, table, ref, paths_of(table), ref > 1 ? "\\nshared" : "",
		highlight(table));
	n->tables++;
}

/* Count the frames pt[i..j) maps that the graph has not counted yet. */
static void
count_frames(pte_t *pt, int i, int j, struct dag_counts *n)
{
	for (; i < j; i++) {
		if (bitmap_test(dag_seen, PGNUM(pt[i])))
			continue;
		bitmap_set(dag_seen, PGNUM(pt[i]));
		n->frames++;
		n->multipath += paths_of(PTE_ADDR(pt[i])) > 1;
	}
}

/* One frame (vertex fPA, declared once) and the edge from its table. */
static void
print_frame(physaddr_t table, pte_t pte, uintptr_t va)
{
	physaddr_t pa = PTE_ADDR(pte);

	if (!bitmap_test(dag_declared, PGNUM(pa))) {
		bitmap_set(dag_declared, PGNUM(pa));
		cprintf("  f%08x [label=\"frame %08x\\npp_ref %u  paths "
			"%u\"%s];\n",
			pa, pa, pa2page(pa)->pp_ref, paths_of(pa),
			highlight(pa));
	}
	cprintf("  t%08x -> f%08x [label=\"%08x ", table, pa, va);
	print_edge_bits(pte, pte_edge_words, ARRAY_SIZE(pte_edge_words));
}

/*
 * True when PTE b, the neighbour after a, may join a's run: a different
 * frame with the same shown bits, pp_ref and path count.
 */
static bool
run_similar(pte_t a, pte_t b)
{
	return frame_ok(b) && PTE_ADDR(a) != PTE_ADDR(b) &&
	       !((a ^ b) & DAG_PTE_BITS) &&
	       pa2page(PTE_ADDR(a))->pp_ref == pa2page(PTE_ADDR(b))->pp_ref &&
	       paths_of(PTE_ADDR(a)) == paths_of(PTE_ADDR(b));
}

/* The end of the run of similar PTEs that starts at pt[i]. */
static int
run_end(pte_t *pt, int i)
{
	int j = i + 1;

	while (j < NPTENTRIES && run_similar(pt[j - 1], pt[j]))
		j++;
	return j;
}

/*
 * The name of the run pt[i..j) mapped from va: a hash of va and of every
 * frame and bit, so that two tables mapping the same frames at the same
 * addresses (parent and child after fork) point at one vertex.
 */
static uint32_t
run_name(pte_t *pt, int i, int j, uintptr_t va)
{
	uint32_t h = 2166136261U ^ va;

	for (; i < j; i++)
		h = (h ^ PTE_ADDR(pt[i]) ^ (pt[i] & DAG_PTE_BITS)) * 16777619U;
	return h ? h : 1;
}

/*
 * True the first time name is seen in this graph.  When the table is full
 * every run is declared again, which DOT reads as the same vertex.
 */
static bool
run_first(uint32_t name)
{
	uint32_t k, slot;

	for (k = 0; k < DAG_RUN_SLOTS; k++) {
		slot = (name + k) % DAG_RUN_SLOTS;
		if (dag_runs[slot] == name)
			return false;
		if (dag_runs[slot] == 0) {
			dag_runs[slot] = name;
			return true;
		}
	}
	return true;
}

/* The run pt[i..j) mapped from va as one vertex, and its table's edge. */
static void
print_run(physaddr_t table, pte_t *pt, int i, int j, uintptr_t va)
{
	uint32_t name = run_name(pt, i, j, va);
	physaddr_t first = PTE_ADDR(pt[i]);
	uintptr_t last = va + (j - i) * PGSIZE - 1;

	if (run_first(name))
		cprintf("  r%08x [label=\"%d frames\\n%08x-%08x\\n"
			"pp_ref %u  paths %u\"%s];\n",
			name, j - i, va, last, pa2page(first)->pp_ref,
			paths_of(first), highlight(first));
	cprintf("  t%08x -> r%08x [label=\"%08x-%08x ", table, name, va, last);
	print_edge_bits(pt[i], pte_edge_words, ARRAY_SIZE(pte_edge_words));
}

/*
 * The frames of the table at physical address table, which maps the 4 MiB
 * from base: one vertex each, or (without DAG_EXPAND) one per run.
 */
static void
print_table_frames(physaddr_t table, uintptr_t base, int flags,
		   struct dag_counts *n)
{
	pte_t *pt = KADDR(table);
	uintptr_t va;
	int i, j;

	for (i = 0; i < NPTENTRIES; i = j) {
		j = i + 1;
		if (!frame_ok(pt[i]))
			continue;
		if (!(flags & DAG_EXPAND))
			j = run_end(pt, i);
		va = base + i * PGSIZE;
		if (j - i > 1)
			print_run(table, pt, i, j, va);
		else
			print_frame(table, pt[i], va);
		count_frames(pt, i, j, n);
	}
}

/* Env e and everything below it that the graph has not shown yet. */
static void
print_env_tree(struct Env *e, int flags, struct dag_counts *n)
{
	physaddr_t pd = PADDR(e->env_pgdir), table;
	uintptr_t base;
	uint32_t pdx;
	bool first;

	print_env(e);
	n->envs++;
	for (pdx = 0; pdx < PDX(UTOP); pdx++) {
		if (!dag_table(e->env_pgdir[pdx]))
			continue;
		table = PTE_ADDR(e->env_pgdir[pdx]);
		base = pdx << PDXSHIFT;
		if ((first = !bitmap_test(dag_seen, PGNUM(table)))) {
			bitmap_set(dag_seen, PGNUM(table));
			print_table(table, n);
		}
		cprintf("  d%08x -> t%08x [label=\"%08x-%08x ", pd, table, base,
			base + PTSIZE - 1);
		print_edge_bits(e->env_pgdir[pdx], pde_edge_words,
				ARRAY_SIZE(pde_edge_words));
		if (first)
			print_table_frames(table, base, flags, n);
	}
}

/*
 * Print the sharing graph of every live env as DOT between marker lines
 * (see the top of the file).  flags: DAG_FOCUS shows only the env focus
 * (0: the current one) and its relatives, DAG_EXPAND gives every frame its
 * own vertex instead of collapsing runs.  Path counts and pp_refs are
 * always those of the whole system.  Returns 0, or -E_BAD_ENV when the
 * focus env does not exist.  Changes nothing but the console.
 */
int
dag_print(const char *label, envid_t focus, int flags)
{
	struct dag_counts n = { 0 };
	struct Env *f = NULL, *e;

	if ((flags & DAG_FOCUS) &&
	    (envid2env(focus, &f, false) < 0 || !f || !env_live(f)))
		return -E_BAD_ENV;
	dag_count_paths();
	dag_choose(f);
	memset(dag_declared, 0, sizeof(dag_declared));
	memset(dag_runs, 0, sizeof(dag_runs));
	print_header(label);
	for (e = envs; e < envs + NENV; e++)
		if (dag_shown[e - envs])
			print_env_tree(e, flags, &n);
	print_footer(label, f, &n);
	return 0;
}

/* True for the characters a label may keep: [A-Za-z0-9_-]. */
static bool
label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Copy src (len bytes, or up to a NUL) into dst (len + 1 bytes, at least
 * 9), keeping only label characters; "snapshot" when none is left.
 */
static void
clean_label(char *dst, const char *src, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && src[i] != '\0'; i++)
		if (label_char(src[i]))
			dst[n++] = src[i];
	dst[n] = '\0';
	if (n == 0)
		strcpy(dst, "snapshot");
}

/*
 * The system call: dag_print() of the whole system (DAG_FOCUS: of the
 * caller and its relatives) labelled with the first len bytes of label,
 * of which at most DAG_LABEL_MAX are read.  Returns 0, -E_INVAL for
 * unknown flags, -E_FAULT when those bytes are not readable by the caller.
 */
int
sys_dagsnap(const char *label, size_t len, int flags)
{
	char clean[DAG_LABEL_MAX + 1];

	if (flags & ~(DAG_FOCUS | DAG_EXPAND))
		return -E_INVAL;
	len = MIN(len, DAG_LABEL_MAX);
	if (user_mem_check(curenv, label, len, PTE_U) < 0)
		return -E_FAULT;
	clean_label(clean, label, len);
	return dag_print(clean, 0, flags);
}

/*
 * dag [envid] [expand]: the sharing graph now, labelled "monitor"; with
 * envid (hex), only that env and its relatives; with expand, every frame.
 */
int
mon_dag(int argc, char **argv, struct Trapframe *tf)
{
	uint32_t focus = 0;
	int i, flags = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "expand") == 0) {
			flags |= DAG_EXPAND;
			continue;
		}
		if (!mon_parse_hex(argv[i], &focus) || (flags & DAG_FOCUS)) {
			cprintf("usage: dag [envid] [expand]\n");
			return 0;
		}
		flags |= DAG_FOCUS;
	}
	if (dag_print("monitor", focus, flags) < 0)
		cprintf("dag: no environment %08x\n", focus);
	return 0;
}

/*
 * The copy cascade as the kernel runs it, photographed at each step when
 * dag_trace is on (make dag-NAME turns it on): a write into a table that
 * several page directories share first copies the table (pt_unshare()
 * calls dag_cascade_table() before and after), then the page
 * (copyout_page() in kern/uvm.c calls dag_cascade_page()).  The page
 * directory is never shared, so nothing above the table is copied: the
 * captions say so.  cascade_pgdir and cascade_va are the write whose
 * cascade is under way (cascade_pgdir NULL: none).
 */
static pde_t *cascade_pgdir;
static uintptr_t cascade_va;

/* One cascade snapshot: label, and the caption's note (a format). */
static void
cascade_snap(const char *label, const char *fmt, pde_t *pgdir, uintptr_t va)
{
	static char note[256];
	struct Env *e = pgdir_env(pgdir);

	snprintf(note, sizeof(note), fmt, e ? e->env_id : 0,
		 ROUNDDOWN(va, PGSIZE), ROUNDDOWN(va, PTSIZE));
	dag_note = note;
	dag_print(label, 0, 0);
	dag_note = NULL;
}

/*
 * A change at va in pgdir (a write fault, or a system call that maps or
 * unmaps there) is about to copy (copied false) or has copied (copied
 * true) the shared page table it goes through.
 */
void
dag_cascade_table(pde_t *pgdir, uintptr_t va, bool copied)
{
	if (!dag_trace)
		return;
	if (!copied) {
		cascade_pgdir = pgdir;
		cascade_va = ROUNDDOWN(va, PGSIZE);
		cascade_snap("cascade-table-shared",
			     "env %08x, page %08x: its table for %08x is "
			     "shared, so the kernel copies the table first",
			     pgdir, va);
		return;
	}
	cascade_snap("cascade-table-copied",
		     "env %08x, page %08x: its table for %08x copied, the "
		     "PDE rewritten to the copy; the page directory is never "
		     "shared, so nothing above the table is copied",
		     pgdir, va);
}

/*
 * The write at va in pgdir got its private page: a copy (copied true) or
 * the page itself made writable.  The last step of a cascade under way.
 */
void
dag_cascade_page(pde_t *pgdir, uintptr_t va, bool copied)
{
	if (!dag_trace || pgdir != cascade_pgdir ||
	    ROUNDDOWN(va, PGSIZE) != cascade_va)
		return;
	cascade_pgdir = NULL;
	if (copied)
		cascade_snap("cascade-page-copied",
			     "env %08x, page %08x: the page copied too, in its "
			     "table for %08x, private now; the cascade ends at "
			     "the PDE",
			     pgdir, va);
	else
		cascade_snap("cascade-page-writable",
			     "env %08x, page %08x: the page made writable in "
			     "place (no other mapping left), in its table for "
			     "%08x; the cascade ends at the PDE",
			     pgdir, va);
}
