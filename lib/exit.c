/* Leaving a program. */
#include <inc/lib.h>

/* Destroy the calling environment.  Does not return. */
void
exit(void)
{
	sys_env_destroy(0);
}
