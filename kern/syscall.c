/*
 * System calls.  Each one first checks every argument and permission and
 * returns an error before changing anything; only then does it act.
 */
#include <inc/x86.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/syscall.h>
#include <kern/console.h>
#include <kern/sched.h>
#include <kern/ptshare.h>
#include <kern/uvm.h>
#include <kern/debug/dag.h>
#include <kern/debug/pdewatch.h>

/*
 * Print len bytes of s.  A buffer the caller may not read destroys the
 * caller (with the user_mem_check line).
 */
static void
sys_cputs(const char *s, size_t len)
{
	size_t off, n;

	user_mem_assert(curenv, s, len, PTE_U);
	/* In pieces: a precision must stay a small positive int. */
	for (off = 0; off < len; off += n) {
		n = MIN(len - off, (size_t)1024);
		cprintf("%.*s", (int)n, s + off);
	}
}

/* Read a character from the console without blocking; 0 when none. */
static int
sys_cgetc(void)
{
	return cons_getc();
}

static envid_t
sys_getenvid(void)
{
	return curenv->env_id;
}

/*
 * Destroy envid (the caller or one of its children).  Returns 0 (and does
 * not return at all when the caller destroys itself), or -E_BAD_ENV.
 */
static int
sys_env_destroy(envid_t envid)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (e == curenv) {
		cprintf("[%08x] exiting gracefully\n", curenv->env_id);
		env_exit();
	}
	cprintf("[%08x] destroying %08x\n", curenv->env_id, e->env_id);
	env_destroy(e);
	return 0;
}

/* Give up the processor to the next runnable environment. */
static void __attribute__((noreturn)) sys_yield(void)
{
	sched_yield();
}

/*
 * Create a child: not runnable, nothing mapped below UTOP, a copy of the
 * caller's registers except that it will see 0 as the result.  Returns the
 * child's id, -E_NO_FREE_ENV or -E_NO_MEM.
 */
static envid_t
sys_exofork(void)
{
	/* LAB 2: BEGIN E2 */
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, curenv->env_id)) < 0)
		return r;
	e->env_status = ENV_NOT_RUNNABLE;
	e->env_tf = curenv->env_tf;
	e->env_tf.tf_regs.reg_eax = 0;
	return e->env_id;
	/* LAB 2: END; stub: return exercise_missing("sys_exofork", "E2"); */
}

/*
 * Set envid's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE.  Either one
 * cancels a receive the env is blocked in: sends to it fail with
 * -E_IPC_NOT_RECV from then on, and its sys_ipc_recv returns
 * -E_IPC_NOT_RECV when it next runs.  An env running on another CPU
 * takes its new status when it next enters the kernel.  Returns 0,
 * -E_BAD_ENV or -E_INVAL (any other status).
 */
static int
sys_env_set_status(envid_t envid, int status)
{
	/* LAB 2: BEGIN E2 */
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	/* The status is the parent's now, not the receive's: a send must
	 * neither wake a stopped env nor overwrite the registers of one that
	 * runs on.  No message came: the receive returns an error. */
	if (e->env_ipc_recving) {
		e->env_ipc_recving = false;
		e->env_tf.tf_regs.reg_eax = -E_IPC_NOT_RECV;
	}
	e->env_status = status;
	if (status == ENV_RUNNABLE)
		sched_kick();
	return 0;
	/* LAB 2: END; stub:
	 * return exercise_missing("sys_env_set_status", "E2");
	 */
}

/*
 * Register func as envid's page-fault upcall.  The pointer is not checked
 * here: a bad one faults when used.  Returns 0 or -E_BAD_ENV.
 */
static int
sys_env_set_pgfault_upcall(envid_t envid, void *func)
{
	/* LAB 2: BEGIN E2 */
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
	/* LAB 2: END; stub:
	 * return exercise_missing("sys_env_set_pgfault_upcall", "E2");
	 */
}

