/*
 * fuzz: a seeded random system-call generator (the system calls of
 * docs/interface.md).
 *
 *	fuzz [SEED [STEPS]]	(defaults: seed 1, 2000 steps)
 *
 * Each step makes one system call, 0..16 or a number past the last one,
 * with arguments that are sometimes right and often hostile: kernel
 * addresses, the UTOP/ULIM/UVPT/UPAGES/UENVS edges, unaligned and unmapped
 * addresses, buffers that straddle a page into unmapped or read-only
 * memory, every kind of bad permission, stale and foreign env ids, and our
 * own children.  Where the contract fixes the answer the result is
 * checked, and a wrong one prints a "fuzz: WRONG" line.
 *
 * Children.  fork()ed and ptfork()ed children fuzz too, for a bounded number of steps
 * with a seed derived from ours, and then end in one hostile way or
 * another (a bad sys_cputs, a wild upcall, no exception stack, a jump to a
 * kernel address, blocking for ever...).  sys_exofork() children
 * ("dummies") never run code of their own: they are targets for the
 * mapping calls, and may be started with whatever we mapped into them.
 * At the end the fuzzer destroys every child it still has and prints
 * "fuzz: seed S, N calls, done"; the system then idles and the kernel's
 * audit must say ok.
 *
 * Staying alive.  A fuzzing environment must not wreck itself, so:
 *  - every page address it allocates, maps or unmaps in itself or in a
 *    fuzzing child lies in the ARENA (or is invalid anyway);
 *  - it never gives anyone write access to one of its pages outside the
 *    arena, and only maps arena pages into a fuzzing environment;
 *  - buffer arguments that the kernel writes (sys_mem_stat) point only at
 *    msbuf, the arena, or memory the kernel must refuse;
 *  - an upcall is only ever set to unmapped or kernel memory, never to
 *    anything a processor could execute as user code;
 *  - the calls that destroy or block their caller are made only by
 *    children, as their last act.
 *
 * Reproducing.  What each environment asks for depends only on the seed;
 * how parent and children interleave depends on the timer.  `make fuzz`
 * runs QEMU with -icount, which makes the timer count instructions, so a
 * seed replays exactly.
 */
#include <inc/lib.h>

/* The arena: 128 pages that straddle a page-table boundary. */
#define ARENA 0x1ffe0000u
#define ARENA_PAGES 128
#define ARENA_END (ARENA + ARENA_PAGES * PGSIZE)
/* A page that is always mapped, followed by one that never is. */
#define STRADDLE (ARENA - 2 * PGSIZE)
/* [0, NOMAP_END): nothing is ever mapped here, in anyone. */
#define NOMAP_END ((uintptr_t)UTEMP)

#define MAXKIDS 8
#define MAXDEAD 16
#define CHILD_STEPS 80
#define PROGRESS_EVERY 1000

/* A set of acceptable results: bit 0 for 0, bit e for -e. */
#define R_OK 1u
#define R(e) (1u << (e))

enum kid_kind {
	KID_FORKED,
	KID_DUMMY
};

struct kid {
	envid_t id;
	enum kid_kind kind;
};

static uint32_t rng_state;
static envid_t me, parent_id;
static bool in_child;
static struct kid kids[MAXKIDS];
static int nkids;
static envid_t dead[MAXDEAD]; /* ids we know are gone */
static int ndead;
static envid_t others[MAXKIDS]; /* a child's siblings, at its birth */
static int nothers;
static uint32_t step, nwrong, nforks;

/* The call being made, for the WRONG line. */
static uint32_t last_num, last_args[5];

static char zeros[256]; /* sys_cputs prints nothing from here */
static struct MemStat msbuf;
static struct PageMapEntry ents[PAGE_MAP_BATCH_MAX];

extern char etext[];

/* The next pseudo-random number (splitmix32). */
static uint32_t
rng(void)
{
	uint32_t z = (rng_state += 0x9e3779b9);

	z = (z ^ (z >> 16)) * 0x85ebca6b;
	z = (z ^ (z >> 13)) * 0xc2b2ae35;
	return z ^ (z >> 16);
}

/* A number in [0, n), n > 0. */
static uint32_t
pick(uint32_t n)
{
	return rng() % n;
}

static bool
chance(uint32_t percent)
{
	return pick(100) < percent;
}

/* Any system call, with the arguments remembered for check(). */
static int32_t
fz_syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	   uint32_t a5)
{
	int32_t ret;

	last_num = num;
	last_args[0] = a1;
	last_args[1] = a2;
	last_args[2] = a3;
	last_args[3] = a4;
	last_args[4] = a5;
	asm volatile("int %1"
		     : "=a"(ret)
		     : "i"(T_SYSCALL), "a"(num), "d"(a1), "c"(a2), "b"(a3),
		       "D"(a4), "S"(a5)
		     : "cc", "memory");
	return ret;
}

/* Complain unless the last call's result r is in the set allowed. */
static void
check(int32_t r, uint32_t allowed)
{
	if (r <= 0 && r > -32 && (allowed & (1u << -r)))
		return;
	nwrong++;
	cprintf("fuzz: WRONG [%08x] step %u: syscall %u (%08x, %08x, %08x, "
		"%08x, %08x) = %d, acceptable set %x\n",
		me, step, last_num, last_args[0], last_args[1], last_args[2],
		last_args[3], last_args[4], r, allowed);
}

// --------------------------------------------------------------
// What user space can see: page tables and envs[]
// --------------------------------------------------------------

static bool
in_arena(uintptr_t va)
{
	return va >= ARENA && va < ARENA_END;
}

/* Does [va, va + len) touch the arena? */
static bool
touches_arena(uintptr_t va, size_t len)
{
	return len > 0 && va < ARENA_END && va + len > ARENA && va + len > va;
}

