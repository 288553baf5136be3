/*
 * Odd processor flags at system-call and interrupt time.  The kernel must
 * not be steered by the user's eflags:
 *   DF set: sys_cputs and sys_mem_stat still copy forwards;
 *   NT set: calls and timer interrupts return normally (the kernel's
 *           iret must not try a task switch);
 * and, in children that the kernel then destroys or lets exit:
 *   TF set: a debug trap after the next instruction destroys the child;
 *   AC set with an unaligned access: an alignment-check trap or nothing.
 *
 * Expected: "eflagsabuse: DF set: this line reads forwards OK",
 * "eflagsabuse: ... OK" lines, one "Debug" trap frame,
 * "eflagsabuse: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

/* sys_cputs(s, len) with the direction flag set. */
static void
cputs_with_df(const char *s, size_t len)
{
	asm volatile("std\n\t"
		     "int %0\n\t"
		     "cld"
		     :
		     : "i"(T_SYSCALL), "a"(SYS_cputs), "d"(s), "c"(len)
		     : "cc", "memory");
}

/* sys_mem_stat(ms) with the direction flag set; returns its result. */
static int
mem_stat_with_df(struct MemStat *ms)
{
	int r;

	asm volatile("std\n\t"
		     "int %1\n\t"
		     "cld"
		     : "=a"(r)
		     : "i"(T_SYSCALL), "0"(SYS_mem_stat), "d"(ms)
		     : "cc", "memory");
	return r;
}

/* sys_getenvid and a long spin with NT set; returns the id. */
static envid_t
getenvid_with_nt(void)
{
	envid_t id;

	asm volatile("pushfl\n\t"
		     "orl %2, (%%esp)\n\t"
		     "popfl\n\t"
		     "int %1\n\t"
		     "movl $5000000, %%ecx\n"
		     "1:\n\t"
		     "decl %%ecx\n\t"
		     "jnz 1b\n\t"
		     "pushfl\n\t"
		     "andl %3, (%%esp)\n\t"
		     "popfl"
		     : "=a"(id)
		     : "i"(T_SYSCALL), "i"(FL_NT), "i"(~FL_NT),
		       "0"(SYS_getenvid)
		     : "ecx", "cc", "memory");
	return id;
}

static void
with_tf(void)
{
	asm volatile("pushfl\n\t"
		     "orl %0, (%%esp)\n\t"
		     "popfl\n\t"
		     "nop\n\t"
		     "nop" ::"i"(FL_TF)
		     : "cc");
	check_true(false, "TF set: a debug trap");
}

static void
with_ac(void)
{
	static uint32_t words[2];
	volatile uint32_t *odd = (volatile uint32_t *)((char *)words + 1);

	asm volatile("pushfl\n\t"
		     "orl %0, (%%esp)\n\t"
		     "popfl" ::"i"(FL_AC)
		     : "cc");
	*odd = 1;
	cprintf("eflagsabuse: AC set: no alignment check here\n");
}

static void
in_child(void (*f)(void))
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		f();
		exit();
	}
	while (envs[ENVX(id)].env_id == id &&
	       envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	static const char line[] =
		"eflagsabuse: DF set: this line reads forwards OK\n";
	struct MemStat ms = { 0, 0, 0 };
	envid_t me = sys_getenvid();

	cputs_with_df(line, sizeof(line) - 1);
	check_true(mem_stat_with_df(&ms) == 0 && ms.npages > 0 &&
			   ms.nenvs == 1 && ms.nfree < ms.npages,
		   "DF set: mem_stat");
	check_hex(getenvid_with_nt(), me, "NT set: getenvid and interrupts");
	in_child(with_tf);
	in_child(with_ac);
	check_done();
}
