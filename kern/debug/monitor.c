/*
 * The kernel monitor.  The kernel enters it when it has nothing to run, on a
 * panic and on a breakpoint; interactive runs then read commands at "K> ".
 */

#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include <kern/debug/monitor.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/cpu.h>
#include <kern/debug/kdebug.h>
#include <kern/trap.h>
#include <kern/qemu.h>

#define MONITOR_MAXARGS 16
#define WHITESPACE " \t\r\n"

/* Every command the monitor knows; `help` lists them in this order. */
static const struct Command commands[] = {
	{ "help", "Display this list of commands", mon_help },
	{ "kerninfo", "Display information about the kernel", mon_kerninfo },
	{ "backtrace", "Display the stack backtrace", mon_backtrace },
	{ "exit", "Power off QEMU", mon_exit },
	{ "continue", "Resume the environment that hit a breakpoint",
	  mon_continue },
	{ "envs", "List environments: id, parent, status, runs, pages held",
	  mon_envs },
	{ "showmappings",
	  "showmappings VA [VA2] [envid]: PTEs, bits and pp_ref per page",
	  mon_showmappings },
	{ "pageinfo", "pageinfo PA: pp_ref of a physical page and who maps it",
	  mon_pageinfo },
	{ "memstat", "Free and total physical pages", mon_memstat },
	{ "audit", "Check pp_ref, the free list and isolation (the audit)",
	  mon_audit },
	{ "pttrace", "pttrace [on|off]: a line per shared page-table copy",
	  mon_pttrace },
	{ "dag", "dag [envid] [expand]: the sharing graph as Graphviz DOT",
	  mon_dag },
};

/* Lists every command with its one-line description. */
int
mon_help(int argc, char **argv, struct Trapframe *tf)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		cprintf("%s - %s\n", commands[i].name, commands[i].desc);
	return 0;
}

/* Prints one linker symbol's virtual and physical address. */
static void
print_symbol(const char *name, const char *va)
{
	cprintf("  %-6s %08x (virt)  %08x (phys)\n", name, (uintptr_t)va,
		(uintptr_t)va - KERNBASE);
}

/* Prints the kernel's special symbols and how much memory its image takes. */
int
mon_kerninfo(int argc, char **argv, struct Trapframe *tf)
{
	extern char _start[], entry[], etext[], edata[], end[];

	cprintf("Special kernel symbols:\n");
	cprintf("  _start                  %08x (phys)\n", (uintptr_t)_start);
	print_symbol("entry", entry);
	print_symbol("etext", etext);
	print_symbol("edata", edata);
	print_symbol("end", end);
	cprintf("Kernel executable memory footprint: %dKB\n",
		ROUNDUP(end - entry, 1024) / 1024);
	return 0;
}

/* Prints the source position of a return address eip: file:line: fn+off. */
static void
print_eip_source(uintptr_t eip)
{
	struct Eipdebuginfo info;

	if (debuginfo_eip(eip, &info) < 0) {
		cprintf("         <unknown>\n");
		return;
	}
	cprintf("         %s:%d: %.*s+%d\n", info.eip_file, info.eip_line,
		info.eip_fn_namelen, info.eip_fn_name, eip - info.eip_fn_addr);
}

/*
 * Where a backtrace may read: the kernel stack [lo, hi), or, when pgdir is
 * set, the user-readable pages of pgdir below ULIM.
 */
struct stack_view {
	uintptr_t lo, hi;
	pde_t *pgdir;
};

/* Frames a backtrace prints per chain at most (a chain may loop). */
#define BACKTRACE_MAXFRAMES 64

/*
 * The user-readable word at va in pgdir, read through the kernel's mapping
 * of its physical page; the page tables say whether it may be read, so
 * nothing is touched that is not there.  Returns NULL and sets *word, or
 * says why not.
 */
static const char *
user_word(pde_t *pgdir, uintptr_t va, uint32_t *word)
{
	pte_t *pte;

	if (va >= ULIM)
		return "is not user memory";
	if (!(pte = pgdir_pte(pgdir, va)) || !(*pte & PTE_P))
		return "is not mapped";
	if (!(pgdir[PDX(va)] & *pte & PTE_U) || PGNUM(*pte) >= npages)
		return "is not user-readable";
	*word = *(uint32_t *)((char *)KADDR(PTE_ADDR(*pte)) + PGOFF(va));
	return NULL;
}

/*
 * The word at va as view v allows.  Returns NULL and sets *word, or a
 * phrase saying why it may not be read ("is not mapped", ...).
 */
static const char *
stack_word(const struct stack_view *v, uintptr_t va, uint32_t *word)
{
	if (va % 4 != 0)
		return "is not word-aligned";
	if (v->pgdir)
		return user_word(v->pgdir, va, word);
	if (va < v->lo || va >= v->hi)
		return "is outside the kernel stack";
	*word = *(uint32_t *)va;
	return NULL;
}

/*
 * Print the frame at ebp, whose saved return address is eip: its first five
 * argument words (-------- for one that may not be read) and, for kernel
 * code, the caller's source position.
 */
static void
print_frame(const struct stack_view *v, uintptr_t ebp, uint32_t eip)
{
	uint32_t arg;
	int i;

	cprintf("  ebp %08x  eip %08x  args", ebp, eip);
	for (i = 0; i < 5; i++) {
		if (stack_word(v, ebp + 8 + 4 * i, &arg))
			cprintf(" --------");
		else
			cprintf(" %08x", arg);
	}
	cprintf("\n");
	if (!v->pgdir)
		print_eip_source(eip);
}

/*
 * Print the chain of frames from ebp, each read through v, and the line
 * saying where and why it stops: a zero ebp (the outermost frame: the
 * kernel's entry and trap entry plant it), a frame that may not be read,
 * one that is not above the frame before it, or BACKTRACE_MAXFRAMES.
 */
