#!/usr/bin/perl
#
# handout.pl: write the student tree of lab 2 (docs/lab2.md, "The
# handout"), or a tree with some exercises solved, from this solution
# tree.
#
#   perl conf/handout.pl [--solved E1,E2,...] [--quiet] DEST
#
# DEST gets every git-tracked file of this tree as it is now on disk
# (never anything from obj/), except those conf/handout.conf omits, and
# loses every other file outside DEST/obj; a file whose text is already
# right is not written again, so a build in DEST stays incremental.  In
# each file, every exercise region (docs/handout.md): an opening comment
# line holding the marker prefix "LAB 2: ", BEGIN and the exercise Ex
# (not spelt out here: instructor tools find the student's files by that
# line), the solution, then a closing line
#
#	(indent) /* LAB 2: END; stub: CODE */   or, for several lines:
#	(indent) /* LAB 2: END; stub:
#	(indent)  * CODE
#	(indent)  */                            or, for no code at all:
#	(indent) /* LAB 2: END */
#
# of an exercise not named by --solved is replaced by the line
# "(indent) /* LAB 2: Your code here (exercise Ex). */" and the stub's
# CODE, each line indented like the opening line.  Regions of solved
# exercises stay as they are, markers included.  Then the rewrites of
# conf/handout.conf apply (links to omitted pages, dropped lines).
#
# Checks, each fatal: regions are well formed (no nesting, an END for
# each BEGIN, a known exercise); no marker and no name of an omitted
# file is left in a stubbed tree; no two successive lines of code of a
# stubbed region appear in a row in a kept file, where they would give
# the solution away (conf/handout.conf allows a few idioms).  Prints a
# summary of the regions per exercise unless --quiet.
#
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Find qw(find);
use File::Path qw(make_path);
use Getopt::Long;

my @EXERCISES = qw(E1 E2 E3 E4 C1 C2);
my %KNOWN = map { $_ => 1 } @EXERCISES;
my $MARK = 'LAB 2: ';	# the markers' common prefix

my ($solved_list, $quiet) = ('', 0);
GetOptions('solved=s' => \$solved_list, 'quiet' => \$quiet)
	and @ARGV == 1
	or die "usage: perl conf/handout.pl [--solved E1,...] [--quiet] DEST\n";
my $dest = $ARGV[0];
my %solved = map { $_ => 1 } grep { length } split /,/, $solved_list;
for (keys %solved) {
	die "handout.pl: unknown exercise $_\n" unless $KNOWN{$_};
}

my (%omit, @links, @drops, @allow);
read_conf('conf/handout.conf');

chomp(my @files = `git ls-files`);
die "handout.pl: git ls-files failed\n" if $? != 0;
@files = grep { -f $_ && !$omit{$_} } @files;

my (%regions, %region_lines, @problems);
my %out;	# path -> new text
for my $f (@files) {
	$out{$f} = handout_text($f);
}
check_leaks() unless %solved;
die map { "handout.pl: $_\n" } @problems if @problems;

