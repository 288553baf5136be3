# Local settings.  Uncomment and edit to override what the makefile detects.

# Prefix of a cross toolchain, for instance i386-elf- or i686-linux-gnu-.
# Leave empty to use the host gcc with -m32 (Debian package gcc-multilib).
# GCCPREFIX := i386-elf-

# The QEMU to run.
# QEMU := /usr/local/bin/qemu-system-i386

# Extra QEMU options for every run, for instance -accel kvm.
# QEMUEXTRA := -accel kvm