/* True when va is a page-aligned user address below UTOP. */
static bool
va_ok(void *va)
{
	return (uintptr_t)va < UTOP && PGOFF(va) == 0;
}

/* True when perm has PTE_U|PTE_P and nothing outside PTE_SYSCALL. */
static bool
perm_ok(int perm)
{
	return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) &&
	       (perm & ~PTE_SYSCALL) == 0;
}

/* Map pp at va in pgdir with perm, reserving the page table it needs
 * first.  Returns 0 or -E_NO_MEM (nothing changed). */
static int
map_reserved(pde_t *pgdir, uintptr_t va, struct PageInfo *pp, int perm)
{
	struct uvm_reserve r = UVM_RESERVE_EMPTY;

	if (uvm_reserve(&r, uvm_table_cost(pgdir, va, true)) < 0)
		return -E_NO_MEM;
	uvm_map(pgdir, va, pp, perm, &r);
	uvm_release(&r);
	return 0;
}

/*
 * Map a new zeroed page at va in envid with permission perm, replacing
 * what was there.  Returns 0, -E_BAD_ENV, -E_INVAL (va or perm) or
 * -E_NO_MEM (nothing changed).
 */
static int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	/* LAB 2: BEGIN E2 */
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	struct Env *e;
	int err;

	if ((err = envid2env(envid, &e, true)) < 0)
		return err;
	if (!va_ok(va) || !perm_ok(perm))
		return -E_INVAL;
	if (uvm_reserve(&r, 1 + uvm_table_cost(e->env_pgdir, (uintptr_t)va,
					       true)) < 0)
		return -E_NO_MEM;
	uvm_map(e->env_pgdir, (uintptr_t)va, uvm_reserve_take(&r), perm, &r);
	uvm_release(&r);
	return 0;
	/* LAB 2: END; stub: return exercise_missing("sys_page_alloc", "E2"); */
}

/*
 * Check that srcva in src may be mapped with perm: aligned, below UTOP,
 * perm valid, a page present, PTE_W only for a page its holder may write
 * without a copy (PTE_W, or PTE_COW held once).  The PTE is judged as it
 * will be once its table is private (uvm_view): in a table that ptfork()
 * shares, a writable entry is copy-on-write to come.  Changes nothing.
 * Returns 0 with *pp_store set, or -E_INVAL.
 */
static int
map_source_check(struct Env *src, void *srcva, int perm,
		 struct PageInfo **pp_store)
{
	struct uvm_view v;

	if (!va_ok(srcva) || !perm_ok(perm))
		return -E_INVAL;
	v = uvm_view(src->env_pgdir, (uintptr_t)srcva);
	if (!(v.pte & PTE_P))
		return -E_INVAL;
	if ((perm & PTE_W) && !uvm_view_writable(v))
		return -E_INVAL;
	*pp_store = pa2page(PTE_ADDR(v.pte));
	return 0;
}

/*
 * Map the page at srcva in srcenvid at dstva in dstenvid with permission
 * perm (the page gains a reference; what was at dstva is unmapped; the
 * same page again only changes its permission).  Returns 0, -E_BAD_ENV,
 * -E_INVAL (addresses, perm, srcva unmapped, or PTE_W asked for a page
 * that is not writable) or -E_NO_MEM; nothing changes on failure.
 */
static int
sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid, void *dstva,
	     int perm)
{
	/* LAB 2: BEGIN E2 */
	struct Env *src, *dst;
	struct PageInfo *pp;
	int r;

	if ((r = envid2env(srcenvid, &src, true)) < 0 ||
	    (r = envid2env(dstenvid, &dst, true)) < 0)
		return r;
	if (!va_ok(dstva))
		return -E_INVAL;
	if ((r = map_source_check(src, srcva, perm, &pp)) < 0)
		return r;
	return map_reserved(dst->env_pgdir, (uintptr_t)dstva, pp, perm);
	/* LAB 2: END; stub: return exercise_missing("sys_page_map", "E2"); */
}