write_tree();
unless ($quiet) {
	printf "%s: %d files; stubbed regions: %s\n", $dest, scalar @files,
		join(', ', map { "$_ " . ($regions{$_} // 0) .
			($solved{$_} ? ' (solved)' : '') } @EXERCISES);
}
exit 0;

# Make $dest hold exactly the files of %out (its obj/ aside), writing only
# those whose text changed, so that a build there stays incremental.
sub write_tree {
	my %keep = map { ("$dest/$_" => 1) } keys %out;
	if (-d $dest) {
		find({ no_chdir => 1, wanted => sub {
			$File::Find::prune = 1 if $_ eq "$dest/obj";
			unlink $_ if -f $_ && !$keep{$_};
		} }, $dest);
	}
	for my $f (sort keys %out) {
		my $to = "$dest/$f";
		next if -f $to && slurp($to) eq $out{$f};
		make_path(dirname($to));
		open my $fh, '>', $to or die "handout.pl: $to: $!\n";
		print $fh $out{$f};
		close $fh or die "handout.pl: $to: $!\n";
		chmod((stat $f)[2] & 07777, $to);
	}
}

sub slurp {
	my ($file) = @_;
	open my $fh, '<', $file or die "handout.pl: $file: $!\n";
	local $/;
	return scalar <$fh>;
}

# conf/handout.conf: "omit PATH", "link FROM TO" (FROM's name becomes
# TO's in every kept file, relative links in docs/ too), "drop PATH
# REGEX" (lines of PATH that match go), "allow REGEX" (a pair of lines
# check_leaks() finds is fine when its first line matches).
sub read_conf {
	my ($file) = @_;
	open my $fh, '<', $file or die "handout.pl: $file: $!\n";
	while (<$fh>) {
		next if /^\s*(#|$)/;
		if (/^omit\s+(\S+)\s*$/) {
			$omit{$1} = 1;
		} elsif (/^link\s+(\S+)\s+(\S+)\s*$/) {
			push @links, [$1, $2];
		} elsif (/^drop\s+(\S+)\s+(.+?)\s*$/) {
			push @drops, [$1, qr/$2/];
		} elsif (/^allow\s+(.+?)\s*$/) {
			push @allow, qr/$1/;
		} else {
			die "handout.pl: $file:$.: cannot read this line\n";
		}
	}
}

# The text of file $f in the tree being written.
sub handout_text {
	my ($f) = @_;
	my $text = join '', stub_regions($f, split /^/, slurp($f));
	return $text if -B $f;
	$text = join '', grep {
		my $line = $_;
		!grep { $_->[0] eq $f && $line =~ $_->[1] } @drops
	} split /^/, $text;
	for my $l (@links) {
		my ($from, $to) = @$l;
		$text =~ s/\Q$from\E/$to/g;
		next unless $f =~ m{^docs/} && $from =~ m{^docs/([^/]+)$};
		my $base = $1;
		(my $tobase = $to) =~ s{^docs/}{};
		$text =~ s/(?<![\w\/.-])\Q$base\E/$tobase/g;
	}
	if (!%solved) {
		push @problems, "$f: a marker is left: $1"
			if $text =~ /^(.*\Q$MARK\E(BEGIN|END).*)$/m;
		for my $o (sort keys %omit) {
			push @problems, "$f names $o, which the handout omits"
				if index($text, $o) >= 0;
		}
	}
	return $text;
}

# @lines of file $f with each unsolved region replaced by its stub.
sub stub_regions {
	my ($f, @lines) = @_;
	my @out;
	for (my $i = 0; $i < @lines; $i++) {
		my $line = $lines[$i];
		if ($line =~ /\Q${MARK}END\E/) {
			push @problems, "$f:" . ($i + 1) . ": END without BEGIN";
		}
		unless ($line =~ /^(\s*)\/\* \Q${MARK}BEGIN\E (\S+) \*\/\s*$/) {
			push @problems, "$f:" . ($i + 1) . ": a malformed marker"
				if $line =~ /\Q${MARK}BEGIN\E/;
			push @out, $line;
			next;
		}
		my ($indent, $ex, $start) = ($1, $2, $i);
		push @problems, "$f:" . ($i + 1) . ": unknown exercise $ex"
			unless $KNOWN{$ex};
		my (@body, @stub, $closed);
		for ($i++; $i < @lines; $i++) {
			my $l = $lines[$i];
			if ($l =~ /\Q${MARK}BEGIN\E/) {
				push @problems, "$f:" . ($i + 1) .
					": a region inside a region";
				last;
			}
			if ($l !~ /^\s*\/\* \Q${MARK}END\E(.*)$/) {
				push @body, $l;
				next;
			}
			my $rest = $1;
			$closed = 1;
			if ($rest =~ /^; stub: (.*?) \*\/\s*$/) {
				@stub = ($1);
			} elsif ($rest =~ /^; stub:\s*$/) {
				for ($i++; $i < @lines && $lines[$i] !~ m{^\s*\*/\s*$};
				     $i++) {
					(my $s = $lines[$i]) =~ s/^\s*\* ?//;
					chomp $s;
					push @stub, $s;
				}
			} elsif ($rest !~ /^ \*\/\s*$/) {
				push @problems, "$f:" . ($i + 1) .
					": a malformed END line";
			}
			last;
		}
		unless ($closed) {
			push @problems, "$f:" . ($start + 1) . ": BEGIN without END";
			next;
		}
		if ($solved{$ex}) {
			push @out, @lines[$start .. $i];
			next;
		}
		$regions{$ex}++;
		push @{ $region_lines{$ex} }, map { [$f, $_] } @body;
		push @out, "$indent/* ${MARK}Your code here (exercise $ex). */\n";
		push @out, map { length($_) ? "$indent$_\n" : "\n" } @stub;
	}
	return @out;
}

# A line worth comparing: code, not a brace, a blank, a bare return or a
# comment; leading quote marks and line numbers of a listing go.
sub telling {
	my ($l) = @_;
	$l =~ s/^\s*(?:[>|]\s*|\d+\s+)?//;
	$l =~ s/\s+$//;
	return undef if length($l) < 16 || $l =~ m{^(/\*|\*|//)};
	return $l;
}

# The telling lines of @lines, in order.
sub telling_lines {
	return grep { defined } map { telling($_) } @_;
}

# Every two successive telling lines of a stubbed region that a kept file
# still holds in a row: one line may be an idiom, two are a copy.
sub check_leaks {
	my %want;
	for my $ex (sort keys %region_lines) {
		my %by_file;
		push @{ $by_file{$_->[0]} }, $_->[1] for @{ $region_lines{$ex} };
		for my $f (sort keys %by_file) {
			my @t = telling_lines(@{ $by_file{$f} });
			$want{"$t[$_]\n$t[$_ + 1]"} //= "$ex in $f"
				for 0 .. $#t - 1;
		}
	}
	for my $f (sort keys %out) {
		next if -B $f;
		my @t = telling_lines(split /\n/, $out{$f});
		for my $i (0 .. $#t - 1) {
			my $pair = "$t[$i]\n$t[$i + 1]";
			next if grep { $t[$i] =~ $_ } @allow;
			push @problems, "$f gives away lines of $want{$pair}: " .
				"$t[$i] / $t[$i + 1]" if $want{$pair};
		}
	}
}
