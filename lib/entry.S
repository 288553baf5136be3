/*
 * User program entry point.  The kernel starts a program at _start with
 * %esp pointing at argc, then argv (char **), with the strings above them.
 * A program started with no arguments has %esp == UPERENV: we then push
 * argc = 0 and argv = NULL ourselves so libmain always gets both.
 */
#include <inc/mmu.h>
#include <inc/memlayout.h>

/*
 * The kernel maps envs[] and pages[] read-only at fixed addresses; give
 * them C names.  uvpt and uvpd come from user/user.ld.  thisenv is the
 * first of the per-env words at the top of the stack page (UPERENV,
 * inc/memlayout.h); libmain and the forks set it.
 */
	.globl envs
	.set envs, UENVS
	.globl pages
	.set pages, UPAGES
	.globl thisenv
	.set thisenv, UPERENV

	.text
	.globl _start
_start:
	cmpl $UPERENV, %esp
	jne have_args
	pushl $0		/* argv */
	pushl $0		/* argc */
have_args:
	call libmain		/* libmain(argc, argv) never returns */
spin:
	jmp spin
