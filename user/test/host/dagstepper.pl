#!/usr/bin/perl
#
# dagstepper.pl: the HTML stepper that `make dag-NAME` writes
# (obj/dag/NAME.html, kern/debug/dagpic.pl, docs/dag.md), opened in
# headless Chromium.  It runs `make dag-dagdemo`, checks that the page is
# self-contained (no script, style, image or font from elsewhere), then for
# a few steps loads NAME.html#step=N, lets its script run, and checks its
# DOM: the step's label, only that step's picture shown and an SVG in it,
# and exactly the console lines printed since the snapshot before
# highlighted.  One Chromium run loads every step, each in an iframe of a
# probe page that copies the iframes' DOMs into its own for --dump-dom.
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
# -o: the image as it is, never rebuilt here, where the grader's other
# tests may be booting it (the grader builds first, unless --no-build).
system("make --no-print-directory -o obj/kern/kernel.img dag-$NAME " .
	"> $DIR/$NAME.make.log 2>&1") == 0
	or die "make dag-$NAME failed: see $DIR/$NAME.make.log\n";

HostCheck::start('dagstepper');

# &amp; &lt; &gt; &quot; &nbsp; back to characters.
sub unescape {
	my ($s) = @_;
	$s =~ s/&nbsp;/\xa0/g;
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

# The DOMs of the page at steps @n, once its script ran: a list in the
# order of @n.  The probe page beside the page loads NAME.html#step=N in
# an iframe for each N and, once all have loaded, puts each iframe's DOM
# as text into a <pre id="dom-I"> of its own.
sub doms_at {
	my @n = @_;
	my $probe = "$DIR/$NAME-probe.html";
	open my $out, '>', $probe or die "$probe: $!\n";
	print $out "<!DOCTYPE html>\n<html><body>\n";
	print $out qq{<iframe src="$NAME.html#step=$_"></iframe>\n} for @n;
	print $out <<'HTML';
<script>
window.addEventListener('load', function () {
	var frames = document.querySelectorAll('iframe');
	for (var i = 0; i < frames.length; i++) {
		var pre = document.createElement('pre');
		pre.id = 'dom-' + i;
		try {
			pre.textContent = frames[i].contentDocument
				.documentElement.outerHTML;
		} catch (e) {
			pre.textContent = 'cannot read the frame: ' + e;
		}
		document.body.appendChild(pre);
	}
});
</script>
</body></html>
HTML
	close $out or die "$probe: $!\n";
	my $url = 'file://' . getcwd() . "/$probe";
	my @cmd = ($chromium, '--headless', '--no-sandbox', '--disable-gpu',
		'--allow-file-access-from-files',
		'--virtual-time-budget=3000', '--dump-dom', $url);
	open my $fh, '-|', join(' ', map { "'$_'" } @cmd) . ' 2>/dev/null'
		or die "cannot run $chromium: $!\n";
	local $/;
	my $dump = <$fh> // '';
	close $fh;
	return map {
		my ($dom) = $dump =~ /<pre id="dom-$_">(.*?)<\/pre>/s;
		unescape($dom // '');
	} 0 .. $#n;
}

# Check what step $n shows.
sub check_step {
	my ($n, $dom) = @_;
	my $label = $snaps[$n - 1]{label};
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
my @steps = (1, $copied // 2, scalar @snaps);
my @doms = doms_at(@steps);
check_step($steps[$_], $doms[$_]) for 0 .. $#steps;

HostCheck::finish();
