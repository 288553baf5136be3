#!/usr/bin/perl
#
# gradescope-json.pl: check results.json files against Gradescope's
# autograder format (docs/instructor.md): the keys it knows, their types,
# each test's score within its maximum, and the total equal to the sum
# of the tests' scores.
#
#	perl user/test/instructor/gradescope-json.pl FILE...
#
# Prints "FILE: OK" or each problem; exits 1 when a file has one.  Also
# used as a module: Gradescope::problems($text) returns the problems.
#
package Gradescope;

use strict;
use warnings;
use JSON::PP;

my %VISIBILITY = map { $_ => 1 } qw(hidden after_due_date after_published
	visible);

# The keys Gradescope reads, and the type of each; and two it does not
# read, which ./grade-lab2 writes (docs/testing.md): the total's maximum
# and a test's time.
my %TOP = (score => 'number', max_score => 'number',
	execution_time => 'number', output => 'string',
	output_format => 'string', test_output_format => 'string',
	test_name_format => 'string', visibility => 'visibility',
	stdout_visibility => 'visibility', extra_data => 'object',
	tests => 'array', leaderboard => 'array');
my %TEST = (score => 'number', max_score => 'number', status => 'status',
	name => 'string', name_format => 'string', number => 'string',
	output => 'string', output_format => 'string', tags => 'strings',
	visibility => 'visibility', extra_data => 'object',
	execution_time => 'number');

sub is_number {
	my ($v) = @_;
	return defined $v && !ref $v && $v =~ /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/
		&& JSON::PP->new->allow_nonref->encode($v) !~ /^"/;
}

# The problem with value $v of type $type, or undef.
sub type_problem {
	my ($type, $v) = @_;
	my $ok = $type eq 'number' ? is_number($v)
		: $type eq 'string' ? defined $v && !ref $v && !is_number($v)
		: $type eq 'object' ? ref $v eq 'HASH'
		: $type eq 'array' ? ref $v eq 'ARRAY'
		: $type eq 'strings' ? ref $v eq 'ARRAY' &&
			!grep { ref $_ || !defined $_ } @$v
		: $type eq 'visibility' ? defined $v && $VISIBILITY{$v}
		: defined $v && ($v eq 'passed' || $v eq 'failed');
	return $ok ? undef : "is not a $type";
}

# The problems of object $obj, whose known keys and types are %$keys.
sub key_problems {
	my ($what, $obj, $keys) = @_;
	my @problems;
	for my $k (sort keys %$obj) {
		if (!$keys->{$k}) {
			push @problems, "$what: unknown key '$k'";
			next;
		}
		my $p = type_problem($keys->{$k}, $obj->{$k});
		push @problems, "$what: '$k' $p" if $p;
	}
	return @problems;
}

# The problems of a results.json's text; none when Gradescope takes it.
sub problems {
	my ($text) = @_;
	my $doc = eval { JSON::PP->new->decode($text) };
	return "not JSON: " . ($@ =~ s/ at \S+ line \d+.*//sr) unless $doc;
	return 'not a JSON object' unless ref $doc eq 'HASH';
	my @problems = key_problems('results', $doc, \%TOP);
	return @problems if @problems;
	my $tests = $doc->{tests} // [];
	my $sum = 0;
	for my $i (0 .. $#$tests) {
		my $t = $tests->[$i];
		my $what = "test $i" . (ref $t eq 'HASH' && defined $t->{name}
			? " ($t->{name})" : '');
		if (ref $t ne 'HASH') {
			push @problems, "$what: not an object";
			next;
		}
		my @p = key_problems($what, $t, \%TEST);
		push @problems, @p;
		next if @p;
		push @problems, "$what: no name" unless defined $t->{name};
		if (!defined $t->{score}) {
			push @problems, "$what: no score" unless
				defined $doc->{score};
			next;
		}
		$sum += $t->{score};
		push @problems, "$what: score $t->{score} outside 0.." .
			"$t->{max_score}" if defined $t->{max_score} &&
			($t->{score} < 0 || $t->{score} > $t->{max_score});
	}
	push @problems, 'no score and no tests'
		unless defined $doc->{score} || @$tests;
	push @problems, "score $doc->{score} is not the tests' sum $sum"
		if defined $doc->{score} && @$tests && $doc->{score} != $sum;
	return @problems;
}

# The command: check each file named.
sub main {
	my @files = @_;
	die "usage: gradescope-json.pl FILE...\n" unless @files;
	my $bad = 0;
	for my $file (@files) {
		my @p;
		if (open my $fh, '<', $file) {
			local $/;
			@p = problems(scalar <$fh> // '');
		} else {
			@p = ("cannot read: $!");
		}
		my @shown = @p > 10 ? (@p[0 .. 9], sprintf '... and %d more',
			@p - 10) : @p;
		print @p ? map({ "$file: $_\n" } @shown) : "$file: OK\n";
		$bad ||= @p;
	}
	return $bad ? 1 : 0;
}

exit main(@ARGV) unless caller;

1;
