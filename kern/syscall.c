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
#include <kern/debug/dag.h>

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
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, curenv->env_id)) < 0)
		return r;
	e->env_status = ENV_NOT_RUNNABLE;
	e->env_tf = curenv->env_tf;
	e->env_tf.tf_regs.reg_eax = 0;
	return e->env_id;
}

/*
 * Set envid's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE.  Making an env
 * blocked in sys_ipc_recv runnable cancels the receive: that call returns
 * -E_IPC_NOT_RECV.  Returns 0, -E_BAD_ENV or -E_INVAL (any other status).
 */
static int
sys_env_set_status(envid_t envid, int status)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	/* Woken this way, an env blocked in sys_ipc_recv stops receiving
	 * (a later send must not overwrite its registers as it runs), and
	 * its sys_ipc_recv returns an error: no message came. */
	if (status == ENV_RUNNABLE && e->env_ipc_recving) {
		e->env_ipc_recving = false;
		e->env_tf.tf_regs.reg_eax = -E_IPC_NOT_RECV;
	}
	e->env_status = status;
	return 0;
}

/*
 * Register func as envid's page-fault upcall.  The pointer is not checked
 * here: a bad one faults when used.  Returns 0 or -E_BAD_ENV.
 */
static int
sys_env_set_pgfault_upcall(envid_t envid, void *func)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
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

/*
 * Map a new zeroed page at va in envid with permission perm, replacing
 * what was there.  Returns 0, -E_BAD_ENV, -E_INVAL (va or perm) or
 * -E_NO_MEM (the old mapping, if any, is then untouched).
 */
static int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	struct PageInfo *pp;
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (!va_ok(va) || !perm_ok(perm))
		return -E_INVAL;
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	if ((r = page_insert(e->env_pgdir, pp, va, perm)) < 0) {
		page_free(pp);
		return r;
	}
	return 0;
}

/*
 * True when the page that pte maps may be mapped writable: it is writable,
 * or it is copy-on-write (logically writable) and this PTE is its only
 * reference, so no one else can see the writes.  The latter lets a
 * copy-on-write fault handler that holds the last reference make the page
 * writable again without copying it.
 */
static bool
pte_logically_writable(pte_t pte, struct PageInfo *pp)
{
	return (pte & PTE_W) || ((pte & PTE_COW) && pp->pp_ref == 1);
}

/*
 * Check that srcva in src may be mapped with perm: aligned, below UTOP,
 * perm valid, page present, PTE_W only for a logically writable page.
 * With modify (the caller will change src's PTE), or when PTE_W is asked
 * for, a shared page table is first made private: a frame in a shared
 * table is reachable from several envs even when its pp_ref is 1.
 * Returns 0 with *pp_store and *pte_store set, -E_INVAL or -E_NO_MEM.
 */
static int
map_source_check(struct Env *src, void *srcva, int perm, bool modify,
		 struct PageInfo **pp_store, pte_t **pte_store)
{
	uintptr_t va = (uintptr_t)srcva;
	struct PageInfo *pp;
	pte_t *pte;

	if (!va_ok(srcva) || !perm_ok(perm))
		return -E_INVAL;
	if ((modify || (perm & PTE_W)) &&
	    pde_is_shared(src->env_pgdir[PDX(va)]) &&
	    pt_unshare(src->env_pgdir, va) < 0)
		return -E_NO_MEM;
	if (!(pte = pgdir_pte(src->env_pgdir, va)) || !(*pte & PTE_P))
		return -E_INVAL;
	pp = pa2page(PTE_ADDR(*pte));
	if ((perm & PTE_W) && !pte_logically_writable(*pte, pp))
		return -E_INVAL;
	*pp_store = pp;
	*pte_store = pte;
	return 0;
}

/*
 * Map the page at srcva in srcenvid at dstva in dstenvid with permission
 * perm (the page gains a reference; what was at dstva is unmapped).
 * Returns 0, -E_BAD_ENV, -E_INVAL (addresses, perm, srcva unmapped, or
 * PTE_W asked for a read-only page) or -E_NO_MEM.
 */
static int
sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid, void *dstva,
	     int perm)
{
	struct Env *src, *dst;
	struct PageInfo *pp;
	pte_t *pte;
	int r;

	if ((r = envid2env(srcenvid, &src, true)) < 0 ||
	    (r = envid2env(dstenvid, &dst, true)) < 0)
		return r;
	if (!va_ok(dstva))
		return -E_INVAL;
	if ((r = map_source_check(src, srcva, perm, false, &pp, &pte)) < 0)
		return r;
	return page_insert(dst->env_pgdir, pp, dstva, perm);
}

/*
 * Change the permissions of the page that *pte maps at va in e to perm,
 * keeping the page: sys_page_map of a page onto itself, without a second
 * walk of the page tables and without touching pp_ref.
 */
