/*
 * The kernel must never use the user's stack pointer.  We make system
 * calls, and spin long enough to be interrupted by the timer, with %esp
 * pointing at the kernel, at nothing, at the guard page below the user
 * stack, and at a read-only page: each call must work as usual and the
 * interrupts must come and go unnoticed.
 *
 * Expected: "badesp: esp XXXXXXXX: getenvid OK" for each value,
 * "badesp: done OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define SPINS 5000000

/*
 * With %esp = esp: sys_getenvid, then a spin of SPINS turns; returns the
 * id.  Only registers are used while %esp is bad.
 */
static envid_t
getenvid_with_esp(uint32_t esp)
{
	envid_t id;

	asm volatile("movl %%esp, %%ebx\n\t"
		     "movl %%edx, %%esp\n\t"
		     "int %2\n\t"
		     "movl %4, %%ecx\n"
		     "1:\n\t"
		     "decl %%ecx\n\t"
		     "jnz 1b\n\t"
		     "movl %%ebx, %%esp"
		     : "=a"(id), "+d"(esp)
		     : "i"(T_SYSCALL), "a"(SYS_getenvid), "i"(SPINS)
		     : "ebx", "ecx", "cc", "memory");
	return id;
}

void
umain(int argc, char **argv)
{
	static const uint32_t bad[] = {
		KERNBASE + 0x100000,     KSTACKTOP,     0,          0x00c00000,
		USTACKTOP - PGSIZE - 64, UTEXT + 0x100, UENVS + 64, 0xffffffff,
	};
	envid_t me = sys_getenvid(), id;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		id = getenvid_with_esp(bad[i]);
		check_hex(id, me, "esp %08x: getenvid", bad[i]);
	}
	check_done();
}
