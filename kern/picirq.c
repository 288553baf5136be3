/*
 * The two cascaded 8259A interrupt controllers: IRQs 0-15 arrive at
 * vectors IRQ_OFFSET..IRQ_OFFSET+15, all masked until irq_enable().
 */
#include <inc/x86.h>
#include <inc/trap.h>
#include <kern/picirq.h>

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xA0
#define PIC_SLAVE_DATA 0xA1
#define PIC_CASCADE_IRQ 2
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0B /* OCW3: the command port then reads the ISR */

/* Currently enabled IRQs: bit n clear means IRQ n is delivered. */
static uint16_t irq_mask = 0xFFFF & ~(1 << PIC_CASCADE_IRQ);

static void
pic_write_mask(void)
{
	outb(PIC_MASTER_DATA, irq_mask & 0xFF);
	outb(PIC_SLAVE_DATA, irq_mask >> 8);
}

/* Program one controller: vectors from `offset`, cascade wiring `wiring`. */
static void
pic_program(int cmd, int data, int offset, int wiring)
{
	outb(cmd, 0x11);    /* ICW1: edge triggered, cascade, ICW4 follows */
	outb(data, offset); /* ICW2: vector offset */
	outb(data, wiring); /* ICW3: slave lines (master) or id (slave) */
	outb(data, 0x01);   /* ICW4: 8086 mode, normal EOI */
}

/* Remap both controllers above the processor exceptions, all masked. */
void
pic_init(void)
{
	outb(PIC_MASTER_DATA, 0xFF);
	outb(PIC_SLAVE_DATA, 0xFF);
	pic_program(PIC_MASTER_CMD, PIC_MASTER_DATA, IRQ_OFFSET,
		    1 << PIC_CASCADE_IRQ);
	pic_program(PIC_SLAVE_CMD, PIC_SLAVE_DATA, IRQ_OFFSET + 8,
		    PIC_CASCADE_IRQ);
	pic_write_mask();
}

/* Let hardware interrupt irq through. */
void
irq_enable(int irq)
{
	irq_mask &= ~(1 << irq);
	pic_write_mask();
}

/* True when irq's bit is set in its controller's in-service register. */
static bool
pic_in_service(int irq)
{
	int cmd = irq < 8 ? PIC_MASTER_CMD : PIC_SLAVE_CMD;

	outb(cmd, PIC_READ_ISR);
	return inb(cmd) & (1 << (irq & 7));
}

/*
 * Acknowledge irq at the controllers (end of interrupt).  Returns false for
 * a spurious interrupt: IRQ 7 or 15 delivered without its in-service bit (a
 * request that went away before the processor took it), which must get no
 * handler.  A spurious IRQ 15 still came through the master's cascade line,
 * which is in service: only the master gets an EOI.  A spurious IRQ 7 gets
 * none.
 */
bool
pic_ack(int irq)
{
	if ((irq == IRQ_SPURIOUS || irq == IRQ_SPURIOUS + 8) &&
	    !pic_in_service(irq)) {
		if (irq >= 8)
			outb(PIC_MASTER_CMD, PIC_EOI);
		return false;
	}
	if (irq >= 8)
		outb(PIC_SLAVE_CMD, PIC_EOI);
	outb(PIC_MASTER_CMD, PIC_EOI);
	return true;
}
