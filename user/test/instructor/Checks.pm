#
# Checks.pm: what the tests of part instructor share: a check that prints
# one line ("NAME: WHAT OK" or "... FAIL") and is counted, the closing
# "P passed, F failed" line, running a command that must succeed, and
# reading and writing whole files.
#
package Checks;

use strict;
use warnings;
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Path qw(make_path);

our @EXPORT = qw(check checks_done run slurp spew);

my ($name, $npassed, $nfailed) = ('check', 0, 0);

# The name that starts each check's line.
sub name {
	($name) = @_;
}

sub check {
	my ($ok, $what) = @_;
	print "$name: $what ", ($ok ? 'OK' : 'FAIL'), "\n";
	$ok ? $npassed++ : $nfailed++;
	return $ok;
}

# Print "P passed, F failed"; returns the exit status: 1 on a failure.
sub checks_done {
	print "$npassed passed, $nfailed failed\n";
	return $nfailed ? 1 : 0;
}

sub run {
	my @cmd = @_;
	system(@cmd) == 0 or die "failed: @cmd\n";
}

sub slurp {
	my ($file) = @_;
	open my $fh, '<', $file or die "$file: $!\n";
	local $/;
	return scalar <$fh>;
}

# Write $text to $file, making its folder.
sub spew {
	my ($file, $text) = @_;
	make_path(dirname($file));
	open my $fh, '>', $file or die "$file: $!\n";
	print $fh $text;
	close $fh or die "$file: $!\n";
}

1;
