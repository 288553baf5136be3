/*
 * Each environment keeps its own floating-point and vector registers.  A
 * parent and its child each load values of their own, then hand the turn
 * to each other through IPC TURNS times, checking their own values after
 * every turn.  One round per register file: the x87 stack (three values,
 * and the stack top) with the control word; the MMX register %mm3 (which
 * lives in the x87 registers, hence a round of its own); the SSE register
 * %xmm5 with MXCSR (skipped, and said so, on a CPU without SSE).
 *
 * Expected, for "parent" and "child": "fpuisolation: WHO: x87 stack and
 * control word kept for 100 turns OK", "... mmx register kept ... OK",
 * "... sse register and mxcsr kept ... OK", and "fpuisolation: done OK"
 * from each; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>
#include <inc/x86.h>

#define TURNS 100

/* CPUID.1:EDX bit 25: the CPU has SSE. */
#define CPUID_SSE (1 << 25)

/* The x87 status word's stack top (TOP, bits 11..13). */
#define X87_TOP(sw) (((sw) >> 11) & 7)

static envid_t peer;
static bool is_parent;
static const char *who;

/* What an env wants to find in its registers; each round uses its part. */
struct regs {
	uint64_t st[3]; /* st(0), st(1), st(2): doubles, as bit patterns */
	uint16_t fcw;   /* x87 control word */
	int top;        /* x87 stack top: 5 after three pushes */
	uint64_t mm3;
	uint32_t xmm5[4];
	uint32_t mxcsr;
};

/* One round: its name, how to load the values and how to read them back. */
struct round {
	const char *what;
	void (*load)(const struct regs *want);
	void (*read)(struct regs *got);
	bool (*same)(const struct regs *got, const struct regs *want);
};

/* Three values on a fresh x87 stack (st(0) pushed last) and the cw. */
static void
x87_load(const struct regs *want)
{
	asm volatile("fninit\n\t"
		     "fldcw %0\n\t"
		     "fldl %1\n\t"
		     "fldl %2\n\t"
		     "fldl %3"
		     :
		     : "m"(want->fcw), "m"(want->st[2]), "m"(want->st[1]),
		       "m"(want->st[0]));
}

/* Read st(0..2) without popping, the control word and the stack top. */
static void
x87_read(struct regs *got)
{
	uint16_t sw;

	asm volatile("fstl %0" : "=m"(got->st[0]));
	asm volatile("fld %%st(1)\n\tfstpl %0" : "=m"(got->st[1]));
	asm volatile("fld %%st(2)\n\tfstpl %0" : "=m"(got->st[2]));
	asm volatile("fnstcw %0" : "=m"(got->fcw));
	asm volatile("fnstsw %0" : "=m"(sw));
	got->top = X87_TOP(sw);
}

static bool
x87_same(const struct regs *got, const struct regs *want)
{
	return got->st[0] == want->st[0] && got->st[1] == want->st[1] &&
	       got->st[2] == want->st[2] && got->fcw == want->fcw &&
	       got->top == want->top;
}

static void
mmx_load(const struct regs *want)
{
	asm volatile("fninit\n\tmovq %0, %%mm3" : : "m"(want->mm3));
}

static void
mmx_read(struct regs *got)
{
	asm volatile("movq %%mm3, %0" : "=m"(got->mm3));
}

static bool
mmx_same(const struct regs *got, const struct regs *want)
{
	return got->mm3 == want->mm3;
}

static void
sse_load(const struct regs *want)
{
	asm volatile("ldmxcsr %0\n\tmovups %1, %%xmm5"
		     :
		     : "m"(want->mxcsr), "m"(want->xmm5));
}

static void
sse_read(struct regs *got)
{
	asm volatile("stmxcsr %0\n\tmovups %%xmm5, %1"
		     : "=m"(got->mxcsr), "=m"(got->xmm5));
}

static bool
sse_same(const struct regs *got, const struct regs *want)
{
	return got->mxcsr == want->mxcsr &&
	       memcmp(got->xmm5, want->xmm5, sizeof(got->xmm5)) == 0;
}

static const struct round rounds[] = {
	{ "x87 stack and control word", x87_load, x87_read, x87_same },
	{ "mmx register", mmx_load, mmx_read, mmx_same },
	{ "sse register and mxcsr", sse_load, sse_read, sse_same },
};

/* The values this env loads: distinct for the parent and the child. */
static void
my_values(struct regs *r)
{
	uint32_t k = is_parent ? 1 : 2;
	int i;

	for (i = 0; i < 3; i++)
		r->st[i] =
			0x4000000000000000ull + k * 0x0001111111111111ull + i;
	/* All exceptions masked; rounding and precision differ. */
	r->fcw = is_parent ? 0x0f7f : 0x067f;
	r->top = 5;
	r->mm3 = is_parent ? 0x1122334455667788ull : 0x99aabbccddeeff00ull;
	for (i = 0; i < 4; i++)
		r->xmm5[i] = k * 0x01010101 + i;
	/* Default 0x1f80 with another rounding mode each. */
	r->mxcsr = is_parent ? 0x7f80 : 0x3f80;
}

/* One turn of the ping-pong: the parent sends first. */
static void
pass_turn(int turn)
{
	if (is_parent) {
		ipc_send(peer, turn, NULL, 0);
		ipc_recv(NULL, NULL, NULL);
	} else {
		ipc_recv(NULL, NULL, NULL);
		ipc_send(peer, turn, NULL, 0);
	}
}

/* Load, then check after every turn; report the first difference. */
static void
run_round(const struct round *r, const struct regs *want)
{
	struct regs got;
	int turn, bad = -1;

	r->load(want);
	for (turn = 0; turn < TURNS; turn++) {
		pass_turn(turn);
		memset(&got, 0, sizeof(got));
		r->read(&got);
		if (bad < 0 && !r->same(&got, want))
			bad = turn;
	}
	if (bad >= 0)
		cprintf("fpuisolation: %s: %s first changed at turn %d\n", who,
			r->what, bad);
	check_true(bad < 0, "%s: %s kept for %d turns", who, r->what, TURNS);
}

static bool
cpu_has_sse(void)
{
	uint32_t edx;

	cpuid(1, NULL, NULL, NULL, &edx);
	return edx & CPUID_SSE;
}

void
umain(int argc, char **argv)
{
	struct regs want;
	envid_t child;
	size_t i;

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	is_parent = child != 0;
	peer = is_parent ? child : thisenv->env_parent_id;
	who = is_parent ? "parent" : "child";
	my_values(&want);
	for (i = 0; i < ARRAY_SIZE(rounds); i++) {
		if (rounds[i].load == sse_load && !cpu_has_sse()) {
			cprintf("fpuisolation: %s: no SSE on this CPU, "
				"round skipped\n",
				who);
			continue;
		}
		run_round(&rounds[i], &want);
	}
	asm volatile("emms");
	check_done();
}
