/*
 * The MC146818 real-time clock chip, whose battery-backed NVRAM tells us how
 * much memory the machine has, and the 8253/8254 interval timer (PIT).
 */
#ifndef JOS_KERN_KCLOCK_H
#define JOS_KERN_KCLOCK_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

/* The RTC's index port; the data port is IO_RTC + 1. */
#define IO_RTC 0x070

/* The first NVRAM register (below it are the clock's own registers). */
#define MC_NVRAM_START 0xe

/*
 * Memory sizes the BIOS stores in NVRAM, each a little-endian pair: the
 * low byte in the register named here, the high byte in the next one.
 */
#define NVRAM_BASELO (MC_NVRAM_START + 7) /* base memory, KB (reg 0x15) */
#define NVRAM_EXTLO (MC_NVRAM_START + 9)  /* 1..16 MiB, KB (reg 0x17) */
#define NVRAM_EXT16LO                                                          \
	(MC_NVRAM_START + 38) /* above 16 MiB, 64 KB units (0x34) */

/* The PIT: channel 0 counts down from a divisor of this input clock. */
#define TIMER_FREQ 1193182
#define IO_TIMER1 0x040  /* channel 0 data port */
#define TIMER_MODE 0x043 /* mode/command port */

unsigned mc146818_read(unsigned reg);
void timer_init(unsigned hz);

#endif /* !JOS_KERN_KCLOCK_H */
