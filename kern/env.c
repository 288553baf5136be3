/*
 * Environments: allocation, address-space set-up, ELF loading, teardown and
 * the switch into user mode.
 */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/elf.h>
#include <inc/stdio.h>
#include <inc/trap.h>

#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/fpu.h>
#include <kern/spinlock.h>
#include <kern/tlb.h>

struct Env *envs = NULL;          /* all environments (allocated by mem_init) */
static struct Env *env_free_list; /* free slots, most recently freed first */
/* Who destroyed each ENV_DYING env (the "free env" line names them). */
static envid_t env_destroyer[NENV];
size_t env_baseline_free; /* free pages before the first env existed */

/*
 * The global descriptor table: flat kernel and user code/data segments and
 * one task state segment per CPU, which holds where its traps from user
 * mode go (filled in by trap_init_percpu() on each CPU).
 */
struct Segdesc gdt[(GD_TSS0 >> 3) + NCPU] = {
	SEG_NULL_DESC,              /* 0x00: unused */
	SEG_FLAT(STA_X | STA_R, 0), /* 0x08: GD_KT */
	SEG_FLAT(STA_W, 0),         /* 0x10: GD_KD */
	SEG_FLAT(STA_X | STA_R, 3), /* 0x18: GD_UT */
	SEG_FLAT(STA_W, 3),         /* 0x20: GD_UD */
	/* 0x28 + 8i: CPU i's TSS (GD_TSS0 for CPU 0), set up later */
};

static struct Pseudodesc gdt_pd = { sizeof(gdt) - 1, (unsigned long)gdt };

/* The word for env_status value status in listings ("?" when unknown). */
const char *
env_status_name(unsigned status)
{
	static const char *const names[] = {
		[ENV_FREE] = "free",
		[ENV_DYING] = "dying",
		[ENV_RUNNABLE] = "runnable",
		[ENV_RUNNING] = "running",
		[ENV_NOT_RUNNABLE] = "not-runnable",
	};

	return status < ARRAY_SIZE(names) ? names[status] : "?";
}

/*
 * Look up the environment named by envid.  envid 0 means curenv.  With
 * checkperm, the caller may only name itself or an immediate child.
 * Returns 0 and sets *env_store, or -E_BAD_ENV (and *env_store = NULL) when
 * the id is stale, free or not allowed.
 */
int
envid2env(envid_t envid, struct Env **env_store, bool checkperm)
{
	struct Env *e;

	*env_store = NULL;
	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	e = &envs[ENVX(envid)];
	if (e->env_status == ENV_FREE || e->env_id != envid)
		return -E_BAD_ENV;
	if (checkperm && e != curenv && e->env_parent_id != curenv->env_id)
		return -E_BAD_ENV;
	*env_store = e;
	return 0;
}

/*
 * Put every slot on the free list so that envs[0] is handed out first,
 * then load the segment registers.
 */
