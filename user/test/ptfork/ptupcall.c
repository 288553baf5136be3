/*
 * ptupcall: the exception stack's page table can never be shared, so the
 * kernel can always push a page-fault frame onto it.
 *
 * A shared table is copied on its first write, and the copy makes every
 * writable page in it copy-on-write: the exception stack would turn
 * read-only under the kernel's next upcall.  So sys_pt_share refuses the
 * 4 MiB region holding UXSTACKTOP - PGSIZE, and ptfork() never asks.
 *
 *   1. sys_pt_share(child, UXSTACKTOP - PGSIZE) with a child made by
 *      sys_exofork (it never runs) must fail with -E_INVAL and change
 *      nothing: our PDE there stays private and writable;
 *   2. sys_env_destroy(child);
 *   3. a read of FAULT_VA, which nothing maps: the kernel pushes the fault
 *      frame onto our exception stack; our handler maps FAULT_VA and the
 *      read is retried.
 *
 * The three steps are one piece of assembly, so that nothing else touches
 * the stacks in between.
 * Expected output: "ptupcall: STEP OK" lines; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define FAULT_VA 0x50000000
#define PDE_BITS (PTE_P | PTE_W | PTE_U | PTE_SHARED_PT)

static int faults_seen;
static uintptr_t fault_va_seen;
static pde_t stack_pde_in_handler;

/* Record the fault and map a page at its address. */
static void
handler(struct UTrapframe *utf)
{
	void *va = ROUNDDOWN((void *)utf->utf_fault_va, PGSIZE);
	int r;

	faults_seen++;
	fault_va_seen = utf->utf_fault_va;
	stack_pde_in_handler = uvpd[PDX(UXSTACKTOP - PGSIZE)];
	if ((r = sys_page_alloc(0, va, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
}

void
umain(int argc, char **argv)
{
	int r_share, r_destroy, value;
	envid_t child;

	set_pgfault_handler(handler);
	if ((child = sys_exofork()) < 0)
		panic("sys_exofork: %e", child);
	if (child == 0)
		panic("the empty child ran");

	asm volatile(
		"movl %[share], %%eax\n\t"
		"movl %[child], %%edx\n\t"
		"movl %[va], %%ecx\n\t"
		"int %[trap]\n\t"
		"movl %%eax, %%esi\n\t"
		"movl %[destroy], %%eax\n\t"
		"movl %[child], %%edx\n\t"
		"int %[trap]\n\t"
		"movl %%eax, %%edi\n\t"
		"movl %c[fault], %%eax\n\t"
		: "=&S"(r_share), "=&D"(r_destroy), "=&a"(value)
		: [share] "i"(SYS_pt_share), [destroy] "i"(SYS_env_destroy),
		  [child] "b"(child), [va] "i"(UXSTACKTOP - PGSIZE),
		  [trap] "i"(T_SYSCALL), [fault] "i"(FAULT_VA)
		: "ecx", "edx", "cc", "memory");

	check_hex(r_share, -E_INVAL,
		  "sys_pt_share of the stack region refused");
	check_hex(r_destroy, 0, "sys_env_destroy of the child");
	check_hex(faults_seen == 1 && fault_va_seen == FAULT_VA, 1,
		  "one fault, at FAULT_VA");
	check_hex(value, 0, "the read returned the new page's 0");
	check_hex(stack_pde_in_handler & PDE_BITS, PTE_P | PTE_W | PTE_U,
		  "in the handler: stack region PDE private and writable");
	check_hex(pages[PGNUM(uvpd[PDX(UXSTACKTOP - PGSIZE)])].pp_ref, 1,
		  "stack region table pp_ref 1");
}
