/*
 * The kernel's self-tests: the boot self-checks of physical memory, which
 * mem_init() runs and which print the "check_...() succeeded!" lines the
 * grader reads, and the test hooks that opt/jos/hook selects (kern/init.c
 * runs them; the backtrace and panic hooks live there).  Each check
 * panics on the first thing it finds wrong and gives back every page it
 * takes.
 */
#ifndef JOS_KERN_SELFTEST_H
#define JOS_KERN_SELFTEST_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* kern/selftest/check_alloc.c: the physical page allocator. */
void check_page_free_list(bool only_low_memory);
void check_page_alloc(void);

/* kern/selftest/check_pmap.c: the page tables and kern_pgdir. */
void check_page(void);
void check_kern_pgdir(void);
void check_page_installed_pgdir(void);

/* kern/selftest/badelf.c: the badelf hook (env_create's ELF checks). */
void check_bad_elf(void);

/* kern/selftest/check_envid.c: the envids hook (env ids as slots wrap). */
void check_env_ids(void);

/* kern/selftest/auditfail.c: the auditfail hook (the audit can fail). */
void check_audit_fail(void);

#endif /* !JOS_KERN_SELFTEST_H */
