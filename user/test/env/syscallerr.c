/*
 * Every error path of the system calls (docs/interface.md, System calls),
 * one line each: "syscallerr: what OK" or "syscallerr: what FAIL: got X
 * want Y".  The checks that need another environment's point of view
 * (acting on an env that is not our child) run in a child made with
 * eager_fork(), which reports its failures back over IPC.  The last line
 * is "syscallerr: done OK" when every check passed.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RW (PTE_P | PTE_U | PTE_W)
/* Scratch addresses, far from the program; UNMAPPED is never mapped. */
#define SCRATCH ((void *)0x00a00000)
#define UNMAPPED ((void *)0x00b00000)
#define RECV_VA ((void *)0x00c00000)
#define KERNEL_VA ((void *)0xf0100000)

/* A page of our text: mapped, user-readable, read-only. */
static void *
text_page(void)
{
	return ROUNDDOWN((void *)text_page, PGSIZE);
}

/* Environment ids that name no live env we may act on. */
static void
check_env_ids(envid_t blank)
{
	envid_t stale;

	check_int(sys_env_destroy(-1), -E_BAD_ENV, "destroy env -1");
	check_int(sys_env_destroy(0x1000 + 700), -E_BAD_ENV,
		  "destroy free slot");

	if ((stale = sys_exofork()) <= 0)
		panic("sys_exofork: %e", stale);
	check_int(sys_env_destroy(stale), 0, "destroy own child");
	check_int(sys_env_destroy(stale), -E_BAD_ENV, "destroy stale id");
	check_int(sys_page_alloc(stale, SCRATCH, RW), -E_BAD_ENV,
		  "page_alloc in stale env");
	check_int(sys_env_set_status(stale, ENV_RUNNABLE), -E_BAD_ENV,
		  "set_status of stale env");
	check_int(sys_env_set_pgfault_upcall(-1, 0), -E_BAD_ENV,
		  "set_pgfault_upcall env -1");
	check_int(sys_page_unmap(-1, SCRATCH), -E_BAD_ENV, "page_unmap env -1");
	check_int(sys_env_set_status(blank, ENV_FREE), -E_INVAL,
		  "set_status ENV_FREE");
	check_int(sys_env_set_status(0, 42), -E_INVAL, "set_status 42");
	check_int(sys_env_set_status(blank, ENV_NOT_RUNNABLE), 0,
		  "set_status NOT_RUNNABLE of own child");
}

/* sys_page_alloc argument checks. */
static void
check_page_alloc(void)
{
	check_int(sys_page_alloc(0, (void *)UTOP, RW), -E_INVAL,
		  "page_alloc at UTOP");
	check_int(sys_page_alloc(0, KERNEL_VA, RW), -E_INVAL,
		  "page_alloc at kernel va");
	check_int(sys_page_alloc(0, SCRATCH + 1, RW), -E_INVAL,
		  "page_alloc unaligned");
	check_int(sys_page_alloc(0, SCRATCH, PTE_P | PTE_W), -E_INVAL,
		  "page_alloc without PTE_U");
	check_int(sys_page_alloc(0, SCRATCH, PTE_U | PTE_W), -E_INVAL,
		  "page_alloc without PTE_P");
	check_int(sys_page_alloc(0, SCRATCH, RW | PTE_PCD), -E_INVAL,
		  "page_alloc perm outside PTE_SYSCALL");
	check_int(sys_page_alloc(-1, SCRATCH, RW), -E_BAD_ENV,
		  "page_alloc env -1");
	check_int(sys_page_alloc(0, SCRATCH, RW), 0, "page_alloc good");
}

/* sys_page_map argument checks (SCRATCH is mapped by now). */
static void
check_page_map(envid_t blank)
{
	check_int(sys_page_map(0, SCRATCH + 4, 0, RECV_VA, RW), -E_INVAL,
		  "page_map unaligned source");
	check_int(sys_page_map(0, SCRATCH, 0, RECV_VA + 4, RW), -E_INVAL,
		  "page_map unaligned destination");
	check_int(sys_page_map(0, (void *)UTOP, 0, RECV_VA, PTE_P | PTE_U),
		  -E_INVAL, "page_map source at UTOP");
	check_int(sys_page_map(0, SCRATCH, 0, (void *)UTOP, RW), -E_INVAL,
		  "page_map destination at UTOP");
	check_int(sys_page_map(0, UNMAPPED, 0, RECV_VA, RW), -E_INVAL,
		  "page_map unmapped source");
	check_int(sys_page_map(0, text_page(), 0, RECV_VA, RW), -E_INVAL,
		  "page_map PTE_W of read-only page");
	check_int(sys_page_map(0, SCRATCH, 0, RECV_VA, PTE_P | PTE_W), -E_INVAL,
		  "page_map without PTE_U");
	check_int(sys_page_map(0, SCRATCH, 0, RECV_VA, RW | PTE_PWT), -E_INVAL,
		  "page_map perm outside PTE_SYSCALL");
	check_int(sys_page_map(-1, SCRATCH, 0, RECV_VA, RW), -E_BAD_ENV,
		  "page_map source env -1");
	check_int(sys_page_map(0, SCRATCH, -1, RECV_VA, RW), -E_BAD_ENV,
		  "page_map destination env -1");
	check_int(sys_page_map(0, SCRATCH, blank, SCRATCH, RW), 0,
		  "page_map into own child");
	check_int(sys_page_map(blank, SCRATCH, 0, RECV_VA, RW), 0,
		  "page_map from own child");
	check_int(sys_page_unmap(0, RECV_VA), 0, "page_unmap good");
}

