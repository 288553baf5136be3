/*
 * Privileged instructions from user mode: each must raise a General
 * Protection fault that destroys only the child that tried it.  The last
 * child first tries to raise its I/O privilege level with popf (which
 * the processor ignores at CPL 3) and then reads a port.
 *
 * Expected: 9 trap frames "General Protection", "privinsn: done OK"; no
 * "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

static void
do_cli(void)
{
	asm volatile("cli");
}

static void
do_hlt(void)
{
	asm volatile("hlt");
}

static void
do_inb(void)
{
	asm volatile("inb $0x60, %%al" ::: "eax");
}

static void
do_outb(void)
{
	asm volatile("outb %%al, $0x80" ::"a"(0));
}

static void
do_lcr3(void)
{
	asm volatile("movl %0, %%cr3" ::"r"(0));
}

static void
do_lidt(void)
{
	static uint8_t idt_desc[6];

	asm volatile("lidt %0" ::"m"(idt_desc));
}

static void
do_invlpg(void)
{
	asm volatile("invlpg (%0)" ::"r"(UTEXT) : "memory");
}

static void
do_wbinvd(void)
{
	asm volatile("wbinvd");
}

static void
do_iopl(void)
{
	asm volatile("pushfl\n\t"
		     "orl $0x3000, (%%esp)\n\t"
		     "popfl\n\t"
		     "inb $0x60, %%al" ::
			     : "eax", "cc");
}

static void (*const attempts[])(void) = {
	do_cli,  do_hlt,    do_inb,    do_outb, do_lcr3,
	do_lidt, do_invlpg, do_wbinvd, do_iopl,
};

void
umain(int argc, char **argv)
{
	envid_t id;
	int i;

	for (i = 0; i < ARRAY_SIZE(attempts); i++) {
		if ((id = fork()) < 0)
			panic("fork: %e", id);
		if (id == 0) {
			attempts[i]();
			check_true(false, "attempt %d trapped", i);
			return;
		}
		while (envs[ENVX(id)].env_id == id &&
		       envs[ENVX(id)].env_status != ENV_FREE)
			sys_yield();
	}
	check_done();
}