/*
 * The page tables that mapping ents[0, n) into pgdir will create or copy.
 * A region counts once per run of consecutive entries in it (fork()'s
 * entries come in address order); a region that comes back later counts
 * again, which only reserves a page that is then given back.
 */
static int
batch_table_cost(const pde_t *pgdir, const struct PageMapEntry *ents, size_t n)
{
	size_t i;
	int cost = 0;

	for (i = 0; i < n; i++)
		if (i == 0 || PDX(ents[i].va) != PDX(ents[i - 1].va))
			cost += uvm_table_cost(pgdir, ents[i].va, true);
	return cost;
}

/*
 * sys_page_map for n pages at once (ours): for each entry, map srcenvid's
 * page at ents[i].va at the same va in dstenvid with ents[i].perm.  Every
 * entry is checked, and the page tables the batch needs are reserved,
 * before anything is mapped: a failed batch changes nothing.  When source
 * and destination are the same env, each entry is a permission change in
 * place (fork() uses this to mark its own pages copy-on-write).  Returns
 * 0, -E_BAD_ENV, -E_FAULT (ents unreadable), -E_INVAL (n >
 * PAGE_MAP_BATCH_MAX or a bad entry, as sys_page_map) or -E_NO_MEM.
 */
static int
sys_page_map_batch(envid_t srcenvid, envid_t dstenvid,
		   const struct PageMapEntry *ents, size_t n)
{
	/* The checked entries, copied out of user memory once: mapping
	 * them may change what the user's array reads. */
	struct PageMapEntry ent[PAGE_MAP_BATCH_MAX];
	struct PageInfo *pp[PAGE_MAP_BATCH_MAX];
	struct uvm_reserve res = UVM_RESERVE_EMPTY;
	struct Env *src, *dst;
	size_t i;
	int r;

	if ((r = envid2env(srcenvid, &src, true)) < 0 ||
	    (r = envid2env(dstenvid, &dst, true)) < 0)
		return r;
	if (n > PAGE_MAP_BATCH_MAX)
		return -E_INVAL;
	if (user_mem_check(curenv, ents, n * sizeof(*ents), PTE_U) < 0)
		return -E_FAULT;
	for (i = 0; i < n; i++) {
		ent[i] = ents[i];
		r = map_source_check(src, (void *)ent[i].va, ent[i].perm,
				     &pp[i]);
		if (r < 0)
			return r;
	}
	if (uvm_reserve(&res, batch_table_cost(dst->env_pgdir, ent, n)) < 0)
		return -E_NO_MEM;
	if (src == dst)
		uvm_set_perms(dst->env_pgdir, ent, n, &res);
	else
		for (i = 0; i < n; i++)
			uvm_map(dst->env_pgdir, ent[i].va, pp[i], ent[i].perm,
				&res);
	uvm_release(&res);
	return 0;
}

/*
 * Give the caller a private, writable mapping of its page at va, as a
 * write fault handled by fork()'s handler would (ours): a copy-on-write
 * page gets a fresh copy of its contents in one call (or, when no one else
 * maps it, is just made writable); a page table shared by ptfork() is made
 * private.  Returns 0, -E_INVAL (va unaligned or above UTOP, nothing
 * mapped, or a page that is read-only and not copy-on-write) or -E_NO_MEM;
 * nothing changes on failure.
 */
static int
sys_page_private(void *va)
{
	/* LAB 2: BEGIN E4 */
	int r;

	if (!va_ok(va))
		return -E_INVAL;
	r = uvm_make_private(curenv->env_pgdir, (uintptr_t)va);
	return r == -E_FAULT ? -E_INVAL : r;
	/* LAB 2: END; stub:
	 * return exercise_missing("sys_page_private", "E4");
	 */
}

/*
 * Unmap the page at va in envid (nothing mapped is fine).  Returns 0,
 * -E_BAD_ENV, -E_INVAL or -E_NO_MEM (a shared page table there could not
 * be copied; nothing changed).
 */
