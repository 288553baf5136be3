/* Fixed-width integer types and small macros for kernel and user code. */
#ifndef JOS_INC_TYPES_H
#define JOS_INC_TYPES_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef _Bool bool;
enum {
	false,
	true
};

typedef __signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long long int64_t;
typedef unsigned long long uint64_t;

/* Pointer-sized integers (32 bits on i386). */
typedef int32_t intptr_t;
typedef uint32_t uintptr_t;
typedef uint32_t physaddr_t;

/* Page numbers are indexes into pages[] or a page table. */
typedef uint32_t ppn_t;

typedef uint32_t size_t;
typedef int32_t ssize_t;
typedef int32_t off_t;

#define MIN(_a, _b)                                                            \
	({                                                                     \
		typeof(_a) __a = (_a);                                         \
		typeof(_b) __b = (_b);                                         \
		__a <= __b ? __a : __b;                                        \
	})
#define MAX(_a, _b)                                                            \
	({                                                                     \
		typeof(_a) __a = (_a);                                         \
		typeof(_b) __b = (_b);                                         \
		__a >= __b ? __a : __b;                                        \
	})

/* Round down to a multiple of n (n need not be a power of two). */
#define ROUNDDOWN(a, n)                                                        \
	({                                                                     \
		uint32_t __a = (uint32_t)(a);                                  \
		(typeof(a))(__a - __a % (n));                                  \
	})
/* Round up to a multiple of n. */
#define ROUNDUP(a, n)                                                          \
	({                                                                     \
		uint32_t __n = (uint32_t)(n);                                  \
		(typeof(a))(ROUNDDOWN((uint32_t)(a) + __n - 1, __n));          \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define offsetof(type, member) __builtin_offsetof(type, member)

#endif /* !JOS_INC_TYPES_H */
