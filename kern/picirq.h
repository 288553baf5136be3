/* The 8259A programmable interrupt controllers (master and slave). */
#ifndef JOS_KERN_PICIRQ_H
#define JOS_KERN_PICIRQ_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

void pic_init(void);
void irq_enable(int irq);
bool pic_ack(int irq);

#endif /* !JOS_KERN_PICIRQ_H */
