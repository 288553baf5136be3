/* The floating-point unit, switched lazily between environments. */
#ifndef JOS_KERN_FPU_H
#define JOS_KERN_FPU_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>

void fpu_init(void);
void fpu_enter(struct Env *e);
void fpu_device_trap(void);
void fpu_leave(struct Env *e);
void fpu_release(struct Env *e);
void fpu_page_copy(void *dst, const void *src);
void fpu_page_zero(void *dst);

#endif /* !JOS_KERN_FPU_H */