/* A valid page argument: page aligned and below UTOP. */
static bool
page_arg_ok(uintptr_t va)
{
	return va < UTOP && PGOFF(va) == 0;
}

/* A valid perm argument: PTE_U|PTE_P and nothing outside PTE_SYSCALL. */
static bool
perm_arg_ok(uint32_t perm)
{
	return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) &&
	       (perm & ~PTE_SYSCALL) == 0;
}

/* Our PTE for va (va < ULIM), or 0 when its page table is absent. */
static pte_t
our_pte(uintptr_t va)
{
	if (!(uvpd[PDX(va)] & PTE_P))
		return 0;
	return uvpt[PGNUM(va)];
}

/*
 * Is our page table for va shared (sys_pt_share, ptfork)?  Then its PTEs
 * may change under us: the first write by any holder copies the table
 * and turns the writable entries copy-on-write in every copy.
 */
static bool
region_shared(uintptr_t va)
{
	return va < UTOP && (uvpd[PDX(va)] & PTE_SHARED_PT);
}

/* Does [va, va + len) touch a region whose page table we share? */
static bool
range_shared(uintptr_t va, size_t len)
{
	uintptr_t region;

	if (len == 0 || va >= UTOP)
		return false;
	for (region = ROUNDDOWN(va, PTSIZE);
	     region < UTOP && region <= va + len - 1 &&
	     region >= ROUNDDOWN(va, PTSIZE);
	     region += PTSIZE)
		if (region_shared(region))
			return true;
	return false;
}

/*
 * May we touch [va, va + len) with every bit of need, as the kernel's
 * user_mem_check judges it: below ULIM, PDE and PTE carrying need?
 */
static bool
user_range_ok(uintptr_t va, size_t len, pte_t need)
{
	uintptr_t page, last = va + len - 1;

	if (len == 0)
		return true;
	if (last < va || last >= ULIM)
		return false;
	for (page = ROUNDDOWN(va, PGSIZE); page <= last; page += PGSIZE)
		if ((uvpd[PDX(page)] & need) != need ||
		    (our_pte(page) & need) != need)
			return false;
	return true;
}

/*
 * Is every page of [va, va + len) one we may write, at once or after a
 * copy-on-write fault: present, user, below UTOP, PTE_W or PTE_COW?
 */
static bool
range_logically_writable(uintptr_t va, size_t len)
{
	uintptr_t page, last = va + len - 1;
	pte_t pte;

	if (last < va || last >= UTOP)
		return false;
	for (page = ROUNDDOWN(va, PGSIZE); page <= last; page += PGSIZE) {
		pte = our_pte(page);
		if ((pte & (PTE_P | PTE_U)) != (PTE_P | PTE_U) ||
		    !(pte & (PTE_W | PTE_COW)))
			return false;
	}
	return true;
}

/* May we name id in a call that allows only us and our children? */
static bool
env_mine(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	if (id == 0 || id == me)
		return true;
	return e->env_id == id && e->env_status != ENV_FREE &&
	       e->env_parent_id == me;
}

/* Does id name a live environment (for IPC, which anyone may use)? */
static bool
env_live(envid_t id)
{
	const volatile struct Env *e = &envs[ENVX(id)];

	return id == 0 || (e->env_id == id && e->env_status != ENV_FREE);
}

/*
 * The acceptable results of a call that names environments: want when
 * they were all valid before the call, -E_BAD_ENV when one is gone after
 * it (a child may die while we look), and then also the argument errors
 * in want, since the interface does not order the checks.
 */
static uint32_t
env_verdict(bool ok_before, bool ok_after, uint32_t want)
{
	uint32_t allowed = ok_before ? want : 0;

	if (!ok_after)
		allowed |= R(E_BAD_ENV) | (want & ~(R_OK | R(E_NO_MEM)));
	return allowed;
}

// --------------------------------------------------------------
// Our children
// --------------------------------------------------------------

static bool
is_self(envid_t id)
{
	return id == 0 || id == me;
}

/* Is id one of our sys_exofork dummies? */
static bool
is_dummy(envid_t id)
{
	int i;

	for (i = 0; i < nkids; i++)
		if (kids[i].id == id && kids[i].kind == KID_DUMMY)
			return true;
	return false;
}

static void
remember_dead(envid_t id)
{
	dead[ndead < MAXDEAD ? ndead++ : pick(MAXDEAD)] = id;
}

/* Destroy kid i and forget it (it may have died already). */
static void
drop_kid(int i)
{
	envid_t id = kids[i].id;
	bool mine = env_mine(id);
	int32_t r = fz_syscall(SYS_env_destroy, id, 0, 0, 0, 0);

	check(r, env_verdict(mine, env_mine(id), R_OK));
	remember_dead(id);
	kids[i] = kids[--nkids];
}

/* Remember a new child, first dropping one of its kind if they are many. */
static void
add_kid(envid_t id, enum kid_kind kind)
{
	int i, same[MAXKIDS], nsame = 0;

	for (i = 0; i < nkids; i++)
		if (kids[i].kind == kind)
			same[nsame++] = i;
	if (nsame >= MAXKIDS / 2)
		drop_kid(same[pick(nsame)]);
	kids[nkids].id = id;
	kids[nkids].kind = kind;
	nkids++;
}

// --------------------------------------------------------------
// Argument generators
// --------------------------------------------------------------

