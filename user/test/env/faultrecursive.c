/*
 * Nested page faults: the handler itself faults, MAXDEPTH deep.  Each
 * nested UTrapframe must sit just below the interrupted handler's stack
 * pointer with one empty word between (docs/interface.md, the upcall protocol), and every level
 * must resume with its locals intact.
 */
#include <inc/lib.h>

/* Page BASE + i * PGSIZE is touched first at depth i. */
#define BASE ((uintptr_t)0x00a00000)
#define MAXDEPTH 4

static_assert(sizeof(struct UTrapframe) == 52);

static int depth;
static int errors;

/* Check that utf lies where the kernel must have put it. */
static void
check_frame(struct UTrapframe *utf, int level)
{
	uintptr_t top = level == 1 ? UXSTACKTOP : utf->utf_esp - 4;

	if ((uintptr_t)utf + sizeof(*utf) != top) {
		cprintf("faultrecursive: MISMATCH at depth %d: frame %08x, "
			"trap-time esp %08x\n",
			level, utf, utf->utf_esp);
		errors++;
	} else
		cprintf("depth %d: fault at %08x, frame %08x\n", level,
			utf->utf_fault_va, utf);
}

/*
 * Check this level's frame, fault once more (up to MAXDEPTH), map our own
 * page, and check that the nested fault left our state alone.
 */
static void
handler(struct UTrapframe *utf)
{
	volatile uint32_t canary;
	int level = ++depth;
	int r;

	canary = 0xc0ffee00 + level;
	check_frame(utf, level);
	if (level < MAXDEPTH)
		*(volatile uint32_t *)(BASE + level * PGSIZE) = level;

	r = sys_page_alloc(0, ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE),
			   PTE_P | PTE_U | PTE_W);
	if (r < 0)
		panic("sys_page_alloc: %e", r);
	if (canary != 0xc0ffee00 + level || depth != level) {
		cprintf("faultrecursive: MISMATCH: depth %d state lost\n",
			level);
		errors++;
	}
	depth--;
}

void
umain(int argc, char **argv)
{
	int i;

	set_pgfault_handler(handler);
	*(volatile uint32_t *)BASE = 0xabc;

	if (*(volatile uint32_t *)BASE != 0xabc)
		errors++;
	for (i = 1; i < MAXDEPTH; i++)
		if (*(volatile uint32_t *)(BASE + i * PGSIZE) != (uint32_t)i)
			errors++;
	if (errors)
		cprintf("faultrecursive: MISMATCH: %d errors\n", errors);
	else
		cprintf("faultrecursive: %d nested faults handled, all values "
			"intact\n",
			MAXDEPTH);
}
