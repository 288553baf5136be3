/* Runs every host test group and summarises: "N passed, F failed". */

#include <lib/hosttest/hosttest.h>

static int passed, failed;
static const char *group;
static int group_passed, group_failed;

void
ht_group_begin(const char *name)
{
	group = name;
	group_passed = group_failed = 0;
}

void
ht_group_end(void)
{
	printf("%s: %s (%d checks)\n", group, group_failed ? "FAIL" : "OK",
	       group_passed + group_failed);
}

/* Counts one check; a failure prints where it was and what was checked. */
void
ht_check(bool ok, const char *file, int line, const char *what)
{
	if (ok) {
		passed++;
		group_passed++;
		return;
	}
	failed++;
	group_failed++;
	printf("  %s:%d: check failed: %s\n", file, line, what);
}

static int
same_string(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void
ht_check_str(const char *got, const char *want, const char *file, int line,
	     const char *what)
{
	ht_check(same_string(got, want), file, line, what);
	if (!same_string(got, want))
		printf("    got \"%s\", want \"%s\"\n", got, want);
}

void
ht_check_int(long long got, long long want, const char *file, int line,
	     const char *what)
{
	ht_check(got == want, file, line, what);
	if (got != want)
		printf("    got %lld, want %lld\n", got, want);
}

int
main(void)
{
	test_printfmt();
	test_string();
	printf("%d passed, %d failed\n", passed, failed);
	exit(failed ? 1 : 0);
}
