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
 * Walks the chain of saved frame pointers from this function's frame and
 * prints, per frame, the frame pointer, the return address, the first five
 * argument words and the caller's source position.  The walk stops at a
 * zero frame pointer, which kern/entry.S plants below the first C frame.
 */
int
mon_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	uint32_t *ebp = (uint32_t *)read_ebp();
	int i;

	cprintf("Stack backtrace:\n");
	for (; ebp != NULL; ebp = (uint32_t *)ebp[0]) {
		cprintf("  ebp %08x  eip %08x  args", (uintptr_t)ebp, ebp[1]);
		for (i = 0; i < 5; i++)
			cprintf(" %08x", ebp[2 + i]);
		cprintf("\n");
		print_eip_source(ebp[1]);
	}
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
