# Part dag: the sharing graph (docs/dag.md).  check_dag has
# kern/debug/dag.pl parse every snapshot in the output (DOT syntax, every
# edge's ends declared, labels well-formed), check each pp_ref and path
# count against the edges and the orange colour against the paths, then
# the graph against the program's "dagfact LABEL ..." lines.  The dagdemo
# test is with its program, in user/demo/.

part 'dag', idle => 1;

# Bad labels and flags are refused before anything prints; a label is
# read 32 bytes at most and keeps only [A-Za-z0-9_-]; DAG_FOCUS leaves
# out an env that shares nothing with the caller (dagfact lines).
qemu_test 'dagsnapargs',
	exercise => 'E4',
	points => 3, prog => 'dagsnapargs',
	expect => [
		'dagsnapargs: kernel address OK',
		'dagsnapargs: unmapped address OK',
		'dagsnapargs: unknown flag OK',
		'dagsnapargs: label straddling an unmapped page OK',
		'dagsnapargs: long label, only 32 bytes read OK',
		'dagsnapargs: odd characters dropped OK',
		'dagsnapargs: nothing left OK',
		'dagsnapargs: focus OK',
		'dagsnapargs: whole OK',
		'--- dagsnap end abcdefghijklmnopqrstuvwxyz012345 ---',
		'--- dagsnap end badlabelwithchars ---',
		'--- dagsnap end snapshot ---',
		'--- dagsnap end focus ---',
		'--- dagsnap end whole ---',
		'dagsnapargs: done OK',
	],
	check => \&check_dag;

# The monitor's `dag` at inspectcow's breakpoint: the whole graph, then
# the child's part with every frame.
qemu_test 'dag_monitor',
	exercise => 'E4',
	points => 2, prog => 'inspectcow', ordered => 1,
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=' .
		'dag;dag 1001 expand;continue'],
	expect => [
		'K> dag',
		'--- dagsnap end monitor ---',
		'K> dag 1001 expand',
		qr/^  label="monitor: env 00001001 and its relatives: 2 envs, /,
		'--- dagsnap end monitor ---',
		'inspectcow: continued',
	],
	check => \&check_dag;

# With opt/jos/dagtrace (as `make dag-NAME` runs) the kernel photographs
# the copy cascade itself: the ptfork child's write into a shared table
# shows the table shared, the table copied (the PDE rewritten, nothing
# above it copied), then the page copied; check_dag checks each step's
# graph and their order (dag.pl, cascade_problems).
qemu_test 'dagcascade',
	exercise => 'C2',
	points => 3, prog => 'dagdemo', idle => 1, ordered => 1,
	qemu => ['-fw_cfg', 'name=opt/jos/dagtrace,string=1'],
	expect => [
		'--- dagsnap end after-ptfork ---',
		qr/^  label="cascade-table-shared: env [0-9a-f]{8}, page 10000000: its table for 10000000 is shared, /,
		'--- dagsnap end cascade-table-shared ---',
		qr/^  label="cascade-table-copied: env [0-9a-f]{8}, page 10000000: .*the page directory is never shared, so nothing above the table is copied: /,
		'--- dagsnap end cascade-table-copied ---',
		qr/^  label="cascade-page-copied: env [0-9a-f]{8}, page 10000000: the page copied too/,
		'--- dagsnap end cascade-page-copied ---',
		'--- dagsnap end ptfork-write ---',
		'dagdemo: done',
	],
	forbid => ['user fault va'],
	check => \&check_dag;