static void
backtrace_chain(const struct stack_view *v, uintptr_t ebp)
{
	uint32_t next, eip;
	const char *why;
	int n;

	for (n = 0;; n++) {
		if (ebp == 0) {
			cprintf("  (stops: ebp 00000000, the outermost "
				"frame)\n");
			return;
		}
		if (n == BACKTRACE_MAXFRAMES) {
			cprintf("  (stops: %d frames shown)\n", n);
			return;
		}
		if ((why = stack_word(v, ebp, &next)) ||
		    (why = stack_word(v, ebp + 4, &eip))) {
			cprintf("  (stops: ebp %08x %s)\n", ebp, why);
			return;
		}
		print_frame(v, ebp, eip);
		if (next != 0 && next <= ebp) {
			cprintf("  (stops: ebp %08x is not above the frame "
				"before)\n",
				next);
			return;
		}
		ebp = next;
	}
}

/*
 * The kernel stack the monitor runs on: the boot stack, this CPU's stack
 * seen at its KERNBASE address (where an AP starts), or this CPU's stack
 * below CPU_KSTACKTOP.
 */
static void
kernel_stack_view(struct stack_view *v)
{
	uintptr_t esp = read_esp();
	uintptr_t own = (uintptr_t)percpu_kstacks[cpunum()];

	v->pgdir = NULL;
	v->lo = CPU_KSTACKTOP(cpunum()) - KSTKSIZE;
	v->hi = CPU_KSTACKTOP(cpunum());
	if (esp >= (uintptr_t)bootstack && esp < (uintptr_t)bootstacktop) {
		v->lo = (uintptr_t)bootstack;
		v->hi = (uintptr_t)bootstacktop;
	} else if (esp >= own && esp < own + KSTKSIZE) {
		v->lo = own;
		v->hi = own + KSTKSIZE;
	}
}

/*
 * Walks the chain of saved frame pointers from this function's frame down
 * to the trap entry (or the kernel's entry), printing per frame the frame
 * pointer, the return address, the first five argument words and the
 * caller's source position.  At a trap from user mode it goes on with the
 * environment's own chain from the trap frame's %ebp.  Only the kernel
 * stack, and user pages the page tables say the user may read, are read:
 * the walk stops, saying why, at anything else.
 */
int
mon_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	struct stack_view v;

	cprintf("Stack backtrace:\n");
	kernel_stack_view(&v);
	backtrace_chain(&v, read_ebp());
	if (!tf || (tf->tf_cs & 3) != 3 || !curenv || tf != &curenv->env_tf)
		return 0;
	cprintf("User stack of env %08x: trap at eip %08x, ebp %08x\n",
		curenv->env_id, tf->tf_eip, tf->tf_regs.reg_ebp);
	v.pgdir = curenv->env_pgdir;
	backtrace_chain(&v, tf->tf_regs.reg_ebp);
	return 0;
}

/* See kern/debug/monitor.h. */
bool
mon_parse_hex(const char *s, uint32_t *val)
{
	char *end;

	*val = strtol(s, &end, 16);
	return *s != '\0' && *end == '\0';
}

/* Makes QEMU exit with status 0. */
int
mon_exit(int argc, char **argv, struct Trapframe *tf)
{
	qemu_exit(0);
}

/*
 * Splits line in place into at most MONITOR_MAXARGS words.  Returns the
 * number of words, or -1 (after saying so) when there are too many.
 */
static int
split_words(char *line, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*line && strchr(WHITESPACE, *line))
			*line++ = '\0';
		if (*line == '\0')
			break;
		if (argc == MONITOR_MAXARGS) {
			cprintf("Too many arguments (max %d)\n",
				MONITOR_MAXARGS);
			return -1;
		}
		argv[argc++] = line;
		while (*line && !strchr(WHITESPACE, *line))
			line++;
	}
	argv[argc] = NULL;
	return argc;
}

/*
 * Runs the command named by the first word of line (modified in place).
 * Returns the command's result, or 0 for an empty, unknown or overlong line.
 */
int
monitor_run(char *line, struct Trapframe *tf)
{
	char *argv[MONITOR_MAXARGS + 1];
	int argc = split_words(line, argv);
	size_t i;

	if (argc <= 0)
		return 0;
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].func(argc, argv, tf);
	cprintf("Unknown command '%s'\n", argv[0]);
	return 0;
}

/*
 * Run the next commands of the boot-time script (opt/jos/monitor, commands
 * separated by ';') until one returns -1.  Returns -1 when one did, 0 when
 * the script ran out.
 */
static int
monitor_run_script(struct Trapframe *tf)
{
	static char *next = boot_monitor_script;
	char *cmd;

	while (next && *next) {
		cmd = next;
		next = strchr(next, ';');
		if (next)
			*next++ = '\0';
		cprintf("K> %s\n", cmd);
		if (monitor_run(cmd, tf) < 0)
			return -1;
	}
	return 0;
}

/*
 * See kern/debug/monitor.h: banner, trap frame, then commands until one
 * says -1.
 */
void
monitor(struct Trapframe *tf)
{
	char *line;

	cprintf("Welcome to the JOS kernel monitor!\n");
	cprintf("Type 'help' for a list of commands.\n");
	if (tf != NULL)
		print_trapframe(tf);
	if (monitor_run_script(tf) < 0)
		return;
	if (test_mode) {
		cprintf("K> \n");
		qemu_exit(panicstr ? 1 : 0);
	}
	for (;;) {
		line = readline("K> ");
		if (line != NULL && monitor_run(line, tf) < 0)
			break;
	}
}
