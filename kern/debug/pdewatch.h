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
#include <inc/mmu.h>

struct Env *pgdir_env(pde_t *pgdir);
void pdew_syscall(uint32_t num, uint32_t a1, uint32_t a2);
void pdew_write(pde_t *pgdir, uintptr_t va, int kind);
void pdew_pte(pde_t *pgdir, uintptr_t va);

#endif /* !JOS_KERN_PDEWATCH_H */
