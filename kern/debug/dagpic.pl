#!/usr/bin/perl
#
# dagpic.pl: the pictures of the sharing-graph snapshots (docs/dag.md).
# kern/debug/dag.pl cuts the snapshots out of a console log and checks
# them; for `make dag-NAME` it hands each parsed graph here, which draws it
# for a reader (Graphviz's dot, SVG and PNG):
#
#   - what changed since the previous snapshot is marked: a new vertex or
#     edge red and bold, a vertex whose pp_ref or paths changed or an edge
#     whose bits changed blue and bold, what went away grey and dashed;
#   - each page is named by its segment (text, data, bss from the program's
#     ELF headers, heap, stack, exception stack, scratch) and, for a single
#     page of data or bss, by the symbols in it (from nm);
#   - one column per level (environments, page directories, tables,
#     frames), and a box per environment around what only it reaches.
#
# write_html() puts the pictures of one run into a single HTML page that
# steps through them next to the console lines before each.  Core Perl
# and binutils (readelf, nm) only; no network.
#
package DagPic;

use strict;
use warnings;

# The user address space's fixed places (inc/memlayout.h).
my $PTSIZE = 0x400000;
my $UTOP = 0xeec00000;
my $UXSTACK = $UTOP - 0x1000;          # the exception stack's page
my $USTACKTOP = $UTOP - 2 * 0x1000;
my $UTEMP = $PTSIZE;
my $UTEXT = 2 * $PTSIZE;

# ---------------------------------------------------------------------------
# Naming pages: the program's segments and symbols.
# ---------------------------------------------------------------------------

# The lines a command prints, or () when it fails.
sub command_lines {
	my @cmd = @_;
	open my $fh, '-|', @cmd or return ();
	my @lines = <$fh>;
	close $fh or return ();
	return @lines;
}

# What the ELF file $prog says of its memory: { segs => [[lo, end, name]],
# syms => [[addr, name]] (data and bss only, sorted), end }, or undef when
# the file or the tools are missing.
sub elf_layout {
	my ($prog) = @_;
	return undef unless defined $prog && -f $prog;
	my (@segs, @syms);
	my $end = 0;
	for (command_lines('readelf', '-lW', $prog)) {
		my ($va, $filesz, $memsz, $flags) =
			/^\s*LOAD\s+\S+\s+(0x\S+)\s+\S+\s+(0x\S+)\s+(0x\S+)\s+(.*?)\s+0x/
			or next;
		($va, $filesz, $memsz) = map { hex } $va, $filesz, $memsz;
		if ($flags =~ /E/) {
			push @segs, [$va, $va + $memsz, 'text'];
		} elsif ($flags =~ /W/) {
			push @segs, [$va, $va + $filesz, 'data'] if $filesz;
			push @segs, [$va + $filesz, $va + $memsz, 'bss']
				if $memsz > $filesz;
		} else {
			push @segs, [$va, $va + $memsz, 'rodata'];
		}
		$end = $va + $memsz if $va + $memsz > $end;
	}
	return undef unless @segs;
	for (command_lines('nm', '-n', $prog)) {
		push @syms, [hex $1, $2] if /^([0-9a-f]+) [dDbB] (\S+)$/;
	}
	return { segs => \@segs, syms => \@syms, end => $end };
}

# The places below UTOP that are not in the program's file, in the order
# they are tried: [lo, end, name].
sub fixed_places {
	my ($layout) = @_;
	my $heap_lo = $layout ? ($layout->{end} + 0xfff) & ~0xfff : $UTEXT;
	return ([$UXSTACK, $UTOP, 'exception stack'],
		[$USTACKTOP - $PTSIZE, $USTACKTOP, 'stack'],
		[$UTEMP, $UTEXT, 'scratch'],
		[$heap_lo, $USTACKTOP - $PTSIZE, 'heap']);
}

# The names of the places [lo, hi] overlaps, each once, in address order.
sub places {
	my ($layout, $lo, $hi) = @_;
	my @all = ($layout ? @{$layout->{segs}} : (), fixed_places($layout));
	my (%seen, @names);
	for my $p (sort { $a->[0] <=> $b->[0] } @all) {
		next unless $p->[0] <= $hi && $lo < $p->[1];
		push @names, $p->[2] unless $seen{$p->[2]}++;
	}
	return @names;
}

