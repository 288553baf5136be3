/*
 * The local APIC of each CPU: its timer, which preempts the other CPUs
 * (the boot CPU keeps the PIT through the 8259), the end-of-interrupt
 * register, and the interrupt command register that starts the other CPUs
 * and sends them interrupts.  Every CPU sees its own APIC at the same
 * physical address, lapicaddr, mapped once by mmio_map_region().
 */
#include <inc/assert.h>
#include <inc/trap.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/pmap.h>

/* Register offsets, in 32-bit words. */
#define LAPIC_ID (0x020 / 4)
#define LAPIC_VER (0x030 / 4)
#define LAPIC_TPR (0x080 / 4)
#define LAPIC_EOI (0x0b0 / 4)
#define LAPIC_SVR (0x0f0 / 4)
#define LAPIC_SVR_ENABLE 0x100
#define LAPIC_ESR (0x280 / 4)
#define LAPIC_ICRLO (0x300 / 4)
#define LAPIC_ICR_INIT 0x500
#define LAPIC_ICR_STARTUP 0x600
#define LAPIC_ICR_PENDING 0x1000 /* delivery status: not sent yet */
#define LAPIC_ICR_ASSERT 0x4000
#define LAPIC_ICR_LEVEL 0x8000
#define LAPIC_ICRHI (0x310 / 4)
#define LAPIC_TIMER (0x320 / 4)
#define LAPIC_TIMER_PERIODIC 0x20000
#define LAPIC_PCINT (0x340 / 4)
#define LAPIC_LINT0 (0x350 / 4)
#define LAPIC_LINT1 (0x360 / 4)
#define LAPIC_ERROR (0x370 / 4)
#define LAPIC_MASKED 0x10000 /* in every local vector table entry */
#define LAPIC_NMI 0x400      /* delivery modes of a LINT pin */
#define LAPIC_EXTINT 0x700
#define LAPIC_TICR (0x380 / 4)
#define LAPIC_TDCR (0x3e0 / 4)
#define LAPIC_TDCR_X1 0xb /* count at the bus clock */

/*
 * The timer's initial count: QEMU's APIC timer counts nanoseconds at
 * divide-by-1, so this is a period of 10 ms, the boot CPU's PIT period.
 */
#define LAPIC_TIMER_COUNT 10000000

physaddr_t lapicaddr;
static volatile uint32_t *lapic;

static void
lapic_write(int reg, uint32_t value)
{
	lapic[reg] = value;
	(void)lapic[LAPIC_ID]; /* wait for the write to land */
}

/* The APIC id of this CPU. */
int
lapic_id(void)
{
	return lapic ? lapic[LAPIC_ID] >> 24 : 0;
}

/*
 * Enable this CPU's local APIC.  On the other CPUs, start its periodic
 * timer on vector IRQ_OFFSET + IRQ_TIMER and mask the LINT pins (the 8259
 * reaches the boot CPU only); on the boot CPU leave the timer masked and
 * wire the pins as the MP specification's virtual-wire mode has them:
 * LINT0 takes the 8259, LINT1 the NMI.  SeaBIOS sets them so already,
 * qboot leaves them masked, as the APIC comes out of reset.  The first
 * call maps the APIC; without one (no MP table), it does nothing.
 */
void
lapic_init(void)
{
	if (!lapicaddr)
		return;
	if (!lapic)
		lapic = mmio_map_region(lapicaddr, PGSIZE);

	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | (IRQ_OFFSET + IRQ_SPURIOUS));
	if (thiscpu != bootcpu) {
		lapic_write(LAPIC_TDCR, LAPIC_TDCR_X1);
		lapic_write(LAPIC_TIMER,
			    LAPIC_TIMER_PERIODIC | (IRQ_OFFSET + IRQ_TIMER));
		lapic_write(LAPIC_TICR, LAPIC_TIMER_COUNT);
		lapic_write(LAPIC_LINT0, LAPIC_MASKED);
		lapic_write(LAPIC_LINT1, LAPIC_MASKED);
	} else {
		lapic_write(LAPIC_TIMER, LAPIC_MASKED);
		lapic_write(LAPIC_LINT0, LAPIC_EXTINT);
		lapic_write(LAPIC_LINT1, LAPIC_NMI);
	}
	/* Version 4 and later have a performance counter entry. */
	if (((lapic[LAPIC_VER] >> 16) & 0xff) >= 4)
		lapic_write(LAPIC_PCINT, LAPIC_MASKED);
	lapic_write(LAPIC_ERROR, LAPIC_MASKED);
	/* The error status register is cleared by two writes in a row. */
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_EOI, 0);
	lapic_write(LAPIC_TPR, 0);
}

/* Tell this CPU's APIC that the interrupt it delivered is handled. */
void
lapic_eoi(void)
{
	if (lapic)
		lapic_write(LAPIC_EOI, 0);
}

/* Send the command icrlo to the CPU whose APIC id is apicid, and wait
 * until the APIC has sent it. */
static void
lapic_command(uint8_t apicid, uint32_t icrlo)
{
	lapic_write(LAPIC_ICRHI, (uint32_t)apicid << 24);
	lapic_write(LAPIC_ICRLO, icrlo);
	while (lapic[LAPIC_ICRLO] & LAPIC_ICR_PENDING)
		cpu_relax();
}

/*
 * Start the CPU with APIC id apicid at physical address addr (page
 * aligned, below 1 MiB), in real mode: an INIT puts it in wait-for-startup
 * state, and each of the two STARTUPs that follow (the second covers a
 * first one lost, as Intel's start-up sequence asks) names addr's page.
 */
void
lapic_startap(uint8_t apicid, uint32_t addr)
{
	int i;

	assert(addr % PGSIZE == 0 && addr < 0x100000);
	lapic_command(apicid,
		      LAPIC_ICR_INIT | LAPIC_ICR_LEVEL | LAPIC_ICR_ASSERT);
	lapic_command(apicid, LAPIC_ICR_INIT | LAPIC_ICR_LEVEL);
	for (i = 0; i < 2; i++)
		lapic_command(apicid, LAPIC_ICR_STARTUP | (addr >> 12));
}

/* Interrupt the CPU whose APIC id is apicid with vector (without an
 * APIC there is no other CPU to interrupt). */
void
lapic_ipi(uint8_t apicid, int vector)
{
	if (lapic)
		lapic_command(apicid, vector & 0xff);
}