/* An env id: ourselves, a child, a sibling, a dead one, or junk. */
static envid_t
gen_env(void)
{
	switch (pick(18)) {
	case 0:
	case 1:
	case 2:
		return 0;
	case 3:
	case 4:
		return me;
	case 5:
	case 6:
	case 7:
	case 8:
	case 9:
		return nkids ? kids[pick(nkids)].id : 0;
	case 10:
		return ndead ? dead[pick(ndead)] : -1;
	case 11:
		return parent_id ? parent_id : (envid_t)rng();
	case 12:
		return nothers ? others[pick(nothers)] : me + (1 << 12);
	case 13:
		return chance(50) ? -1 : (envid_t)0x80000000;
	case 14:
		return (envid_t)rng();
	case 15: /* a plausible id, perhaps someone else's */
		return ((1 + pick(4)) << 12) | pick(64);
	case 16: /* our own slot, another generation */
		return chance(50) ? me + (1 << 12) : me - (1 << 12);
	default:
		return ENVX(me);
	}
}

/* The destination env for a mapping from src: often src or ourselves. */
static envid_t
gen_dst(envid_t src)
{
	switch (pick(4)) {
	case 0:
		return src;
	case 1:
		return 0;
	default:
		return gen_env();
	}
}

/* A page address: mostly in the arena, often at an edge or plain wrong. */
static uintptr_t
gen_va(void)
{
	static const uintptr_t edges[] = {
		0,
		PGSIZE,
		NOMAP_END,
		(uintptr_t)PFTEMP,
		UTEXT,
		USTACKTOP - PGSIZE,
		USTACKTOP,
		UTOP - PGSIZE,
		UTOP,
		UENVS,
		UPAGES,
		UVPT,
		ULIM - PGSIZE,
		ULIM,
		MMIOLIM,
		KSTACKTOP - PGSIZE,
		KERNBASE,
		0xfffff000,
		ARENA - PGSIZE,
		ARENA_END,
		STRADDLE,
	};

	switch (pick(10)) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
		return ARENA + pick(ARENA_PAGES) * PGSIZE;
	case 5:
		return edges[pick(ARRAY_SIZE(edges))];
	case 6: /* an edge, just off */
		return edges[pick(ARRAY_SIZE(edges))] + (chance(50) ? 1 : -1);
	case 7:
		return ARENA + pick(ARENA_PAGES * PGSIZE);
	case 8:
		return rng();
	default:
		return ROUNDDOWN(pick(UTOP), PGSIZE);
	}
}

/* va, moved into the arena if it is a page address outside it. */
static uintptr_t
to_arena(uintptr_t va)
{
	if (!page_arg_ok(va) || in_arena(va))
		return va;
	return ARENA + (PGNUM(va) % ARENA_PAGES) * PGSIZE;
}

/* va for a page call on target: anywhere in a dummy, else the arena. */
static uintptr_t
fix_va(uintptr_t va, envid_t target)
{
	if (!is_dummy(target))
		return to_arena(va);
	if (page_arg_ok(va) && va < NOMAP_END)
		return va + NOMAP_END;
	return va;
}

/*
 * perm, without PTE_W when it would hand a dummy write access to a page
 * of a fuzzing environment outside the arena.
 */
static uint32_t
fix_perm(uint32_t perm, envid_t src, uintptr_t va, envid_t dst)
{
	if (is_dummy(dst) && !is_dummy(src) && !in_arena(va))
		return perm & ~PTE_W;
	return perm;
}

/* A permission: often right, else with a wrong bit or two. */
static uint32_t
gen_perm(void)
{
	static const uint32_t good[] = {
		PTE_P | PTE_U,
		PTE_P | PTE_U | PTE_W,
		PTE_P | PTE_U | PTE_W | PTE_AVAIL,
		PTE_P | PTE_U | PTE_COW,
		PTE_P | PTE_U | PTE_W | PTE_SHARE,
	};
	static const uint32_t bad_bits[] = {
		PTE_PWT, PTE_PCD, PTE_A,  PTE_D,
		PTE_PS,  PTE_G,   0x1000, 0x80000000,
	};
	uint32_t perm = good[pick(ARRAY_SIZE(good))];

	switch (pick(6)) {
	case 0:
		return perm | bad_bits[pick(ARRAY_SIZE(bad_bits))];
	case 1:
		return perm & ~(chance(50) ? PTE_U : PTE_P);
	case 2:
		return chance(50) ? rng() & 0xfff : rng();
	default:
		return perm;
	}
}

/*
 * A buffer pointer for len bytes: own (our safe buffer), the arena when
 * arena_ok, or memory the kernel must refuse for writing (and, except for
 * the UTOP straddle into UENVS, for reading too).
 */
static uintptr_t
gen_ptr(uintptr_t own, size_t len, bool arena_ok)
{
	uint32_t back = 1 + pick(len ? len : 1);

	switch (pick(9)) {
	case 0:
	case 1:
		return own;
	case 2:
		return arena_ok ? ARENA + pick(ARENA_PAGES * PGSIZE) : own;
	case 3: /* from a mapped page into one never mapped */
		return STRADDLE + PGSIZE - back;
	case 4:
		return KERNBASE + pick(0x1000000);
	case 5: /* into ULIM */
		return ULIM - back;
	case 6: /* from the exception stack into read-only UENVS */
		return arena_ok ? UTOP - back : own;
	case 7:
		return pick(NOMAP_END);
	default: /* wraps past the top of memory */
		return 0 - back;
	}
}

/* An address no user code can run at: unmapped or kernel memory. */
static uintptr_t
gen_code_addr(void)
{
	static const uintptr_t junk[] = {
		0,
		1,
		PGSIZE,
		USTACKTOP,
		ULIM,
		KERNBASE,
		KERNBASE + 0x100000,
		0xfffffff0,
		0xffffffff,
	};

	switch (pick(3)) {
	case 0:
		return junk[pick(ARRAY_SIZE(junk))];
	case 1:
		return pick(NOMAP_END);
	default:
		return ULIM + pick(0 - ULIM);
	}
}

// --------------------------------------------------------------
// One operation per system call
// --------------------------------------------------------------

