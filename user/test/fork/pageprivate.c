/*
 * pageprivate: sys_page_private, the one call fork()'s handler makes per
 * copy-on-write fault.  A PTE_COW page that another environment maps gets
 * a fresh copy (one page, the contents kept, the other side's page
 * untouched); one that nobody else maps is made writable in place (no
 * page); a page that is already writable is left alone; a read-only page
 * that is not copy-on-write, an unmapped, unaligned or kernel address is
 * refused with -E_INVAL and nothing changes.
 *
 * Expected: "pageprivate: STEP OK" lines and "pageprivate: done OK".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define SHARED ((volatile uint32_t *)0x10000000) /* COW, child maps it */
#define ALONE ((volatile uint32_t *)0x10001000)  /* COW, ours alone */
#define RDONLY ((volatile uint32_t *)0x10002000) /* read-only, not COW */
#define COW (PTE_P | PTE_U | PTE_COW)
#define RW (PTE_P | PTE_U | PTE_W)

static void
refusals(void)
{
	pte_t before = uvpt[PGNUM(RDONLY)];

	check_int(sys_page_private((void *)RDONLY), -E_INVAL,
		  "a read-only page that is not copy-on-write");
	check_hex(uvpt[PGNUM(RDONLY)], before, "its PTE unchanged");
	check_int(sys_page_private((void *)0x10003000), -E_INVAL,
		  "an unmapped address");
	check_int(sys_page_private((void *)0x10000004), -E_INVAL,
		  "an unaligned address");
	check_int(sys_page_private((void *)UTOP), -E_INVAL, "UTOP");
}

void
umain(int argc, char **argv)
{
	envid_t child;
	uint32_t nfree;

	if (sys_page_alloc(0, (void *)SHARED, RW) < 0 ||
	    sys_page_alloc(0, (void *)ALONE, RW) < 0 ||
	    sys_page_alloc(0, (void *)RDONLY, PTE_P | PTE_U) < 0)
		panic("sys_page_alloc");
	*SHARED = 0x5111;
	*ALONE = 0xa10e;
	if ((child = sys_exofork()) == 0)
		for (;;)
			sys_yield();
	if (sys_page_map(0, (void *)SHARED, child, (void *)SHARED, COW) < 0 ||
	    sys_page_map(0, (void *)SHARED, 0, (void *)SHARED, COW) < 0 ||
	    sys_page_map(0, (void *)ALONE, 0, (void *)ALONE, COW) < 0)
		panic("sys_page_map");

	nfree = mem_nfree();
	check_int(sys_page_private((void *)SHARED), 0, "a shared COW page");
	check_int(nfree - mem_nfree(), 1, "one page for its copy");
	check_hex(uvpt[PGNUM(SHARED)] & (PTE_W | PTE_COW), PTE_W,
		  "writable, not COW");
	check_hex(*SHARED, 0x5111, "the contents kept");
	check_int(pageref((void *)SHARED), 1, "the copy is ours alone");
	*SHARED = 0x5222;

	nfree = mem_nfree();
	check_int(sys_page_private((void *)ALONE), 0, "a COW page held once");
	check_int(nfree - mem_nfree(), 0, "no page for it");
	check_hex(uvpt[PGNUM(ALONE)] & (PTE_W | PTE_COW), PTE_W,
		  "made writable in place");
	check_int(sys_page_private((void *)ALONE), 0,
		  "a writable page: left alone");

	refusals();
	/* The child's page is the original, unchanged: look through it. */
	check_int(sys_page_map(child, (void *)SHARED, 0, (void *)0x10004000,
			       PTE_P | PTE_U),
		  0, "the child's page mapped here");
	check_hex(*(volatile uint32_t *)0x10004000, 0x5111,
		  "the child's page still holds the old value");
	sys_env_destroy(child);
	check_done();
}
