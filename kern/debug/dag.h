/*
 * The sharing graph (kern/debug/dag.c): envs, page directories, page tables and
 * frames, printed as a Graphviz DOT digraph between marker lines.  See
 * docs/dag.md for how to read it.
 */
#ifndef JOS_KERN_DAG_H
#define JOS_KERN_DAG_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>
#include <inc/syscall.h>
#include <inc/mmu.h>

/* The longest snapshot label kept (longer labels are cut). */
#define DAG_LABEL_MAX 32

/* Snapshots at each step of the copy cascade (opt/jos/dagtrace). */
extern bool dag_trace;

int dag_print(const char *label, envid_t focus, int flags);
void dag_cascade_table(pde_t *pgdir, uintptr_t va, bool copied);
void dag_cascade_page(pde_t *pgdir, uintptr_t va, bool copied);
int sys_dagsnap(const char *label, size_t len, int flags);

#endif /* !JOS_KERN_DAG_H */