/* sys_cputs with nothing to print: a junk pointer and no length, or NULs. */
static void
op_cputs(void)
{
	if (chance(50))
		fz_syscall(SYS_cputs, rng(), 0, 0, 0, 0);
	else
		fz_syscall(SYS_cputs, (uint32_t)zeros, pick(sizeof(zeros)), 0,
			   0, 0);
}

static void
op_cgetc(void)
{
	int32_t r = fz_syscall(SYS_cgetc, rng(), rng(), 0, 0, 0);

	if (r < 0)
		check(r, 0);
}

static void
op_getenvid(void)
{
	int32_t r = fz_syscall(SYS_getenvid, rng(), 0, 0, 0, 0);

	if (r != me)
		check(r, 0);
}

/* Destroy a child, a stranger or junk; never ourselves. */
static void
op_destroy(void)
{
	envid_t id = gen_env();
	bool mine;
	int i;

	if (is_self(id))
		id = ndead ? dead[pick(ndead)] : -1;
	for (i = 0; i < nkids; i++)
		if (kids[i].id == id) {
			drop_kid(i);
			return;
		}
	mine = env_mine(id);
	check(fz_syscall(SYS_env_destroy, id, 0, 0, 0, 0),
	      env_verdict(mine, env_mine(id), R_OK));
}

// --------------------------------------------------------------
// Watching our own arena (the first fuzzer only: nobody else can change
// its page tables, so every difference is the call's doing)
// --------------------------------------------------------------

static bool watching;
static pte_t arena_before[ARENA_PAGES];

/* Remember our arena PTEs if id names us and we are the first fuzzer. */
static void
watch_begin(envid_t id)
{
	int i;

	watching = !in_child && is_self(id) &&
		   !range_shared(ARENA, ARENA_PAGES * PGSIZE);
	if (watching)
		for (i = 0; i < ARENA_PAGES; i++)
			arena_before[i] = our_pte(ARENA + i * PGSIZE);
}

/* Report that the last call did something it should not have. */
static void
wrong_effect(const char *what, uintptr_t va)
{
	nwrong++;
	cprintf("fuzz: WRONG [%08x] step %u: syscall %u (%08x, %08x, %08x, "
		"%08x, %08x): %s at %08x\n",
		me, step, last_num, last_args[0], last_args[1], last_args[2],
		last_args[3], last_args[4], what, va);
}

/* A failed call (other than -E_NO_MEM when partial) changed nothing. */
static void
watch_unchanged(void)
{
	uintptr_t va;
	int i;

	for (i = 0; i < ARENA_PAGES; i++) {
		va = ARENA + i * PGSIZE;
		if ((our_pte(va) ^ arena_before[i]) & ~(PTE_A | PTE_D))
			wrong_effect("a failed call changed the mapping", va);
	}
}

/* After a successful call on ourselves: va maps page pa with perm. */
static void
watch_mapped(uintptr_t va, physaddr_t pa, uint32_t perm)
{
	pte_t pte = our_pte(va);

	if (!(pte & PTE_P) || (pte & PTE_SYSCALL) != (perm | PTE_P))
		wrong_effect("the new mapping has the wrong permissions", va);
	else if (pa && PTE_ADDR(pte) != pa)
		wrong_effect("the new mapping has the wrong page", va);
}

/* After a successful sys_page_alloc on ourselves: a fresh zero page. */
static void
watch_fresh(uintptr_t va, uint32_t perm)
{
	const volatile uint32_t *word = (const volatile uint32_t *)va;
	int i;

	watch_mapped(va, 0, perm);
	if (pageref((void *)va) != 1)
		wrong_effect("a fresh page is shared", va);
	for (i = 0; i < PGSIZE / 4; i++)
		if (word[i] != 0) {
			wrong_effect("a fresh page is not zeroed", va + i * 4);
			return;
		}
}

/* The end of a watched call that returned r. */
static void
watch_end(int32_t r, bool partial_ok)
{
	if (watching && r < 0 && !(partial_ok && r == -E_NO_MEM))
		watch_unchanged();
}

// --------------------------------------------------------------
// Page calls
// --------------------------------------------------------------

static void
op_page_alloc(void)
{
	envid_t id = gen_env();
	uintptr_t va = fix_va(gen_va(), id);
	uint32_t perm = gen_perm();
	uint32_t want = page_arg_ok(va) && perm_arg_ok(perm) ?
				R_OK | R(E_NO_MEM) :
				R(E_INVAL);
	bool mine = env_mine(id);
	int32_t r;

	watch_begin(id);
	r = fz_syscall(SYS_page_alloc, id, va, perm, 0, 0);
	check(r, env_verdict(mine, env_mine(id), want));
	watch_end(r, false);
	if (watching && r == 0)
		watch_fresh(va, perm);
}

/*
 * What sys_page_map (or an IPC page send) from src at srcva with perm may
 * answer, arguments and the source page considered: exact when the
 * source is us, else the source page may or may not be there.
 */
static uint32_t
source_want(envid_t src, uintptr_t srcva, uint32_t perm)
{
	pte_t pte;

	if (!page_arg_ok(srcva) || !perm_arg_ok(perm))
		return R(E_INVAL);
	if (!is_self(src))
		return R_OK | R(E_INVAL) | R(E_NO_MEM);
	pte = our_pte(srcva);
	if (!(pte & PTE_P))
		return R(E_INVAL);
	if ((perm & PTE_W) && region_shared(srcva))
		return R_OK | R(E_INVAL) | R(E_NO_MEM);
	/*
	 * A copy-on-write page that only we hold is logically writable and
	 * may be mapped writable; whether only we hold it can change under
	 * us as children break their copies.
	 */
	if ((perm & PTE_W) && !(pte & PTE_W))
		return pte & PTE_COW ? R(E_INVAL) | R_OK | R(E_NO_MEM) :
				       R(E_INVAL);
	return R_OK | R(E_NO_MEM);
}

