#
# HostCheck: what the host tests' Perl scripts share (user/test/host/):
# one line per check, a summary line, and reading a file whole.
#
#   HostCheck::start('NAME');		the prefix of every line
#   check($ok, 'what');			prints "NAME: what OK" or "... FAIL"
#   HostCheck::finish();		prints "P passed, F failed", exits 1 on
#					a failure, else 0
#   HostCheck::summary();		the same line; returns that status
#   slurp($file)			the file's text; dies when unreadable
#
package HostCheck;

use strict;
use warnings;
use Exporter 'import';

our @EXPORT = qw(check slurp);

my ($prefix, $npassed, $nfailed) = ('check', 0, 0);

sub start { ($prefix) = @_ }

# Print one check's line and count it; returns $ok.
sub check {
	my ($ok, $what) = @_;
	print "$prefix: $what ", ($ok ? 'OK' : 'FAIL'), "\n";
	$ok ? $npassed++ : $nfailed++;
	return $ok;
}

sub summary {
	print "$npassed passed, $nfailed failed\n";
	return $nfailed ? 1 : 0;
}

sub finish { exit summary() }

sub slurp {
	my ($file) = @_;
	open my $fh, '<', $file or die "$file: $!\n";
	local $/;
	return scalar <$fh>;
}

1;
