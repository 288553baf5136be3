# Part host: unit tests of the library's pure code (lib/printfmt.c,
# lib/string.c), built and run on the host by lib/hosttest/.

part 'host';

host_test 'hosttest', points => 5,
	cmd => 'make --no-print-directory hosttest';

# The grader's own judgement of a run that ends idle, fed canned outputs:
# an env left alive, or pages missing at the end, fail a test unless it
# says leaves_envs => 1 (docs/testing.md).
host_test 'idlejudge', points => 2,
	cmd => 'perl user/test/host/idlejudge.pl';

# The grader's report files (--json, --junit), its failure summary and
# its stop at a kernel panic, from canned results (docs/testing.md).
host_test 'graderoutput', points => 2,
	cmd => 'perl user/test/host/graderoutput.pl';

# After the build (which the grader runs first), `make -n qemu-nox`
# prints the tool checks and the QEMU command, nothing to compile or
# link: the flag records obj/.vars.NAME change as the makefiles are read,
# not through a rule that always runs (README, Build).
host_test 'makedryrun', points => 1,
	cmd => 'make -n qemu-nox | perl -ne \'$q++ if /^qemu-system/; ' .
		'$b++ if m{ -o obj/}; END { exit !($q == 1 && !$b) }\'';

# dag.pl's check of the kernel's cascade snapshots, fed a canned log and
# damaged copies of it: a step missing, a cascade cut short, a wrong PDE,
# a caption without the env and page must each fail (docs/dag.md).
host_test 'dagcascadecheck', points => 1,
	cmd => 'perl user/test/host/dagcascade.pl';

# `make dag-dagdemo`'s HTML stepper opened in headless Chromium: the page
# is self-contained, and at #step=N it shows step N's label and picture
# and highlights the console lines printed before it (docs/dag.md).
# Skipped, and said so, where Chromium or Graphviz is missing.
host_test 'dagstepper', points => 2, timeout => 120, exercise => 'E4',
	cmd => 'perl user/test/host/dagstepper.pl';