static int
sys_page_unmap(envid_t envid, void *va)
{
	/* LAB 2: BEGIN E2 */
	struct uvm_reserve r = UVM_RESERVE_EMPTY;
	struct Env *e;
	int err;

	if ((err = envid2env(envid, &e, true)) < 0)
		return err;
	if (!va_ok(va))
		return -E_INVAL;
	if (!(uvm_view(e->env_pgdir, (uintptr_t)va).pte & PTE_P))
		return 0;
	if (uvm_reserve(&r,
			uvm_table_cost(e->env_pgdir, (uintptr_t)va, false)) < 0)
		return -E_NO_MEM;
	uvm_unmap(e->env_pgdir, (uintptr_t)va, &r);
	uvm_release(&r);
	return 0;
	/* LAB 2: END; stub: return exercise_missing("sys_page_unmap", "E2"); */
}

/*
 * Send value (and, when srcva < UTOP, the page at srcva with perm) to
 * envid, which must be blocked in sys_ipc_recv.  The page is mapped only if
 * the receiver asked for one.  Any env may send to any env.  Returns 0,
 * -E_BAD_ENV, -E_IPC_NOT_RECV (checked first, as in JOS), -E_INVAL (page
 * arguments) or -E_NO_MEM; nothing changes on failure.
 */
static int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct PageInfo *pp = NULL;
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, false)) < 0)
		return r;
	if (!e->env_ipc_recving)
		return -E_IPC_NOT_RECV;
	if ((uintptr_t)srcva < UTOP &&
	    (r = map_source_check(curenv, srcva, perm, &pp)) < 0)
		return r;
	if (!pp || (uintptr_t)e->env_ipc_dstva >= UTOP)
		perm = 0;
	else if ((r = map_reserved(e->env_pgdir, (uintptr_t)e->env_ipc_dstva,
				   pp, perm)) < 0)
		return r;

	e->env_ipc_recving = false;
	e->env_ipc_from = curenv->env_id;
	e->env_ipc_value = value;
	e->env_ipc_perm = perm;
	e->env_tf.tf_regs.reg_eax = 0;
	e->env_status = ENV_RUNNABLE;
	sched_kick();
	return 0;
}

/*
 * Block until a value arrives; a page, when dstva < UTOP, is mapped at
 * dstva.  Does not return: the caller's result goes into its saved %eax.
 * An unaligned dstva below UTOP resumes the caller at once with -E_INVAL;
 * otherwise it sleeps, and resumes with 0 from the sender (or
 * -E_IPC_NOT_RECV from sys_env_set_status).
 */
static void __attribute__((noreturn)) sys_ipc_recv(void *dstva)
{
	if ((uintptr_t)dstva < UTOP && PGOFF(dstva)) {
		curenv->env_tf.tf_regs.reg_eax = -E_INVAL;
		env_run(curenv);
	}
	curenv->env_ipc_recving = true;
	curenv->env_ipc_dstva = dstva;
	curenv->env_status = ENV_NOT_RUNNABLE;
	sched_yield();
}

/*
 * Fill *ms with the machine's page and env counts, written as the caller
 * would write them: a copy-on-write page gets its own copy first.  Returns
 * 0, -E_FAULT when ms is not logically writable (nothing changed), or
 * -E_NO_MEM.
 */
static int
sys_mem_stat(struct MemStat *ms)
{
	struct MemStat s = { npages, 0, 0 };
	int i, r;

	/* The first copyout makes the page private (which may take pages),
	 * so that the count below is the one the caller then sees. */
	if ((r = uvm_copyout(curenv, (uintptr_t)ms, &s, sizeof(s))) < 0)
		return r;
	s.nfree = page_free_count();
	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			s.nenvs++;
	return uvm_copyout(curenv, (uintptr_t)ms, &s, sizeof(s));
}

/*
 * Share the caller's page table for the 4 MiB region holding va with its
 * child envid (ours; see kern/ptshare.c).  Returns 0, -E_BAD_ENV (not a
 * child of the caller), -E_INVAL (va >= UTOP, the region of the exception
 * stack, no table there in the caller, one already there in the child) or
 * -E_NO_MEM.
 */
