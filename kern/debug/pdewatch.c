/*
 * When is a page directory written after a fork?  Lecture question 2 asks
 * whether each process needs a page directory of its own; sharing one
 * would pay off only if it stayed unwritten for a while.  This file
 * measures how long it does.
 *
 * A fork ends when the parent first makes the new child runnable
 * (sys_env_set_status(child, ENV_RUNNABLE) on a child that never ran).
 * Then both envs are armed: each one's struct PdeWatch (inc/env.h) starts
 * counting its system calls and the writes to its PDEs and PTEs below
 * UTOP, which kern/uvm.c and kern/ptshare.c report through pdew_write()
 * and pdew_pte(), and keeps what the first of each was and when, in rdtsc
 * time.  With the page-table
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
 * One bit per physical page: the page directory of an armed env.  A bit
 * may outlive its env (the page is freed and reused); pdew_write() then
 * finds no armed env and does nothing.  The bitmap keeps the cost of a PDE
 * write in an unwatched directory (ptfork shares a table per region) to
 * one test.
 */
static uint32_t pdew_dirs[BITMAP_WORDS(KERNMAP_NPAGES)];

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
	bitmap_set(pdew_dirs, PGNUM(PADDR(e->env_pgdir)));
}

/*
 * Called by syscall() for each system call curenv makes, before it runs:
 * count it, and arm parent and child when it ends a fork, that is when it
 * will make a child that never ran runnable.
 */
void
pdew_syscall(uint32_t num, uint32_t a1, uint32_t a2)
{
	struct Env *child;

	if (pdew_armed(curenv))
		curenv->env_pdew.pw_syscalls++;
	if (num != SYS_env_set_status || a2 != ENV_RUNNABLE ||
	    envid2env(a1, &child, true) < 0 || child == curenv ||
	    child->env_runs != 0 || child->env_status != ENV_NOT_RUNNABLE)
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

/* The armed env whose page directory is pgdir, or NULL. */
static struct Env *
pdew_owner(pde_t *pgdir)
{
	struct Env *e;

	if (!bitmap_test(pdew_dirs, PGNUM(PADDR(pgdir))) ||
	    !pdew_armed(e = pgdir_env(pgdir)))
		return NULL;
	return e;
}

/*
 * Called after each write to the PDE for va in pgdir (below UTOP), a
 * kind (PDEW_*) of change: counts it in the owner's watch, when that is
 * running, and keeps the first.
 */
void
pdew_write(pde_t *pgdir, uintptr_t va, int kind)
{
	struct Env *e = pdew_owner(pgdir);

	if (e && e->env_pdew.pw_pde_writes++ == 0)
		pdew_event(e, &e->env_pdew.pw_first_pde, ROUNDDOWN(va, PTSIZE),
			   kind);
}

/*
 * Called after a change to the PTE for va in pgdir (below UTOP): the same
 * for the watch's PTE count.  A PTE change is where a directory shared
 * along with its tables would have had to be copied.
 */
void
pdew_pte(pde_t *pgdir, uintptr_t va)
{
	struct Env *e = pdew_owner(pgdir);

	if (e && e->env_pdew.pw_pte_writes++ == 0)
		pdew_event(e, &e->env_pdew.pw_first_pte, va, PDEW_NONE);
}
