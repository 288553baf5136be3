# Part monitor: the kernel monitor's commands.  The introspection
# commands run once each at inspectcow's breakpoint through a monitor
# script ending in `continue`.  There, child 00001001 has copied page
# 10001000 and shares page 10000000 with its parent 00001000.  Each of
# those tests expects, in order: inspectcow's line with the two physical
# addresses, the command's output, then `continue` and the program's last
# lines.  The backtrace tests run programs of their own.

part 'monitor', points => 2, prog => 'inspectcow', idle => 1, ordered => 1;

my $INSPECT = qr/^inspectcow: child 00001001: page 10000000 shared at pa ([0-9a-f]{8}), page 10001000 copied to pa ([0-9a-f]{8})$/;

qemu_test 'monitor_showmappings',
	exercise => 'E4',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=' .
		'showmappings 0x10000000 0x10001000;' .
		'showmappings 0x10000000 0x10001000 0x1000;continue'],
	expect => [
		$INSPECT,
		'K> showmappings 0x10000000 0x10001000',
		qr/^10000000  -> [0-9a-f]{8}  P U COW  pp_ref 2  PDE P W U  effective: user read-only$/,
		qr/^10001000  -> [0-9a-f]{8}  P W U  pp_ref 1  PDE P W U  effective: user read-write$/,
		'K> showmappings 0x10000000 0x10001000 0x1000',
		qr/^10000000  -> [0-9a-f]{8}  P U COW  pp_ref 2  PDE P W U  effective: user read-only$/,
		qr/^10001000  -> [0-9a-f]{8}  P U COW  pp_ref 1  PDE P W U  effective: user read-only$/,
		'K> continue',
		'inspectcow: continued',
		'page 10001000 still holds "the parent\'s data"',
	],
	check => \&check_showmappings;

qemu_test 'monitor_pageinfo',
	exercise => 'E4',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=pageinfo 0x0;continue'],
	expect => [
		$INSPECT,
		'K> pageinfo 0x0',
		'page 00000000: pp_ref 1, reserved by the kernel',
		'K> continue',
		'inspectcow: continued',
		'page 10001000 still holds "the parent\'s data"',
	];

qemu_test 'monitor_envs',
	exercise => 'E4',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=envs;continue'],
	expect => [
		$INSPECT,
		'K> envs',
		qr/^id\s+parent\s+status\s+runs\s+pages$/,
		qr/^00001000 00000000 not-runnable\s+\d+\s+\d+$/,
		qr/^00001001 00001000 running\s+\d+\s+\d+$/,
		'K> continue',
		'inspectcow: continued',
		'page 10001000 still holds "the parent\'s data"',
	];

qemu_test 'monitor_memstat',
	exercise => 'E4',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=memstat;continue'],
	expect => [
		$INSPECT,
		'K> memstat',
		qr/^pages: 32768 total, \d+ free, \d+ in use \(\d+K free of 131072K\)$/,
		'K> continue',
		'inspectcow: continued',
		'page 10001000 still holds "the parent\'s data"',
	];

qemu_test 'monitor_audit',
	exercise => 'E4',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=audit;continue'],
	expect => [
		$INSPECT,
		'K> audit',
		qr/^audit: ok \(free pages \d+ of \d+\)$/,
		'K> continue',
		'inspectcow: continued',
		'page 10001000 still holds "the parent\'s data"',
	];

# backtrace at the idle prompt after a program ran: the kernel chain ends
# at trap(), whose %ebp the trap entry cleared; no user frames (no env).
qemu_test 'monitor_backtrace_idle',
	exercise => 'E1',
	prog => 'hello', cpus => 1,
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=backtrace'],
	expect => [
		'[00001000] free env 00001000',
		'K> backtrace',
		'Stack backtrace:',
		qr/^  ebp efff[0-9a-f]{4}  eip f[0-9a-f]{7}  args( [0-9a-f]{8}){5}$/,
		qr/^         kern\/trapentry\.S:\d+: alltraps\+\d+$/,
		'  (stops: ebp 00000000, the outermost frame)',
		'K> ',
	],
	forbid => ['User stack of env'];

# backtrace at a breakpoint with %ebp = dead0000: the user chain stops
# there, unread; `continue` resumes the program.
qemu_test 'monitor_backtrace_junk',
	exercise => 'E1',
	prog => 'backtracejunk',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=backtrace;continue'],
	expect => [
		'  trap 0x00000003 Breakpoint',
		'K> backtrace',
		'Stack backtrace:',
		qr/^         kern\/trapentry\.S:\d+: alltraps\+\d+$/,
		'  (stops: ebp 00000000, the outermost frame)',
		qr/^User stack of env 00001000: trap at eip 008[0-9a-f]{5}, ebp dead0000$/,
		'  (stops: ebp dead0000 is not mapped)',
		'K> continue',
		'backtracejunk: continued',
	];

# backtrace at a breakpoint three calls deep: the kernel frames, then the
# user frames of backtraceuser_depth(2), (1), (0), umain and libmain.
qemu_test 'monitor_backtrace_user',
	exercise => 'E1',
	prog => 'backtraceuser',
	qemu => ['-fw_cfg', 'name=opt/jos/monitor,string=backtrace;continue'],
	expect => [
		'K> backtrace',
		'  (stops: ebp 00000000, the outermost frame)',
		qr/^User stack of env 00001000: trap at eip 008[0-9a-f]{5}, ebp eebfd[0-9a-f]{3}$/,
		qr/^  ebp eebfd[0-9a-f]{3}  eip 008[0-9a-f]{5}  args 00000002 /,
		qr/^  ebp eebfd[0-9a-f]{3}  eip 008[0-9a-f]{5}  args 00000001 /,
		qr/^  ebp eebfd[0-9a-f]{3}  eip 008[0-9a-f]{5}  args 00000000 /,
		qr/^  ebp eebfd[0-9a-f]{3}  eip 00800[0-9a-f]{3}  args /,
		qr/^  ebp eebfd[0-9a-f]{3}  eip 00800[0-9a-f]{3}  args /,
		'  (stops: ebp 00000000, the outermost frame)',
		'K> continue',
		'backtraceuser: continued',
	];

# The physical addresses agree: the shared page is the one the child
# printed, in both address spaces; the copied page differs.
sub check_showmappings {
	my @lines = @_;
	my ($shared, $copy) = map { /$INSPECT/ ? ($1, $2) : () } @lines;
	my @maps = map { /^(1000[01]000)  -> ([0-9a-f]{8})/ ? [$1, $2] : () }
		@lines;
	return () unless defined $shared && @maps == 4;
	my @problems;
	push @problems, "page 10000000: child at $maps[0][1], parent at " .
		"$maps[2][1], both should be $shared"
		unless $maps[0][1] eq $shared && $maps[2][1] eq $shared;
	push @problems, "page 10001000: child at $maps[1][1], expected $copy"
		unless $maps[1][1] eq $copy;
	push @problems, "page 10001000: the parent's page is the child's copy"
		if $maps[3][1] eq $copy;
	return @problems;
}
