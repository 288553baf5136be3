/* The kernel console: serial port COM1, the CGA text screen, the keyboard. */
#ifndef JOS_KERN_CONSOLE_H
#define JOS_KERN_CONSOLE_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* Codes cons_getc returns for keys that have no ASCII character. */
#define KEY_HOME 0xE0
#define KEY_END 0xE1
#define KEY_UP 0xE2
#define KEY_DN 0xE3
#define KEY_LF 0xE4
#define KEY_RT 0xE5
#define KEY_PGUP 0xE6
#define KEY_PGDN 0xE7
#define KEY_INS 0xE8
#define KEY_DEL 0xE9

void cons_init(void);
int cons_getc(void);

/* Drain the devices into the input buffer; called from IRQ 1 and IRQ 4. */
void kbd_intr(void);
void serial_intr(void);

#endif /* !JOS_KERN_CONSOLE_H */
