/*
 * System call numbers that do not exist: every one must return -E_INVAL
 * and do nothing.  Among them are numbers whose low bits name a real call
 * (0x100 + SYS_env_destroy, 0x10000 + SYS_page_alloc, -SYS_cputs...): a
 * kernel that looked at the low byte only would destroy us, map a page
 * or print "LEAK".  15 and 16 are reserved for later calls and skipped.
 *
 * Expected: "sysnumbers: N unknown numbers refused OK"; no "FAIL", no
 * "LEAK".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define PAGE 0x00a00000

static int32_t
raw_syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3)
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a"(ret)
		     : "i"(T_SYSCALL), "a"(num), "d"(a1), "c"(a2), "b"(a3),
		       "D"(0), "S"(0)
		     : "cc", "memory");
	return ret;
}

static int wrong, tried;

/* num must be refused whatever arguments the real call would like. */
static void
refused(uint32_t num)
{
	static const char leak[] = "LEAK\n";
	int32_t r = raw_syscall(num, (uint32_t)leak, sizeof(leak) - 1, 0);

	tried++;
	if (r == -E_INVAL)
		r = raw_syscall(num, 0, PAGE, PTE_P | PTE_U | PTE_W);
	if (r != -E_INVAL && wrong++ < 10)
		check_int(r, -E_INVAL, "syscall %08x refused", num);
}

void
umain(int argc, char **argv)
{
	uint32_t n, k;

	for (n = NSYSCALLS; n < NSYSCALLS + 1000; n++)
		refused(n);
	for (k = 0; k <= SYS_page_map_batch; k++) {
		refused(0x100 + k);
		refused(0x10000 + k);
		refused(0x80000000 + k);
		refused(0xffffff00 + k);
		refused(-k - 1);
	}
	refused(0x7fffffff);
	refused(0xffffffff);
	check_true(!(uvpd[PDX(PAGE)] & PTE_P && uvpt[PGNUM(PAGE)] & PTE_P),
		   "no page mapped");
	check_int(wrong, 0, "%d unknown numbers refused", tried);
}
