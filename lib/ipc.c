/* Inter-process communication on top of sys_ipc_try_send / sys_ipc_recv. */
#include <inc/lib.h>

/*
 * Wait for a message.  When pg is not NULL a page sent with the message is
 * mapped there (NULL means we take no page).  On success stores the
 * sender's id in *from_env_store and the page's permissions (0 if no page
 * was mapped) in *perm_store, each when not NULL, and returns the value
 * sent.  On failure (-E_INVAL: pg below UTOP but not page aligned) both
 * stores get 0 and the error is returned.
 */
int32_t
ipc_recv(envid_t *from_env_store, void *pg, int *perm_store)
{
	const volatile struct Env *self;
	int r;

	if (pg == NULL)
		pg = (void *)UTOP;

	r = sys_ipc_recv(pg);
	if (r < 0) {
		if (from_env_store)
			*from_env_store = 0;
		if (perm_store)
			*perm_store = 0;
		return r;
	}

	self = thisenv;
	if (from_env_store)
		*from_env_store = self->env_ipc_from;
	if (perm_store)
		*perm_store = self->env_ipc_perm;
	return self->env_ipc_value;
}

/*
 * Send value, and the page at pg with perm when pg is not NULL, to
 * to_env.  Yields and retries while to_env is not receiving; panics on
 * any other error (bad env, bad page or perm, no memory).
 */
void
ipc_send(envid_t to_env, uint32_t value, void *pg, int perm)
{
	int r;

	if (pg == NULL)
		pg = (void *)UTOP;

	while ((r = sys_ipc_try_send(to_env, value, pg, perm)) ==
	       -E_IPC_NOT_RECV)
		sys_yield();
	if (r < 0)
		panic("ipc_send to %08x: %e", to_env, r);
}

/*
 * Returns the id of the first live environment of the given type, or 0
 * when there is none.
 */
envid_t
ipc_find_env(enum EnvType type)
{
	int i;

	for (i = 0; i < NENV; i++)
		if (envs[i].env_status != ENV_FREE && envs[i].env_type == type)
			return envs[i].env_id;
	return 0;
}
