/*
 * A storm of sys_page_map / sys_page_unmap / sys_page_alloc calls on the
 * same physical pages from a parent and its child at once (the timer and
 * sys_yield interleave them).  Both work on their own region OWN, and
 * both work on the child's region SHARED_REGION: the parent maps into it
 * and unmaps from it while the child does the same to itself.  The pages
 * are a PTE_SHARE page (writable in both) and a copy-on-write page (read
 * only in both).  Every call must succeed, and when the child is gone and
 * the parent has unmapped everything, both pages must be back to pageref
 * 1 (and the audit ok).
 *
 * Expected: "mapstorm: parent OK", "mapstorm: child OK",
 * "mapstorm: pagerefs back to 1 OK"; no "FAIL".
 */
#include <inc/lib.h>
#include <inc/check.h>

#define SHARED ((void *)0x00a00000) /* PTE_SHARE: writable in both */
#define COW ((void *)0x00a01000)    /* copy-on-write after fork */
#define OWN 0x10000000              /* each env's own 64 pages */
#define SHARED_REGION 0x20000000    /* 64 pages of the child's */
#define NPAGES 64
#define ROUNDS 6000
#define RW (PTE_P | PTE_U | PTE_W)

static uint32_t rng_state;

static uint32_t
rng(void)
{
	rng_state = rng_state * 1103515245 + 12345;
	return rng_state >> 8;
}

static void *
slot(uintptr_t region)
{
	return (void *)(region + (rng() % NPAGES) * PGSIZE);
}

static void
must(int r, const char *what)
{
	if (r < 0 && check_failures() < 10)
		check_int(r, 0, "[%08x] %s", sys_getenvid(), what);
}

/* One random operation on region in env (0: ourselves). */
static void
storm_once(envid_t env, uintptr_t region)
{
	switch (rng() % 6) {
	case 0:
		must(sys_page_map(0, SHARED, env, slot(region), RW), "map S");
		break;
	case 1:
		must(sys_page_map(0, COW, env, slot(region), PTE_P | PTE_U),
		     "map C");
		break;
	case 2:
	case 3:
		must(sys_page_unmap(env, slot(region)), "unmap");
		break;
	case 4:
		must(sys_page_alloc(env, slot(region), RW), "alloc");
		break;
	default:
		/* an alias of whatever is there (or nothing: -E_INVAL) */
		sys_page_map(env, slot(region), env, slot(region),
			     PTE_P | PTE_U);
		break;
	}
}

static void
unmap_region(envid_t env, uintptr_t region)
{
	int i;

	for (i = 0; i < NPAGES; i++)
		must(sys_page_unmap(env, (void *)(region + i * PGSIZE)),
		     "final unmap");
}

static void
storm(envid_t other, uintptr_t other_region)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		storm_once(0, OWN);
		storm_once(0, SHARED_REGION);
		if (other)
			storm_once(other, other_region);
		if (i % 64 == 0)
			sys_yield();
	}
	unmap_region(0, OWN);
}

void
umain(int argc, char **argv)
{
	envid_t child;

	if (sys_page_alloc(0, SHARED, RW | PTE_SHARE) < 0 ||
	    sys_page_alloc(0, COW, RW) < 0)
		panic("cannot allocate pages");
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		rng_state = 2;
		storm(0, 0);
		ipc_recv(NULL, NULL, NULL); /* the parent's storm is over */
		unmap_region(0, SHARED_REGION);
		check_int(check_failures(), 0, "child");
		return;
	}
	rng_state = 1;
	storm(child, SHARED_REGION);
	unmap_region(0, SHARED_REGION);
	ipc_send(child, 0, NULL, 0);
	check_int(check_failures(), 0, "parent");
	while (envs[ENVX(child)].env_id == child &&
	       envs[ENVX(child)].env_status != ENV_FREE)
		sys_yield();
	check_int(pageref(SHARED), 1, "shared page's pageref back to 1");
	check_int(pageref(COW), 1, "copy-on-write page's pageref back to 1");
}
