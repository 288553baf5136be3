/* Kernel-private environment management. */
#ifndef JOS_KERN_ENV_H
#define JOS_KERN_ENV_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>

extern struct Env *envs;   /* all environments, NENV of them, at UENVS */
extern struct Env *curenv; /* the running environment, or NULL */
extern struct Segdesc gdt[];

void env_init(void);
void env_init_percpu(void);
int env_alloc(struct Env **e, envid_t parent_id);
void env_free(struct Env *e);
int env_create(const uint8_t *binary, size_t size, enum EnvType type,
	       const char *args);
void env_destroy(struct Env *e);
void env_exit(void) __attribute__((noreturn));
int envid2env(envid_t envid, struct Env **env_store, bool checkperm);
const char *env_status_name(unsigned status);
void env_run(struct Env *e) __attribute__((noreturn));
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

/* Free pages counted just before the first environment was created. */
extern size_t env_baseline_free;

#endif /* !JOS_KERN_ENV_H */
