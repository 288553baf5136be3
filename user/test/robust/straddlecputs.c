/*
 * sys_cputs with buffers that straddle a page boundary into unmapped or
 * kernel memory, or wrap past the top of memory.  A bad buffer destroys
 * the caller, so each case runs in its own fork()ed child; the kernel
 * must print the user_mem_check line naming the first bad address and
 * destroy only that child.  Control cases: the same buffer moved back so
 * it just fits prints, and a junk pointer with length 0 prints nothing.
 *
 * Expected: the user_mem_check lines for 00a01000, ef7ffffe, fffffffe and
 * f0100000, "just fits OK", "length 0 OK", "straddlecputs: done OK".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define GOOD 0x00a00000 /* one writable page; GOOD + PGSIZE is unmapped */

struct cputs_case {
	uintptr_t p;
	size_t len;
};

static const struct cputs_case bad_cases[] = {
	{ GOOD + PGSIZE - 3, 6 }, /* into an unmapped page */
	{ ULIM - 2, 4 },          /* below ULIM is not a user page */
	{ 0xfffffffe, 4 },        /* wraps past the top of memory */
	{ KERNBASE + 0x100000, 1 },
};

/* Run f(arg) in a child and wait until the child is gone. */
static void
in_child(void (*f)(const struct cputs_case *), const struct cputs_case *arg)
{
	envid_t id = fork();

	if (id < 0)
		panic("fork: %e", id);
	if (id == 0) {
		f(arg);
		exit();
	}
	while (envs[ENVX(id)].env_id == id &&
	       envs[ENVX(id)].env_status != ENV_FREE)
		sys_yield();
}

static void
cputs_case(const struct cputs_case *c)
{
	sys_cputs((const char *)c->p, c->len);
	check_true(false, "sys_cputs(%08x, %d) destroyed us", c->p, c->len);
}

static void
cputs_fits(const struct cputs_case *c)
{
	sys_cputs((const char *)(GOOD + PGSIZE - 10), 10);
	cprintf("straddlecputs: just fits OK\n");
}

static void
cputs_empty(const struct cputs_case *c)
{
	sys_cputs((const char *)KERNBASE, 0);
	sys_cputs((const char *)(GOOD + PGSIZE), 0);
	cprintf("straddlecputs: length 0 OK\n");
}

void
umain(int argc, char **argv)
{
	size_t i;

	if (sys_page_alloc(0, (void *)GOOD, PTE_P | PTE_U | PTE_W) < 0)
		panic("cannot allocate a page");
	memcpy((char *)(GOOD + PGSIZE - 10), "[in page]\n", 10);

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		in_child(cputs_case, &bad_cases[i]);
	in_child(cputs_fits, NULL);
	in_child(cputs_empty, NULL);
	check_done();
}
