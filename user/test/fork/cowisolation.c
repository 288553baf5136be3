/*
 * cowisolation: after fork(), writes on one side are invisible on the
 * other, in every kind of memory and in both directions.
 *
 * Four places hold a value: an initialised global (data), a zeroed global
 * (bss), a page from sys_page_alloc made before the fork (heap-like), and
 * a local variable of umain (stack).  The steps, in turns through IPC:
 *
 *   1. the child sees the parent's pre-fork values, writes its own values
 *      and reads them back;
 *   2. the parent still sees its pre-fork values, writes its own values;
 *   3. the child still sees its own values, not the parent's.
 *
 * Expected output: "cowisolation: STEP REGION OK" for each step and each
 * of data, bss, heap and stack, and no "FAIL" line.
 */
#include <inc/lib.h>

#define HEAP_VA ((int *)0x10000000)

enum {
	BEFORE = 100,
	CHILD = 200,
	PARENT = 300
};
enum {
	DATA,
	BSS,
	HEAP,
	STACK,
	NREGIONS
};

static const char *const region_name[NREGIONS] = { "data", "bss", "heap",
						   "stack" };

static volatile int data_value = BEFORE + DATA;
static volatile int bss_value;

/* The four places, set up by umain (the stack one is umain's local). */
static volatile int *place[NREGIONS];

/* Store base + region in every place. */
static void
write_all(int base)
{
	int i;

	for (i = 0; i < NREGIONS; i++)
		*place[i] = base + i;
}

/* Check that every place holds base + region; print one line each. */
static void
check_all(const char *step, int base)
{
	int i;

	for (i = 0; i < NREGIONS; i++) {
		if (*place[i] == base + i)
			cprintf("cowisolation: %s %s OK\n", step,
				region_name[i]);
		else
			cprintf("cowisolation: %s %s FAIL: got %d want %d\n",
				step, region_name[i], *place[i], base + i);
	}
}

static void
child(void)
{
	envid_t parent = thisenv->env_parent_id;

	check_all("child sees pre-fork", BEFORE);
	write_all(CHILD);
	check_all("child sees its own write", CHILD);
	ipc_send(parent, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	check_all("child does not see the parent's write", CHILD);
	ipc_send(parent, 0, NULL, 0);
}

static void
parent(envid_t child_id)
{
	ipc_recv(NULL, NULL, NULL);
	check_all("parent does not see the child's write", BEFORE);
	write_all(PARENT);
	check_all("parent sees its own write", PARENT);
	ipc_send(child_id, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
}

void
umain(int argc, char **argv)
{
	volatile int stack_value;
	envid_t who;
	int r;

	if ((r = sys_page_alloc(0, HEAP_VA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	place[DATA] = &data_value;
	place[BSS] = &bss_value;
	place[HEAP] = HEAP_VA;
	place[STACK] = &stack_value;
	write_all(BEFORE);

	if ((who = fork()) < 0)
		panic("fork: %e", who);
	if (who == 0)
		child();
	else
		parent(who);
}