/* sys_page_unmap, sys_ipc_recv and sys_mem_stat argument checks. */
static void
check_misc(envid_t blank)
{
	struct MemStat ms;

	check_int(sys_page_unmap(0, (void *)UTOP), -E_INVAL,
		  "page_unmap at UTOP");
	check_int(sys_page_unmap(0, SCRATCH + 1), -E_INVAL,
		  "page_unmap unaligned");
	check_int(sys_page_unmap(0, UNMAPPED), 0, "page_unmap of nothing");
	check_int(sys_ipc_recv(RECV_VA + 1), -E_INVAL, "ipc_recv unaligned");
	check_int(sys_ipc_try_send(-1, 1, NULL, 0), -E_BAD_ENV,
		  "ipc_send env -1");
	check_int(sys_ipc_try_send(blank, 1, (void *)UTOP, 0), -E_IPC_NOT_RECV,
		  "ipc_send to env not receiving");
	check_int(sys_mem_stat(KERNEL_VA), -E_FAULT, "mem_stat kernel pointer");
	check_int(sys_mem_stat(UNMAPPED), -E_FAULT,
		  "mem_stat unmapped pointer");
	check_int(sys_mem_stat(text_page()), -E_FAULT,
		  "mem_stat read-only pointer");
	check_int(sys_mem_stat(&ms), 0, "mem_stat good");
}

/* In the child: everything aimed at our parent, not our child, fails. */
static void
check_not_child(envid_t parent)
{
	check_int(sys_env_destroy(parent), -E_BAD_ENV, "destroy parent");
	check_int(sys_page_alloc(parent, SCRATCH, RW), -E_BAD_ENV,
		  "page_alloc in parent");
	check_int(sys_page_map(parent, SCRATCH, 0, RECV_VA, RW), -E_BAD_ENV,
		  "page_map from parent");
	check_int(sys_page_map(0, SCRATCH, parent, RECV_VA, RW), -E_BAD_ENV,
		  "page_map into parent");
	check_int(sys_page_unmap(parent, SCRATCH), -E_BAD_ENV,
		  "page_unmap in parent");
	check_int(sys_env_set_status(parent, ENV_NOT_RUNNABLE), -E_BAD_ENV,
		  "set_status of parent");
	check_int(sys_env_set_pgfault_upcall(parent, 0), -E_BAD_ENV,
		  "set_pgfault_upcall of parent");
}

/* Yield until env is blocked in sys_ipc_recv. */
static void
wait_receiving(envid_t env)
{
	while (!envs[ENVX(env)].env_ipc_recving)
		sys_yield();
}

/*
 * Page arguments of sys_ipc_try_send, checked against a receiving child;
 * a failed send must leave it receiving.  Ends with a good send that
 * releases the child.
 */
static void
check_ipc_send_page(envid_t child)
{
	wait_receiving(child);
	check_int(sys_ipc_try_send(child, 1, SCRATCH + 8, RW), -E_INVAL,
		  "ipc_send unaligned page");
	check_int(sys_ipc_try_send(child, 1, UNMAPPED, RW), -E_INVAL,
		  "ipc_send unmapped page");
	check_int(sys_ipc_try_send(child, 1, SCRATCH, PTE_P | PTE_W), -E_INVAL,
		  "ipc_send perm without PTE_U");
	check_int(sys_ipc_try_send(child, 1, SCRATCH, RW | PTE_PCD), -E_INVAL,
		  "ipc_send perm outside PTE_SYSCALL");
	check_int(sys_ipc_try_send(child, 1, text_page(), RW), -E_INVAL,
		  "ipc_send PTE_W of read-only page");
	check_int(sys_ipc_try_send(child, 2, SCRATCH, PTE_P | PTE_U), 0,
		  "ipc_send good");
}

/* The child's part: its checks, then report and wait for the last send. */
static void
child_main(envid_t parent)
{
	int perm;

	check_not_child(parent);
	ipc_send(parent, check_failures(), NULL, 0);
	check_true(ipc_recv(NULL, RECV_VA, &perm) == 2 &&
			   perm == (PTE_P | PTE_U),
		   "child: the final message and its page");
}

void
umain(int argc, char **argv)
{
	envid_t parent = sys_getenvid();
	envid_t blank, child;

	if ((blank = sys_exofork()) <= 0)
		panic("sys_exofork: %e", blank);
	check_env_ids(blank);
	check_page_alloc();
	check_page_map(blank);
	check_misc(blank);
	sys_env_destroy(blank);

	if ((child = eager_fork()) < 0)
		panic("eager_fork: %e", child);
	if (child == 0) {
		child_main(parent);
		return;
	}
	check_int(ipc_recv(NULL, NULL, NULL), 0, "child: no check failed");
	check_ipc_send_page(child);
	wait_env_exit(child);
	check_done();
}