static int
sys_pt_share(envid_t envid, void *va)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (e == curenv)
		return -E_BAD_ENV;
	/* The exception stack must stay writable for the upcall frame. */
	if (PDX(va) == PDX(UXSTACKTOP - PGSIZE))
		return -E_INVAL;
	return pt_share(curenv->env_pgdir, e->env_pgdir, (uintptr_t)va);
}

/*
 * Map the caller's pages in [start, end) into its child envid as fork()
 * would, in one pass over the caller's page table there (ours; see
 * uvm_map_cow() and docs/fork.md): PTE_SHARE and read-only pages keep
 * their permissions, writable and copy-on-write pages become PTE_COW and
 * read-only in the child and then in the caller.  [start, end) must lie
 * in one 4 MiB region and leave out the exception stack.  Returns 0,
 * -E_BAD_ENV (not a child of the caller), -E_INVAL (start or end not page
 * aligned, start >= end, end above UTOP, the range crossing a region
 * boundary or holding the exception stack's page, no page table there in
 * the caller) or -E_NO_MEM; nothing changes on failure.
 */
static int
sys_pt_map_cow(envid_t envid, void *start, void *end)
{
	uintptr_t s = (uintptr_t)start, t = (uintptr_t)end;
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (e == curenv)
		return -E_BAD_ENV;
	if (PGOFF(s) || PGOFF(t) || s >= t || t > UTOP ||
	    t - ROUNDDOWN(s, PTSIZE) > PTSIZE)
		return -E_INVAL;
	if (s <= UXSTACKTOP - PGSIZE && UXSTACKTOP - PGSIZE < t)
		return -E_INVAL;
	if ((curenv->env_pgdir[PDX(s)] & (PTE_P | PTE_PS)) != PTE_P)
		return -E_INVAL;
	return uvm_map_cow(curenv->env_pgdir, e->env_pgdir, s, t);
}

/* Dispatch system call num with its arguments; unknown numbers: -E_INVAL. */
int32_t
syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	uint32_t a5)
{
	pdew_syscall(num, a1, a2);
	switch (num) {
	case SYS_cputs:
		sys_cputs((const char *)a1, a2);
		return 0;
	case SYS_cgetc:
		return sys_cgetc();
	case SYS_getenvid:
		return sys_getenvid();
	case SYS_env_destroy:
		return sys_env_destroy(a1);
	case SYS_page_alloc:
		return sys_page_alloc(a1, (void *)a2, a3);
	case SYS_page_map:
		return sys_page_map(a1, (void *)a2, a3, (void *)a4, a5);
	case SYS_page_unmap:
		return sys_page_unmap(a1, (void *)a2);
	case SYS_exofork:
		return sys_exofork();
	case SYS_env_set_status:
		return sys_env_set_status(a1, a2);
	case SYS_env_set_pgfault_upcall:
		return sys_env_set_pgfault_upcall(a1, (void *)a2);
	case SYS_yield:
		sys_yield();
	case SYS_ipc_try_send:
		return sys_ipc_try_send(a1, a2, (void *)a3, a4);
	case SYS_ipc_recv:
		sys_ipc_recv((void *)a1);
	case SYS_mem_stat:
		return sys_mem_stat((struct MemStat *)a1);
	case SYS_pt_share:
		return sys_pt_share(a1, (void *)a2);
	case SYS_page_map_batch:
		return sys_page_map_batch(a1, a2,
					  (const struct PageMapEntry *)a3, a4);
	case SYS_page_private:
		return sys_page_private((void *)a1);
	case SYS_pt_map_cow:
		return sys_pt_map_cow(a1, (void *)a2, (void *)a3);
	case SYS_dagsnap:
		return sys_dagsnap((const char *)a1, a2, a3);
	default:
		return -E_INVAL;
	}
}
