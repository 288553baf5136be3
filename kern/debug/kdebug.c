/*
 * Map kernel code addresses to functions and source lines, using the tables
 * that the build generates from the first kernel link.
 */
#include <inc/types.h>
#include <kern/debug/kdebug.h>

static const char unknown[] = "<unknown>";

/*
 * The number of rows of a table sorted by address (n rows of size bytes,
 * each starting with its uint32_t address) whose address is at or below
 * eip: the row to use is the one before that count, if any.
 */
static uint32_t
rows_at_or_below(const void *table, uint32_t n, size_t size, uintptr_t eip)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (*(const uint32_t *)((const char *)table + mid * size) <=
		    eip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Return the function whose range contains eip, or NULL.
 * kdebug_funcs is sorted by address and the ranges do not overlap.
 */
static const struct kdebug_func *
kdebug_find_func(uintptr_t eip)
{
	uint32_t n = rows_at_or_below(kdebug_funcs, kdebug_nfuncs,
				      sizeof(kdebug_funcs[0]), eip);

	if (n == 0 || eip >= kdebug_funcs[n - 1].end)
		return NULL;
	return &kdebug_funcs[n - 1];
}

/*
 * Return the last line-table row at or below eip, or NULL.
 * kdebug_lines is sorted by address.
 */
static const struct kdebug_line *
kdebug_find_line(uintptr_t eip)
{
	uint32_t n = rows_at_or_below(kdebug_lines, kdebug_nlines,
				      sizeof(kdebug_lines[0]), eip);

	return n == 0 ? NULL : &kdebug_lines[n - 1];
}

/*
 * Fill in *info for the instruction at eip.
 * Returns 0 when eip lies inside a known function, -1 otherwise.  Whatever
 * is not known reads "<unknown>" (names) or 0 (numbers); eip_fn_addr is then
 * eip itself.
 */
int
debuginfo_eip(uintptr_t eip, struct Eipdebuginfo *info)
{
	const struct kdebug_func *fn;
	const struct kdebug_line *row;

	info->eip_file = unknown;
	info->eip_line = 0;
	info->eip_fn_name = unknown;
	info->eip_fn_namelen = sizeof(unknown) - 1;
	info->eip_fn_addr = eip;

	fn = kdebug_find_func(eip);
	if (!fn)
		return -1;
	info->eip_fn_name = kdebug_strings + fn->name;
	info->eip_fn_namelen = fn->namelen;
	info->eip_fn_addr = fn->addr;

	/* A row from before this function would describe other code. */
	row = kdebug_find_line(eip);
	if (row && row->line != 0 && row->addr >= fn->addr) {
		info->eip_file = kdebug_strings + kdebug_files[row->file];
		info->eip_line = row->line;
	}
	return 0;
}
