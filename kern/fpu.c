/*
 * The floating-point unit: the x87 registers (which also hold MMX's) and
 * the SSE registers, switched lazily between environments.
 *
 * Each CPU's FPU holds the state of one env at a time, its cpu_fpu_owner.
 * Every other env runs there with CR0.TS set, so that its first FPU
 * instruction traps (T_DEVICE, #NM; CR0.MP makes fwait trap too).  Only
 * then is the owner's state saved in its struct Env and the new env's
 * loaded: an env that never touches the FPU costs nothing but a look at
 * CR0 when it is switched in.  TS is clear exactly while the owner is
 * curenv: env_run() calls fpu_enter() whenever curenv changes, and the
 * trap makes the trapping curenv the owner.  (The kernel's page copies
 * below clear it for a moment and set it back.)
 *
 * With several CPUs an env may run next on another CPU, which must find
 * its latest state in env_fpu: an env leaving a CPU (fpu_leave()) has its
 * state saved there and the CPU gives it up.  With one CPU it stays lazy.
 *
 * A new env starts from fpu_initial (FNINIT's x87 state, MXCSR's default,
 * zero registers), not from its parent's state.  A freed env's state is
 * dropped, unsaved, pending exceptions and all.
 */
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/x86.h>

#include <kern/env.h>
#include <kern/cpu.h>
#include <kern/fpu.h>

/* CPUID.1:EDX: FXSAVE/FXRSTOR present; SSE present. */
#define CPUID_FXSR (1 << 24)
#define CPUID_SSE (1 << 25)

/* The control word FNINIT loads: every exception masked, 64-bit precision. */
#define FCW_INIT 0x037f
/* The MXCSR a processor resets to: every SSE exception masked. */
#define MXCSR_INIT 0x1f80

/* Offsets in the images FXSAVE writes and FNSAVE writes (32-bit form). */
#define FXSAVE_FCW 0
#define FXSAVE_MXCSR 24
#define FNSAVE_FCW 0
#define FNSAVE_FTW 8 /* the full tag word: 0xffff is every register empty */

/* FXSAVE/FXRSTOR (x87, MMX and SSE); without them FNSAVE/FRSTOR (x87). */
static bool fpu_fxsr;
static bool fpu_sse;
/* The state a new env starts with, in the form fpu_load() takes. */
static uint8_t fpu_initial[512] __attribute__((aligned(16)));

static inline void
clts(void)
{
	asm volatile("clts" ::: "memory");
}

/* Store the FPU state into area (which FNSAVE leaves initialized). */
static void
fpu_store(uint8_t *area)
{
	if (fpu_fxsr)
		asm volatile("fxsave %0" : "=m"(*(uint8_t(*)[512])area));
	else
		asm volatile("fnsave %0" : "=m"(*(uint8_t(*)[108])area));
}

/* Load the FPU state from area, which fpu_store() wrote. */
static void
fpu_load(const uint8_t *area)
{
	if (fpu_fxsr)
		asm volatile("fxrstor %0"
			     :
			     : "m"(*(const uint8_t(*)[512])area));
	else
		asm volatile("frstor %0" : : "m"(*(const uint8_t(*)[108])area));
}

/* Build fpu_initial by hand, in the format of this CPU's save. */
static void
fpu_initial_build(void)
{
	memset(fpu_initial, 0, sizeof(fpu_initial));
	if (fpu_fxsr) {
		*(uint16_t *)&fpu_initial[FXSAVE_FCW] = FCW_INIT;
		*(uint32_t *)&fpu_initial[FXSAVE_MXCSR] = MXCSR_INIT;
	} else {
		*(uint16_t *)&fpu_initial[FNSAVE_FCW] = FCW_INIT;
		*(uint16_t *)&fpu_initial[FNSAVE_FTW] = 0xffff;
	}
}

/*
 * Set up this CPU's FPU: pick FXSAVE or FNSAVE by CPUID (with FXSR, turn
 * on CR4.OSFXSR, which enables SSE, and CR4.OSXMMEXCPT, so SSE exceptions
 * arrive as T_SIMDERR), build the initial state (on the boot CPU; the
 * others are the same model) and set CR0.TS: no env owns the FPU yet.
 */
