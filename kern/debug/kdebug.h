/*
 * Source-level information about kernel code addresses, for backtraces.
 * The build generates the tables from the kernel's own DWARF line table and
 * symbol table (see kern/debug/mkdebuginfo.pl) and links them into section
 * .kdebug.
 */
#ifndef JOS_KERN_KDEBUG_H
#define JOS_KERN_KDEBUG_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* What debuginfo_eip() knows about one instruction address. */
struct Eipdebuginfo {
	const char *eip_file;    /* source file, e.g. "kern/init.c" */
	int eip_line;            /* line in eip_file, 0 when unknown */
	const char *eip_fn_name; /* function name, also NUL-terminated */
	int eip_fn_namelen;      /* length of eip_fn_name */
	uintptr_t eip_fn_addr;   /* first instruction of the function */
};

int debuginfo_eip(uintptr_t eip, struct Eipdebuginfo *info);

/* The generated tables; only kern/debug/kdebug.c needs these. */

/* One function (or assembly label) covering [addr, end). */
struct kdebug_func {
	uint32_t addr;
	uint32_t end;
	uint32_t name;    /* offset of the name in kdebug_strings */
	uint32_t namelen; /* length of the name */
};

/* Code from addr up to the next row's addr comes from file:line. */
struct kdebug_line {
	uint32_t addr;
	uint16_t file; /* index into kdebug_files */
	uint16_t line; /* 0: no source (end of a sequence) */
};

extern const struct kdebug_func kdebug_funcs[];
extern const uint32_t kdebug_nfuncs;
extern const struct kdebug_line kdebug_lines[];
extern const uint32_t kdebug_nlines;
extern const uint32_t kdebug_files[]; /* offsets in kdebug_strings */
extern const char kdebug_strings[];

#endif /* !JOS_KERN_KDEBUG_H */
