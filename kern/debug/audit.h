/*
 * The audit of reference counts, the free list and the isolation invariant
 * (docs/kernel.md, The audit); its console lines are in docs/interface.md.
 */
#ifndef JOS_KERN_AUDIT_H
#define JOS_KERN_AUDIT_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

/* What audit_run() can find wrong, one bit each (its return value). */
enum {
	/* A frame one env can write that another env maps, not all SHARE. */
	AUDIT_SHARED_WRITABLE = 1 << 0,
	/* A table with pp_ref > 1 reached through a writable or plain PDE. */
	AUDIT_TABLE_WRITABLE = 1 << 1,
	/* A page table whose pp_ref is not the number of PDEs reaching it. */
	AUDIT_TABLE_REFS = 1 << 2,
	/* Any other page whose pp_ref is not its number of references. */
	AUDIT_PAGE_REFS = 1 << 3,
	/* The free list: a bad link, a cycle, a wrong length, a lost page. */
	AUDIT_FREE_LIST = 1 << 4,
	/* A page on the free list with pp_ref != 0, or still mapped. */
	AUDIT_FREE_MAPPED = 1 << 5,
	/* A PTE or PDE pointing past the last physical page. */
	AUDIT_BAD_ADDRESS = 1 << 6,
	/* A PDE above UTOP (not UVPT's) that differs from kern_pgdir's. */
	AUDIT_KERNEL_HALF = 1 << 7,
	/* A UVPT entry that is not the directory itself, read-only. */
	AUDIT_UVPT = 1 << 8,
	/* Free pages plus pages held by envs differ from the count at boot. */
	AUDIT_LEAK = 1 << 9,
	/* Auditing without the kernel lock, or an env running on no CPU. */
	AUDIT_CPUS = 1 << 10,
};

unsigned audit_run(void);

#endif /* !JOS_KERN_AUDIT_H */
