/* The RTC's NVRAM (memory size) and the programmable interval timer. */

#include <inc/x86.h>
#include <inc/assert.h>

#include <kern/kclock.h>

/* PIT command byte: channel 0, low byte then high byte, mode 2, binary. */
#define TIMER_SEL0 0x00
#define TIMER_16BIT 0x30
#define TIMER_RATEGEN 0x04

/*
 * Read NVRAM register `reg` (an index into the chip, e.g. NVRAM_BASELO).
 * Returns its 8-bit value.
 */
unsigned
mc146818_read(unsigned reg)
{
	outb(IO_RTC, reg);
	return inb(IO_RTC + 1);
}

/*
 * Program PIT channel 0 as a rate generator firing `hz` times per second on
 * IRQ 0.  Panics when hz needs a divisor outside [2, 0xFFFF] (about 19 Hz to
 * 596 kHz).  Does not
 * touch the interrupt controller: the caller unmasks IRQ 0.
 */
void
timer_init(unsigned hz)
{
	unsigned divisor;

	if (hz == 0 || hz > TIMER_FREQ)
		panic("timer_init: bad frequency %u Hz", hz);
	divisor = (TIMER_FREQ + hz / 2) / hz;
	if (divisor < 2 || divisor > 0xFFFF)
		panic("timer_init: the PIT cannot run at %u Hz", hz);
	outb(TIMER_MODE, TIMER_SEL0 | TIMER_16BIT | TIMER_RATEGEN);
	outb(IO_TIMER1, divisor & 0xFF);
	outb(IO_TIMER1, (divisor >> 8) & 0xFF);
}
