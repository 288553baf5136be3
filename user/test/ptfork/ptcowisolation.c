/*
 * ptcowisolation: after ptfork(), a write on one side is invisible on the
 * other, in every kind of memory and in both directions, although the
 * two sides start out with the very same page tables.
 *
 * A value lives in four places: an initialised global (data), a zeroed
 * global (bss), a page from sys_page_alloc at HEAP_VA (its own 4 MiB
 * region, its own shared table) and a local of umain (the stack, which
 * ptfork() copies page by page).  In turns over IPC:
 *
 *   1. the child reads the pre-fork values, then writes and rereads its
 *      own (its first writes copy the data and heap tables);
 *   2. the parent still reads the pre-fork values, then writes its own
 *      (it is now the last holder of the old tables);
 *   3. the child still reads its own values.
 *
 * Expected output: "ptcowisolation: STEP PLACE OK" for each step and each
 * of data, bss, heap and stack; no "FAIL".
 */
#include <inc/lib.h>

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

/* Report, per place, whether it holds base + i. */
static void
verify(const char *step, int base)
{
	int i;

	for (i = 0; i < NPLACES; i++)
		if (*place[i] == base + i)
			cprintf("ptcowisolation: %s %s OK\n", step,
				place_name[i]);
		else
			cprintf("ptcowisolation: %s %s FAIL: got %d want %d\n",
				step, place_name[i], *place[i], base + i);
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

	if ((r = sys_page_alloc(0, (void *)HEAP_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	place[DATA] = &data_word;
	place[BSS] = &bss_word;
	place[HEAP] = HEAP_VA;
	place[STACK] = &stack_word;
	store(PRE_FORK);

	if ((who = ptfork()) < 0)
		panic("ptfork: %e", who);
	if (who == 0)
		child(parent_id);
	else
		parent(who);
}