/*
 * An arena page we map, if any (a child, forked from us, likely maps the
 * same ones): a source that sys_page_map will accept.
 */
static uintptr_t
mapped_arena_page(void)
{
	uint32_t i, start = pick(ARENA_PAGES), va;

	for (i = 0; i < ARENA_PAGES; i++) {
		va = ARENA + ((start + i) % ARENA_PAGES) * PGSIZE;
		if (our_pte(va) & PTE_P)
			return va;
	}
	return ARENA + start * PGSIZE;
}

/* The source address for a mapping from src into dst (see the top). */
static uintptr_t
gen_source_va(envid_t src, envid_t dst)
{
	uintptr_t va = chance(40) ? mapped_arena_page() : gen_va();

	if (!is_dummy(dst))
		return to_arena(va);
	if (is_dummy(src))
		return fix_va(va, src);
	return chance(50) ? va : to_arena(va);
}

static void
op_page_map(void)
{
	envid_t src = chance(40) ? 0 : gen_env(), dst = gen_dst(src);
	uintptr_t srcva = gen_source_va(src, dst);
	uintptr_t dstva = fix_va(gen_va(), dst);
	uint32_t perm = fix_perm(gen_perm(), src, srcva, dst);
	physaddr_t pa = PTE_ADDR(our_pte(srcva < ULIM ? srcva : 0));
	uint32_t want = source_want(src, srcva, perm);
	bool mine = env_mine(src) && env_mine(dst);
	int32_t r;

	if (!page_arg_ok(dstva))
		want = R(E_INVAL);
	watch_begin(dst);
	r = fz_syscall(SYS_page_map, src, srcva, dst, dstva, perm);
	check(r, env_verdict(mine, env_mine(src) && env_mine(dst), want));
	watch_end(r, false);
	if (watching && r == 0)
		watch_mapped(dstva, is_self(src) ? pa : 0, perm);
}

static void
op_page_unmap(void)
{
	envid_t id = gen_env();
	uintptr_t va = fix_va(gen_va(), id);
	bool mine = env_mine(id);
	int32_t r;

	watch_begin(id);
	r = fz_syscall(SYS_page_unmap, id, va, 0, 0, 0);
	check(r, env_verdict(mine, env_mine(id),
			     page_arg_ok(va) ? R_OK : R(E_INVAL)));
	watch_end(r, false);
	if (watching && r == 0 && (our_pte(va) & PTE_P))
		wrong_effect("still mapped after sys_page_unmap", va);
}

/* An entry count: small, at the limit, past it, or overflowing n * 8. */
static uint32_t
gen_count(void)
{
	static const uint32_t counts[] = {
		0,
		1,
		PAGE_MAP_BATCH_MAX - 1,
		PAGE_MAP_BATCH_MAX,
		PAGE_MAP_BATCH_MAX + 1,
		0x20000001,
		0x80000000,
		0xffffffff,
	};

	if (chance(60))
		return 1 + pick(16);
	return counts[pick(ARRAY_SIZE(counts))];
}

/* Fill ents[0..n) for a batch from src into dst. */
static void
fill_entries(envid_t src, envid_t dst, uint32_t n)
{
	bool good = chance(50);
	uint32_t i;

	for (i = 0; i < n && i < PAGE_MAP_BATCH_MAX; i++) {
		/* A good batch: mapped pages, read-only (always allowed). */
		if (good && !is_dummy(dst)) {
			ents[i].va = mapped_arena_page();
			ents[i].perm =
				PTE_P | PTE_U | (chance(20) ? PTE_AVAIL : 0);
			continue;
		}
		ents[i].va = gen_source_va(src, dst);
		ents[i].perm = fix_perm(gen_perm(), src, ents[i].va, dst);
	}
}

/* What a batch of n entries at p from src may answer. */
static uint32_t
batch_want(envid_t src, uintptr_t p, uint32_t n)
{
	uint32_t i, want, unknown = 0;

	if (n > PAGE_MAP_BATCH_MAX)
		return R(E_INVAL) | R(E_FAULT);
	if (!user_range_ok(p, n * sizeof(ents[0]), PTE_P | PTE_U))
		return in_child && touches_arena(p, n * sizeof(ents[0])) ?
			       R(E_FAULT) | R_OK | R(E_INVAL) | R(E_NO_MEM) :
			       R(E_FAULT);
	if (p != (uintptr_t)ents)
		return R_OK | R(E_INVAL) | R(E_NO_MEM) | R(E_FAULT);
	for (i = 0; i < n; i++) {
		want = source_want(src, ents[i].va, ents[i].perm);
		if (want == R(E_INVAL))
			return R(E_INVAL);
		unknown |= want & R(E_INVAL);
	}
	return R_OK | R(E_NO_MEM) | unknown;
}

static void
op_batch(void)
{
	envid_t src = chance(40) ? 0 : gen_env(), dst = gen_dst(src);
	uint32_t n = gen_count();
	uintptr_t p =
		gen_ptr((uintptr_t)ents, MIN(n, 0x1000) * 8, is_dummy(dst));
	uint32_t want;
	bool mine = env_mine(src) && env_mine(dst);
	int32_t r;

	fill_entries(src, dst, n);
	want = batch_want(src, p, n);
	watch_begin(dst);
	r = fz_syscall(SYS_page_map_batch, src, dst, p, n, rng());
	check(r, env_verdict(mine, env_mine(src) && env_mine(dst), want));
	watch_end(r, true);
}

// --------------------------------------------------------------
// Environments
// --------------------------------------------------------------

static void
op_yield(void)
{
	fz_syscall(SYS_yield, rng(), rng(), 0, 0, 0);
}

/*
 * Make a dummy (the first fuzzer only: a child's children would outlive
 * it when we destroy it, and keep their pages for ever).
 */
