#!/bin/sh
#
# conf/need-tools.sh: make sure the tools a make target needs are here.
#
#	conf/need-tools.sh [--no-install] TOOL...
#
# TOOL is one of
#	toolchain	a gcc and binutils for 32-bit x86 ($GCCPREFIX, default
#			the host gcc with -m32 and a 32-bit libgcc)
#	qemu		$QEMU (default qemu-system-i386)
#	gdb		$GDB (default gdb)
#	hostcc		a host gcc that links programs (for make hosttest)
#	clang-format	$CLANG_FORMAT (default clang-format)
#	gnuplot, graphviz, bear
#	chromium	a headless web browser (Debian's chromium) for the
#			graded test of the sharing graph's HTML stepper; make
#			grade asks for it but goes on without it (the test
#			is then skipped)
#	make, perl	GNU make; perl with its core modules (JSON::PP)
#	git, zip, unzip	for grading submissions and the Gradescope bundle
#
# For every tool that is missing it collects the Debian packages that bring
# it.  Run as root on a machine with apt-get, it installs them (one
# apt-get update, one apt-get install); otherwise, or with --no-install, it
# prints the command to run.  It exits 0 when every tool is present at the
# end, 1 when some are missing.  This script is the only place in the tree
# that installs packages; the makefile calls it as a prerequisite of the
# targets that need a tool, never while it reads its rules.
#

: "${QEMU:=qemu-system-i386}"
: "${GDB:=gdb}"
: "${CLANG_FORMAT:=clang-format}"
: "${GCCPREFIX:=}"

# toolchain_ok: 0 when $GCCPREFIX builds and links 32-bit code.  The test
# divides 64-bit numbers, so it links only against a real 32-bit libgcc
# (without gcc-multilib, gcc -m32 names the 64-bit one).
toolchain_ok() {
	d=$(mktemp -d) || return 1
	printf '%s\n' 'unsigned long long f(unsigned long long a,' \
		'unsigned long long b) { return a / b; }' > "$d/t.c"
	r=1
	if "${GCCPREFIX}gcc" -m32 -ffreestanding -c -o "$d/t.o" "$d/t.c" &&
		lg=$("${GCCPREFIX}gcc" -m32 -print-libgcc-file-name) &&
		test -f "$lg" &&
		"${GCCPREFIX}ld" -m elf_i386 -e f -o "$d/t" "$d/t.o" "$lg"; then
		r=0
	fi
	rm -rf "$d"
	return $r
}

# hostcc_ok: 0 when the host gcc links a program (start files present).
hostcc_ok() {
	command -v gcc && test -f "$(gcc -print-file-name=Scrt1.o)"
}

# check TOOL: 0 when TOOL is present.
check() {
	case $1 in
	toolchain) toolchain_ok ;;
	qemu) command -v "$QEMU" ;;
	gdb) command -v "$GDB" ;;
	hostcc) hostcc_ok ;;
	clang-format) command -v "$CLANG_FORMAT" ;;
	gnuplot) command -v gnuplot ;;
	graphviz) command -v dot ;;
	bear) command -v bear ;;
	chromium) command -v chromium || command -v chromium-browser ;;
	make) command -v make ;;
	perl) perl -MJSON::PP -e 1 ;;
	git) command -v git ;;
	zip) command -v zip ;;
	unzip) command -v unzip ;;
	*)
		echo "need-tools: unknown tool '$1'" >&2
		exit 2
		;;
	esac
}

# packages TOOL: the Debian packages that bring TOOL.
packages() {
	case $1 in
	toolchain)
		if [ -n "$GCCPREFIX" ]; then
			echo "(a cross toolchain for GCCPREFIX=$GCCPREFIX)"
		else
			echo gcc gcc-multilib binutils
		fi
		;;
	qemu) echo qemu-system-x86 ;;
	gdb) echo gdb ;;
	hostcc) echo gcc libc6-dev ;;
	clang-format) echo clang-format ;;
	gnuplot) echo gnuplot-nox ;;
	graphviz) echo graphviz ;;
	bear) echo bear ;;
	chromium) echo chromium ;;
	make) echo make ;;
	perl) echo perl ;;
	git) echo git ;;
	zip) echo zip ;;
	unzip) echo unzip ;;
	esac
}

install=yes
if [ "${1:-}" = --no-install ]; then
	install=no
	shift
fi

missing=
pkgs=
for tool in "$@"; do
	if ! check "$tool" >/dev/null 2>&1; then
		missing="$missing $tool"
		pkgs="$pkgs $(packages "$tool")"
	fi
done
[ -z "$missing" ] && exit 0

apt="apt-get install -y --no-install-recommends$pkgs"
case $pkgs in
*"("*) install=no ;;
esac
if [ $install = yes ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "+ installing the packages for$missing:$pkgs" >&2
	{ apt-get update && DEBIAN_FRONTEND=noninteractive $apt; } >&2 ||
		exit 1
	still=
	for tool in $missing; do
		check "$tool" >/dev/null 2>&1 || still="$still $tool"
	done
	[ -z "$still" ] && exit 0
	echo "*** still missing after the install:$still" >&2
	exit 1
fi
echo "*** missing:$missing" >&2
echo "*** install with: sudo apt-get update && sudo $apt" >&2
exit 1
