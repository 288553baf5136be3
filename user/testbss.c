/*
 * The loader must zero the bss: check a 4 MiB array, fill it and read it
 * back, then write well past its end, which must page-fault.
 */
#include <inc/lib.h>

#define NWORDS (1024 * 1024)

uint32_t bigarray[NWORDS];

void
umain(int argc, char **argv)
{
	int i;

	cprintf("Making sure bss works right...\n");
	for (i = 0; i < NWORDS; i++)
		if (bigarray[i] != 0)
			panic("bigarray[%d] isn't cleared!", i);
	for (i = 0; i < NWORDS; i++)
		bigarray[i] = i;
	for (i = 0; i < NWORDS; i++)
		if (bigarray[i] != (uint32_t)i)
			panic("bigarray[%d] didn't hold its value!", i);

	cprintf("Yes, good.  Now doing a wild write off the end...\n");
	/* Four pages past the end: nothing is mapped there.  (Through a
	 * volatile pointer, so the compiler neither warns nor drops it.) */
	uintptr_t past_end =
		(uintptr_t)bigarray + sizeof(bigarray) + 4 * PGSIZE;
	*(volatile uint32_t *)past_end = 0;
	panic("SHOULD HAVE TRAPPED!!!");
}