static void
op_exofork(void)
{
	envid_t id;

	if (in_child) {
		op_yield();
		return;
	}
	last_num = SYS_exofork;
	id = sys_exofork();
	if (id == 0) /* a dummy never runs this with a stack: no calls */
		for (;;)
			asm volatile("int %0"
				     :
				     : "i"(T_SYSCALL), "a"(SYS_env_destroy),
				       "d"(0));
	if (id < 0)
		check(id, R(E_NO_FREE_ENV) | R(E_NO_MEM));
	else
		add_kid(id, KID_DUMMY);
}

static void
op_set_status(void)
{
	static const int statuses[] = {
		ENV_RUNNABLE, ENV_NOT_RUNNABLE, ENV_FREE,
		ENV_DYING,    ENV_RUNNING,      5,
		-1,           0x7fffffff,
	};
	envid_t id = gen_env();
	int status =
		chance(80) ? statuses[pick(ARRAY_SIZE(statuses))] : (int)rng();
	bool mine;

	/* The first fuzzer must not stop itself; a child seldom does. */
	if (is_self(id) && status == ENV_NOT_RUNNABLE &&
	    (!in_child || chance(80)))
		status = ENV_RUNNABLE;
	/*
	 * Never wake a child blocked in sys_ipc_recv: a kernel that left it
	 * receiving would let a later send write its registers while it
	 * runs, which is user/ipcwake's business, not ours.
	 */
	if (status == ENV_RUNNABLE && !is_self(id) && env_mine(id) &&
	    envs[ENVX(id)].env_ipc_recving)
		status = ENV_NOT_RUNNABLE;
	mine = env_mine(id);
	check(fz_syscall(SYS_env_set_status, id, status, 0, 0, 0),
	      env_verdict(mine, env_mine(id),
			  status == ENV_RUNNABLE || status == ENV_NOT_RUNNABLE ?
				  R_OK :
				  R(E_INVAL)));
}

/*
 * Set our own upcall to junk and at once back to what it was, in one
 * stretch of code that touches no memory, so no fault can come between.
 */
static void
upcall_flash(uintptr_t junk)
{
	uint32_t good = (uint32_t)envs[ENVX(me)].env_pgfault_upcall;
	uint32_t zero = 0;
	int32_t r1, r2;

	asm volatile(
		"int %[trap]\n\t"
		"movl %%eax, %%edi\n\t"
		"movl %[num], %%eax\n\t"
		"movl %%esi, %%ecx\n\t"
		"xorl %%edx, %%edx\n\t"
		"int %[trap]"
		: "=a"(r2), "=&D"(r1), "+c"(junk), "+d"(zero)
		: [trap] "i"(T_SYSCALL), [num] "i"(SYS_env_set_pgfault_upcall),
		  "0"(SYS_env_set_pgfault_upcall), "S"(good)
		: "cc", "memory");
	last_num = SYS_env_set_pgfault_upcall;
	last_args[0] = 0;
	last_args[1] = junk;
	check(r1, R_OK);
	check(r2, R_OK);
}

static void
op_upcall(void)
{
	extern void _pgfault_upcall(void);
	envid_t id = gen_env();
	uintptr_t addr = gen_code_addr();
	bool mine;

	if (is_self(id)) {
		upcall_flash(addr);
		return;
	}
	/* Half the time a fuzzing child gets the right upcall back. */
	if (!is_dummy(id) && chance(50))
		addr = (uintptr_t)_pgfault_upcall;
	mine = env_mine(id);
	check(fz_syscall(SYS_env_set_pgfault_upcall, id, addr, 0, 0, 0),
	      env_verdict(mine, env_mine(id), R_OK));
}

// --------------------------------------------------------------
// IPC, sys_mem_stat, unknown calls
// --------------------------------------------------------------

static void
op_ipc_send(void)
{
	envid_t to = gen_env();
	uintptr_t va = chance(30) ? UTOP + pick(0 - UTOP) : to_arena(gen_va());
	uint32_t perm = gen_perm(), want;
	bool live = env_live(to);

	want = va >= UTOP ? R_OK : source_want(0, va, perm);
	if (want == R(E_INVAL))
		want |= R(E_IPC_NOT_RECV);
	else
		want |= R(E_IPC_NOT_RECV) | R(E_NO_MEM);
	if (is_self(to))
		want &= ~(R_OK | R(E_NO_MEM));
	check(fz_syscall(SYS_ipc_try_send, to, rng(), va, perm, 0),
	      env_verdict(live, env_live(to), want));
}

/*
 * Unaligned addresses fail at once; now and then a child blocks until a
 * sender (its parent, a sibling) comes, or until it is destroyed.
 */
static void
op_ipc_recv(void)
{
	uintptr_t va;
	int32_t r;

	if (!in_child || chance(85)) {
		va = ROUNDDOWN(pick(UTOP), PGSIZE) + 1 + pick(PGSIZE - 1);
		check(fz_syscall(SYS_ipc_recv, va, 0, 0, 0, 0), R(E_INVAL));
		return;
	}
	va = chance(50) ? to_arena(gen_va()) : UTOP + pick(0 - UTOP);
	if (!page_arg_ok(va) && va < UTOP)
		va = ARENA;
	r = fz_syscall(SYS_ipc_recv, va, 0, 0, 0, 0);
	if (r != 0 && r != SYS_ipc_recv)
		check(r, R_OK);
}