void
env_init(void)
{
	int i;

	env_free_list = NULL;
	for (i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
}

/* Load the GDT and the kernel's segment registers. */
void
env_init_percpu(void)
{
	lgdt(&gdt_pd);
	asm volatile("movw %%ax,%%gs" : : "a"(GD_UD | 3));
	asm volatile("movw %%ax,%%fs" : : "a"(GD_UD | 3));
	asm volatile("movw %%ax,%%es" : : "a"(GD_KD));
	asm volatile("movw %%ax,%%ds" : : "a"(GD_KD));
	asm volatile("movw %%ax,%%ss" : : "a"(GD_KD));
	asm volatile("ljmp %0,$1f\n 1:\n" : : "i"(GD_KT));
	lldt(0);
}

/*
 * Give e a fresh page directory: empty below UTOP, the kernel's mappings
 * above it, and the UVPT entry pointing back at the directory itself (read
 * only for the user).  The directory page's pp_ref is the env's hold.
 * Returns 0 or -E_NO_MEM.
 */
static int
env_setup_vm(struct Env *e)
{
	struct PageInfo *p;

	if (!(p = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = page2kva(p);
	memcpy(&e->env_pgdir[PDX(UTOP)], &kern_pgdir[PDX(UTOP)],
	       (NPDENTRIES - PDX(UTOP)) * sizeof(pde_t));
	e->env_pgdir[PDX(UVPT)] = PADDR(e->env_pgdir) | PTE_P | PTE_U;
	return 0;
}

/*
 * Drop every parent id that names slot `slot`, which is free: the parent
 * ids of envs whose parent is gone.  They get parent 0, as if the kernel
 * had made them, which no env can act as.
 */
static void
env_forget_parent_ids(uint32_t slot)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE &&
		    envs[i].env_parent_id != 0 &&
		    ENVX(envs[i].env_parent_id) == slot)
			envs[i].env_parent_id = 0;
}

/*
 * The next id for slot e, free: (generation << ENVGENSHIFT) | index.  The
 * generation counts the slot's uses in unsigned arithmetic, 1, 2, ...,
 * ENVGENMAX, then 1 again: never 0, so no id is 0 ("the caller"), and
 * never past bit 30, so no id is negative (an error).  A stale id names an
 * old generation, and so no live env, until the slot's generation comes
 * round again, ENVGENMAX uses later.  At that wrap the kernel forgets the
 * stale ids it holds itself, the parent ids naming the slot (the user's
 * own copies of old ids are the user's affair): a child whose parent died
 * long ago never gains the slot's new occupant as its parent.
 */
static envid_t
env_next_id(struct Env *e)
{
	uint32_t slot = e - envs;
	uint32_t generation = ((uint32_t)e->env_id >> ENVGENSHIFT) + 1;

	if (generation > ENVGENMAX) {
		generation = 1;
		env_forget_parent_ids(slot);
	}
	return (envid_t)(generation << ENVGENSHIFT | slot);
}

/*
 * Allocate an environment with parent parent_id: empty address space,
 * user segments, interrupts enabled, status ENV_RUNNABLE.  Prints the
 * "new env" line.  Returns 0 and *newenv_store, -E_NO_FREE_ENV or
 * -E_NO_MEM (nothing is allocated on failure).
 */
int
env_alloc(struct Env **newenv_store, envid_t parent_id)
{
	struct Env *e;
	int r;

	if (!(e = env_free_list))
		return -E_NO_FREE_ENV;
	if (env_baseline_free == 0)
		env_baseline_free = page_free_count();
	if ((r = env_setup_vm(e)) < 0)
		return r;

	e->env_id = env_next_id(e);
	e->env_parent_id = parent_id;
	e->env_type = ENV_TYPE_USER;
	e->env_status = ENV_RUNNABLE;
	e->env_runs = 0;
	e->env_cpunum = 0;
	e->env_pgfault_upcall = NULL;
	e->env_ipc_recving = false;
	e->env_ipc_dstva = NULL;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;
	e->env_fpu_saved = false;

	memset(&e->env_tf, 0, sizeof(e->env_tf));
	e->env_tf.tf_ds = GD_UD | 3;
	e->env_tf.tf_es = GD_UD | 3;
	e->env_fs = GD_UD | 3;
	e->env_gs = GD_UD | 3;
	e->env_tf.tf_ss = GD_UD | 3;
	e->env_tf.tf_esp = UPERENV;
	e->env_tf.tf_cs = GD_UT | 3;
	e->env_tf.tf_eflags = FL_IF;

	env_free_list = e->env_link;
	e->env_link = NULL;
	*newenv_store = e;
	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0,
		e->env_id);
	return 0;
}

/*
 * Return the user page mapped at va in e, allocating a zeroed one with
 * permission perm when nothing is there.  An existing page keeps its
 * mapping but gains PTE_W when perm asks for it (two ELF segments may share
 * a page).  Returns NULL when out of memory.
 */
static struct PageInfo *
env_page_at(struct Env *e, uintptr_t va, int perm)
{
	struct PageInfo *pp;
	pte_t *pte;

	if ((pp = page_lookup(e->env_pgdir, (void *)va, &pte))) {
		*pte |= perm & PTE_W;
		return pp;
	}
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return NULL;
	if (page_insert(e->env_pgdir, pp, (void *)va, perm) < 0) {
		page_free(pp);
		return NULL;
	}
	return pp;
}

