/* The bits of a page-table entry as words (see kern/debug/ptebits.h). */
#include <inc/stdio.h>

#include <kern/debug/ptebits.h>

/* See kern/debug/ptebits.h. */
void
print_pte_bits(pte_t pte, const struct pte_bit_word *words, size_t n)
{
	const char *sep = "", *word;
	size_t i;

	for (i = 0; i < n; i++) {
		word = (pte & words[i].bit) ? words[i].set : words[i].clear;
		if (word[0] == '\0')
			continue;
		cprintf("%s%s", sep, word);
		sep = " ";
	}
}