static void
op_mem_stat(void)
{
	uintptr_t p = gen_ptr((uintptr_t)&msbuf, sizeof(msbuf), true);
	bool ok = user_range_ok(p, sizeof(msbuf), PTE_P | PTE_U | PTE_W);
	uint32_t want = ok ? R_OK : R(E_FAULT);
	int32_t r;

	/* A copy-on-write page is written as we would write it: the kernel
	 * gives us our copy first (which takes memory). */
	if (!ok && range_logically_writable(p, sizeof(msbuf)))
		want = R_OK | R(E_NO_MEM);

	if (in_child && touches_arena(p, sizeof(msbuf)))
		want = R_OK | R(E_FAULT);
	/* A shared table is made private first: PTE_W may go, or memory. */
	if (range_shared(p, sizeof(msbuf)))
		want |= R_OK | R(E_FAULT) | R(E_NO_MEM);
	r = fz_syscall(SYS_mem_stat, p, rng(), 0, 0, 0);
	check(r, want);
	if (r == 0 && p == (uintptr_t)&msbuf &&
	    (msbuf.npages == 0 || msbuf.nfree > msbuf.npages ||
	     msbuf.nenvs == 0 || msbuf.nenvs > NENV))
		wrong_effect("sys_mem_stat's numbers make no sense", p);
}

/*
 * Make one of our pages private and writable, as our write fault would
 * (sys_page_private): allowed for a page we may write, at once or after a
 * copy-on-write fault; refused for anything else.  The contents stay.
 */
static void
op_page_private(void)
{
	uintptr_t va = chance(50) ? mapped_arena_page() : gen_va();
	uint32_t want = R(E_INVAL);
	int32_t r;

	if (va < UTOP && PGOFF(va) == 0 && range_logically_writable(va, PGSIZE))
		want = R_OK | R(E_NO_MEM);
	/* A sibling or parent may change our pages meanwhile. */
	if (in_child || range_shared(va, PGSIZE))
		want |= R_OK | R(E_INVAL) | R(E_NO_MEM);
	r = fz_syscall(SYS_page_private, va, rng(), 0, 0, 0);
	check(r, want);
	if (r == 0 && !in_child && (our_pte(va) & (PTE_W | PTE_COW)) != PTE_W)
		wrong_effect("sys_page_private left the page not writable", va);
}

/*
 * Share one of our page tables with a child (or try to).  Never the
 * stacks' region: once that table is copied, our exception stack would be
 * copy-on-write and no page fault could be delivered to us any more.
 */
static void
op_pt_share(void)
{
	envid_t id = gen_env();
	uintptr_t va = gen_va();
	uint32_t want;
	bool mine;

	if (va < UTOP && PDX(va) == PDX(UXSTACKTOP - PGSIZE))
		va = ARENA;
	if (va >= UTOP || !(uvpd[PDX(va)] & PTE_P))
		want = R(E_INVAL);
	else
		want = R_OK | R(E_INVAL) | R(E_NO_MEM);
	mine = env_mine(id) && !is_self(id);
	check(fz_syscall(SYS_pt_share, id, va, rng(), 0, 0),
	      env_verdict(mine, env_mine(id) && !is_self(id), want));
}

/*
 * sys_dagsnap with arguments it must refuse (a valid call prints the whole
 * memory graph, far too much to do often): unknown flags, or a label it
 * may not read.
 */
static void
op_dagsnap(void)
{
	uint32_t len = 1 + pick(64);

	if (chance(50))
		check(fz_syscall(SYS_dagsnap, (uint32_t)zeros, len,
				 (DAG_FOCUS | DAG_EXPAND) + 1 + pick(1000), 0,
				 0),
		      R(E_INVAL));
	else
		check(fz_syscall(SYS_dagsnap,
				 chance(50) ? KERNBASE + pick(PTSIZE) :
					      pick(NOMAP_END - len),
				 len, pick(4), 0, 0),
		      R(E_FAULT));
}

/* Numbers past the last system call. */
static void
op_unknown(void)
{
	static const uint32_t nums[] = {
		NSYSCALLS,
		NSYSCALLS + 1,
		0x7fffffff,
		0x80000000,
		0xffffffff,
		0x100 + SYS_cputs,
		0x10000 + SYS_env_destroy,
		(uint32_t)-SYS_yield,
	};
	uint32_t num = chance(50) ? nums[pick(ARRAY_SIZE(nums))] :
				    NSYSCALLS + pick(1000);

	check(fz_syscall(num, rng(), rng(), rng(), rng(), rng()), R(E_INVAL));
}

// --------------------------------------------------------------
// Children
// --------------------------------------------------------------

static void child_main(void) __attribute__((noreturn));

/* fork() a child that fuzzes for a while (the first fuzzer only). */
static void
op_fork(void)
{
	envid_t id;

	if (in_child) {
		op_yield();
		return;
	}
	nforks++;
	id = chance(50) ? fork() : ptfork();
	if (id == 0)
		child_main();
	last_num = SYS_exofork;
	if (id < 0)
		check(id, R(E_NO_FREE_ENV) | R(E_NO_MEM));
	else
		add_kid(id, KID_FORKED);
}

/* The operations and how often each is picked. */
static const struct {
	uint8_t weight;
	void (*run)(void);
} ops[] = {
	{ 4, op_cputs },      { 2, op_cgetc },        { 2, op_getenvid },
	{ 5, op_destroy },    { 14, op_page_alloc },  { 14, op_page_map },
	{ 9, op_page_unmap }, { 3, op_exofork },      { 5, op_set_status },
	{ 4, op_upcall },     { 5, op_yield },        { 8, op_ipc_send },
	{ 2, op_ipc_recv },   { 6, op_mem_stat },     { 10, op_batch },
	{ 4, op_unknown },    { 1, op_fork },         { 3, op_pt_share },
	{ 1, op_dagsnap },    { 2, op_page_private },
};

static void
fuzz_step(void)
{
	uint32_t i, total = 0, x;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;
	x = pick(total);
	for (i = 0; x >= ops[i].weight; i++)
		x -= ops[i].weight;
	ops[i].run();
}

/* Where bad_return_handler sends us; set before it is installed. */
static uintptr_t bad_eip;

