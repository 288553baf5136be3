/*
 * The leak and reference-count audit (docs/kernel.md, The audit); its
 * console lines are in docs/interface.md.
 */
#ifndef JOS_KERN_AUDIT_H
#define JOS_KERN_AUDIT_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

int audit_run(void);

#endif /* !JOS_KERN_AUDIT_H */
