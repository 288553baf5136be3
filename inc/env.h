/* Environments (processes): ids, status values and struct Env. */
#ifndef JOS_INC_ENV_H
#define JOS_INC_ENV_H

#include <inc/types.h>
#include <inc/trap.h>
#include <inc/memlayout.h>

typedef int32_t envid_t;

/*
 * An environment id has three parts:
 *
 * +1+-------------19--------------+-2-+--------10--------+
 * |0|          generation         |0 0|   environment    |
 * | |                             |   |      index       |
 * +-------------------------------+---+------------------+
 *                                      \--- ENVX(eid) --/
 *
 * The index selects the slot in envs[].  The generation grows by one
 * (0x1000 in the id) each time the slot is reused, so a stale id does not
 * name the slot's next occupants; it runs from 1 to 2^19 - 1 and then
 * starts again at 1 (kern/env.c, env_next_id, says what keeps the
 * kernel's own stale ids from naming an env after that).  Ids are never
 * negative: negative values are errors; id 0 means "the calling
 * environment".
 */
#define LOG2NENV 10
#define NENV (1 << LOG2NENV)
#define ENVX(envid) ((envid) & (NENV - 1))

/* Values of env_status. */
enum {
	ENV_FREE = 0,
	ENV_DYING,
	ENV_RUNNABLE,
	ENV_RUNNING,
	ENV_NOT_RUNNABLE
};

/*
 * One write into an env's paging structures (see struct PdeWatch): when,
 * what, and what the env running then was doing.
 */
struct PdewEvent {
	uint64_t ev_tsc;      /* rdtsc then */
	uint32_t ev_syscalls; /* the watched env's system calls before it */
	uint32_t ev_va;       /* the address the entry maps (a PDE: its
				 4 MiB region) */
	uint32_t ev_kind;     /* for a PDE, PDEW_* below; else 0 */
	envid_t ev_by;        /* the env running then */
	uint32_t ev_trap;     /* its trap: T_PGFLT or T_SYSCALL */
	uint32_t ev_cause;    /* the fault va, or the system call number */
	uint32_t ev_arg;      /* the system call's first argument */
};

/*
 * What became of an env's paging structures after its last fork (ours,
 * kern/debug/pdewatch.c, docs/ptfork.md "When is the page directory
 * written?"): the kernel arms the watch of parent and child when the
 * parent first makes the new child runnable, then counts the env's system
 * calls and keeps the first write to one of its PDEs below UTOP and the
 * first change to one of its PTEs.  Valid only while pw_env is the env's
 * own id.  User code
 * reads it in envs[].  Times are rdtsc values, which count guest
 * instructions (every env's and the kernel's) under QEMU's -icount.
 */
struct PdeWatch {
	uint64_t pw_armed_tsc; /* rdtsc when the fork ended */
	envid_t pw_env;        /* the env armed; another id: never armed */
	uint32_t pw_syscalls;  /* system calls the env made since */
	uint32_t pw_pde_seen;  /* 1 once a PDE was written since */
	uint32_t pw_pte_seen;  /* 1 once a PTE was changed since */
	struct PdewEvent pw_first_pde; /* the first PDE write */
	struct PdewEvent pw_first_pte; /* the first PTE change */
};

/* Values of ev_kind for a PDE: what changed it. */
enum {
	PDEW_NONE = 0,
	PDEW_TABLE_NEW,    /* a new page table */
	PDEW_TABLE_SHARED, /* a table shared by sys_pt_share, W cleared */
	PDEW_TABLE_COPIED, /* a private copy of a shared table */
	PDEW_TABLE_TAKEN,  /* the last holder's shared table made writable */
};

/* The words for each ev_kind, as the trace and pdefirst print them. */
#define PDEW_KIND_NAMES                                                        \
	{                                                                      \
		[PDEW_NONE] = "PTE change", [PDEW_TABLE_NEW] = "new table",    \
		[PDEW_TABLE_SHARED] = "table shared",                          \
		[PDEW_TABLE_COPIED] = "table copied",                          \
		[PDEW_TABLE_TAKEN] = "table made writable (last holder)",      \
	}

/* Values of env_type. */
enum EnvType {
	ENV_TYPE_USER = 0,
};

struct Env {
	struct Trapframe env_tf; /* saved registers while not running */
	struct Env *env_link;    /* next free Env */
	envid_t env_id;          /* unique id */
	envid_t env_parent_id;   /* env_id of the creator */
	enum EnvType env_type;   /* special system environments */
	unsigned env_status;     /* ENV_* above */
	uint32_t env_runs;       /* times this env has run */
	int env_cpunum;          /* CPU it runs or last ran on */

	/* Address space. */
	pde_t *env_pgdir; /* kernel virtual address of the page directory */

	/* Page-fault upcall entry point, or NULL. */
	void *env_pgfault_upcall;

	/* IPC state. */
	bool env_ipc_recving;   /* blocked in sys_ipc_recv */
	void *env_ipc_dstva;    /* where to map a sent page */
	uint32_t env_ipc_value; /* the value sent */
	envid_t env_ipc_from;   /* the sender's id */
	int env_ipc_perm;       /* perm of the mapped page, or 0 */

	/* %fs and %gs, which env_tf does not hold (ours): saved when the
	 * env is switched out, loaded when it is switched in (env_run). */
	uint16_t env_fs;
	uint16_t env_gs;

	/*
	 * The x87, MMX and SSE registers while another env owns the FPU
	 * (ours, see kern/fpu.c): FXSAVE's 512-byte image, or FNSAVE's 108
	 * bytes on a CPU without FXSR.  Meaningful only with env_fpu_saved.
	 */
	bool env_fpu_saved;
	uint8_t env_fpu[512] __attribute__((aligned(16)));

	/* The first writes into the paging structures since the fork (ours). */
	struct PdeWatch env_pdew;
};

#endif /* !JOS_INC_ENV_H */
