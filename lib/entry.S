/*
 * User program entry point.  The kernel starts a program at _start with
 * %esp pointing at argc, then argv (char **), with the strings above them.
 * A program started with no arguments has %esp == USTACKTOP: we then push
 * argc = 0 and argv = NULL ourselves so libmain always gets both.
 */
#include <inc/mmu.h>
#include <inc/memlayout.h>

/*
 * The kernel maps envs[] and pages[] read-only at fixed addresses; give
 * them C names.  uvpt and uvpd come from user/user.ld.
 */
	.globl envs
	.set envs, UENVS
	.globl pages
	.set pages, UPAGES

	.text
	.globl _start
_start:
	cmpl $USTACKTOP, %esp
	jne have_args
	pushl $0		/* argv */
	pushl $0		/* argc */
have_args:
	call libmain		/* libmain(argc, argv) never returns */
spin:
	jmp spin
