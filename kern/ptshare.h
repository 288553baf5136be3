/* Page tables shared copy-on-write between page directories (ptfork). */
#ifndef JOS_KERN_PTSHARE_H
#define JOS_KERN_PTSHARE_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>

/* Print a console line for every table copy (opt/jos/pttrace, `pttrace`). */
extern bool pt_trace;

/* True when pde points at a page table shared with other directories. */
static inline bool
pde_is_shared(pde_t pde)
{
	return (pde & (PTE_P | PTE_SHARED_PT)) == (PTE_P | PTE_SHARED_PT);
}

int pt_share(pde_t *src, pde_t *dst, uintptr_t va);
int pt_unshare(pde_t *pgdir, uintptr_t va);
int pt_unshare_range(pde_t *pgdir, uintptr_t va, size_t len);

#endif /* !JOS_KERN_PTSHARE_H */
