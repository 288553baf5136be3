/* Kernel-private environment management. */
#ifndef JOS_KERN_ENV_H
#define JOS_KERN_ENV_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/env.h>
#include <kern/cpu.h>

/*
 * Each reuse of a slot adds 1 << ENVGENSHIFT to its id; the generation
 * field, bits 12..30, runs from 1 to ENVGENMAX (see env_next_id).
 */
#define ENVGENSHIFT 12
#define ENVGENMAX ((1u << (31 - ENVGENSHIFT)) - 1)

extern struct Env *envs; /* all environments, NENV of them, at UENVS */
/* The environment this CPU runs, or NULL. */
#define curenv (thiscpu->cpu_env)
extern struct Segdesc gdt[];

/*
 * True when e is the environment some CPU runs: its registers and page
 * directory are that CPU's until it next enters the kernel.  This, not
 * ENV_RUNNING, is what forbids freeing e or running it on a second CPU:
 * its parent may set its status while it runs (sys_env_set_status).
 */
static inline bool
env_on_cpu(const struct Env *e)
{
	return cpus[e->env_cpunum].cpu_env == e;
}

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
void env_leave_cpu(struct Env *e);
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

/* Free pages counted just before the first environment was created. */
extern size_t env_baseline_free;

#endif /* !JOS_KERN_ENV_H */
