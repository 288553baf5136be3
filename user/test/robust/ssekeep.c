/*
 * The kernel copies and zeroes pages with the SSE registers (kern/fpu.c,
 * fpu_page_copy and fpu_page_zero); no env may see that.  The parent
 * loads a pattern into %xmm0-%xmm7 and then, without touching them:
 *
 *   1. writes PAGES copy-on-write pages after fork(), so that the kernel
 *      copies each one while the parent's own state is in the registers;
 *   2. allocates PAGES zeroed pages (sys_page_alloc);
 *   3. lets its child, which never uses the FPU, write PAGES pages of its
 *      own, so that the kernel copies them while the registers still hold
 *      the parent's state, which nobody has saved.
 *
 * After each step it reads all eight registers back.  The compiler does
 * not use SSE registers here (no -msse), so only the kernel could change
 * them.  Expected: "ssekeep: STEP: %xmm0-%xmm7 kept OK" for the three
 * steps and "ssekeep: done OK"; no "FAIL".  Skipped, and said so, on a
 * CPU without SSE.
 */
#include <inc/lib.h>
#include <inc/check.h>
#include <inc/x86.h>

#define PAGES 8
#define CPUID_SSE (1 << 25) /* CPUID.1:EDX */

static char area[PAGES * PGSIZE] __attribute__((aligned(PGSIZE)));
static uint32_t want[8][4], got[8][4];

static void
xmm_load(void)
{
	asm volatile("movups 0*16(%0), %%xmm0\n\t"
		     "movups 1*16(%0), %%xmm1\n\t"
		     "movups 2*16(%0), %%xmm2\n\t"
		     "movups 3*16(%0), %%xmm3\n\t"
		     "movups 4*16(%0), %%xmm4\n\t"
		     "movups 5*16(%0), %%xmm5\n\t"
		     "movups 6*16(%0), %%xmm6\n\t"
		     "movups 7*16(%0), %%xmm7"
		     :
		     : "r"(want)
		     : "memory");
}

static void
xmm_read(void)
{
	asm volatile("movups %%xmm0, 0*16(%0)\n\t"
		     "movups %%xmm1, 1*16(%0)\n\t"
		     "movups %%xmm2, 2*16(%0)\n\t"
		     "movups %%xmm3, 3*16(%0)\n\t"
		     "movups %%xmm4, 4*16(%0)\n\t"
		     "movups %%xmm5, 5*16(%0)\n\t"
		     "movups %%xmm6, 6*16(%0)\n\t"
		     "movups %%xmm7, 7*16(%0)"
		     :
		     : "r"(got)
		     : "memory");
}

/* Read the registers back and report the step; reload for the next. */
static void
xmm_check(const char *step)
{
	int i, j;

	xmm_read();
	for (i = 0; i < 8; i++)
		for (j = 0; j < 4; j++)
			if (got[i][j] != want[i][j])
				cprintf("ssekeep: %s: %%xmm%d word %d is "
					"%08x, not %08x\n",
					step, i, j, got[i][j], want[i][j]);
	check_true(memcmp(got, want, sizeof(got)) == 0,
		   "%s: %%xmm0-%%xmm7 kept", step);
	xmm_load();
}

/* Write one word to each of the PAGES pages at base. */
static void
touch(char *base)
{
	int i;

	for (i = 0; i < PAGES; i++)
		*(volatile int *)(base + i * PGSIZE) = i + 1;
}

void
umain(int argc, char **argv)
{
	uint32_t edx;
	envid_t child;
	int i, j, r;

	cpuid(1, NULL, NULL, NULL, &edx);
	if (!(edx & CPUID_SSE)) {
		cprintf("ssekeep: no SSE on this CPU, test skipped\n");
		return;
	}
	for (i = 0; i < 8; i++)
		for (j = 0; j < 4; j++)
			want[i][j] = 0x5a000000 | (i << 8) | j;
	touch(area);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(NULL, NULL, NULL);
		touch(area);
		ipc_send(thisenv->env_parent_id, 0, NULL, 0);
		return;
	}
	xmm_load();
	touch(area);
	xmm_check("the kernel copied our pages");
	for (i = 0; i < PAGES; i++)
		if ((r = sys_page_alloc(0, (void *)(UTEMP + i * PGSIZE),
					PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
	xmm_check("the kernel zeroed pages for us");
	ipc_send(child, 0, NULL, 0);
	ipc_recv(NULL, NULL, NULL);
	xmm_check("the kernel copied the child's pages");
	check_done();
}
