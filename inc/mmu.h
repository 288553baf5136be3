/*
 * x86 memory management: paging constants and macros, page-table entry flags,
 * control-register bits, segment descriptors, the task state segment and
 * interrupt gates.  Usable from .S files (the C parts are fenced off).
 */
#ifndef JOS_INC_MMU_H
#define JOS_INC_MMU_H

/*
 * A linear address splits into three fields:
 *
 *  +--------10------+-------10-------+---------12----------+
 *  | page directory |   page table   | offset within page  |
 *  |     index      |     index      |                     |
 *  +----------------+----------------+---------------------+
 *   \--- PDX(la) --/ \--- PTX(la) --/ \---- PGOFF(la) ----/
 *   \---------- PGNUM(la) ----------/
 */

#define NPDENTRIES 1024 /* page directory entries per page directory */
#define NPTENTRIES 1024 /* page table entries per page table */

#define PGSIZE 4096 /* bytes mapped by one page */
#define PGSHIFT 12  /* log2(PGSIZE) */

#define PTSIZE (PGSIZE * NPTENTRIES) /* bytes mapped by one PDE */
#define PTSHIFT 22                   /* log2(PTSIZE) */

#define PTXSHIFT 12 /* offset of the PTX field in a linear address */
#define PDXSHIFT 22 /* offset of the PDX field in a linear address */

/* Page number of a linear address. */
#define PGNUM(la) (((uintptr_t)(la)) >> PTXSHIFT)
/* Page directory index. */
#define PDX(la) ((((uintptr_t)(la)) >> PDXSHIFT) & 0x3FF)
/* Page table index. */
#define PTX(la) ((((uintptr_t)(la)) >> PTXSHIFT) & 0x3FF)
/* Offset within the page. */
#define PGOFF(la) (((uintptr_t)(la)) & 0xFFF)
/* Build a linear address from its three fields. */
#define PGADDR(d, t, o) ((void *)((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

/* Page table/directory entry flags. */
#define PTE_P 0x001   /* present */
#define PTE_W 0x002   /* writable */
#define PTE_U 0x004   /* user-accessible */
#define PTE_PWT 0x008 /* write-through */
#define PTE_PCD 0x010 /* cache disable */
#define PTE_A 0x020   /* accessed */
#define PTE_D 0x040   /* dirty */
#define PTE_PS 0x080  /* page size (4 MiB page, in a PDE) */
#define PTE_G 0x100   /* global */

/* Bits 9-11 are ignored by the hardware and free for software. */
#define PTE_AVAIL 0xE00
/* The page is shared on purpose: fork/spawn keep it shared and writable. */
#define PTE_SHARE 0x400
/* The page is copy-on-write: logically writable, physically read-only. */
#define PTE_COW 0x800
/* In a PDE (ours): the page table is shared copy-on-write with other page
 * directories; the PDE is read-only until the table is made private. */
#define PTE_SHARED_PT 0x200

/* The only flags a system call may set in a PTE. */
#define PTE_SYSCALL (PTE_AVAIL | PTE_P | PTE_W | PTE_U)

/* Physical address held in a page table or directory entry. */
#define PTE_ADDR(pte) ((physaddr_t)(pte) & ~0xFFF)
/* The flag bits (PTE_P .. PTE_AVAIL) of a page table or directory entry. */
#define PTE_FLAGS(pte) (((uint32_t)(pte)) & 0xFFF)

/* Control register flags. */
#define CR0_PE 0x00000001 /* protection enable */
#define CR0_MP 0x00000002 /* monitor coprocessor */
#define CR0_EM 0x00000004 /* emulation */
#define CR0_TS 0x00000008 /* task switched */
#define CR0_ET 0x00000010 /* extension type */
#define CR0_NE 0x00000020 /* numeric error */
#define CR0_WP 0x00010000 /* write protect: the kernel honours read-only PTEs */
#define CR0_AM 0x00040000 /* alignment mask */
#define CR0_NW 0x20000000 /* not write-through */
#define CR0_CD 0x40000000 /* cache disable */
#define CR0_PG 0x80000000 /* paging */

#define CR4_PSE 0x00000010        /* page size extensions (4 MiB pages) */
#define CR4_PGE 0x00000080        /* global pages */
#define CR4_OSFXSR 0x00000200     /* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT 0x00000400 /* SSE exceptions raise #XM (19) */

/* EFLAGS bits. */
#define FL_CF 0x00000001 /* carry */
#define FL_PF 0x00000004 /* parity */
#define FL_AF 0x00000010 /* auxiliary carry */
#define FL_ZF 0x00000040 /* zero */
#define FL_SF 0x00000080 /* sign */
#define FL_TF 0x00000100 /* trap */
#define FL_IF 0x00000200 /* interrupt enable */
#define FL_DF 0x00000400 /* direction */
#define FL_OF 0x00000800 /* overflow */
#define FL_IOPL_MASK 0x00003000
#define FL_IOPL_0 0x00000000
#define FL_IOPL_3 0x00003000
#define FL_NT 0x00004000  /* nested task */
#define FL_RF 0x00010000  /* resume */
#define FL_VM 0x00020000  /* virtual 8086 mode */
#define FL_AC 0x00040000  /* alignment check */
#define FL_VIF 0x00080000 /* virtual interrupt */
#define FL_VIP 0x00100000 /* virtual interrupt pending */
#define FL_ID 0x00200000  /* CPUID available */

