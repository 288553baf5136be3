/*
 * pdefirst: lecture question 2 measured.  Should each process have a page
 * directory of its own?  Sharing one would pay off only while nobody
 * writes it.  For a fork() and then a ptfork() this program prints how
 * many instructions and system calls pass, after the fork, before the
 * child's and the parent's page directory is first written, and by what:
 * the kernel watches every PDE write (struct PdeWatch in inc/env.h,
 * docs/ptfork.md), and each env reads its own watch in envs[].
 *
 * Under QEMU's -icount (the graded test, `make run-pdefirst-nox
 * QEMUEXTRA='-icount shift=0,align=off,sleep=off'`) rdtsc counts guest
 * instructions, so the figures repeat from run to run.  The instructions
 * are every env's and the kernel's since the fork ended; the system calls
 * are the env's own.
 *
 * Each round: the child starts as every forked child does (the library
 * stores thisenv, a global, in fork's return path), writes its stack and
 * reports.  The parent reports once the child is gone, then writes a
 * global of its own and reports again.
 */
#include <inc/lib.h>
#include <inc/x86.h>

/* A global the parent writes after each round. */
static volatile int rounds;

/* What user code can name of the address va. */
static const char *
place_of(uintptr_t va)
{
	extern char etext[], edata[], end[];

	if (va >= (uintptr_t)&thisenv && va < (uintptr_t)(&thisenv + 1))
		return "thisenv, in the bss";
	if (va >= (uintptr_t)&rounds && va < (uintptr_t)(&rounds + 1))
		return "rounds, in the bss";
	if (va < (uintptr_t)etext)
		return "the text";
	if (va < (uintptr_t)edata)
		return "the data";
	if (va < (uintptr_t)end)
		return "the bss";
	if (va >= USTACKTOP - PTSIZE && va < USTACKTOP)
		return "the stack";
	return "elsewhere";
}

static const char *const kind_names[] = PDEW_KIND_NAMES;

/*
 * One line of the report on env's watch w: the first write of one level
 * (what: "PDE" or "PTE"), ev, when seen (else none came yet).
 */
static void
report_event(const char *who, const char *what,
	     const volatile struct PdeWatch *w,
	     const volatile struct PdewEvent *ev, unsigned seen)
{
	if (!seen) {
		cprintf("pdefirst: %s: no %s write in %llu instructions and "
			"%u system calls since the fork\n",
			who, what, read_tsc() - w->pw_armed_tsc,
			w->pw_syscalls);
		return;
	}
	cprintf("pdefirst: %s: first %s write %llu instructions and %u "
		"system calls after the fork: %s at %08x, ",
		who, what, ev->ev_tsc - w->pw_armed_tsc, ev->ev_syscalls,
		kind_names[ev->ev_kind], ev->ev_va);
	if (ev->ev_trap == T_PGFLT)
		cprintf("by a write fault at %08x (%s)\n", ev->ev_cause,
			place_of(ev->ev_cause));
	else
		cprintf("by system call %u at %08x (%s)\n", ev->ev_cause,
			ev->ev_arg, place_of(ev->ev_arg));
}

/* Print what the watch of env id says now, labelled who. */
static void
report(const char *who, envid_t id)
{
	const volatile struct PdeWatch *w = &envs[ENVX(id)].env_pdew;

	if (w->pw_env != id)
		panic("%s: the kernel did not arm env %08x", who, id);
	report_event(who, "PTE", w, &w->pw_first_pte, w->pw_pte_seen);
	report_event(who, "PDE", w, &w->pw_first_pde, w->pw_pde_seen);
}

/* One round with fork() or ptfork() (forker), called name. */
static void
round_with(const char *name, envid_t (*forker)(void))
{
	char who[32];
	volatile int local = 0;
	envid_t child;

	if ((child = forker()) < 0)
		panic("%s: %e", name, child);
	if (child == 0) {
		local = 1;
		snprintf(who, sizeof(who), "%s child", name);
		report(who, sys_getenvid());
		exit();
	}
	wait_env_exit(child);
	snprintf(who, sizeof(who), "%s parent", name);
	report(who, sys_getenvid());
	rounds = rounds + 1 + local;
	snprintf(who, sizeof(who), "%s parent, global written", name);
	report(who, sys_getenvid());
}

void
umain(int argc, char **argv)
{
	round_with("fork", fork);
	round_with("ptfork", ptfork);
	cprintf("pdefirst: done\n");
}
