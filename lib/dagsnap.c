/* Snapshots of the sharing graph (ours; docs/dag.md). */
#include <inc/lib.h>

/*
 * Print the graph of every env, runs of similar frames collapsed, between
 * the console lines "--- dagsnap begin LABEL ---" and "--- dagsnap end
 * LABEL ---".  The kernel keeps the first 32 characters of label that are
 * letters, digits, '_' or '-'.  Returns 0 or -E_FAULT.
 */
int
dagsnap(const char *label)
{
	return dagsnap_opts(label, 0);
}

/*
 * dagsnap with flags: DAG_FOCUS (only us and our relatives), DAG_EXPAND
 * (one vertex per frame).  Returns 0, -E_INVAL or -E_FAULT.
 */
int
dagsnap_opts(const char *label, int flags)
{
	return sys_dagsnap(label, strlen(label), flags);
}