void
fpu_init(void)
{
	uint32_t edx;

	cpuid(1, NULL, NULL, NULL, &edx);
	fpu_fxsr = edx & CPUID_FXSR;
	fpu_sse = fpu_fxsr && (edx & CPUID_SSE);
	if (fpu_fxsr)
		lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	if (thiscpu == bootcpu)
		fpu_initial_build();
	thiscpu->cpu_fpu_owner = NULL;
	lcr0(rcr0() | CR0_TS);
}

/*
 * e is about to run: its FPU instructions run directly when the FPU holds
 * its state (CR0.TS clear), and the first one traps otherwise (TS set).
 */
void
fpu_enter(struct Env *e)
{
	uint32_t cr0 = rcr0();

	if (e == thiscpu->cpu_fpu_owner) {
		if (cr0 & CR0_TS)
			clts();
	} else if (!(cr0 & CR0_TS))
		lcr0(cr0 | CR0_TS);
}

/*
 * The T_DEVICE trap: curenv used the FPU while it held another env's
 * state, or none.  The owner's state goes into its env_fpu; a freed
 * owner's was dropped, so FNINIT clears what is left of it (a pending
 * exception must not fire at FRSTOR).  Then curenv's own state is loaded,
 * or the initial one if it has none yet, and curenv owns the FPU.
 */
void
fpu_device_trap(void)
{
	struct CpuInfo *c = thiscpu;
	struct Env *e = c->cpu_env;

	clts();
	if (c->cpu_fpu_owner) {
		fpu_store(c->cpu_fpu_owner->env_fpu);
		c->cpu_fpu_owner->env_fpu_saved = true;
	} else
		asm volatile("fninit");
	fpu_load(e->env_fpu_saved ? e->env_fpu : fpu_initial);
	c->cpu_fpu_owner = e;
}

/*
 * e, this CPU's curenv, leaves it.  With several CPUs, when the FPU holds
 * e's state (TS is clear then), save it in env_fpu for whichever CPU runs
 * e next, and give it up: this CPU's registers are nobody's.
 */
void
fpu_leave(struct Env *e)
{
	struct CpuInfo *c = thiscpu;

	if (ncpu == 1 || c->cpu_fpu_owner != e)
		return;
	fpu_store(e->env_fpu);
	e->env_fpu_saved = true;
	c->cpu_fpu_owner = NULL;
}

/* e is being freed: the state any FPU may hold for it is nobody's now. */
void
fpu_release(struct Env *e)
{
	int i;

	for (i = 0; i < ncpu; i++)
		if (cpus[i].cpu_fpu_owner == e)
			cpus[i].cpu_fpu_owner = NULL;
}

/*
 * Whole-page copying and zeroing for the kernel, 128 bytes per loop turn
 * through %xmm0-%xmm7 instead of 4 per `rep movsl` step: a 4 KiB copy
 * takes about 600 instructions instead of 1,030, which is most of what a
 * copy-on-write fault costs (docs/bench.md).
 *
 * The kernel borrows the registers.  Whatever env's state they hold
 * (under lazy switching, possibly not curenv's), it is saved on the stack
 * first and put back after, and CR0.TS is set again if it was set: no env
 * can tell.  Interrupts are off in the kernel, so nothing runs in between.
 * Until fpu_init() has enabled SSE on this CPU (CR4.OSFXSR), or on a CPU
 * without SSE, plain memcpy/memset do the work.
 */
static bool
fpu_borrow(uint32_t *cr0)
{
	if (!fpu_sse || !(rcr4() & CR4_OSFXSR))
		return false;
	*cr0 = rcr0();
	clts();
	return true;
}

static void
fpu_give_back(uint32_t cr0)
{
	if (cr0 & CR0_TS)
		lcr0(cr0);
}

void sse_page_copy(void *dst, const void *src);
void sse_page_zero(void *dst);

/* Copy the page at src to the page at dst (both page aligned). */
void
fpu_page_copy(void *dst, const void *src)
{
	uint32_t cr0;

	if (!fpu_borrow(&cr0)) {
		memcpy(dst, src, PGSIZE);
		return;
	}
	sse_page_copy(dst, src);
	fpu_give_back(cr0);
}

/* Fill the page at dst (page aligned) with zeros. */
void
fpu_page_zero(void *dst)
{
	uint32_t cr0;

	if (!fpu_borrow(&cr0)) {
		memset(dst, 0, PGSIZE);
		return;
	}
	sse_page_zero(dst);
	fpu_give_back(cr0);
}
