/*
 * When is a page directory written after a fork?  Lecture question 2 asks
 * whether each process needs a page directory of its own; sharing one
 * would pay off only if it stayed unwritten for a while.  This file
 * measures how long it does.
 *
 * A fork ends when the parent first makes the new child runnable
 * (sys_env_set_status(child, ENV_RUNNABLE) on a child that never ran).
 * Then both envs are armed: each one's struct PdeWatch (inc/env.h) starts
 * counting its system calls and waits for the first write to one of its
 * PDEs below UTOP and the first change to one of its PTEs, which
 * kern/uvm.c and kern/ptshare.c report through pdew_write() and
 * pdew_pte(), and keeps what each was and when, in rdtsc time.  With the page-table
 * trace on (opt/jos/pttrace, `pttrace on`) the first write also prints a
 * line.  User code reads envs[i].env_pdew.
 */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/syscall.h>
#include <inc/x86.h>

#include <kern/bitmap.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/ptshare.h>
#include <kern/debug/pdewatch.h>

/*
 * One bit per physical page: the page directory of an armed env whose
 * first PDE write (pdew_pde_dirs), first PTE change (pdew_pte_dirs) has
 * not come yet.  The bit goes when it comes; a bit that outlives its env
 * (the page freed and reused) goes at the next write there.  So a write
 * into a directory nobody watches costs one test (pdewatch.h).
 */
uint32_t pdew_pde_dirs[BITMAP_WORDS(KERNMAP_NPAGES)];
uint32_t pdew_pte_dirs[BITMAP_WORDS(KERNMAP_NPAGES)];

/* The live env whose page directory is pgdir, or NULL. */
struct Env *
pgdir_env(pde_t *pgdir)
{
	struct Env *e;

	if (curenv && curenv->env_pgdir == pgdir)
		return curenv;
	for (e = envs; e < envs + NENV; e++)
		if (e->env_status != ENV_FREE && e->env_pgdir == pgdir)
			return e;
	return NULL;
}

/* True when e's watch is running. */
static bool
pdew_armed(struct Env *e)
{
	return e && e->env_pdew.pw_env == e->env_id;
}

/* Start e's watch now. */
static void
pdew_arm(struct Env *e)
{
	memset(&e->env_pdew, 0, sizeof(e->env_pdew));
	e->env_pdew.pw_env = e->env_id;
	e->env_pdew.pw_armed_tsc = read_tsc();
	bitmap_set(pdew_pde_dirs, PGNUM(PADDR(e->env_pgdir)));
	bitmap_set(pdew_pte_dirs, PGNUM(PADDR(e->env_pgdir)));
}

/*
 * curenv calls sys_env_set_status(envid, status): arm parent and child
 * when that ends a fork, that is when it will make a child that never ran
 * runnable.
 */
void
pdew_set_status(uint32_t envid, uint32_t status)
{
	struct Env *child;

	if (status != ENV_RUNNABLE || envid2env(envid, &child, true) < 0 ||
	    child == curenv || child->env_runs != 0 ||
	    child->env_status != ENV_NOT_RUNNABLE)
		return;
	pdew_arm(child);
	pdew_arm(curenv);
}

static const char *const pdew_kind_names[] = PDEW_KIND_NAMES;

/* The trace line of e's first write of one level (what: "PDE", "PTE"). */
static void
pdew_print(struct Env *e, const char *what, struct PdewEvent *ev)
{
	cprintf("[%08x] first %s write since the fork: %s at %08x, %llu "
		"instructions and %u system calls after it, ",
		e->env_id, what, pdew_kind_names[ev->ev_kind], ev->ev_va,
		ev->ev_tsc - e->env_pdew.pw_armed_tsc, ev->ev_syscalls);
	if (ev->ev_trap == T_PGFLT)
		cprintf("by a page fault at %08x\n", ev->ev_cause);
	else
		cprintf("by system call %u (%08x)\n", ev->ev_cause, ev->ev_arg);
}

/* Keep in ev the circumstances of a write into e's structures now. */
static void
pdew_event(struct Env *e, struct PdewEvent *ev, uintptr_t va, int kind)
{
	struct Trapframe *tf = curenv ? &curenv->env_tf : NULL;

	ev->ev_tsc = read_tsc();
	/* Not counting the system call that makes the write. */
	ev->ev_syscalls = e->env_pdew.pw_syscalls -
			  (e == curenv && tf->tf_trapno == T_SYSCALL);
	ev->ev_va = va;
	ev->ev_kind = kind;
	ev->ev_by = curenv ? curenv->env_id : 0;
	ev->ev_trap = tf ? tf->tf_trapno : 0;
	if (tf && tf->tf_trapno == T_PGFLT)
		ev->ev_cause = rcr2();
	else if (tf) {
		ev->ev_cause = tf->tf_regs.reg_eax;
		ev->ev_arg = tf->tf_regs.reg_edx;
	}
	if (pt_trace)
		pdew_print(e, kind ? "PDE" : "PTE", ev);
}

/*
 * The armed env whose page directory is pgdir, marked in map, or NULL.
 * Either way pgdir's bit goes: the first write has come, or the bit was
 * stale.
 */
static struct Env *
pdew_owner(uint32_t *map, pde_t *pgdir)
{
	struct Env *e = pgdir_env(pgdir);

	bitmap_clear(map, PGNUM(PADDR(pgdir)));
	return pdew_armed(e) ? e : NULL;
}

/*
 * pdew_write() for a watched pgdir: the owner's first PDE write since the
 * fork, when its watch runs.
 */
void
pdew_write_slow(pde_t *pgdir, uintptr_t va, int kind)
{
	struct Env *e = pdew_owner(pdew_pde_dirs, pgdir);

	if (!e)
		return;
	e->env_pdew.pw_pde_seen = 1;
	pdew_event(e, &e->env_pdew.pw_first_pde, ROUNDDOWN(va, PTSIZE), kind);
}

/*
 * pdew_pte() for a watched pgdir: the same for the watch's PTE count.  A
 * PTE change is where a directory shared along with its tables would have
 * had to be copied.
 */
void
pdew_pte_slow(pde_t *pgdir, uintptr_t va)
{
	struct Env *e = pdew_owner(pdew_pte_dirs, pgdir);

	if (!e)
		return;
	e->env_pdew.pw_pte_seen = 1;
	pdew_event(e, &e->env_pdew.pw_first_pte, va, PDEW_NONE);
}
