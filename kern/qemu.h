/*
 * What QEMU tells the kernel at boot (through fw_cfg files opt/jos/...) and
 * how the kernel makes QEMU exit.
 */
#ifndef JOS_KERN_QEMU_H
#define JOS_KERN_QEMU_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* True when opt/jos/testmode is "1": unattended runs end by themselves. */
extern bool test_mode;
/* opt/jos/prog: the user program to run first ("" for none). */
extern char boot_prog[64];
/* opt/jos/args: arguments for that program ("" for none). */
extern char boot_args[256];
/* opt/jos/hook: a kernel self-test to run instead ("" for none). */
extern char boot_hook[32];
/* opt/jos/monitor: monitor commands to run, separated by ';' ("" for none). */
extern char boot_monitor_script[256];

void qemu_config_init(void);
void qemu_exit(int code) __attribute__((noreturn));

#endif /* !JOS_KERN_QEMU_H */