/*
 * Map [va, va + memsz) in e with permission perm and copy filesz bytes of
 * src to its start; the rest stays zero.  Returns 0 or -E_NO_MEM (pages
 * already mapped stay mapped and are freed with the env).
 */
static int
env_load_region(struct Env *e, uintptr_t va, size_t memsz, const uint8_t *src,
		size_t filesz, int perm)
{
	uintptr_t page, end = va + memsz;
	struct PageInfo *pp;
	size_t off, n;

	for (page = ROUNDDOWN(va, PGSIZE); page < end; page += PGSIZE) {
		if (!(pp = env_page_at(e, page, perm)))
			return -E_NO_MEM;
		off = MAX(va, page);
		if (off >= va + filesz)
			continue;
		n = MIN(page + PGSIZE, va + filesz) - off;
		memcpy((uint8_t *)page2kva(pp) + (off - page), src + (off - va),
		       n);
	}
	return 0;
}

/*
 * Check that the ELF image of `size` bytes is one we can load: an i386
 * executable whose program headers and loadable segments lie inside the
 * image and below UTOP.  Returns NULL when fine, else a message saying why.
 */
static const char *
elf_check(const uint8_t *binary, size_t size)
{
	const struct Elf *elf = (const struct Elf *)binary;
	const struct Proghdr *ph;
	int i;

	if (size < sizeof(*elf) || elf->e_magic != ELF_MAGIC)
		return "not an ELF file";
	if (elf->e_machine != EM_386 || elf->e_phentsize != sizeof(*ph))
		return "not an i386 executable";
	if (elf->e_phoff > size ||
	    elf->e_phnum > (size - elf->e_phoff) / sizeof(*ph))
		return "program headers outside the file";
	ph = (const struct Proghdr *)(binary + elf->e_phoff);
	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size ||
		    ph->p_filesz > size - ph->p_offset)
			return "segment outside the file";
		if (ph->p_va >= UTOP || ph->p_memsz > UTOP - ph->p_va)
			return "segment outside user memory";
	}
	if (elf->e_entry >= UTOP)
		return "entry point outside user memory";
	return NULL;
}

/*
 * Load every PT_LOAD segment of the ELF image into e (writable only when
 * the segment asks for it), set the entry point and map one stack page.
 * Returns 0, -E_INVAL for a malformed image (with a console line saying
 * why) or -E_NO_MEM.
 */
static int
load_icode(struct Env *e, const uint8_t *binary, size_t size)
{
	const struct Elf *elf = (const struct Elf *)binary;
	const struct Proghdr *ph;
	const char *why;
	int i, perm, r;

	if ((why = elf_check(binary, size))) {
		cprintf("load_icode: refusing program: %s\n", why);
		return -E_INVAL;
	}
	ph = (const struct Proghdr *)(binary + elf->e_phoff);
	for (i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		perm = PTE_P | PTE_U;
		if (ph->p_flags & ELF_PROG_FLAG_WRITE)
			perm |= PTE_W;
		r = env_load_region(e, ph->p_va, ph->p_memsz,
				    binary + ph->p_offset, ph->p_filesz, perm);
		if (r < 0)
			return r;
	}
	e->env_tf.tf_eip = elf->e_entry;
	if (!env_page_at(e, USTACKTOP - PGSIZE, PTE_P | PTE_U | PTE_W))
		return -E_NO_MEM;
	return 0;
}

/*
 * Lay out argc and argv for the words of cmdline at the top of e's stack
 * page, below the library's per-env words (written through the kernel's
 * mapping of that page):
 *
 *   UPERENV ---> +------------------+
 *                | the strings      |
 *                +------------------+
 *                | argv[argc] = 0   |
 *                | argv[0..argc-1]  |
 *                +------------------+
 *                | argv (char **)   |
 *       esp ---> | argc             |
 *                +------------------+
 */
