/* Kernel panics: what the monitor needs to know about them. */
#ifndef JOS_KERN_PANIC_H
#define JOS_KERN_PANIC_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

/* The message of the first panic, or NULL when the kernel has not panicked. */
extern const char *panicstr;

#endif /* !JOS_KERN_PANIC_H */
