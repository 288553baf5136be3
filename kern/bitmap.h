/*
 * Bitmaps: a set of small numbers (page numbers, PTE indexes), one bit per
 * number in an array of uint32_t.  Declare one with
 * `uint32_t map[BITMAP_WORDS(n)]` for the numbers 0 .. n - 1.  The callers
 * check the range.
 */
#ifndef JOS_KERN_BITMAP_H
#define JOS_KERN_BITMAP_H
#ifndef JOS_KERNEL
#error "This is a JOS kernel header; user programs should not #include it"
#endif

#include <inc/types.h>

/* The words a bitmap of nbits bits takes. */
#define BITMAP_WORDS(nbits) (((nbits) + 31) / 32)

/* True when i is in map. */
static inline bool
bitmap_test(const uint32_t *map, size_t i)
{
	return (map[i / 32] >> (i % 32)) & 1;
}

/* Put i in map. */
static inline void
bitmap_set(uint32_t *map, size_t i)
{
	map[i / 32] |= 1U << (i % 32);
}

/* Take i out of map. */
static inline void
bitmap_clear(uint32_t *map, size_t i)
{
	map[i / 32] &= ~(1U << (i % 32));
}

#endif /* !JOS_KERN_BITMAP_H */
