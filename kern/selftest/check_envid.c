/*
 * The envids test hook: env_alloc()'s ids at the end of a slot's
 * generations, which a program could only reach by reusing one slot
 * 2^19 times.  The check sets the slot's last id by hand instead.
 */
#include <inc/assert.h>
#include <inc/stdio.h>

#include <kern/env.h>
#include <kern/selftest/selftest.h>

/* The id of slot `slot` in generation gen. */
#define ENVID(gen, slot) ((envid_t)((gen) << ENVGENSHIFT | (slot)))

/* Allocate an env with parent parent_id; panics when there is none. */
static struct Env *
check_alloc(envid_t parent_id)
{
	struct Env *e;

	assert(env_alloc(&e, parent_id) == 0);
	return e;
}

/*
 * A slot whose last id was generation ENVGENMAX starts again at
 * generation 1: a positive id, and the child of the slot's first
 * occupant, still alive with its parent's stale id as parent, loses that
 * parent id (it would name the new occupant).  The generation before the
 * last steps normally, to the largest id there is.
 */
void
check_env_ids(void)
{
	struct Env *first, *orphan, *e;
	uint32_t slot;

	first = check_alloc(0);
	slot = ENVX(first->env_id);
	orphan = check_alloc(first->env_id);
	assert(first->env_id == ENVID(1, slot));
	env_free(first);

	envs[slot].env_id = ENVID(ENVGENMAX - 1, slot);
	e = check_alloc(0);
	assert(e == &envs[slot] && e->env_id == ENVID(ENVGENMAX, slot));
	assert(e->env_id > 0 && orphan->env_parent_id == ENVID(1, slot));
	env_free(e);

	e = check_alloc(0);
	assert(e == &envs[slot] && e->env_id == ENVID(1, slot));
	assert(orphan->env_parent_id == 0);
	env_free(e);

	e = check_alloc(0);
	assert(e->env_id == ENVID(2, slot));
	env_free(e);
	env_free(orphan);
	cprintf("check_env_ids() succeeded!\n");
}
