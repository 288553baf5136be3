#!/usr/bin/perl
#
# mkdebuginfo.pl: write the kernel's backtrace tables as assembly.
#
#   mkdebuginfo.pl [--readelf=CMD] [--nm=CMD] KERNEL > debuginfo.S
#   mkdebuginfo.pl --empty > debuginfo0.S
#
# Reads KERNEL (the first link) with nm (function names and ranges) and
# readelf (the DWARF line table, and argument counts from .debug_info), and
# emits section .kdebug in the layout that kern/debug/kdebug.h declares:
#
#   kdebug_nfuncs, kdebug_nlines	counts
#   kdebug_funcs[]	{ addr, end, name offset, name length, narg }
#   kdebug_lines[]	{ addr, file index, line }, sorted by address
#   kdebug_files[]	file name offsets
#   kdebug_strings[]	NUL-terminated names
#
# --empty writes the same symbols with no entries, for the first link.
#
use strict;
use warnings;
use Getopt::Long;

my $readelf = 'readelf';
my $nm = 'nm';
my $empty = 0;
GetOptions('readelf=s' => \$readelf, 'nm=s' => \$nm, 'empty' => \$empty)
	or die "usage: $0 [--readelf=CMD] [--nm=CMD] (--empty | KERNEL)\n";
my $kernel = shift @ARGV;
die "usage: $0 [--readelf=CMD] [--nm=CMD] (--empty | KERNEL)\n"
	unless $empty || defined $kernel;

my $strings = '';	# the string table being built
my %string_offset;	# string -> its offset in $strings

sub intern {
	my ($s) = @_;
	unless (exists $string_offset{$s}) {
		$string_offset{$s} = length $strings;
		$strings .= "$s\0";
	}
	return $string_offset{$s};
}

# Run a command and return its output lines; die when it fails.
sub run {
	my ($cmd) = @_;
	my @out = `$cmd`;
	die "$0: '$cmd' failed\n" if $?;
	return @out;
}

# Code symbols of the kernel: a list of [addr, size, name], sorted.
sub read_symbols {
	my %by_addr;
	for (run("$nm -n -S '$kernel'")) {
		# "ADDR [SIZE] TYPE NAME"
		my ($addr, $size, $type, $name) =
			/^([0-9a-f]+)\s+(?:([0-9a-f]+)\s+)?([TtWw])\s+(\S+)$/
			or next;
		next if $name eq 'etext';
		$addr = hex $addr;
		$size = defined $size ? hex $size : 0;
		# Of several names for one address keep a sized, global one.
		my $old = $by_addr{$addr};
		my $score = ($size ? 2 : 0) + ($type =~ /[TW]/ ? 1 : 0);
		$by_addr{$addr} = [$addr, $size, $name, $score]
			if !$old || $score > $old->[3];
	}
	return map { $by_addr{$_} } sort { $a <=> $b } keys %by_addr;
}

# The code: start and end address of .text.
sub text_range {
	for (run("$readelf -S -W '$kernel'")) {
		if (/\s\.text\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/) {
			return (hex($1), hex($1) + hex($2));
		}
	}
	die "$0: no .text section in $kernel\n";
}

# Number of formal parameters of each function, by its entry address.
sub read_nargs {
	my %narg;
	my ($depth, $addr, $count) = (-1, undef, 0);
	my $in_sub = 0;
	for (run("$readelf --debug-dump=info -W '$kernel'")) {
		if (/^\s*<(\d+)><[0-9a-f]+>: Abbrev Number: \d+ \((\w+)\)/) {
			my ($d, $tag) = ($1, $2);
			if ($in_sub && $d <= $depth) {
				$narg{$addr} = $count if defined $addr;
				$in_sub = 0;
			}
			if ($tag eq 'DW_TAG_subprogram') {
				($in_sub, $depth, $addr, $count) = (1, $d, undef, 0);
			} elsif ($in_sub && $d == $depth + 1 &&
			    $tag eq 'DW_TAG_formal_parameter') {
				$count++;
			}
		} elsif ($in_sub && /DW_AT_low_pc\s*:\s*(?:\(\w+\)\s*)?0x([0-9a-f]+)/) {
			# Only the subprogram's own low_pc, not a child's.
			$addr = hex $1 unless defined $addr;
		}
	}
	$narg{$addr} = $count if $in_sub && defined $addr;
	return %narg;
}

