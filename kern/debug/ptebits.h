/*
 * The bits of a page-table or page-directory entry as words, for the
 * monitor's listings and the sharing graph's edge labels (kern/debug/).
 */
#ifndef JOS_KERN_DEBUG_PTEBITS_H
#define JOS_KERN_DEBUG_PTEBITS_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/memlayout.h>

/* How one bit reads in a listing. */
struct pte_bit_word {
	uint32_t bit;
	const char *set;   /* the word when the bit is set ("": none) */
	const char *clear; /* the word when it is clear ("": none) */
};

/*
 * Print the word of each bit described in words[0 .. n), in that order,
 * separated by single spaces (empty words leave no space).
 */
void print_pte_bits(pte_t pte, const struct pte_bit_word *words, size_t n);

#endif /* !JOS_KERN_DEBUG_PTEBITS_H */
