/*
 * cowisolation [fork|ptfork]: after fork() (or ptfork()), a write on one
 * side is invisible on the other, in every kind of memory and in both
 * directions.  Under ptfork() the two sides even start out with the very
 * same page tables.
 *
 * A value lives in four places: an initialised global (data), a zeroed
 * global (bss), a page from sys_page_alloc at HEAP_VA (its own 4 MiB
 * region, so its own shared table under ptfork) and a local of umain
 * (the stack).  In turns over IPC:
 *
 *   1. the child reads the pre-fork values, then writes and rereads its
 *      own (under ptfork, its first writes copy the data and heap tables);
 *   2. the parent still reads the pre-fork values, then writes its own
 *      (under ptfork, it is now the last holder of the old tables);
 *   3. the child still reads its own values.
 *
 * Each read prints "cowisolation: STEP PLACE OK" (ptcowisolation under
 * ptfork) for each of data, bss, heap and stack.
 */
#include <inc/lib.h>
#include <inc/check.h>

#define HEAP_VA ((volatile int *)0x10000000)

enum {
	PRE_FORK = 1000,
	CHILD_VALUE = 2000,
	PARENT_VALUE = 3000
};

enum {
	DATA,
	BSS,
	HEAP,
	STACK,
	NPLACES
};

static const char *const place_name[NPLACES] = { "data", "bss", "heap",
						 "stack" };

static volatile int data_word = -1;
static volatile int bss_word;
static volatile int *place[NPLACES];

/* Store base + i in place i. */
static void
store(int base)
{
	int i;

	for (i = 0; i < NPLACES; i++)
		*place[i] = base + i;
}

/* Check, per place, that it holds base + i. */
static void
verify(const char *step, int base)
{
	int i;

	for (i = 0; i < NPLACES; i++)
		check_int(*place[i], base + i, "%s %s", step, place_name[i]);
}

static void
child(envid_t parent)
{
	verify("child sees pre-fork", PRE_FORK);
	store(CHILD_VALUE);
	verify("child sees its own write", CHILD_VALUE);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	verify("child does not see the parent's write", CHILD_VALUE);
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	ipc_recv(NULL, NULL, NULL);
	verify("parent does not see the child's write", PRE_FORK);
	store(PARENT_VALUE);
	verify("parent sees its own write", PARENT_VALUE);
	ipc_send(child_id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

void
umain(int argc, char **argv)
{
	volatile int stack_word = -1;
	envid_t parent_id = thisenv->env_id, who;
	int r;

	check_fork_mode(argc, argv);
	if ((r = sys_page_alloc(0, (void *)HEAP_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	place[DATA] = &data_word;
	place[BSS] = &bss_word;
	place[HEAP] = HEAP_VA;
	place[STACK] = &stack_word;
	store(PRE_FORK);

	if ((who = check_fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child(parent_id);
	else
		parent(who);
}
