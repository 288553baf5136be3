/*
 * System call wrappers.  Every call goes through syscall() below: number
 * in %eax, up to five arguments in %edx, %ecx, %ebx, %edi, %esi, result
 * in %eax (negative -E_* on error).  sys_exofork lives in inc/lib.h
 * because it must be inlined.
 */
#include <inc/lib.h>

static inline int32_t
syscall(int num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
	uint32_t a5)
{
	int32_t ret;

	asm volatile("int %1"
		     : "=a"(ret)
		     : "i"(T_SYSCALL), "a"(num), "d"(a1), "c"(a2), "b"(a3),
		       "D"(a4), "S"(a5)
		     : "cc", "memory");
	return ret;
}

/* Print len bytes of string; a bad buffer destroys the caller. */
void
sys_cputs(const char *string, size_t len)
{
	syscall(SYS_cputs, (uint32_t)string, len, 0, 0, 0);
}

/* Returns the next console character, or 0 when none is waiting. */
int
sys_cgetc(void)
{
	return syscall(SYS_cgetc, 0, 0, 0, 0, 0);
}

/* Returns the caller's environment id. */
envid_t
sys_getenvid(void)
{
	return syscall(SYS_getenvid, 0, 0, 0, 0, 0);
}

/* Destroy env (0: the caller).  Returns 0 or -E_BAD_ENV. */
int
sys_env_destroy(envid_t env)
{
	return syscall(SYS_env_destroy, env, 0, 0, 0, 0);
}

/* Give up the CPU to the next runnable environment. */
void
sys_yield(void)
{
	syscall(SYS_yield, 0, 0, 0, 0, 0);
}

/*
 * Map a fresh zeroed page at pg in env with perm.  Returns 0, -E_BAD_ENV,
 * -E_INVAL or -E_NO_MEM.
 */
int
sys_page_alloc(envid_t env, void *pg, int perm)
{
	return syscall(SYS_page_alloc, env, (uint32_t)pg, perm, 0, 0);
}

/*
 * Map the page at src_pg in src_env also at dst_pg in dst_env with perm.
 * Returns 0, -E_BAD_ENV, -E_INVAL or -E_NO_MEM.
 */
int
sys_page_map(envid_t src_env, void *src_pg, envid_t dst_env, void *dst_pg,
	     int perm)
{
	return syscall(SYS_page_map, src_env, (uint32_t)src_pg, dst_env,
		       (uint32_t)dst_pg, perm);
}

/* Unmap the page at pg in env.  Returns 0, -E_BAD_ENV or -E_INVAL. */
int
sys_page_unmap(envid_t env, void *pg)
{
	return syscall(SYS_page_unmap, env, (uint32_t)pg, 0, 0, 0);
}

/*
 * Set env's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE.  Returns 0,
 * -E_BAD_ENV or -E_INVAL.
 */
int
sys_env_set_status(envid_t env, int status)
{
	return syscall(SYS_env_set_status, env, status, 0, 0, 0);
}

/* Set env's page-fault entry point.  Returns 0 or -E_BAD_ENV. */
int
sys_env_set_pgfault_upcall(envid_t env, void *upcall)
{
	return syscall(SYS_env_set_pgfault_upcall, env, (uint32_t)upcall, 0, 0,
		       0);
}

/*
 * Try once to send value (and the page at pg when pg < UTOP) to to_env.
 * Returns 0, -E_BAD_ENV, -E_IPC_NOT_RECV, -E_INVAL or -E_NO_MEM.
 */
int
sys_ipc_try_send(envid_t to_env, uint32_t value, void *pg, int perm)
{
	return syscall(SYS_ipc_try_send, to_env, value, (uint32_t)pg, perm, 0);
}

/*
 * Block until a message arrives; a page, if sent, is mapped at rcv_pg
 * (when rcv_pg < UTOP).  Returns 0 or -E_INVAL.
 */
int
sys_ipc_recv(void *rcv_pg)
{
	return syscall(SYS_ipc_recv, (uint32_t)rcv_pg, 0, 0, 0, 0);
}

/*
 * Map src_env's page at each ents[i].va at the same va in dst_env with
 * ents[i].perm (ours; n <= PAGE_MAP_BATCH_MAX).  Returns 0, -E_BAD_ENV,
 * -E_FAULT, -E_INVAL or -E_NO_MEM.
 */
int
sys_page_map_batch(envid_t src_env, envid_t dst_env,
		   const struct PageMapEntry *ents, size_t n)
{
	return syscall(SYS_page_map_batch, src_env, dst_env, (uint32_t)ents, n,
		       0);
}

/*
 * Share our page table for the 4 MiB region holding va with our child
 * (ours, for ptfork).  Returns 0, -E_BAD_ENV, -E_INVAL or -E_NO_MEM.
 */
int
sys_pt_share(envid_t child, void *va)
{
	return syscall(SYS_pt_share, child, (uint32_t)va, 0, 0, 0);
}

/* Fill *ms with memory and env counts.  Returns 0 or -E_FAULT. */
int
sys_mem_stat(struct MemStat *ms)
{
	return syscall(SYS_mem_stat, (uint32_t)ms, 0, 0, 0, 0);
}

/*
 * Print the sharing graph labelled with the first len bytes of label (ours;
 * at most 32 are read).  Returns 0, -E_INVAL or -E_FAULT.
 */
int
sys_dagsnap(const char *label, size_t len, int flags)
{
	return syscall(SYS_dagsnap, (uint32_t)label, len, flags, 0, 0);
}

/* (ours) A private, writable copy of our copy-on-write page at va. */
int
sys_page_private(void *va)
{
	return syscall(SYS_page_private, (uint32_t)va, 0, 0, 0, 0);
}

/*
 * (ours) Map our pages in [start, end), within one 4 MiB region, into our
 * child as fork() would.  Returns 0, -E_BAD_ENV, -E_INVAL or -E_NO_MEM.
 */
int
sys_pt_map_cow(envid_t child, void *start, void *end)
{
	return syscall(SYS_pt_map_cow, child, (uint32_t)start, (uint32_t)end, 0,
		       0);
}
