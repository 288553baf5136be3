/* The kernel's C entry point: bring the machine up and start a program. */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/elf.h>

#include <kern/debug/monitor.h>
#include <kern/console.h>
#include <kern/pmap.h>
#include <kern/kclock.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/sched.h>
#include <kern/picirq.h>
#include <kern/qemu.h>
#include <kern/progtab.h>

/* Timer interrupts per second: the scheduler's time slice is 1/TIMER_HZ s. */
#define TIMER_HZ 100

/*
 * A recursive function whose frames the backtrace test hook prints (kept
 * out of line so every level has a frame of its own).
 */
void __attribute__((noinline, noclone)) test_backtrace(int x)
{
	cprintf("entering test_backtrace %d\n", x);
	if (x > 0)
		test_backtrace(x - 1);
	else
		mon_backtrace(0, 0, 0);
	cprintf("leaving test_backtrace %d\n", x);
}

/*
 * Build in image a one-segment i386 ELF executable, then break it as
 * `how` says.  Returns the image's size.
 */
static size_t
bad_elf_image(uint8_t *image, int how)
{
	struct Elf *elf = (struct Elf *)image;
	struct Proghdr *ph = (struct Proghdr *)(elf + 1);
	size_t size = sizeof(*elf) + sizeof(*ph) + 16;

	memset(image, 0, PGSIZE);
	elf->e_magic = ELF_MAGIC;
	elf->e_type = ET_EXEC;
	elf->e_machine = EM_386;
	elf->e_entry = UTEXT;
	elf->e_phoff = sizeof(*elf);
	elf->e_phentsize = sizeof(*ph);
	elf->e_phnum = 1;
	ph->p_type = ELF_PROG_LOAD;
	ph->p_offset = sizeof(*elf) + sizeof(*ph);
	ph->p_va = UTEXT;
	ph->p_filesz = 16;
	ph->p_memsz = PGSIZE;
	switch (how) {
	case 0: /* truncated */
		return 10;
	case 1: /* not ELF */
		elf->e_magic = 0x12345678;
		break;
	case 2: /* x86-64 */
		elf->e_machine = 62;
		break;
	case 3: /* headers outside the file */
		elf->e_phoff = 0x7ffffff0;
		break;
	case 4: /* more headers than the file holds */
		elf->e_phnum = 0xffff;
		break;
	case 5: /* data outside the file */
		ph->p_filesz = 0x10000;
		break;
	case 6: /* more file data than memory */
		ph->p_memsz = 8;
		break;
	case 7: /* crosses UTOP */
		ph->p_va = UTOP - 8;
		break;
	case 8: /* wraps around */
		ph->p_va = 0xfffff000;
		break;
	case 9: /* enters the kernel */
		elf->e_entry = KERNBASE;
		break;
	}
	return size;
}

/*
 * The badelf hook: env_create must refuse every malformed image with a
 * clear line, and leave no page behind.
 */
static void
test_bad_elf(void)
{
	static uint8_t image[PGSIZE] __attribute__((aligned(PGSIZE)));
	size_t before = page_free_count();
	int how, r, refused = 0;

	for (how = 0; how < 10; how++) {
		r = env_create(image, bad_elf_image(image, how), ENV_TYPE_USER,
			       "badelf");
		cprintf("badelf: image %d: %s\n", how,
			r < 0 ? "refused" : "ACCEPTED");
		refused += r < 0;
	}
	cprintf("badelf: %d of 10 refused, free pages %u before, %u after\n",
		refused, before, page_free_count());
}

/* Run the kernel self-test named by the opt/jos/hook setting. */
static void
run_hook(const char *hook)
{
	if (strcmp(hook, "backtrace") == 0)
		test_backtrace(5);
	else if (strcmp(hook, "panic") == 0)
		panic("test hook: deliberate panic");
	else if (strcmp(hook, "badelf") == 0)
		test_bad_elf();
	else
		cprintf("unknown test hook '%s'\n", hook);
}

/* The embedded user program called name, or NULL. */
static const struct user_program *
find_program(const char *name)
{
	int i;

	for (i = 0; i < nuser_programs; i++)
		if (strcmp(user_programs[i].name, name) == 0)
			return &user_programs[i];
	return NULL;
}

/*
 * Create the first environment from the program named by opt/jos/prog,
 * with opt/jos/args as its arguments.  Returns false when there is none.
 */
static bool
start_first_program(void)
{
	static char cmdline[sizeof(boot_prog) + sizeof(boot_args) + 1];
	const struct user_program *prog;
	int r;

	if (boot_prog[0] == '\0')
		return false;
	if (!(prog = find_program(boot_prog))) {
		cprintf("no user program named '%s'\n", boot_prog);
		return false;
	}
	snprintf(cmdline, sizeof(cmdline), "%s %s", boot_prog, boot_args);
	if ((r = env_create(prog->start, prog->end - prog->start, ENV_TYPE_USER,
			    cmdline)) < 0) {
		cprintf("cannot start '%s': %e\n", boot_prog, r);
		return false;
	}
	return true;
}

void
i386_init(void)
{
	extern char edata[], end[];

	/* The boot loader does not zero the BSS: do it before using it. */
	memset(edata, 0, end - edata);

	cons_init();
	qemu_config_init();
	mem_init();
	env_init();
	trap_init();
	pic_init();
	timer_init(TIMER_HZ);
	irq_enable(IRQ_TIMER);
	irq_enable(IRQ_KBD);
	irq_enable(IRQ_SERIAL);

	if (boot_hook[0])
		run_hook(boot_hook);
	else if (start_first_program())
		sched_yield();

	for (;;)
		monitor(NULL);
}
