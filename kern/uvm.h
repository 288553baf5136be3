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

struct Env;

/*
 * Pages set aside before a change, so that the change itself cannot run
 * out of memory half-way: page tables to create or copy, pages to copy
 * into.  The pages are linked through pp_link while they wait.
 */
struct uvm_reserve {
	struct PageInfo *list;
	int n;
};

#define UVM_RESERVE_EMPTY                                                      \
	{                                                                      \
		NULL, 0                                                        \
	}

int uvm_reserve(struct uvm_reserve *r, int n);
struct PageInfo *uvm_reserve_take(struct uvm_reserve *r);
void uvm_release(struct uvm_reserve *r);

/*
 * A PTE as it will be once its page table is private to the page
 * directory that reaches it (see uvm_view()), and the pp_ref its frame
 * will have then.
 */
struct uvm_view {
	pte_t pte;
	uint32_t refs;
};

struct uvm_view uvm_view(const pde_t *pgdir, uintptr_t va);
bool uvm_view_writable(struct uvm_view v);
int uvm_table_cost(const pde_t *pgdir, uintptr_t va, bool create);

pte_t *uvm_private_pte(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r);
void uvm_map(pde_t *pgdir, uintptr_t va, struct PageInfo *pp, int perm,
	     struct uvm_reserve *r);
void uvm_unmap(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r);
void uvm_set_perm(pde_t *pgdir, uintptr_t va, int perm, struct uvm_reserve *r);

extern uintptr_t uvm_copyout_fault_va;
int uvm_copyout(struct Env *e, uintptr_t dstva, const void *src, size_t len);

#endif /* !JOS_KERN_UVM_H */
