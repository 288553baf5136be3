/*
 * The boot sector, part 2: load the kernel and jump to it.
 *
 * The disk holds the boot sector in sector 0 and the kernel, an ELF file,
 * from sector 1 on.  We read the ELF header, copy every loadable segment to
 * its physical address p_pa (zeroing the part of p_memsz beyond p_filesz,
 * which is .bss), and call the entry point.  Disk access is ATA PIO on the
 * primary controller (ports 0x1F0-0x1F7), one sector at a time.
 */
#include <inc/types.h>
#include <inc/x86.h>
#include <inc/elf.h>

#define SECTSIZE 512
#define KERNEL_SECTOR 1 /* the kernel ELF starts here */

/* The first page of the kernel file (ELF and program headers) goes here. */
#define ELFHDR ((struct Elf *)0x10000)

/* ATA registers and the bits we use. */
#define ATA_DATA 0x1F0
#define ATA_COUNT 0x1F2
#define ATA_LBA0 0x1F3
#define ATA_LBA1 0x1F4
#define ATA_LBA2 0x1F5
#define ATA_DRIVE 0x1F6 /* 0xE0 | LBA bits 24-27: master, LBA mode */
#define ATA_CMD 0x1F7   /* written: command; read: status */
#define ATA_BUSY 0x80
#define ATA_READY 0x40
#define ATA_READ_SECTORS 0x20

void bootmain(void);

/* Spin until the drive is ready and not busy. */
static void
wait_disk(void)
{
	while ((inb(ATA_CMD) & (ATA_BUSY | ATA_READY)) != ATA_READY)
		;
}

/* Read disk sector number sector (LBA) into dst. */
static void
read_sector(void *dst, uint32_t sector)
{
	wait_disk();
	outb(ATA_COUNT, 1);
	outb(ATA_LBA0, sector);
	outb(ATA_LBA1, sector >> 8);
	outb(ATA_LBA2, sector >> 16);
	outb(ATA_DRIVE, (sector >> 24) | 0xE0);
	outb(ATA_CMD, ATA_READ_SECTORS);
	wait_disk();
	insl(ATA_DATA, dst, SECTSIZE / 4);
}

/*
 * Copy count bytes at offset of the kernel file to physical address pa.
 * Whole sectors are read, so up to a sector before pa and after pa + count
 * may be overwritten too.
 */
static void
read_segment(uint32_t pa, uint32_t count, uint32_t offset)
{
	uint32_t end = pa + count;
	uint32_t sector = offset / SECTSIZE + KERNEL_SECTOR;

	pa -= offset % SECTSIZE;
	for (; pa < end; pa += SECTSIZE, sector++)
		read_sector((void *)pa, sector);
}

void
bootmain(void)
{
	struct Proghdr *ph, *last;
	uint8_t *p;

	read_segment((uint32_t)ELFHDR, SECTSIZE * 8, 0);
	if (ELFHDR->e_magic != ELF_MAGIC)
		return;

	ph = (struct Proghdr *)((uint8_t *)ELFHDR + ELFHDR->e_phoff);
	last = ph + ELFHDR->e_phnum;
	for (; ph < last; ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		read_segment(ph->p_pa, ph->p_filesz, ph->p_offset);
		for (p = (uint8_t *)ph->p_pa + ph->p_filesz;
		     p < (uint8_t *)ph->p_pa + ph->p_memsz; p++)
			*p = 0;
	}

	/* The entry is a physical address: paging is still off. */
	((void (*)(void))ELFHDR->e_entry)();
}