#define MAXARGS 16
static void
env_push_args(struct Env *e, const char *cmdline)
{
	struct PageInfo *pp =
		page_lookup(e->env_pgdir, (void *)(USTACKTOP - PGSIZE), NULL);
	/* Kernel address of user stack address va. */
#define STACK_KVA(va) ((char *)page2kva(pp) + ((va) - (USTACKTOP - PGSIZE)))
	size_t len = MIN(strlen(cmdline), (size_t)PGSIZE / 2);
	uintptr_t strings = UPERENV - ROUNDUP(len + 1, 4), esp;
	uintptr_t argv[MAXARGS + 1];
	char *s = STACK_KVA(strings);
	int argc = 0;

	memcpy(s, cmdline, len);
	s[len] = '\0';
	for (; *s && argc < MAXARGS; s++) {
		if (*s == ' ')
			*s = '\0';
		else if (s == STACK_KVA(strings) || s[-1] == '\0')
			argv[argc++] = strings + (s - STACK_KVA(strings));
	}
	argv[argc] = 0;
	esp = strings - (argc + 1) * sizeof(uintptr_t);
	memcpy(STACK_KVA(esp), argv, (argc + 1) * sizeof(uintptr_t));
	esp -= 2 * sizeof(uintptr_t);
	((uintptr_t *)STACK_KVA(esp))[0] = argc;
	((uintptr_t *)STACK_KVA(esp))[1] = esp + 2 * sizeof(uintptr_t);
#undef STACK_KVA
	e->env_tf.tf_esp = esp;
}

/*
 * Create an environment running the ELF image `binary` with the words of
 * cmdline as its arguments (argv[0] is the program name).  Returns 0 or a
 * negative error; on failure nothing is left allocated.
 */
int
env_create(const uint8_t *binary, size_t size, enum EnvType type,
	   const char *cmdline)
{
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, 0)) < 0)
		return r;
	e->env_type = type;
	if ((r = load_icode(e, binary, size)) < 0) {
		env_free(e);
		return r;
	}
	env_push_args(e, cmdline);
	return 0;
}

/*
 * Drop every user mapping and page table of e below UTOP.  Each frame and
 * table loses one reference through page_decref; a page table shared with
 * other page directories only loses e's reference, its frames stay.
 */
static void
env_free_user_memory(struct Env *e)
{
	uint32_t pdeno, pteno;
	pte_t *pt;

	for (pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		pt = KADDR(PTE_ADDR(e->env_pgdir[pdeno]));
		e->env_pgdir[pdeno] = 0;
		if (pa2page(PADDR(pt))->pp_ref > 1) {
			/* A shared table: the other holders keep its frames. */
			page_decref(pa2page(PADDR(pt)));
			continue;
		}
		for (pteno = 0; pteno < NPTENTRIES; pteno++) {
			if (!(pt[pteno] & PTE_P))
				continue;
			page_decref(pa2page(PTE_ADDR(pt[pteno])));
			pt[pteno] = 0;
		}
		page_decref(pa2page(PADDR(pt)));
	}
}

/*
 * Free e and everything it holds: user pages, page tables and the page
 * directory, all through page_decref.  Prints the "free env" line and puts
 * the slot at the head of the free list.
 */
void
env_free(struct Env *e)
{
	physaddr_t pgdir_pa = PADDR(e->env_pgdir);
	envid_t by = curenv ? curenv->env_id : 0;

	/* Freed by the CPU it ran on, for whoever destroyed it. */
	if (e->env_status == ENV_DYING)
		by = env_destroyer[ENVX(e->env_id)];

	/* Never tear down the address space we are running on. */
	if (rcr3() == pgdir_pa)
		lcr3(PADDR(kern_pgdir));
	cprintf("[%08x] free env %08x\n", by, e->env_id);
	env_free_user_memory(e);
	e->env_pgdir = NULL;
	page_decref(pa2page(pgdir_pa));

	fpu_release(e);
	e->env_status = ENV_FREE;
	e->env_ipc_recving = false;
	e->env_link = env_free_list;
	env_free_list = e;
}

/*
 * Destroy e, which must not be this CPU's environment (that one ends with
 * env_exit()), and return once it is freed.  An e running on another CPU
 * cannot be freed under it (whatever its status: its parent may have
 * changed that while it ran, see env_on_cpu()): it becomes ENV_DYING, a
 * wake-up interrupt brings that CPU into the kernel, and trap() there frees
 * it.  This CPU waits for that with the kernel lock released (and every
 * TLB consistent first), and leaves the wait through env_exit() if its own
 * env is destroyed meanwhile.
 */