static void
pte_set_perm(struct Env *e, pte_t *pte, uintptr_t va, int perm)
{
	*pte = PTE_ADDR(*pte) | perm | PTE_P;
	tlb_invalidate(e->env_pgdir, va, PGSIZE);
}

/*
 * sys_page_map for n pages at once (ours): for each entry, map srcenvid's
 * page at ents[i].va at the same va in dstenvid with ents[i].perm.  Every
 * entry is checked before anything is mapped.  When source and destination
 * are the same env, each entry is a permission change in place (fork()
 * uses this to mark its own pages copy-on-write).  Returns 0, -E_BAD_ENV,
 * -E_FAULT (ents unreadable), -E_INVAL (n > PAGE_MAP_BATCH_MAX or a bad
 * entry, as sys_page_map) or -E_NO_MEM (entries before the failing one
 * stay mapped).
 */
static int
sys_page_map_batch(envid_t srcenvid, envid_t dstenvid,
		   const struct PageMapEntry *ents, size_t n)
{
	/* The checked entries, copied out of user memory once: mapping
	 * them may change what the user's array reads. */
	struct {
		struct PageMapEntry ent;
		struct PageInfo *pp;
		pte_t *pte;
	} map[PAGE_MAP_BATCH_MAX];
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
		map[i].ent = ents[i];
		r = map_source_check(src, (void *)map[i].ent.va,
				     map[i].ent.perm, src == dst, &map[i].pp,
				     &map[i].pte);
		if (r < 0)
			return r;
	}
	for (i = 0; i < n; i++) {
		if (src == dst)
			pte_set_perm(dst, map[i].pte, map[i].ent.va,
				     map[i].ent.perm);
		else if ((r = page_insert(dst->env_pgdir, map[i].pp,
					  (void *)map[i].ent.va,
					  map[i].ent.perm)) < 0)
			return r;
	}
	return 0;
}

/*
 * Unmap the page at va in envid (nothing mapped is fine).  Returns 0,
 * -E_BAD_ENV, -E_INVAL or -E_NO_MEM (a shared page table there could not
 * be made private).
 */
static int
sys_page_unmap(envid_t envid, void *va)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (!va_ok(va))
		return -E_INVAL;
	if (pde_is_shared(e->env_pgdir[PDX(va)]) &&
	    (r = pt_unshare(e->env_pgdir, (uintptr_t)va)) < 0)
		return r;
	page_remove(e->env_pgdir, va);
	return 0;
}

/*
 * Send value (and, when srcva < UTOP, the page at srcva with perm) to
 * envid, which must be blocked in sys_ipc_recv.  The page is mapped only if
 * the receiver asked for one.  Any env may send to any env.  Returns 0,
 * -E_BAD_ENV, -E_INVAL (page arguments), -E_IPC_NOT_RECV or -E_NO_MEM.
 */
static int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct PageInfo *pp = NULL;
	struct Env *e;
	pte_t *pte;
	int r;

	if ((r = envid2env(envid, &e, false)) < 0)
		return r;
	if ((uintptr_t)srcva < UTOP &&
	    (r = map_source_check(curenv, srcva, perm, false, &pp, &pte)) < 0)
		return r;
	if (!e->env_ipc_recving)
		return -E_IPC_NOT_RECV;
	if (!pp || (uintptr_t)e->env_ipc_dstva >= UTOP)
		perm = 0;
	else if ((r = page_insert(e->env_pgdir, pp, e->env_ipc_dstva, perm)) <
		 0)
		return r;

	e->env_ipc_recving = false;
	e->env_ipc_from = curenv->env_id;
	e->env_ipc_value = value;
	e->env_ipc_perm = perm;
	e->env_tf.tf_regs.reg_eax = 0;
	e->env_status = ENV_RUNNABLE;
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
 * Fill *ms with the machine's page and env counts.  Returns 0 or -E_FAULT
 * when ms is not user-writable.
 */
static int
sys_mem_stat(struct MemStat *ms)
{
	struct MemStat s = { npages, 0, 0 };
	int i;

	if (pt_unshare_range(curenv->env_pgdir, (uintptr_t)ms, sizeof(*ms)) < 0)
		return -E_NO_MEM;
	if (user_mem_check(curenv, ms, sizeof(*ms), PTE_U | PTE_W) < 0)
		return -E_FAULT;
	/* Counted after any table copy above, so the figure is current. */
	s.nfree = page_free_count();
	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE)
			s.nenvs++;
	*ms = s;
	return 0;
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

/* Dispatch system call num with its arguments; unknown numbers: -E_INVAL. */
int32_t
syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	uint32_t a5)
{
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
	case SYS_dagsnap:
		return sys_dagsnap((const char *)a1, a2, a3);
	default:
		return -E_INVAL;
	}
}
