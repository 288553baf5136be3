/*
 * The user library: what every user program gets from #include <inc/lib.h>.
 * It pulls in the headers kernel and user code have in common, declares
 * the system call wrappers (docs/interface.md, System calls) and the
 * functions built on them (exit, panic, cprintf, the page-fault handler,
 * fork, sfork, IPC, pageref; docs/interface.md, The library).
 */
#ifndef JOS_INC_LIB_H
#define JOS_INC_LIB_H 1

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>
#include <inc/string.h>
#include <inc/error.h>
#include <inc/assert.h>
#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/syscall.h>
#include <inc/trap.h>

/* Mark a variable as used on purpose (silences -Wunused). */
#define USED(x) (void)(x)

/* lib/libmain.c: argv[0] of the program, used in panic messages. */
extern const char *binaryname;

/* The read-only kernel arrays, mapped at UENVS and UPAGES (lib/entry.S). */
extern const volatile struct Env envs[NENV];
extern const volatile struct PageInfo pages[];

/* Supplied by the program: its main function. */
void umain(int argc, char **argv);

/* lib/libmain.c */
void libmain(int argc, char **argv);

/* lib/exit.c */
void exit(void);

/* lib/pgfault.c */
void set_pgfault_handler(void (*handler)(struct UTrapframe *utf));
int try_set_pgfault_handler(void (*handler)(struct UTrapframe *utf));

/* lib/syscall.c: one wrapper per system call (docs/interface.md). */
void sys_cputs(const char *string, size_t len);
int sys_cgetc(void);
envid_t sys_getenvid(void);
int sys_env_destroy(envid_t env);
void sys_yield(void);
int sys_page_alloc(envid_t env, void *pg, int perm);
int sys_page_map(envid_t src_env, void *src_pg, envid_t dst_env, void *dst_pg,
		 int perm);
int sys_page_unmap(envid_t env, void *pg);
int sys_env_set_status(envid_t env, int status);
int sys_env_set_pgfault_upcall(envid_t env, void *upcall);
int sys_ipc_try_send(envid_t to_env, uint32_t value, void *pg, int perm);
int sys_ipc_recv(void *rcv_pg);
int sys_mem_stat(struct MemStat *ms);
int sys_page_map_batch(envid_t src_env, envid_t dst_env,
		       const struct PageMapEntry *ents, size_t n);
int sys_pt_share(envid_t child, void *va);
int sys_dagsnap(const char *label, size_t len, int flags);
int sys_page_private(void *va);
int sys_pt_map_cow(envid_t child, void *start, void *end);

/*
 * Create a child environment: a copy of our registers (EAX 0 in the child),
 * not runnable, with nothing mapped below UTOP.  Returns the child's id in
 * the parent, 0 in the child, -E_NO_FREE_ENV or -E_NO_MEM on failure.
 *
 * This must be inlined: the child starts with our registers but without
 * our stack, so it may not return through a call frame that the parent
 * has since overwritten.
 */
static inline envid_t sys_exofork(void) __attribute__((always_inline));

static inline envid_t
sys_exofork(void)
{
	envid_t ret;

	asm volatile("int %2"
		     : "=a"(ret)
		     : "a"(SYS_exofork), "i"(T_SYSCALL)
		     : "cc", "memory");
	return ret;
}

/*
 * thisenv: our own entry in envs[], an ordinary variable as in JOS.  It
 * lives in the per-env words at the top of the stack page (UPERENV,
 * inc/memlayout.h), which no fork shares, not even sfork(), so it is
 * right on both sides.  libmain sets it, and so does the child side of
 * fork(), sfork(), ptfork() and eager_fork().  A child built by hand from
 * sys_exofork sets it itself: thisenv = &envs[ENVX(sys_getenvid())].
 */
extern const volatile struct Env *thisenv;

/* lib/ipc.c */
int32_t ipc_recv(envid_t *from_env_store, void *pg, int *perm_store);
void ipc_send(envid_t to_env, uint32_t value, void *pg, int perm);
envid_t ipc_find_env(enum EnvType type);

/* lib/fork.c */
envid_t fork(void);
envid_t sfork(void);
/* ptfork: fork sharing page tables copy-on-write (ours, lib/fork.c). */
envid_t ptfork(void);

/* lib/eagerfork.c: fork by copying every page at once (for kernel tests). */
envid_t eager_fork(void);

/* lib/pageref.c */
int pageref(void *va);

/* meminfo.c */
uint32_t mem_nfree(void);
void wait_env_exit(envid_t id);
int ptref(const volatile void *va);

/*
 * lib/dagsnap.c (ours): print the sharing graph as Graphviz DOT on the
 * console (docs/dag.md).  dagsnap collapses runs of similar frames and shows
 * every env; dagsnap_opts takes DAG_FOCUS and DAG_EXPAND (inc/syscall.h).
 */
int dagsnap(const char *label);
int dagsnap_opts(const char *label, int flags);

#endif /* !JOS_INC_LIB_H */
