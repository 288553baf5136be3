/* The kernel monitor: a small command interpreter on the console. */
#ifndef JOS_KERN_MONITOR_H
#define JOS_KERN_MONITOR_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <kern/panic.h>

struct Trapframe;

/*
 * One monitor command.  func gets the whitespace-separated words of the
 * command line (argv[0] is the command's name) and the trap frame the
 * monitor was entered with (NULL when none).  It returns -1 to leave the
 * monitor, anything else to read the next command.
 *
 * To add a command: write `int mon_NAME(int argc, char **argv,
 * struct Trapframe *tf)` in any kern/ file, declare it below, and add a row
 * to commands[] in kern/debug/monitor.c.
 */
struct Command {
	const char *name;
	const char *desc; /* one line, shown by `help` */
	int (*func)(int argc, char **argv, struct Trapframe *tf);
};

/*
 * Prints the banner (and tf, when not NULL), then runs commands read from
 * the console until one returns -1.  In test mode it prints the prompt once
 * and makes QEMU exit instead: status 1 after a panic, else 0.
 */
void monitor(struct Trapframe *tf);

/* Runs one command line as if typed at the prompt; returns what it returned. */
int monitor_run(char *line, struct Trapframe *tf);

/*
 * The monitor's one way to read a number: addresses and env ids are hex,
 * with or without 0x.  True when all of s is one, stored in *val.
 */
bool mon_parse_hex(const char *s, uint32_t *val);

/* Commands (kern/debug/monitor.c) */
int mon_help(int argc, char **argv, struct Trapframe *tf);
int mon_kerninfo(int argc, char **argv, struct Trapframe *tf);
int mon_backtrace(int argc, char **argv, struct Trapframe *tf);
int mon_exit(int argc, char **argv, struct Trapframe *tf);

/* Inspection commands (kern/debug/inspect.c) */
int mon_continue(int argc, char **argv, struct Trapframe *tf);
int mon_envs(int argc, char **argv, struct Trapframe *tf);
int mon_showmappings(int argc, char **argv, struct Trapframe *tf);
int mon_pageinfo(int argc, char **argv, struct Trapframe *tf);
int mon_memstat(int argc, char **argv, struct Trapframe *tf);
int mon_audit(int argc, char **argv, struct Trapframe *tf);
int mon_pttrace(int argc, char **argv, struct Trapframe *tf);

/* The sharing graph (kern/debug/dag.c) */
int mon_dag(int argc, char **argv, struct Trapframe *tf);

#endif /* !JOS_KERN_MONITOR_H */
