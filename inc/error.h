/* Error codes.  System calls and library functions return them negated. */
#ifndef JOS_INC_ERROR_H
#define JOS_INC_ERROR_H

enum {
	E_UNSPECIFIED = 1,  /* unspecified or unknown problem */
	E_BAD_ENV = 2,      /* environment does not exist or is not allowed */
	E_INVAL = 3,        /* invalid parameter */
	E_NO_MEM = 4,       /* out of memory (or a refcount would overflow) */
	E_NO_FREE_ENV = 5,  /* out of environments */
	E_FAULT = 6,        /* bad user address */
	E_IPC_NOT_RECV = 7, /* target is not receiving */
	E_NOT_IMPL = 8,     /* a lab exercise not done yet (docs/lab2.md) */

	MAXERROR
};

#endif /* !JOS_INC_ERROR_H */
