/* Page tables shared copy-on-write between page directories (ptfork). */
#ifndef JOS_KERN_PTSHARE_H
#define JOS_KERN_PTSHARE_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>
#include <kern/pmap.h>

/* Print a console line for every table copy (opt/jos/pttrace, `pttrace`). */
extern bool pt_trace;

/* True when pde points at a page table shared with other directories. */
static inline bool
pde_is_shared(pde_t pde)
{
	return (pde & (PTE_P | PTE_SHARED_PT)) == (PTE_P | PTE_SHARED_PT);
}

/* True when pde points at a page table that only its directory holds. */
static inline bool
pde_is_private(pde_t pde)
{
	return (pde & (PTE_P | PTE_SHARED_PT)) == PTE_P;
}

/* The number of page directories that reach the table pde points at. */
static inline uint32_t
pt_holders(pde_t pde)
{
	return pa2page(PTE_ADDR(pde))->pp_ref;
}

/*
 * An entry of a table that is being made private, whose frame then has
 * refs references: a writable entry (not PTE_SHARE) whose frame anything
 * else maps becomes copy-on-write, so that nobody can write a frame that
 * another mapping sees.  Other entries stay as they are.
 */
static inline pte_t
pt_private_entry(pte_t pte, uint32_t refs)
{
	if ((pte & (PTE_W | PTE_SHARE)) == PTE_W && refs > 1)
		return (pte & ~PTE_W) | PTE_COW;
	return pte;
}

struct uvm_reserve;

int pt_share(pde_t *src, pde_t *dst, uintptr_t va);
void pt_unshare(pde_t *pgdir, uintptr_t va, struct uvm_reserve *r);

#endif /* !JOS_KERN_PTSHARE_H */
