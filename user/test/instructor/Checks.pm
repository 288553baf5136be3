#
# Checks.pm: what the tests of part instructor share: the host tests'
# checks (user/test/host/HostCheck.pm: one line per check, "NAME: WHAT OK"
# or "... FAIL", counted, and reading a file whole), the closing
# "P passed, F failed" line, running a command that must succeed, and
# writing a whole file.
#
package Checks;

use strict;
use warnings;
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use lib 'user/test/host';
use HostCheck;

our @EXPORT = qw(check checks_done run slurp spew);

# The name that starts each check's line.
sub name { HostCheck::start(@_) }

# Print "P passed, F failed"; returns the exit status: 1 on a failure.
sub checks_done { HostCheck::summary() }

sub run {
	my @cmd = @_;
	system(@cmd) == 0 or die "failed: @cmd\n";
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
