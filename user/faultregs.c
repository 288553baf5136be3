/*
 * Register preservation across a page fault.  With every general register
 * and the arithmetic flags (plus DF) set to known values, a store to an
 * unmapped page faults; the handler maps the page and returns, and every
 * register, eflags and %esp must be exactly as before.  The handler also
 * checks the UTrapframe the kernel gave it.
 */
#include <inc/lib.h>

/* Where the faulting store goes. */
#define FAULT_VA 0x00b00000

/* Every arithmetic flag and DF; IF stays as the kernel set it. */
#define LIT_FLAGS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_DF | FL_OF | 0x2)

/* Register snapshots, filled by the assembly in fault_with_known_regs. */
struct regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eflags;
};
struct regs regs_before, regs_after, regs_in_utf;
uint32_t saved_esp;

static const char *names[] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags",
};

/*
 * Set known values in every register and eflags, record them in
 * regs_before, store to FAULT_VA (the fault), record everything again in
 * regs_after, then restore the compiler's registers.
 */
static void
fault_with_known_regs(void)
{
	asm volatile("pushal\n\t"
		     "pushfl\n\t"
		     "movl %%esp, saved_esp\n\t"
		     "pushl %0\n\t"
		     "popfl\n\t"
		     "movl $0x11111111, %%eax\n\t"
		     "movl $0x22222222, %%ebx\n\t"
		     "movl $0x33333333, %%ecx\n\t"
		     "movl $0x44444444, %%edx\n\t"
		     "movl $0x55555555, %%esi\n\t"
		     "movl $0x66666666, %%edi\n\t"
		     "movl $0x77777777, %%ebp\n\t"
		     "movl %%eax, regs_before+0\n\t"
		     "movl %%ebx, regs_before+4\n\t"
		     "movl %%ecx, regs_before+8\n\t"
		     "movl %%edx, regs_before+12\n\t"
		     "movl %%esi, regs_before+16\n\t"
		     "movl %%edi, regs_before+20\n\t"
		     "movl %%ebp, regs_before+24\n\t"
		     "movl %%esp, regs_before+28\n\t"
		     "pushfl\n\t"
		     "popl regs_before+32\n\t"
		     "movl %%eax, %c1\n\t" /* the fault */
		     "movl %%eax, regs_after+0\n\t"
		     "movl %%ebx, regs_after+4\n\t"
		     "movl %%ecx, regs_after+8\n\t"
		     "movl %%edx, regs_after+12\n\t"
		     "movl %%esi, regs_after+16\n\t"
		     "movl %%edi, regs_after+20\n\t"
		     "movl %%ebp, regs_after+24\n\t"
		     "movl %%esp, regs_after+28\n\t"
		     "pushfl\n\t"
		     "popl regs_after+32\n\t"
		     "movl saved_esp, %%esp\n\t"
		     "popfl\n\t"
		     "popal"
		     :
		     : "i"(LIT_FLAGS), "i"(FAULT_VA)
		     : "memory", "cc");
}

/* Print one line per differing register; returns the number of them. */
static int
compare(const char *what, struct regs *a, struct regs *b)
{
	uint32_t *x = (uint32_t *)a, *y = (uint32_t *)b;
	int i, bad = 0;

	for (i = 0; i < (int)ARRAY_SIZE(names); i++)
		if (x[i] != y[i]) {
			cprintf("%s: %s MISMATCH: %08x before, %08x now\n",
				what, names[i], x[i], y[i]);
			bad++;
		}
	return bad;
}

/*
 * Record the registers the kernel saved in the UTrapframe and map the
 * page, so the faulting store succeeds when it is retried.
 */
static void
handler(struct UTrapframe *utf)
{
	struct PushRegs *r = &utf->utf_regs;
	int err;

	if (utf->utf_fault_va != FAULT_VA)
		panic("unexpected fault at %08x", utf->utf_fault_va);
	regs_in_utf.eax = r->reg_eax;
	regs_in_utf.ebx = r->reg_ebx;
	regs_in_utf.ecx = r->reg_ecx;
	regs_in_utf.edx = r->reg_edx;
	regs_in_utf.esi = r->reg_esi;
	regs_in_utf.edi = r->reg_edi;
	regs_in_utf.ebp = r->reg_ebp;
	regs_in_utf.esp = utf->utf_esp;
	regs_in_utf.eflags = utf->utf_eflags;
	err = sys_page_alloc(0, (void *)FAULT_VA, PTE_P | PTE_U | PTE_W);
	if (err < 0)
		panic("sys_page_alloc: %e", err);
}

void
umain(int argc, char **argv)
{
	set_pgfault_handler(handler);
	fault_with_known_regs();

	if (compare("UTrapframe", &regs_before, &regs_in_utf) == 0)
		cprintf("Registers in UTrapframe OK\n");
	if (compare("after fault", &regs_before, &regs_after) == 0)
		cprintf("Registers after page-fault OK\n");
	if ((regs_before.eflags & LIT_FLAGS) != LIT_FLAGS)
		cprintf("eflags MISMATCH: flags were not lit (%08x)\n",
			regs_before.eflags);
	else if (regs_after.eflags == regs_before.eflags)
		cprintf("eflags after page-fault OK\n");
	if (regs_after.esp == regs_before.esp)
		cprintf("esp after page-fault OK\n");
}
