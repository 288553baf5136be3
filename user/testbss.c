/*
 * The loader must zero the bss: check a 4 MiB array, fill it and read it
 * back, then write 4 KiB past its end, where nothing is mapped: that must
 * page-fault and destroy us.
 */
#include <inc/lib.h>

#define ARRAYSIZE (1024 * 1024)

uint32_t bigarray[ARRAYSIZE];

void
umain(int argc, char **argv)
{
	int i;

	cprintf("Making sure bss works right...\n");
	for (i = 0; i < ARRAYSIZE; i++)
		if (bigarray[i] != 0)
			panic("bigarray[%d] isn't cleared!\n", i);
	for (i = 0; i < ARRAYSIZE; i++)
		bigarray[i] = i;
	for (i = 0; i < ARRAYSIZE; i++)
		if (bigarray[i] != (uint32_t)i)
			panic("bigarray[%d] didn't hold its value!\n", i);

	cprintf("Yes, good.  Now doing a wild write off the end...\n");
	bigarray[ARRAYSIZE + 1024] = 0;
	panic("SHOULD HAVE TRAPPED!!!");
}
