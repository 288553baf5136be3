/*
 * The page directory's first write after a fork (kern/debug/pdewatch.c,
 * struct PdeWatch in inc/env.h): the measure of lecture question 2.
 */
#ifndef JOS_KERN_PDEWATCH_H
#define JOS_KERN_PDEWATCH_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/syscall.h>
#include <kern/bitmap.h>
#include <kern/env.h>

/*
 * One bit per physical page: maybe the page directory of an armed env that
 * has not written a PDE yet (pdew_pde_dirs), changed a PTE yet
 * (pdew_pte_dirs).
 */
extern uint32_t pdew_pde_dirs[], pdew_pte_dirs[];

struct Env *pgdir_env(pde_t *pgdir);
void pdew_set_status(uint32_t envid, uint32_t status);
void pdew_write_slow(pde_t *pgdir, uintptr_t va, int kind);
void pdew_pte_slow(pde_t *pgdir, uintptr_t va);

/*
 * The calls below sit on the paths that make every system call and every
 * PTE change, so each is a test or two inline (make bench measures them).
 */

/* True when pgdir is marked in map (pdew_pde_dirs or pdew_pte_dirs). */
static inline bool
pdew_watched(const uint32_t *map, pde_t *pgdir)
{
	return bitmap_test(map, ((uintptr_t)pgdir - KERNBASE) >> PGSHIFT);
}

/*
 * Called by syscall() for each system call curenv makes, before it runs:
 * count it (the count means something only while the watch runs, which
 * starts it at 0), and see whether it ends a fork.
 */
static inline void
pdew_syscall(uint32_t num, uint32_t a1, uint32_t a2)
{
	curenv->env_pdew.pw_syscalls++;
	if (num == SYS_env_set_status)
		pdew_set_status(a1, a2);
}

/*
 * Called after each write to the PDE for va in pgdir (below UTOP), a
 * kind (PDEW_*) of change.
 */
static inline void
pdew_write(pde_t *pgdir, uintptr_t va, int kind)
{
	if (pdew_watched(pdew_pde_dirs, pgdir))
		pdew_write_slow(pgdir, va, kind);
}

/* Called after a change to the PTE for va in pgdir (below UTOP). */
static inline void
pdew_pte(pde_t *pgdir, uintptr_t va)
{
	if (pdew_watched(pdew_pte_dirs, pgdir))
		pdew_pte_slow(pgdir, va);
}

#endif /* !JOS_KERN_PDEWATCH_H */
