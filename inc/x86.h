/* Inline wrappers for x86 instructions that C cannot express. */
#ifndef JOS_INC_X86_H
#define JOS_INC_X86_H

#include <inc/types.h>

static inline void
breakpoint(void)
{
	asm volatile("int3");
}

static inline uint8_t
inb(int port)
{
	uint8_t data;
	asm volatile("inb %w1,%0" : "=a"(data) : "d"(port));
	return data;
}

/* Read cnt 32-bit words from port into addr. */
static inline void
insl(int port, void *addr, int cnt)
{
	asm volatile("cld\n\trep insl"
		     : "=D"(addr), "=c"(cnt)
		     : "d"(port), "0"(addr), "1"(cnt)
		     : "memory", "cc");
}

static inline uint16_t
inw(int port)
{
	uint16_t data;
	asm volatile("inw %w1,%0" : "=a"(data) : "d"(port));
	return data;
}

static inline uint32_t
inl(int port)
{
	uint32_t data;
	asm volatile("inl %w1,%0" : "=a"(data) : "d"(port));
	return data;
}

static inline void
outb(int port, uint8_t data)
{
	asm volatile("outb %0,%w1" : : "a"(data), "d"(port));
}

static inline void
outw(int port, uint16_t data)
{
	asm volatile("outw %0,%w1" : : "a"(data), "d"(port));
}

static inline void
outl(int port, uint32_t data)
{
	asm volatile("outl %0,%w1" : : "a"(data), "d"(port));
}

static inline void
invlpg(void *addr)
{
	asm volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

/*
 * lidt, lgdt and ltr read tables in memory, and the writes to %cr0 and %cr4
 * change how memory is reached: their "memory" clobbers keep the compiler
 * from moving a store or a load across them.
 */
static inline void
lidt(void *p)
{
	asm volatile("lidt (%0)" : : "r"(p) : "memory");
}

static inline void
lgdt(void *p)
{
	asm volatile("lgdt (%0)" : : "r"(p) : "memory");
}

static inline void
lldt(uint16_t sel)
{
	asm volatile("lldt %0" : : "r"(sel));
}

static inline void
ltr(uint16_t sel)
{
	asm volatile("ltr %0" : : "r"(sel) : "memory");
}

static inline void
lcr0(uint32_t val)
{
	asm volatile("movl %0,%%cr0" : : "r"(val) : "memory");
}

static inline uint32_t
rcr0(void)
{
	uint32_t val;
	asm volatile("movl %%cr0,%0" : "=r"(val));
	return val;
}

static inline uint32_t
rcr2(void)
{
	uint32_t val;
	asm volatile("movl %%cr2,%0" : "=r"(val));
	return val;
}

static inline void
lcr3(uint32_t val)
{
	asm volatile("movl %0,%%cr3" : : "r"(val) : "memory");
}

static inline uint32_t
rcr3(void)
{
	uint32_t val;
	asm volatile("movl %%cr3,%0" : "=r"(val));
	return val;
}

static inline void
lcr4(uint32_t val)
{
	asm volatile("movl %0,%%cr4" : : "r"(val) : "memory");
}

static inline uint32_t
rcr4(void)
{
	uint32_t cr4;
	asm volatile("movl %%cr4,%0" : "=r"(cr4));
	return cr4;
}

/* Flush the whole TLB (except global pages) by reloading CR3. */
static inline void
tlbflush(void)
{
	lcr3(rcr3());
}

static inline uint32_t
read_eflags(void)
{
	uint32_t eflags;
	asm volatile("pushfl; popl %0" : "=r"(eflags));
	return eflags;
}

static inline void
write_eflags(uint32_t eflags)
{
	asm volatile("pushl %0; popfl" : : "r"(eflags));
}

static inline uint32_t
read_ebp(void)
{
	uint32_t ebp;
	asm volatile("movl %%ebp,%0" : "=r"(ebp));
	return ebp;
}

static inline uint16_t
read_fs(void)
{
	uint16_t sel;
	asm volatile("movw %%fs,%0" : "=r"(sel));
	return sel;
}

static inline uint16_t
read_gs(void)
{
	uint16_t sel;
	asm volatile("movw %%gs,%0" : "=r"(sel));
	return sel;
}

static inline void
load_fs(uint16_t sel)
{
	asm volatile("movw %0,%%fs" : : "r"(sel));
}

static inline void
load_gs(uint16_t sel)
{
	asm volatile("movw %0,%%gs" : : "r"(sel));
}

static inline uint32_t
read_esp(void)
{
	uint32_t esp;
	asm volatile("movl %%esp,%0" : "=r"(esp));
	return esp;
}

static inline void
cpuid(uint32_t info, uint32_t *eaxp, uint32_t *ebxp, uint32_t *ecxp,
      uint32_t *edxp)
{
	uint32_t eax, ebx, ecx, edx;
	asm volatile("cpuid"
		     : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(info));
	if (eaxp)
		*eaxp = eax;
	if (ebxp)
		*ebxp = ebx;
	if (ecxp)
		*ecxp = ecx;
	if (edxp)
		*edxp = edx;
}

/*
 * The task register: the selector of this CPU's TSS.  Not volatile: code
 * that reads it twice without an ltr in between (in another function) gets
 * the same value, so the compiler may read it once.
 */
static inline uint16_t
rtr(void)
{
	uint16_t sel;
	asm("str %0" : "=r"(sel));
	return sel;
}

/* A hint to the processor that this is a spin-wait loop. */
static inline void
cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

/* Time-stamp counter; under QEMU -icount it counts guest instructions. */
static inline uint64_t
read_tsc(void)
{
	uint64_t tsc;
	asm volatile("rdtsc" : "=A"(tsc));
	return tsc;
}
#define rdtsc read_tsc

/*
 * The first non-zero word in [p, end), or end.  A `repe scasl` skips the
 * zero words at one (string-step) instruction each: a cheap way through
 * the mostly empty page tables and directories.
 */
static inline const volatile uint32_t *
find_nonzero(const volatile uint32_t *p, const volatile uint32_t *end)
{
	uint32_t n = end - p;
	bool nonzero;

	if (n == 0)
		return end;
	asm volatile("cld; repe scasl"
		     : "+D"(p), "+c"(n), "=@ccnz"(nonzero)
		     : "a"(0)
		     : "memory");
	return nonzero ? p - 1 : end;
}

/*
 * Atomically store newval in *addr and return the old value.  Also a
 * barrier: neither the processor nor the compiler moves loads or stores
 * across it.
 */
static inline uint32_t
xchg(volatile uint32_t *addr, uint32_t newval)
{
	uint32_t result;
	asm volatile("lock; xchgl %0, %1"
		     : "+m"(*addr), "=a"(result)
		     : "1"(newval)
		     : "cc", "memory");
	return result;
}

#endif /* !JOS_INC_X86_H */