# The decoded DWARF line table: a list of [addr, file, line], sorted by
# address; line 0 marks the end of a sequence.
sub read_lines {
	my %row;	# addr -> [file, line]
	my $file;
	for (run("$readelf --debug-dump=decodedline -W '$kernel'")) {
		chomp;
		if (/^CU: (.*):$/ || /^(\S.*):$/) {
			$file = $1;
			$file =~ s{^\./}{};
			next;
		}
		next unless defined $file;
		my ($line, $addr) = /^\S+\s+(\d+|-)\s+0x([0-9a-f]+)/ or next;
		$addr = hex $addr;
		if ($line eq '-') {
			# An end of sequence never hides real code at addr.
			$row{$addr} //= ['', 0];
		} else {
			$line = 65535 if $line > 65535;
			$row{$addr} = [$file, $line];
		}
	}
	my @rows;
	for my $addr (sort { $a <=> $b } keys %row) {
		my ($file, $line) = @{$row{$addr}};
		# Drop rows that repeat the previous one.
		next if @rows && $rows[-1][1] eq $file && $rows[-1][2] == $line;
		push @rows, [$addr, $file, $line];
	}
	return @rows;
}

my (@funcs, @lines, @files);

unless ($empty) {
	my ($text_start, $end_of_text) = text_range();
	# Only code: not, e.g., _start, the physical alias of entry.
	my @syms = grep { $_->[0] >= $text_start && $_->[0] < $end_of_text }
		read_symbols();
	my %narg = read_nargs();
	for my $i (0 .. $#syms) {
		my ($addr, $size, $name) = @{$syms[$i]};
		my $next = $i < $#syms ? $syms[$i + 1][0] : $end_of_text;
		my $end = $size ? $addr + $size : $next;
		$end = $next if $end > $next;
		push @funcs, [$addr, $end, intern($name), length $name,
			$narg{$addr} // 0];
	}
	my %file_index;
	for my $row (read_lines()) {
		my ($addr, $file, $line) = @$row;
		unless (exists $file_index{$file}) {
			$file_index{$file} = scalar @files;
			push @files, intern($file);
		}
		push @lines, [$addr, $file_index{$file}, $line];
	}
}

print "/* Generated by kern/debug/mkdebuginfo.pl",
	($empty ? '' : " from $kernel"), "; do not edit. */\n\n";
print "\t.section .kdebug, \"a\"\n";
print "\t.globl kdebug_nfuncs, kdebug_nlines, kdebug_funcs, kdebug_lines\n";
print "\t.globl kdebug_files, kdebug_strings\n";
print "\t.p2align 2\n";
printf "kdebug_nfuncs:\n\t.long %d\n", scalar @funcs;
printf "kdebug_nlines:\n\t.long %d\n", scalar @lines;
print "kdebug_funcs:\n";
printf "\t.long 0x%08x, 0x%08x, %d\n\t.short %d, %d\n", @$_ for @funcs;
print "kdebug_lines:\n";
printf "\t.long 0x%08x\n\t.short %d, %d\n", @$_ for @lines;
print "kdebug_files:\n";
printf "\t.long %d\n", $_ for @files;
print "kdebug_strings:\n";
for my $s (split /\0/, $strings) {
	(my $quoted = $s) =~ s/(["\\])/\\$1/g;
	print "\t.asciz \"$quoted\"\n";
}
print "\t.byte 0\n";