/* Page fault error code bits. */
#define FEC_PR 0x1 /* protection violation (else: page not present) */
#define FEC_WR 0x2 /* the access was a write */
#define FEC_U 0x4  /* the access came from user mode */

/* Segment type bits. */
#define STA_X 0x8 /* executable */
#define STA_E 0x4 /* expand down (data) */
#define STA_C 0x4 /* conforming (code) */
#define STA_W 0x2 /* writable (data) */
#define STA_R 0x2 /* readable (code) */
#define STA_A 0x1 /* accessed */

#define STS_T32A 0x9 /* available 32-bit TSS */
#define STS_IG32 0xE /* 32-bit interrupt gate */
#define STS_TG32 0xF /* 32-bit trap gate */

#ifdef __ASSEMBLER__

/* Segment descriptors for the boot loader and entry code. */
#define SEG_NULL                                                               \
	.word 0, 0;                                                            \
	.byte 0, 0, 0, 0
#define SEG(type, base, lim)                                                   \
	.word(((lim) >> 12) & 0xffff), ((base)&0xffff);                        \
	.byte(((base) >> 16) & 0xff), (0x90 | (type)),                         \
		(0xC0 | (((lim) >> 28) & 0xf)), (((base) >> 24) & 0xff)

#else /* !__ASSEMBLER__ */

#include <inc/types.h>

/* A segment descriptor (GDT entry). */
struct Segdesc {
	unsigned sd_lim_15_0 : 16;
	unsigned sd_base_15_0 : 16;
	unsigned sd_base_23_16 : 8;
	unsigned sd_type : 4;
	unsigned sd_s : 1; /* 0 = system, 1 = application */
	unsigned sd_dpl : 2;
	unsigned sd_p : 1;
	unsigned sd_lim_19_16 : 4;
	unsigned sd_avl : 1;
	unsigned sd_rsv1 : 1;
	unsigned sd_db : 1; /* 0 = 16-bit, 1 = 32-bit segment */
	unsigned sd_g : 1;  /* limit in 4 KiB units */
	unsigned sd_base_31_24 : 8;
};

#define SEG_NULL_DESC ((struct Segdesc){ 0 })
/* A flat 4 GiB application segment of the given type and privilege level. */
#define SEG_FLAT(type, dpl)                                                    \
	((struct Segdesc){ 0xffff, 0, 0, type, 1, dpl, 1, 0xf, 0, 0, 1, 1, 0 })
/* A byte-granular system segment (the TSS). */
#define SEG_SYS16(type, base, lim, dpl)                                        \
	((struct Segdesc){ (lim)&0xffff, (base)&0xffff, ((base) >> 16) & 0xff, \
			   type, 0, dpl, 1, (unsigned)(lim) >> 16, 0, 0, 1, 0, \
			   (unsigned)(base) >> 24 })

/* The 32-bit task state segment: only the ring-0 stack fields are used. */
struct Taskstate {
	uint32_t ts_link;
	uintptr_t ts_esp0; /* stack pointer loaded on a trap from user mode */
	uint16_t ts_ss0;
	uint16_t ts_padding1;
	uintptr_t ts_esp1;
	uint16_t ts_ss1;
	uint16_t ts_padding2;
	uintptr_t ts_esp2;
	uint16_t ts_ss2;
	uint16_t ts_padding3;
	physaddr_t ts_cr3;
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_eax, ts_ecx, ts_edx, ts_ebx;
	uintptr_t ts_esp, ts_ebp;
	uint32_t ts_esi, ts_edi;
	uint16_t ts_es, ts_padding4;
	uint16_t ts_cs, ts_padding5;
	uint16_t ts_ss, ts_padding6;
	uint16_t ts_ds, ts_padding7;
	uint16_t ts_fs, ts_padding8;
	uint16_t ts_gs, ts_padding9;
	uint16_t ts_ldt, ts_padding10;
	uint16_t ts_t;
	uint16_t ts_iomb; /* I/O permission bitmap offset */
};

/* An interrupt or trap gate (IDT entry). */
struct Gatedesc {
	unsigned gd_off_15_0 : 16;
	unsigned gd_sel : 16;
	unsigned gd_args : 5;
	unsigned gd_rsv1 : 3;
	unsigned gd_type : 4;
	unsigned gd_s : 1;
	unsigned gd_dpl : 2;
	unsigned gd_p : 1;
	unsigned gd_off_31_16 : 16;
};

/*
 * Fill in gate descriptor `gate`: an interrupt gate (interrupts disabled on
 * entry) when istrap is false, else a trap gate; entry point `off` in code
 * segment `sel`; callable with `int` from privilege level `dpl` and above.
 */
#define SETGATE(gate, istrap, sel, off, dpl)                                   \
	{                                                                      \
		(gate).gd_off_15_0 = (uint32_t)(off)&0xffff;                   \
		(gate).gd_sel = (sel);                                         \
		(gate).gd_args = 0;                                            \
		(gate).gd_rsv1 = 0;                                            \
		(gate).gd_type = (istrap) ? STS_TG32 : STS_IG32;               \
		(gate).gd_s = 0;                                               \
		(gate).gd_dpl = (dpl);                                         \
		(gate).gd_p = 1;                                               \
		(gate).gd_off_31_16 = (uint32_t)(off) >> 16;                   \
	}

/* Operand of lgdt and lidt. */
struct Pseudodesc {
	uint16_t pd_lim;
	uint32_t pd_base;
} __attribute__((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !JOS_INC_MMU_H */
