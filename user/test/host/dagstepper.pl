#!/usr/bin/perl
#
# dagstepper.pl: the HTML stepper that `make dag-NAME` writes
# (obj/dag/NAME.html, kern/debug/dagpic.pl, docs/dag.md), opened in
# headless Chromium.  It runs `make dag-dagdemo`, checks that the page is
# self-contained (no script, style, image or font from elsewhere), then for
# a few steps loads NAME.html#step=N, lets its script run, and checks the
# DOM Chromium dumps: the step's label, only that step's picture shown and
# an SVG in it, and exactly the console lines printed since the snapshot
# before highlighted.
#
# Without Chromium (Debian's chromium; conf/need-tools.sh chromium installs
# it) or Graphviz it prints "SKIP: why" and exits 77, which the grader
# reports as skipped.
#
# Run from the top of the tree (the grader's host test does):
#   perl user/test/host/dagstepper.pl
# Prints one line per check and "P passed, F failed"; exits 1 on a failure.
#
use strict;
use warnings;
use Cwd qw(getcwd);
use lib 'user/test/host';
use HostCheck;

require './kern/debug/dag.pl';

my $DIR = 'obj/dag';
my $NAME = 'dagdemo';

# The first of @names found in PATH, or undef.
sub find_tool {
	for my $name (@_) {
		for my $dir (split /:/, $ENV{PATH} // '') {
			return "$dir/$name" if -x "$dir/$name";
		}
	}
	return undef;
}

sub skip {
	print "SKIP: $_[0]\n";
	exit 77;
}

my $chromium = find_tool('chromium', 'chromium-browser')
	// skip('chromium is not installed (conf/need-tools.sh chromium)');
find_tool('dot') // skip('graphviz is not installed (conf/need-tools.sh graphviz)');

system('mkdir', '-p', $DIR) == 0 or die "mkdir $DIR failed\n";
system("make --no-print-directory dag-$NAME > $DIR/$NAME.make.log 2>&1") == 0
	or die "make dag-$NAME failed: see $DIR/$NAME.make.log\n";

HostCheck::start('dagstepper');

# &amp; &lt; &gt; &quot; back to characters.
sub unescape {
	my ($s) = @_;
	$s =~ s/&lt;/</g;
	$s =~ s/&gt;/>/g;
	$s =~ s/&quot;/"/g;
	$s =~ s/&amp;/&/g;
	return $s;
}

my $html = slurp("$DIR/$NAME.html");
my @snaps = DagSnap::snapshots(split /\n/, slurp("$DIR/$NAME.out"));
check(@snaps >= 3, scalar(@snaps) . " snapshots in $NAME.out");

# Self-contained: nothing loaded from a URL (the SVG namespaces name
# URLs, but nothing fetches them).
my @external = $html =~ /(<script[^>]*\ssrc=|<link\b|<img\b|\@import|url\(|<iframe\b)/gi;
check(!@external, 'the page loads nothing from elsewhere' .
	join('', map { "; found $_" } @external));
# How many times $re matches in $html.
sub count_of {
	my ($re) = @_;
	my @all = $html =~ /$re/g;
	return scalar @all;
}

check(count_of(qr/<script>/) == 1 && $html =~ /ArrowRight/ &&
	$html =~ /id="prev"/ && $html =~ /id="next"/,
	'one inline script, buttons and arrow keys');
check(count_of(qr/<div class="step" /) == @snaps,
	'one step per snapshot');

# The DOM of the page at step $n, once its script ran.
sub dom_at {
	my ($n) = @_;
	my $url = 'file://' . getcwd() . "/$DIR/$NAME.html#step=$n";
	my @cmd = ($chromium, '--headless', '--no-sandbox', '--disable-gpu',
		'--virtual-time-budget=3000', '--dump-dom', $url);
	open my $fh, '-|', join(' ', map { "'$_'" } @cmd) . ' 2>/dev/null'
		or die "cannot run $chromium: $!\n";
	local $/;
	my $dom = <$fh>;
	close $fh;
	return $dom // '';
}

# Check what step $n shows.
sub check_step {
	my ($n) = @_;
	my $label = $snaps[$n - 1]{label};
	my $dom = dom_at($n);
	my ($shown) = $dom =~ /<strong id="label">([^<]*)</;
	check(($shown // '') eq "step $n of " . @snaps . ": $label",
		"step $n: the label says $label");
	my @visible = $dom =~ /<div class="step" id="step-(\d+)" data-label="[^"]*">/g;
	check("@visible" eq "$n", "step $n: only its picture shown");
	check($dom =~ /<div class="step" id="step-$n" data-label="[^"]*">\s*<svg\b.*?<\/svg>/s,
		"step $n: an SVG in it");
	my @lit = map { unescape($_) }
		$dom =~ /<span class="line(?: none)? current" data-step="$n">([^<]*)<\/span>/g;
	my @want = @{$snaps[$n - 1]{before}};
	@want = ('(nothing printed since the snapshot before)') unless @want;
	check("@lit" eq "@want" &&
		$dom !~ /class="line(?: none)? current" data-step="(?!$n")/,
		"step $n: its " . @want . ' console lines highlighted, no other');
}

# The first step, the kernel's table copy (nothing printed before it) and
# the last.
my ($copied) = grep { $snaps[$_ - 1]{label} eq 'cascade-table-copied' }
	1 .. @snaps;
check_step($_) for 1, $copied // 2, scalar @snaps;

HostCheck::finish();