/* A page-fault handler that "returns" to bad_eip, with no upcall left. */
static void
bad_return_handler(struct UTrapframe *utf)
{
	sys_env_set_pgfault_upcall(0, NULL);
	utf->utf_eip = bad_eip;
}

/* Fault with a write where nothing is ever mapped. */
static void
touch_nothing(void)
{
	*(volatile uint32_t *)(PGSIZE + pick(NOMAP_END - 2 * PGSIZE)) = 1;
}

/* An address a child may not write: text, UVPT, UPAGES, UENVS. */
static uintptr_t
gen_readonly_addr(void)
{
	switch (pick(4)) {
	case 0:
		return UTEXT + pick((uintptr_t)etext - UTEXT);
	case 1:
		return UVPT + pick(PTSIZE);
	case 2:
		return UPAGES + pick(PTSIZE);
	default:
		return UENVS + pick(PTSIZE);
	}
}

/* A buffer the kernel must refuse to read: sys_cputs kills us with it. */
static void
cputs_bad(void)
{
	uint32_t len = 2 + pick(64);
	uintptr_t p;

	switch (pick(4)) {
	case 0:
		p = STRADDLE + PGSIZE - 1 - pick(len - 1);
		break;
	case 1:
		p = KERNBASE + pick(0x100000);
		break;
	case 2:
		p = ULIM - 1 - pick(len - 1);
		break;
	default:
		p = 0 - 1 - pick(len - 1);
		break;
	}
	fz_syscall(SYS_cputs, p, len, 0, 0, 0);
}

/* Die of a page fault, one way or another. */
static void
die_faulting(void)
{
	switch (pick(6)) {
	case 0: /* faults inside faults until the exception stack is full */
		sys_env_set_pgfault_upcall(0, (void *)gen_code_addr());
		touch_nothing();
		break;
	case 1: /* no exception stack for the upcall */
		sys_page_unmap(0, (void *)(UXSTACKTOP - PGSIZE));
		touch_nothing();
		break;
	case 2:
		bad_eip = gen_code_addr();
		set_pgfault_handler(bad_return_handler);
		touch_nothing();
		break;
	case 3:
		sys_env_set_pgfault_upcall(0, NULL);
		((void (*)(void))gen_code_addr())();
		break;
	case 4:
		sys_env_set_pgfault_upcall(0, NULL);
		*(volatile char *)gen_readonly_addr() = 1;
		break;
	default: /* our own code disappears under us */
		sys_env_set_pgfault_upcall(0, NULL);
		fz_syscall(SYS_page_unmap, 0,
			   ROUNDDOWN((uintptr_t)fz_syscall, PGSIZE), 0, 0, 0);
		break;
	}
}

/* Die of another trap, or spin until the parent destroys us. */
static void
die_trapping(void)
{
	switch (pick(4)) {
	case 0:
		asm volatile("ud2");
		break;
	case 1:
		asm volatile("int $14"); /* a kernel-only vector */
		break;
	case 2:
		asm volatile("xorl %%ecx, %%ecx; divl %%ecx" ::
				     : "eax", "ecx", "edx", "cc");
		break;
	default:
		for (;;)
			asm volatile("" ::: "memory");
	}
}

/* The end of a fuzzing child: one hostile way or another. */
static void
child_death(void)
{
	switch (pick(7)) {
	case 0:
		cputs_bad();
		break;
	case 1:
		fz_syscall(SYS_env_set_status, 0, ENV_NOT_RUNNABLE, 0, 0, 0);
		break;
	case 2:
		fz_syscall(SYS_ipc_recv, chance(50) ? ARENA : UTOP, 0, 0, 0, 0);
		break;
	case 3:
	case 4:
		die_faulting();
		break;
	case 5:
		die_trapping();
		break;
	default:
		break;
	}
	exit();
	for (;;)
		;
}

/* A fork()ed child: fuzz with a seed of its own, then die. */
static void
child_main(void)
{
	uint32_t i, n;

	rng_state ^= 0x5bd1e995 * nforks;
	parent_id = me;
	me = sys_getenvid();
	in_child = true;
	for (nothers = 0; nothers < nkids; nothers++)
		others[nothers] = kids[nothers].id;
	nkids = 0;
	n = CHILD_STEPS / 2 + pick(CHILD_STEPS);
	for (i = 0; i < n; i++, step++)
		fuzz_step();
	child_death();
	for (;;)
		;
}

// --------------------------------------------------------------
// The first fuzzer
// --------------------------------------------------------------

void
umain(int argc, char **argv)
{
	uint32_t seed = argc > 1 ? strtol(argv[1], NULL, 0) : 1;
	uint32_t nsteps = argc > 2 ? strtol(argv[2], NULL, 0) : 2000;
	int r;

	rng_state = seed;
	me = sys_getenvid();
	cprintf("fuzz: seed %u, %u calls\n", seed, nsteps);
	/*
	 * A first child that exits at once leaves us fork()'s copy-on-write
	 * handler: we need it as soon as we share a page table.
	 */
	if ((r = fork()) == 0)
		exit();
	while (r > 0 && envs[ENVX(r)].env_id == r &&
	       envs[ENVX(r)].env_status != ENV_FREE)
		sys_yield();
	if ((r = sys_page_alloc(0, (void *)STRADDLE, PTE_P | PTE_U | PTE_W)) <
	    0)
		cprintf("fuzz: WRONG: cannot allocate a page: %e\n", r);

	for (step = 1; step <= nsteps; step++) {
		fuzz_step();
		if (step % PROGRESS_EVERY == 0)
			cprintf("fuzz: %u of %u calls\n", step, nsteps);
	}
	while (nkids > 0)
		drop_kid(nkids - 1);
	if (nwrong)
		cprintf("fuzz: %u WRONG results\n", nwrong);
	cprintf("fuzz: seed %u, %u calls, done\n", seed, nsteps);
}
