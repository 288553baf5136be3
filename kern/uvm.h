/*
 * User address spaces (kern/uvm.c): the one owner of the page-table
 * entries below UTOP.  See docs/threat-model.md, "The isolation
 * invariant", and docs/kernel.md, "Check, then act".
 */
#ifndef JOS_KERN_UVM_H
#define JOS_KERN_UVM_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <inc/syscall.h>
#include <kern/pmap.h>
#include <kern/ptshare.h>

struct Env;

/*
 * Pages set aside before a change, so that the change itself cannot run
 * out of memory half-way: zeroed pages for page tables to create or copy
 * (list), and pages that a page copy will overwrite whole (copies, not
 * zeroed).  The pages are linked through pp_link while they wait.
 */
struct uvm_reserve {
	struct PageInfo *list;
	struct PageInfo *copies;
};

#define UVM_RESERVE_EMPTY                                                      \
	{                                                                      \
		NULL, NULL                                                     \
	}

int uvm_reserve(struct uvm_reserve *r, int n);
int uvm_reserve_copies(struct uvm_reserve *r, int n);
struct PageInfo *uvm_reserve_take(struct uvm_reserve *r);
struct PageInfo *uvm_reserve_take_copy(struct uvm_reserve *r);
void uvm_release_pages(struct uvm_reserve *r);

/* Free the pages of r that were not used. */
static inline void
uvm_release(struct uvm_reserve *r)
{
	if (r->list || r->copies)
		uvm_release_pages(r);
}

/*
 * A PTE as it will be once its page table is private to the page
 * directory that reaches it (see uvm_view()), and the pp_ref its frame
 * will have then.
 */
struct uvm_view {
	pte_t pte;
	uint32_t refs;
};

/*
 * The PTE for va in pgdir as it will be once pgdir's table there is
 * private, and its frame's pp_ref then; a zero pte when nothing is mapped.
 * Changes nothing.  A table that others hold too will be copied: its
 * frames gain a reference each, and writable entries become copy-on-write
 * (pt_private_entry()).
 */
static inline struct uvm_view
uvm_view(const pde_t *pgdir, uintptr_t va)
{
	struct uvm_view v = { 0, 0 };
	pde_t pde;
	pte_t *pte;

	if (va >= UTOP || !(pte = pgdir_pte((pde_t *)pgdir, va)) ||
	    !(*pte & PTE_P))
		return v;
	v.pte = *pte;
	v.refs = pa2page(PTE_ADDR(v.pte))->pp_ref;
	pde = pgdir[PDX(va)];
	if (pde_is_shared(pde)) {
		if (pt_holders(pde) > 1)
			v.refs++;
		v.pte = pt_private_entry(v.pte, v.refs);
	}
	return v;
}

/*
 * True when the page v shows may be written by its holder without a
 * copy: PTE_W, or copy-on-write with no other mapping of the frame.
 */
static inline bool
uvm_view_writable(struct uvm_view v)
{
	return (v.pte & PTE_W) || ((v.pte & PTE_COW) && v.refs == 1);
}

/*
 * The pages needed to give pgdir a private page table for va: 1 to copy a
 * table that others hold too, 1 to create a missing one when create is
 * set, else 0.
 */
static inline int
uvm_table_cost(const pde_t *pgdir, uintptr_t va, bool create)
{
	pde_t pde = pgdir[PDX(va)];

	if (!(pde & PTE_P))
		return create ? 1 : 0;
	return pde_is_shared(pde) && pt_holders(pde) > 1 ? 1 : 0;
}

pte_t *uvm_private_pte(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r);
void uvm_map(pde_t *pgdir, uintptr_t va, struct PageInfo *pp, int perm,
	     struct uvm_reserve *r);
void uvm_unmap(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r);
void uvm_set_perm(pde_t *pgdir, uintptr_t va, int perm, struct uvm_reserve *r);
void uvm_set_perms(pde_t *pgdir, const struct PageMapEntry *ents, size_t n,
		   struct uvm_reserve *r);

int uvm_make_private(pde_t *pgdir, uintptr_t va);
int uvm_map_cow(pde_t *src, pde_t *dst, uintptr_t start, uintptr_t end);
extern uintptr_t uvm_copyout_fault_va;
int uvm_copyout(struct Env *e, uintptr_t dstva, const void *src, size_t len);

#endif /* !JOS_KERN_UVM_H */