void
env_destroy(struct Env *e)
{
	envid_t id = e->env_id;

	assert(e != curenv);
	if (!env_on_cpu(e)) {
		env_free(e);
		return;
	}
	if (e->env_status != ENV_DYING) {
		e->env_status = ENV_DYING;
		env_destroyer[ENVX(id)] = curenv ? curenv->env_id : 0;
		lapic_ipi(cpus[e->env_cpunum].cpu_apicid, T_WAKEUP);
	}
	while (e->env_id == id && e->env_status == ENV_DYING) {
		tlb_shootdown();
		unlock_kernel();
		cpu_relax();
		lock_kernel();
		tlb_flush_due(thiscpu);
		if (curenv && curenv->env_status == ENV_DYING)
			env_exit();
	}
}

/*
 * Destroy the running environment and run another one (or the monitor,
 * when none is left).  Does not return.
 */
void
env_exit(void)
{
	env_free(curenv);
	curenv = NULL;
	sched_yield();
}

/*
 * Restore the registers saved in tf and return to user mode with iret.
 * Does not return.
 */
void
env_pop_tf(struct Trapframe *tf)
{
	asm volatile("\tmovl %0,%%esp\n"
		     "\tpopal\n"
		     "\tpopl %%es\n"
		     "\tpopl %%ds\n"
		     "\taddl $0x8,%%esp\n" /* skip tf_trapno and tf_err */
		     "\tiret\n"
		     :
		     : "g"(tf)
		     : "memory");
	panic("iret failed");
}

/*
 * e stops running on this CPU, for another env or for the halt loop: the
 * registers env_tf does not hold (%fs, %gs, the FPU's) go into e, since
 * it may run next on another CPU, which loads them from there.
 */
void
env_leave_cpu(struct Env *e)
{
	e->env_fs = read_fs();
	e->env_gs = read_gs();
	fpu_leave(e);
}

/*
 * The registers that env_tf does not hold, as the processor passes from
 * env `from` (NULL when there is none, or it was freed) to another env
 * `to`.  %fs and %gs still hold from's own values (the kernel never uses
 * them), so they are saved now and to's loaded: between switches they
 * need no work at all.  The FPU is made to trap for `to` unless it holds
 * to's state (kern/fpu.c).
 */
static void
env_switch_registers(struct Env *from, struct Env *to)
{
	if (from)
		env_leave_cpu(from);
	load_fs(to->env_fs);
	load_gs(to->env_gs);
	fpu_enter(to);
}

/*
 * Make e this CPU's env in place of cur (NULL when there is none): the
 * registers env_tf does not hold, cur's status if it was still running,
 * the address space, and the trap frame's place in the TSS.
 */
static void
env_switch(struct CpuInfo *c, struct Env *cur, struct Env *e)
{
	env_switch_registers(cur, e);
	if (cur && cur->env_status == ENV_RUNNING) {
		cur->env_status = ENV_RUNNABLE;
		sched_kick();
	}
	lcr3(PADDR(e->env_pgdir));
	c->cpu_env = e;
	e->env_cpunum = c->cpu_id;
	trap_set_frame(c, e);
}

/*
 * Switch to environment e: it becomes curenv and ENV_RUNNING, its address
 * space is loaded, and its saved registers are restored (env_tf always,
 * the others when it was not curenv already).  Does not return.  Going
 * back to the env that trapped here, the common case, only reloads %cr3
 * when something loaded another page directory meanwhile.
 */
void
env_run(struct Env *e)
{
	struct CpuInfo *c = thiscpu;
	struct Env *cur = c->cpu_env;

	if (cur != e)
		env_switch(c, cur, e);
	else if (rcr3() != PADDR(e->env_pgdir))
		lcr3(PADDR(e->env_pgdir));
	e->env_status = ENV_RUNNING;
	e->env_runs++;
	/* Every TLB consistent, and this CPU in user mode from here on
	 * (kern/tlb.c); the lock is the last kernel code this CPU runs until
	 * its next trap. */
	tlb_shootdown();
	tlb_user_enter(c);
	unlock_kernel_on(c);
	env_pop_tf(&e->env_tf);
}
