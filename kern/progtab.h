/*
 * The user programs linked into the kernel image.  The build generates the
 * table (obj/kern/progtab.c) from the programs NAME.c under user/; each entry is the
 * program's ELF file, byte for byte (stripped of symbols).
 */
#ifndef JOS_KERN_PROGTAB_H
#define JOS_KERN_PROGTAB_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

struct user_program {
	const char *name;     /* "forkmem" for user/test/fork/forkmem.c */
	const uint8_t *start; /* first byte of the ELF file */
	const uint8_t *end;   /* one past its last byte */
};

/* user_programs[nuser_programs] is a sentinel with every field null. */
extern const struct user_program user_programs[];
extern const int nuser_programs;

#endif /* !JOS_KERN_PROGTAB_H */
