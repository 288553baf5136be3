/*
 * The badelf test hook: malformed ELF images that env_create() must refuse.
 */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/elf.h>

#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/selftest/selftest.h>

/*
 * Build in image a one-segment i386 ELF executable, then break it as
 * `how` says.  Returns the image's size.
 */
static size_t
bad_elf_image(uint8_t *image, int how)
{
	struct Elf *elf = (struct Elf *)image;
	struct Proghdr *ph = (struct Proghdr *)(elf + 1);
	size_t size = sizeof(*elf) + sizeof(*ph) + 16;

	memset(image, 0, PGSIZE);
	elf->e_magic = ELF_MAGIC;
	elf->e_type = ET_EXEC;
	elf->e_machine = EM_386;
	elf->e_entry = UTEXT;
	elf->e_phoff = sizeof(*elf);
	elf->e_phentsize = sizeof(*ph);
	elf->e_phnum = 1;
	ph->p_type = ELF_PROG_LOAD;
	ph->p_offset = sizeof(*elf) + sizeof(*ph);
	ph->p_va = UTEXT;
	ph->p_filesz = 16;
	ph->p_memsz = PGSIZE;
	switch (how) {
	case 0: /* truncated */
		return 10;
	case 1: /* not ELF */
		elf->e_magic = 0x12345678;
		break;
	case 2: /* x86-64 */
		elf->e_machine = 62;
		break;
	case 3: /* headers outside the file */
		elf->e_phoff = 0x7ffffff0;
		break;
	case 4: /* more headers than the file holds */
		elf->e_phnum = 0xffff;
		break;
	case 5: /* data outside the file */
		ph->p_filesz = 0x10000;
		break;
	case 6: /* more file data than memory */
		ph->p_memsz = 8;
		break;
	case 7: /* crosses UTOP */
		ph->p_va = UTOP - 8;
		break;
	case 8: /* wraps around */
		ph->p_va = 0xfffff000;
		break;
	case 9: /* enters the kernel */
		elf->e_entry = KERNBASE;
		break;
	}
	return size;
}

/*
 * The badelf hook: env_create must refuse every malformed image with a
 * clear line, and leave no page behind.  Prints one line per image and a
 * summary with the free-page count before and after.
 */
void
check_bad_elf(void)
{
	static uint8_t image[PGSIZE] __attribute__((aligned(PGSIZE)));
	size_t before = page_free_count();
	int how, r, refused = 0;

	for (how = 0; how < 10; how++) {
		r = env_create(image, bad_elf_image(image, how), ENV_TYPE_USER,
			       "badelf");
		cprintf("badelf: image %d: %s\n", how,
			r < 0 ? "refused" : "ACCEPTED");
		refused += r < 0;
	}
	cprintf("badelf: %d of 10 refused, free pages %u before, %u after\n",
		refused, before, page_free_count());
}