# The data and bss symbols in the page at $lo: at most 3, then "+N".
sub symbols_in {
	my ($layout, $lo) = @_;
	return () unless $layout;
	my @in = map { $_->[1] }
		grep { $_->[0] >= $lo && $_->[0] < $lo + 0x1000 }
		@{$layout->{syms}};
	return @in <= 3 ? @in : (@in[0 .. 2], '+' . (@in - 3));
}

# How a reader names the pages [lo, hi]: "text", "data, bss: a b", ...
sub place_text {
	my ($layout, $lo, $hi) = @_;
	my @names = places($layout, $lo, $hi);
	my $text = @names ? join(', ', @names) : 'elsewhere';
	my @syms = $hi - $lo < 0x1000 ? symbols_in($layout, $lo) : ();
	return @syms ? "$text: @syms" : $text;
}

# ---------------------------------------------------------------------------
# What changed since the previous snapshot.
# ---------------------------------------------------------------------------

# An edge's key: its ends and the first address it names.
sub edge_key {
	my ($e) = @_;
	return "$e->{from} $e->{to} " . ($e->{lo} // '');
}

# True when graph $g collapses some frames into runs.
sub has_runs {
	my ($g) = @_;
	return scalar grep { $g->{vertices}{$_}{kind} eq 'run' } @{$g->{order}};
}

# The differences between $g and $prev (undef: none to compare with):
# { vertex => {name => 'new'|'changed'}, edge => {key => ...}, gone =>
# [names of $prev's vertices not in $g], gone_edges => [$prev's edges],
# frames_skipped }.  When one graph collapses runs and the other does not
# (DAG_EXPAND), their frames are not compared: only the levels above.
sub changes {
	my ($g, $prev) = @_;
	my %c = (vertex => {}, edge => {}, gone => [], gone_edges => []);
	return \%c unless $prev;
	if (!has_runs($g) != !has_runs($prev)) {
		my %above = map { $_ => 1 } qw(env pgdir table legend);
		my $trim = sub {
			my ($h) = @_;
			my @keep = grep { $above{$h->{vertices}{$_}{kind}} }
				@{$h->{order}};
			my %k = map { $_ => 1 } @keep;
			return { vertices => $h->{vertices}, order => \@keep,
				edges => [grep { $k{$_->{to}} } @{$h->{edges}}] };
		};
		my $c = changes($trim->($g), $trim->($prev));
		$c->{frames_skipped} = 1;
		return $c;
	}
	for my $name (@{$g->{order}}) {
		my $old = $prev->{vertices}{$name};
		my $label = $g->{vertices}{$name}{label} // '';
		$c{vertex}{$name} = !$old ? 'new'
			: ($old->{label} // '') ne $label ? 'changed' : next;
	}
	my %old_edges = map { edge_key($_) => $_ } @{$prev->{edges}};
	my %now = map { edge_key($_) => 1 } @{$g->{edges}};
	for my $e (@{$g->{edges}}) {
		my $old = $old_edges{edge_key($e)};
		$c{edge}{edge_key($e)} = !$old ? 'new'
			: ($old->{attrs}{label} // '') ne ($e->{attrs}{label} // '')
			? 'changed' : next;
	}
	$c{gone} = [grep { !$g->{vertices}{$_} } @{$prev->{order}}];
	$c{gone_edges} = [grep { !$now{edge_key($_)} } @{$prev->{edges}}];
	return \%c;
}

# Show at most this many vertices that went away (else only count them).
my $GONE_SHOWN = 12;

# The attributes that mark a change of kind $how ('new', 'changed').
sub change_attrs {
	my ($how) = @_;
	my $color = $how eq 'new' ? 'red' : 'blue';
	return (color => $color, fontcolor => $color, penwidth => '3');
}

# ---------------------------------------------------------------------------
# Writing the DOT for the picture.
# ---------------------------------------------------------------------------

# name="value" pairs of %attrs (values as DOT text, quotes escaped).
sub attr_text {
	my (%attrs) = @_;
	return join ', ', map { "$_=\"$attrs{$_}\"" } sort keys %attrs;
}

# The env each vertex belongs to alone (the box it goes in), or none.
sub owners {
	my ($g) = @_;
	my %owner;
	for my $kind (qw(env pgdir table frame run)) {
		for my $name (grep { $g->{vertices}{$_}{kind} eq $kind }
			@{$g->{order}}) {
			if ($kind eq 'env') {
				$owner{$name} = $name;
				next;
			}
			my %from = map { ($owner{$_->{from}} // '') => 1 }
				@{$g->{in}{$name} // []};
			my @who = keys %from;
			$owner{$name} = $who[0] if @who == 1 && $who[0] ne '';
		}
	}
	return \%owner;
}

# The vertex statement of $name in $g, with its changes marked.
sub vertex_line {
	my ($g, $name, $c) = @_;
	my $v = $g->{vertices}{$name};
	my %attrs = map { $_ => $v->{$_} }
		grep { defined $v->{$_} } qw(label shape style fillcolor);
	%attrs = (%attrs, change_attrs($c->{vertex}{$name}))
		if $c->{vertex}{$name};
	return "$name [" . attr_text(%attrs) . "];";
}

# The edge statement of $e, its label naming the pages, changes marked.
# An edge into a frame or run whose label an earlier edge into it bore
# already (parent and child map it at the same address with the same bits)
# goes unlabelled: half the text, and dot keeps the frames in order.
sub edge_line {
	my ($g, $e, $c, $layout, $said) = @_;
	my %attrs = %{$e->{attrs}};
	my $to = $g->{vertices}{$e->{to}}{kind};
	if (($to eq 'frame' || $to eq 'run') && defined $e->{lo}) {
		$attrs{label} .= '\n' . place_text($layout, $e->{lo}, $e->{hi});
		delete $attrs{label} if $said->{"$e->{to} $attrs{label}"}++;
	}
	my $how = $c->{edge}{edge_key($e)};
	%attrs = (%attrs, change_attrs($how)) if $how;
	my $a = attr_text(%attrs);
	return "$e->{from} -> $e->{to}" . ($a ne '' ? " [$a]" : '') . ';';
}

# The statements for what went away since the previous snapshot.
sub gone_lines {
	my ($g, $prev, $c) = @_;
	my @gone = @{$c->{gone}};
	@gone = () if @gone > $GONE_SHOWN;
	my %shown = map { $_ => 1 } @{$g->{order}}, @gone;
	my @lines;
	for my $name (@gone) {
		my $label = $prev->{vertices}{$name}{label} // $name;
		push @lines, "$name [" . attr_text(label => "gone: $label",
			style => 'dashed', color => 'gray60',
			fontcolor => 'gray60') . "];";
	}
	for my $e (grep { $shown{$_->{from}} && $shown{$_->{to}} }
		@{$c->{gone_edges}}) {
		push @lines, "$e->{from} -> $e->{to} [" . attr_text(
			label => $e->{attrs}{label} // '', style => 'dashed',
			color => 'gray60', fontcolor => 'gray60') . "];";
	}
	return @lines;
}

# The legend of the change marks, compared with snapshot $prev_name.
sub change_legend {
	my ($c, $prev_name) = @_;
	my $gone = @{$c->{gone}};
	my $text = "changes since $prev_name:\\nred, bold: new\\n" .
		"blue, bold: pp_ref, paths or bits changed\\n" .
		($gone > $GONE_SHOWN ? "$gone vertices gone (not drawn)"
			: 'grey, dashed: gone') .
		($c->{frames_skipped} ? '\\nframes not compared: one of the ' .
			'two\\ndraws a vertex per frame' : '');
	return "changes [" . attr_text(shape => 'note', label => $text) . "];";
}

# The caption $text cut into lines: at each "; " and before the counts.
sub caption {
	my ($text) = @_;
	$text =~ s/; /;\\n/g;
	$text =~ s/: (\d+ envs, )/:\\n$1/;
	return $text;
}

# @names sorted by the lowest address an edge into them names (vertices
# that several envs reach: dot then lays them out in address order, as
# every env's edges go, and fewer edges cross).
sub by_address {
	my ($g, @names) = @_;
	my %lo;
	for my $name (@names) {
		my @at = map { $_->{lo} // 0 } @{$g->{in}{$name} // []};
		($lo{$name}) = sort { $a <=> $b } @at, 0xffffffff;
	}
	return sort { $lo{$a} <=> $lo{$b} } @names;
}

# The DOT text of the picture of graph $g (parsed and indexed by dag.pl),
# compared with $prev (undef for the first snapshot), called $prev_name;
# $layout names the pages (undef: segments of the fixed layout only).
sub picture_dot {
	my ($g, $prev, $prev_name, $layout) = @_;
	my $c = changes($g, $prev);
	my $owner = owners($g);
	my @out = ("digraph \"$g->{name}\" {",
		'  rankdir=LR; newrank=true; ordering=out; labelloc=t; ' .
		'fontname="Courier";',
		'  node [shape=box, fontname="Courier", fontsize=10];',
		'  edge [fontname="Courier", fontsize=9];');
	my %level;
	for my $name (@{$g->{order}}) {
		my $kind = $g->{vertices}{$name}{kind};
		push @{$level{$kind eq 'run' ? 'frame' : $kind}}, $name;
	}
	for my $env (@{$level{env} // []}) {
		my @mine = grep { ($owner->{$_} // '') eq $env } @{$g->{order}};
		push @out, "  subgraph cluster_$env {",
			'    style=rounded; color=gray70;',
			map({ '    ' . vertex_line($g, $_, $c) } @mine), '  }';
	}
	push @out, map { '  ' . vertex_line($g, $_, $c) }
		by_address($g, grep { !$owner->{$_} } @{$g->{order}});
	my %said;
	push @out, map { '  ' . edge_line($g, $_, $c, $layout, \%said) }
		@{$g->{edges}};
	push @out, map { "  $_" } gone_lines($g, $prev, $c);
	push @out, '  ' . change_legend($c, $prev_name) if $prev;
	for my $kind (qw(env pgdir table frame)) {
		push @out, "  { rank=same; @{$level{$kind}} }" if $level{$kind};
	}
	push @out, '  label="' . caption($g->{attrs}{label}) . '";'
		if $g->{attrs}{label};
	return join("\n", @out, '}') . "\n";
}

# Draw $dot_text into $svg and $png with Graphviz's dot; dies on failure.
sub draw {
	my ($dot_text, $svg, $png) = @_;
	open my $dot, '|-', 'dot', '-Tsvg', '-o', $svg, '-Tpng', '-o', $png
		or die "$0: cannot run dot: $!\n";
	print $dot $dot_text;
	close $dot or die "$0: dot failed drawing $svg\n";
}

# ---------------------------------------------------------------------------
# The stepper: one HTML page per run.
# ---------------------------------------------------------------------------

# $s with &, <, > and " as HTML entities.
sub html_escape {
	my ($s) = @_;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	return $s;
}

# The inline SVG of file $svg: without the XML prolog and doctype.
sub inline_svg {
	my ($svg) = @_;
	open my $fh, '<', $svg or die "$0: $svg: $!\n";
	local $/;
	my $text = <$fh>;
	close $fh;
	$text =~ s/\A.*?(?=<svg)//s;
	return $text;
}

# The page's script: show one step (the URL's #step=N, the buttons, the
# left and right arrow keys), its SVG and its console lines highlighted.
my $STEPPER_JS = <<'JS';
(function () {
	var steps = document.querySelectorAll('.step');
	var lines = document.querySelectorAll('#console .line');
	var cur = 1;
	function show(n) {
		if (n < 1) n = 1;
		if (n > steps.length) n = steps.length;
		cur = n;
		for (var i = 0; i < steps.length; i++)
			steps[i].hidden = (i + 1 !== n);
		var first = null;
		for (var j = 0; j < lines.length; j++) {
			var l = lines[j], on = l.getAttribute('data-step') === String(n);
			l.classList.toggle('current', on);
			l.classList.toggle('here', l.getAttribute('data-snap') === String(n));
			if (on && !first) first = l;
		}
		var s = steps[n - 1];
		document.getElementById('label').textContent =
			'step ' + n + ' of ' + steps.length + ': ' +
			s.getAttribute('data-label');
		document.getElementById('current-lines').textContent =
			String(document.querySelectorAll('#console .current').length);
		document.body.setAttribute('data-step', String(n));
		if (first && first.scrollIntoView) first.scrollIntoView({block: 'center'});
		if (location.hash !== '#step=' + n)
			history.replaceState(null, '', '#step=' + n);
	}
	function fromHash() {
		var m = /^#step=(\d+)$/.exec(location.hash);
		show(m ? parseInt(m[1], 10) : 1);
	}
	document.getElementById('prev').onclick = function () { show(cur - 1); };
	document.getElementById('next').onclick = function () { show(cur + 1); };
	document.addEventListener('keydown', function (ev) {
		if (ev.key === 'ArrowLeft') show(cur - 1);
		if (ev.key === 'ArrowRight') show(cur + 1);
	});
	window.addEventListener('hashchange', fromHash);
	fromHash();
})();
JS

my $STEPPER_CSS = <<'CSS';
body { font-family: sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
header { padding: 6px 10px; background: #eee; display: flex; gap: 10px; align-items: center; }
main { flex: 1; display: flex; min-height: 0; }
#pictures { flex: 3; overflow: auto; padding: 6px; }
#pictures svg { max-width: 100%; height: auto; }
#console { flex: 2; overflow: auto; margin: 0; padding: 6px; font: 12px monospace; background: #fafafa; border-left: 1px solid #ccc; }
#console .line { display: block; white-space: pre-wrap; color: #666; }
#console .snap { color: #999; font-style: italic; }
#console .none { font-style: italic; }
#console .here { color: #000; font-weight: bold; }
#console .current { color: #000; background: #ffe58a; }
CSS

# The console pane: the lines before each snapshot (marked data-step N),
# and a marker line where each snapshot was.
sub console_html {
	my @steps = @_;
	my @out;
	for my $n (1 .. @steps) {
		my @before = @{$steps[$n - 1]{before}};
		push @out, map { "<span class=\"line\" data-step=\"$n\">" .
			html_escape($_) . "</span>" } @before;
		push @out, "<span class=\"line none\" data-step=\"$n\">" .
			"(nothing printed since the snapshot before)</span>"
			unless @before;
		push @out, "<span class=\"line snap\" data-snap=\"$n\">" .
			html_escape("[snapshot $n: $steps[$n - 1]{label}]") .
			"</span>";
	}
	return join '', @out;
}

# Write the stepper of run $name to $file: @steps are { label, before
# (console lines), svg (file name) }, in order.
sub write_html {
	my ($file, $name, @steps) = @_;
	my @pictures = map {
		my $s = $steps[$_ - 1];
		"<div class=\"step\" id=\"step-$_\" data-label=\"" .
			html_escape($s->{label}) . "\"" . ($_ > 1 ? ' hidden' : '') .
			">\n" . inline_svg($s->{svg}) . "</div>";
	} 1 .. @steps;
	my $title = html_escape("$name: the sharing graph, step by step");
	my $html = <<"HTML";
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>$title</title>
<style>
$STEPPER_CSS</style>
</head>
<body>
<header>
<button id="prev" type="button">&larr; previous</button>
<button id="next" type="button">next &rarr;</button>
<strong id="label">step 1 of ${\ scalar @steps}: ${\ html_escape($steps[0]{label})}</strong>
<span>(arrow keys step too; highlighted console lines: <span id="current-lines">0</span>)</span>
</header>
<main>
<div id="pictures">
@{[join "\n", @pictures]}
</div>
<div id="console">@{[console_html(@steps)]}</div>
</main>
<script>
$STEPPER_JS</script>
</body>
</html>
HTML
	open my $fh, '>', $file or die "$0: $file: $!\n";
	print $fh $html;
	close $fh or die "$0: $file: $!\n";
}

1;
