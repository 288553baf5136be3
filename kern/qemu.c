/*
 * Talking to QEMU: the boot-time configuration it passes through fw_cfg
 * files (opt/jos/prog, opt/jos/args, opt/jos/hook, opt/jos/monitor,
 * opt/jos/testmode, opt/jos/pttrace) and the
 * isa-debug-exit device that lets the kernel end an unattended run.
 */
#include <inc/x86.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <kern/qemu.h>
#include <kern/ptshare.h>
#include <kern/debug/dag.h>

/* fw_cfg legacy I/O interface. */
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_NAME_LEN 56

/* isa-debug-exit: writing v makes QEMU exit with status 2v+1. */
#define DEBUG_EXIT_PORT 0xf4

bool test_mode;
char boot_prog[64];
char boot_args[256];
char boot_hook[32];
char boot_monitor_script[256];

static void
fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void
fw_cfg_read(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len-- > 0)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static uint32_t
fw_cfg_read_be32(void)
{
	uint8_t b[4];

	fw_cfg_read(b, sizeof(b));
	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

/* True when QEMU's fw_cfg interface answers with its signature. */
static bool
fw_cfg_present(void)
{
	char sig[4];

	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

/*
 * Copy the fw_cfg file `name` into buf as a NUL-terminated string
 * (truncated to len - 1 bytes).  Leaves buf empty when there is no such
 * file.
 */
static void
fw_cfg_read_string(const char *name, char *buf, size_t len)
{
	uint32_t nfiles, size, i;
	uint16_t key;
	char fname[FW_CFG_NAME_LEN];

	buf[0] = '\0';
	fw_cfg_select(FW_CFG_FILE_DIR);
	nfiles = fw_cfg_read_be32();
	for (i = 0; i < nfiles; i++) {
		size = fw_cfg_read_be32();
		fw_cfg_read(&key, sizeof(key));
		key = (key >> 8) | (key << 8);
		fw_cfg_read(fname, 2); /* reserved */
		fw_cfg_read(fname, sizeof(fname));
		if (strncmp(fname, name, sizeof(fname)) != 0)
			continue;
		size = MIN(size, (uint32_t)len - 1);
		fw_cfg_select(key);
		fw_cfg_read(buf, size);
		buf[size] = '\0';
		return;
	}
}

/*
 * Read the run configuration QEMU was started with.  Without fw_cfg (another
 * emulator, real hardware) everything stays empty: no program, interactive.
 */
void
qemu_config_init(void)
{
	char mode[4];

	if (!fw_cfg_present())
		return;
	fw_cfg_read_string("opt/jos/prog", boot_prog, sizeof(boot_prog));
	fw_cfg_read_string("opt/jos/args", boot_args, sizeof(boot_args));
	fw_cfg_read_string("opt/jos/hook", boot_hook, sizeof(boot_hook));
	fw_cfg_read_string("opt/jos/monitor", boot_monitor_script,
			   sizeof(boot_monitor_script));
	fw_cfg_read_string("opt/jos/testmode", mode, sizeof(mode));
	test_mode = (mode[0] == '1');
	fw_cfg_read_string("opt/jos/pttrace", mode, sizeof(mode));
	pt_trace = (mode[0] == '1');
	fw_cfg_read_string("opt/jos/dagtrace", mode, sizeof(mode));
	dag_trace = (mode[0] == '1');
}

/*
 * Power QEMU off: through isa-debug-exit when present (exit status
 * 2 * code + 1), else through the ACPI power-off ports of QEMU's PIIX4 and
 * older machines.  Never returns.
 */
void
qemu_exit(int code)
{
	outl(DEBUG_EXIT_PORT, code);
	outw(0x604, 0x2000);
	outw(0xB004, 0x2000);
	cprintf("qemu_exit: could not power off; halting\n");
	for (;;)
		asm volatile("cli; hlt");
}
