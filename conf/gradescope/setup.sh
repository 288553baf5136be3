#!/bin/sh
#
# setup.sh: Gradescope runs this once, as root, in /autograder/source
# (where the bundle of `make gradescope` is unpacked) when it builds the
# autograder's image: it installs what a grading needs, through the
# tree's installer, conf/need-tools.sh (docs/instructor.md).
#
set -e
cd "$(dirname "$0")"
sh tree/conf/need-tools.sh make perl toolchain qemu hostcc
