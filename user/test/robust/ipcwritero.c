/*
 * IPC page sends that ask for more than the sender has: perm with PTE_W
 * for a read-only page, for our own text, and for a copy-on-write page
 * the receiver also maps.  Each must fail with -E_INVAL and leave the
 * receiver waiting with nothing mapped; the same page sent read-only then
 * arrives read-only.  (Were the copy-on-write page sent writable, the
 * receiver could write into our copy.)
 *
 * Expected: "ipcwritero: ... OK" lines and "ipcwritero: done OK"; no
 * "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define RO (PTE_P | PTE_U)
#define RDONLY ((void *)0x00a00000)
#define RECV_VA ((void *)0x00b00000)

/* A data page written before the fork: copy-on-write in both after it. */
static volatile uint32_t shared_word[PGSIZE / 4]
	__attribute__((aligned(PGSIZE)));

/* The receiver: report the perm and the PTE of what arrives. */
static void
receiver(void)
{
	envid_t from;
	int perm;

	ipc_recv(&from, RECV_VA, &perm);
	ipc_send(from, perm | (uvpt[PGNUM(RECV_VA)] & PTE_W) << 16, NULL, 0);
}

static void
refused(const char *what, envid_t child, void *va)
{
	check_int(sys_ipc_try_send(child, 0, va, RO | PTE_W), -E_INVAL, what);
	check_int(envs[ENVX(child)].env_ipc_recving, 1,
		  "the receiver still waits");
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	shared_word[0] = 1;
	if (sys_page_alloc(0, RDONLY, RO))
		panic("sys_page_alloc");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		receiver();
		return;
	}
	while (!envs[ENVX(child)].env_ipc_recving)
		sys_yield();
	refused("W for a read-only page", child, RDONLY);
	refused("W for our text", child, (void *)UTEXT);
	check_int(pageref((void *)shared_word), 2, "the COW page is shared");
	refused("W for a shared copy-on-write page", child,
		(void *)shared_word);
	check_int(sys_ipc_try_send(child, 0, RDONLY, RO), 0,
		  "sending it read-only");
	r = ipc_recv(NULL, NULL, NULL);
	check_int(r & 0xfff, RO, "the receiver got perm");
	check_int(r >> 16, 0, "the receiver's PTE_W");
	check_done();
}
