/*
 * The CPUs: what the kernel keeps per CPU, how code finds its own CPU, and
 * the local APIC that each one has (kern/lapic.c).  kern/mpconfig.c finds
 * the CPUs at boot; docs/smp.md tells how they start and share the kernel.
 */
#ifndef JOS_KERN_CPU_H
#define JOS_KERN_CPU_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/env.h>
#include <inc/x86.h>

/* cpu_status values. */
enum {
	CPU_UNUSED = 0, /* found, not started yet */
	CPU_STARTED,    /* running kernel or user code */
	CPU_HALTED,     /* waiting in sched_halt() for an interrupt */
};

/* What the kernel keeps for each CPU. */
struct CpuInfo {
	uint8_t cpu_id;               /* index in cpus[] */
	uint8_t cpu_apicid;           /* id of its local APIC */
	volatile unsigned cpu_status; /* CPU_UNUSED, _STARTED or _HALTED */
	struct Env *cpu_env;          /* the env it runs, or NULL */
	struct Taskstate cpu_ts;      /* where its traps from user mode go */
	struct Env *cpu_fpu_owner;    /* whose state its FPU holds, or NULL */
};

extern struct CpuInfo cpus[NCPU];
extern int ncpu;                /* how many CPUs mp_init() found */
extern struct CpuInfo *bootcpu; /* the CPU that booted the kernel */
extern physaddr_t lapicaddr;    /* physical address of the local APIC */

/* Each CPU's kernel stack, seen at its KERNBASE address (kern/pmap.c maps
 * CPU i's also at KSTACKTOP - i * (KSTKSIZE + KSTKGAP)). */
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

/* The top of CPU i's kernel stack in the KSTACKTOP area. */
#define CPU_KSTACKTOP(i) (KSTACKTOP - (i) * (KSTKSIZE + KSTKGAP))

/*
 * The CPU whose task register holds selector sel is cpu_by_tr[sel >> 3]:
 * trap_init_percpu() loads CPU i's with GD_TSS0 + 8 * i.  The slots below
 * GD_TSS0 name the boot CPU, whose task register is 0 until then (no
 * other CPU runs before it has loaded its own).
 */
extern struct CpuInfo *const cpu_by_tr[(GD_TSS0 >> 3) + NCPU];

/* The CPU this runs on: four instructions, cheaper than asking the APIC. */
#define thiscpu (cpu_by_tr[rtr() >> 3])

/* The index in cpus[] of the CPU this runs on. */
static inline int
cpunum(void)
{
	return thiscpu->cpu_id;
}

void mp_init(void);
void lapic_init(void);
int lapic_id(void);
void lapic_eoi(void);
void lapic_startap(uint8_t apicid, uint32_t addr);
void lapic_ipi(uint8_t apicid, int vector);

#endif /* !JOS_KERN_CPU_H */
