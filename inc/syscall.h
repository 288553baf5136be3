/* System call numbers (int $0x30, number in %eax) and their shared types. */
#ifndef JOS_INC_SYSCALL_H
#define JOS_INC_SYSCALL_H

#include <inc/types.h>

/* Numbers 0..12 are JOS's and never move; ours are appended after them. */
enum {
	SYS_cputs = 0,
	SYS_cgetc,
	SYS_getenvid,
	SYS_env_destroy,
	SYS_page_alloc,
	SYS_page_map,
	SYS_page_unmap,
	SYS_exofork,
	SYS_env_set_status,
	SYS_env_set_pgfault_upcall,
	SYS_yield,
	SYS_ipc_try_send,
	SYS_ipc_recv,
	SYS_mem_stat,
	SYS_page_map_batch, /* (ours) 14: many sys_page_map calls in one trap */
	SYS_pt_share,       /* (ours) 15: share a page table (ptfork) */
	SYS_dagsnap,        /* (ours) 16: print the memory graph as DOT */
	SYS_page_private,   /* (ours) 17: a private writable page, copied */
	SYS_pt_map_cow,     /* (ours) 18: fork() one page table's pages */
	NSYSCALLS
};

/*
 * One entry for sys_page_map_batch: map the source env's page at va at
 * the same va in the destination env, with permission perm.
 */
struct PageMapEntry {
	uintptr_t va;
	uint32_t perm;
};

/* The most entries one sys_page_map_batch call takes. */
#define PAGE_MAP_BATCH_MAX 512

/* What sys_mem_stat reports: a snapshot of physical memory and envs. */
struct MemStat {
	uint32_t npages; /* physical pages in the machine */
	uint32_t nfree;  /* pages with pp_ref 0, on the free list */
	uint32_t nenvs;  /* environments whose status is not ENV_FREE */
};

/* Flags of sys_dagsnap (ours; docs/dag.md). */
#define DAG_FOCUS 0x1  /* only the caller and its relatives */
#define DAG_EXPAND 0x2 /* one vertex per frame: do not collapse runs */

#endif /* !JOS_INC_SYSCALL_H */
