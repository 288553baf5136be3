#!/usr/bin/perl
#
# dag.pl: the sharing-graph snapshots that dagsnap() and the monitor's
# `dag` print (kern/debug/dag.c, docs/dag.md), cut out of a console log.
#
#   kern/debug/dag.pl --out DIR --name NAME [--svg [--prog ELF]] CONSOLE-OUTPUT
#	writes DIR/NAME-N-LABEL.dot for the N-th snapshot (N = 1, 2, ...)
#	and, with --svg, its picture DIR/NAME-N-LABEL.svg and .png drawn
#	by Graphviz's dot (kern/debug/dagpic.pl: changes marked, pages
#	named from the program ELF), and DIR/NAME.html, which steps
#	through them; prints the name of every file it writes
#   kern/debug/dag.pl --check CONSOLE-OUTPUT
#	parses every snapshot, checks that it is a well-formed sharing graph
#	and that it agrees with the program's "dagfact LABEL ..." lines;
#	prints the problems and exits 1 when there are any
#
# A snapshot is every line from "--- dagsnap begin LABEL ---" to
# "--- dagsnap end LABEL ---".  grade-lab2 (part dag) loads this file with
# require and calls DagSnap::check_log(@lines).  Core Perl only.
#
package DagSnap;

use strict;
use warnings;

# ---------------------------------------------------------------------------
# Cutting snapshots out of the console.
# ---------------------------------------------------------------------------

# The snapshots in @lines, in order: { label, lines (the DOT text), ended,
# before (the console lines since the previous snapshot) }.
sub snapshots {
	my @lines = map { s/\r//gr } @_;
	my (@snaps, $cur, @before);
	for (@lines) {
		chomp;
		if (/^--- dagsnap begin (\S+) ---$/) {
			push @snaps, $cur = { label => $1, lines => [], ended => 0,
				before => [@before] };
			@before = ();
		} elsif ($cur && /^--- dagsnap end (\S+) ---$/) {
			$cur->{ended} = $1 eq $cur->{label};
			undef $cur;
		} elsif ($cur) {
			push @{$cur->{lines}}, $_;
		} else {
			push @before, $_;
		}
	}
	return @snaps;
}

# ---------------------------------------------------------------------------
# A parser for the DOT that kern/debug/dag.c writes: one digraph of node, edge,
# default-attribute and graph-attribute statements.
# ---------------------------------------------------------------------------

# The tokens of $text as [kind, text] pairs (kinds id, str, op); dies with
# a message at the first character that cannot start a token.
sub tokenize {
	my ($text) = @_;
	my @tokens;
	pos($text) = 0;
	while (pos($text) < length $text) {
		next if $text =~ /\G\s+/gc || $text =~ m{\G//[^\n]*}gc;
		if ($text =~ /\G"((?:[^"\\\n]|\\.)*)"/gc) {
			push @tokens, ['str', $1];
		} elsif ($text =~ /\G(->|[{}\[\];,=])/gc) {
			push @tokens, ['op', $1];
		} elsif ($text =~ /\G([A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d*)?)/gc) {
			push @tokens, ['id', $1];
		} else {
			my ($near) = substr($text, pos($text), 20) =~ /^([^\n]*)/;
			die $near =~ /^"/ ? "unterminated string $near\n"
				: "unexpected text '$near'\n";
		}
	}
	return @tokens;
}

# The parser's state: the tokens and the position in them.
sub peek { my ($p) = @_; return $p->{tok}[$p->{i}] }
sub peek_is {
	my ($p, $text) = @_;
	my $t = peek($p);
	return $t && $t->[0] eq 'op' && $t->[1] eq $text;
}
sub take {
	my ($p, $what) = @_;
	my $t = $p->{tok}[$p->{i}++] or die "unexpected end, expected $what\n";
	return $t;
}
sub expect_op {
	my ($p, $op) = @_;
	my $t = take($p, "'$op'");
	die "expected '$op', found '$t->[1]'\n"
		unless $t->[0] eq 'op' && $t->[1] eq $op;
}
sub take_id {
	my ($p, $what) = @_;
	my $t = take($p, $what);
	die "expected $what, found '$t->[1]'\n" if $t->[0] eq 'op';
	return $t->[1];
}

# [ name = value, ... ] as a hash reference.
sub parse_attrs {
	my ($p) = @_;
	my %attrs;
	expect_op($p, '[');
	until (peek_is($p, ']')) {
		my $name = take_id($p, 'an attribute name');
		expect_op($p, '=');
		$attrs{$name} = take_id($p, "a value for $name");
		take($p, '') if peek_is($p, ',') || peek_is($p, ';');
	}
	expect_op($p, ']');
	return \%attrs;
}

# One statement into graph $g.
sub parse_stmt {
	my ($p, $g) = @_;
	my $first = take_id($p, 'a statement');
	if ($first =~ /^(graph|node|edge)$/ && peek_is($p, '[')) {
		parse_attrs($p);
		return;
	}
	if (peek_is($p, '=')) {
		take($p, '');
		$g->{attrs}{$first} = take_id($p, "a value for $first");
		return;
	}
	my @chain = ($first);
	while (peek_is($p, '->')) {
		take($p, '');
		push @chain, take_id($p, 'an edge target');
	}
	my $attrs = peek_is($p, '[') ? parse_attrs($p) : {};
	if (@chain == 1) {
		die "vertex $first declared twice\n" if $g->{vertices}{$first};
		$g->{vertices}{$first} = $attrs;
		push @{$g->{order}}, $first;
	}
	for my $k (1 .. $#chain) {
		push @{$g->{edges}}, { from => $chain[$k - 1], to => $chain[$k],
			attrs => $attrs };
	}
}

# The graph in the DOT text @lines: { name, attrs, vertices (name =>
# attrs), order, edges ([{from, to, attrs}]) }.  Dies with the first
# syntax error.
sub parse_dot {
	my $p = { tok => [tokenize(join "\n", @_)], i => 0 };
	my $g = { attrs => {}, vertices => {}, order => [], edges => [] };
	my $kw = take_id($p, "'digraph'");
	die "expected 'digraph', found '$kw'\n" unless $kw eq 'digraph';
	$g->{name} = take_id($p, 'a graph name') unless peek_is($p, '{');
	expect_op($p, '{');
	until (peek_is($p, '}')) {
		die "unexpected end, expected '}'\n" unless peek($p);
		parse_stmt($p, $g);
		take($p, '') if peek_is($p, ';');
	}
	expect_op($p, '}');
	die "text after the closing '}'\n" if peek($p);
	return $g;
}

# ---------------------------------------------------------------------------
# What the vertices and edges say.
# ---------------------------------------------------------------------------

my $HEX = qr/[0-9a-f]{8}/;

# The label grammar of each kind of vertex (the label text as written in
# the DOT file, "\n" being two characters) and the fields it gives.
my %VERTEX = (
	env => [qr/^env ($HEX)\\nparent ($HEX)\\n([a-z-]+)$/,
		qw(id parent status)],
	pgdir => [qr/^pgdir ($HEX)\\npp_ref (\d+)$/, qw(pa pp_ref)],
	table => [qr/^table ($HEX)\\npp_ref (\d+)  paths (\d+)(\\nshared)?$/,
		qw(pa pp_ref paths shared)],
	frame => [qr/^frame ($HEX)\\npp_ref (\d+)  paths (\d+)$/,
		qw(pa pp_ref paths)],
	run => [qr/^(\d+) frames\\n($HEX)-($HEX)\\npp_ref (\d+)  paths (\d+)$/,
		qw(count first last pp_ref paths)],
);
my %PREFIX = (e => 'env', d => 'pgdir', t => 'table', f => 'frame',
	r => 'run');

# The kind of a vertex name, or undef.
sub kind_of {
	my ($name) = @_;
	return 'legend' if $name eq 'legend';
	return $name =~ /^([edtfr])($HEX)$/ ? $PREFIX{$1} : undef;
}

# Fill in kind and fields of every vertex of $g; returns the problems.
sub read_vertices {
	my ($g) = @_;
	my @problems;
	for my $name (@{$g->{order}}) {
		my $v = $g->{vertices}{$name};
		my $kind = kind_of($name);
		push(@problems, "vertex $name: not a name dagsnap uses"), next
			unless $kind;
		$v->{kind} = $kind;
		next if $kind eq 'legend';
		my ($re, @fields) = @{$VERTEX{$kind}};
		my @got = ($v->{label} // '') =~ $re;
		push(@problems, "vertex $name: bad $kind label " .
			"\"" . ($v->{label} // '') . "\""), next unless @got;
		@$v{@fields} = @got;
		$v->{count} //= 1;
		push @problems, "vertex $name: label says $got[0]"
			if $kind ne 'run' && $name ne substr($name, 0, 1) . $got[0];
		my $orange = ($v->{style} // '') eq 'filled' &&
			($v->{fillcolor} // '') eq 'orange';
		$v->{orange} = $orange ? 1 : 0;
	}
	return @problems;
}

# The edge label grammar for each (source kind, target kind).
my $BITS = qr/[RW](?: COW)?(?: SHARE)?/;
my %EDGE = (
	'pgdir table' => qr/^($HEX)-($HEX) ([RW](?: SHARED-PT)?)$/,
	'table frame' => qr/^($HEX)() ($BITS)$/,
	'table run' => qr/^($HEX)-($HEX) ($BITS)$/,
);

# Fill in the address range of every edge of $g; returns the problems.
sub read_edges {
	my ($g) = @_;
	my @problems;
	for my $e (@{$g->{edges}}) {
		my $what = "edge $e->{from} -> $e->{to}";
		my @missing = grep { !$g->{vertices}{$_} } @$e{qw(from to)};
		push @problems, map { "$what: $_ is not declared" } @missing;
		next if @missing;
		my ($from, $to) = map { $g->{vertices}{$_}{kind} } @$e{qw(from to)};
		my $label = $e->{attrs}{label} // '';
		if ("$from $to" eq 'env pgdir') {
			push @problems, "$what: labelled \"$label\"" if $label ne '';
			next;
		}
		my $re = $EDGE{"$from $to"};
		push(@problems, "$what: from a $from to a $to"), next
			unless $re;
		my ($lo, $hi, $bits) = $label =~ $re;
		push(@problems, "$what: bad label \"$label\""), next
			unless defined $bits;
		# A frame's edge names one page.
		@$e{qw(lo hi bits)} = (hex $lo,
			$hi eq '' ? hex($lo) + 0xfff : hex $hi, $bits);
		push @problems, range_problems($what, $e,
			$g->{vertices}{$e->{to}});
	}
	return @problems;
}

# Problems with the address range of edge $e into vertex $to.
sub range_problems {
	my ($what, $e, $to) = @_;
	my ($lo, $size) = ($e->{lo}, $e->{hi} - $e->{lo} + 1);
	if ($to->{kind} eq 'table') {
		return "$what: range is not one aligned 4 MiB region"
			if $lo % 0x400000 || $size != 0x400000;
	} elsif ($lo % 0x1000 || $size != 0x1000 * $to->{count}) {
		return "$what: range is not $to->{count} aligned pages";
	} elsif ($to->{kind} eq 'run' &&
		($lo != hex $to->{first} || $e->{hi} != hex $to->{last})) {
		return "$what: range differs from the run's";
	}
	return ();
}

# The edges of $g by source and by target vertex name.
sub index_edges {
	my ($g) = @_;
	for my $e (@{$g->{edges}}) {
		push @{$g->{out}{$e->{from}}}, $e;
		push @{$g->{in}{$e->{to}}}, $e;
	}
}

# ---------------------------------------------------------------------------
# Whole-graph checks: reference counts, path counts, highlighting, caption.
# ---------------------------------------------------------------------------

# True when the graph shows one env and its relatives only.
sub focused {
	my ($g) = @_;
	return ($g->{attrs}{label} // '') =~ / and its relatives: /;
}

# The problems of one vertex: its pp_ref against its incoming edges, its
# paths against the paths of its sources, its colour against its paths.
sub vertex_counts {
	my ($g, $name, $paths) = @_;
	my $v = $g->{vertices}{$name};
	my @in = @{$g->{in}{$name} // []};
	my @problems;
	if ($v->{kind} eq 'pgdir') {
		push @problems, "$name: pgdir pp_ref $v->{pp_ref}, not 1"
			unless $v->{pp_ref} == 1;
		return @problems;
	}
	push @problems, "$name: pp_ref $v->{pp_ref} but " . @in .
		" incoming edges" unless $v->{pp_ref} == @in;
	my $want = 0;
	$want += $paths->{$_->{from}} // 0 for @in;
	push @problems, "$name: paths $v->{paths}, the graph gives $want"
		unless $v->{paths} == $want;
	push @problems, "$name: orange is " . ($v->{orange} ? 'on' : 'off') .
		" with $v->{paths} paths"
		unless $v->{orange} == ($v->{paths} > 1 ? 1 : 0);
	push @problems, "$name: 'shared' shown with pp_ref $v->{pp_ref}"
		if $v->{kind} eq 'table' && !!$v->{shared} != ($v->{pp_ref} > 1);
	$paths->{$name} = $v->{paths};
	return @problems;
}

# The graph's caption against its vertices.
sub caption_problems {
	my ($g) = @_;
	my $caption = $g->{attrs}{label} // '';
	my @n = $caption =~ /: (\d+) envs, (\d+) page tables, (\d+) frames, (\d+) with several paths$/
		or return ("caption \"$caption\" not understood");
	my %count = (env => 0, table => 0, frames => 0, multi => 0);
	for my $v (values %{$g->{vertices}}) {
		my $kind = $v->{kind} // '';
		if ($kind eq 'env' || $kind eq 'table') {
			$count{$kind}++;
		} elsif ($kind eq 'frame' || $kind eq 'run') {
			$count{frames} += $v->{count};
			$count{multi} += $v->{count} if $v->{paths} > 1;
		}
	}
	my @want = @count{qw(env table frames multi)};
	return () if "@n" eq "@want";
	return ("caption says @n (envs, tables, frames, several paths), " .
		"the graph has @want");
}

# Every whole-graph problem of $g (nothing to check when focused).
sub graph_problems {
	my ($g) = @_;
	return () if focused($g);
	my (%paths, @problems);
	my @names = @{$g->{order}};
	for my $name (grep { $g->{vertices}{$_}{kind} eq 'env' } @names) {
		my @out = @{$g->{out}{$name} // []};
		push @problems, "$name: " . @out . " page directories, not 1"
			unless @out == 1;
		$paths{$_->{to}} = 1 for @out;
	}
	for my $kind (qw(pgdir table frame run)) {
		push @problems, vertex_counts($g, $_, \%paths)
			for grep { $g->{vertices}{$_}{kind} eq $kind } @names;
	}
	push @problems, caption_problems($g);
	return @problems;
}

# ---------------------------------------------------------------------------
# The program's facts: "dagfact LABEL WORDS", see user/demo/dagdemo.c.
# ---------------------------------------------------------------------------

# The page directory and the table edges of env $id in $g, or a problem.
sub env_tables {
	my ($g, $id) = @_;
	my ($to_dir) = @{$g->{out}{"e$id"} // []}
		or return (undef, "no env $id in the graph");
	return ([grep { $_->{to} =~ /^t/ } @{$g->{out}{$to_dir->{to}} // []}]);
}

# The edge from env $id's table covering $va, or (undef, problem).
sub env_table_edge {
	my ($g, $id, $va) = @_;
	my ($tables, $problem) = env_tables($g, $id);
	return (undef, $problem) unless $tables;
	my ($e) = grep { $_->{lo} <= $va && $va <= $_->{hi} } @$tables;
	return $e ? ($e) : (undef, sprintf "env %s has no table for %08x",
		$id, $va);
}

# "pp_ref R paths K" of vertex $name against the fact; problems.
sub count_problems {
	my ($g, $name, $what, $ref, $paths) = @_;
	my $v = $g->{vertices}{$name};
	my @p;
	push @p, "$what: $name has pp_ref $v->{pp_ref}, the program says $ref"
		unless $v->{pp_ref} == $ref;
	push @p, "$what: $name has $v->{paths} paths, the program says $paths"
		unless $v->{paths} == $paths;
	return @p;
}

# Fact "env ID pages N tables T".
sub fact_space {
	my ($g, $what, $id, $pages, $ntables) = @_;
	my ($tables, $problem) = env_tables($g, $id);
	return "$what: $problem" unless $tables;
	my $n = 0;
	for my $t (@$tables) {
		$n += $g->{vertices}{$_->{to}}{count} // 1
			for @{$g->{out}{$t->{to}} // []};
	}
	my @p;
	push @p, "$what: the graph shows " . @$tables . " tables"
		unless @$tables == $ntables;
	push @p, "$what: the graph shows $n pages" unless $n == $pages;
	return @p;
}

# Fact "env ID table VA pa PA pp_ref R paths K".
sub fact_table {
	my ($g, $what, $id, $va, $pa, $ref, $paths) = @_;
	my ($e, $problem) = env_table_edge($g, $id, hex $va);
	return "$what: $problem" unless $e;
	return "$what: the graph's table is $e->{to}" unless $e->{to} eq "t$pa";
	return count_problems($g, $e->{to}, $what, $ref, $paths);
}

# Fact "env ID va VA pa PA pp_ref R paths K".
sub fact_frame {
	my ($g, $what, $id, $va, $pa, $ref, $paths) = @_;
	my ($t, $problem) = env_table_edge($g, $id, hex $va);
	return "$what: $problem" unless $t;
	my ($e) = grep { $_->{lo} <= hex $va && hex $va <= $_->{hi} }
		@{$g->{out}{$t->{to}} // []};
	return "$what: table $t->{to} maps nothing at $va" unless $e;
	return "$what: the graph's frame is $e->{to}"
		if $e->{to} =~ /^f/ && $e->{to} ne "f$pa";
	return count_problems($g, $e->{to}, $what, $ref, $paths);
}

# The problems of one fact line (its words after the label) about $g.
sub fact_problems {
	my ($g, $fact) = @_;
	my $what = "fact '$fact'";
	my $count = grep { $g->{vertices}{$_}{kind} eq 'env' }
		@{$g->{order}};
	if ($fact =~ /^envs (\d+)$/) {
		return $count == $1 ? () : ("$what: the graph shows $count envs");
	} elsif ($fact =~ /^env ($HEX) pages (\d+) tables (\d+)$/) {
		return fact_space($g, $what, $1, $2, $3);
	} elsif ($fact =~ /^env ($HEX) table ($HEX) pa ($HEX) pp_ref (\d+) paths (\d+)$/) {
		return fact_table($g, $what, $1, $2, $3, $4, $5);
	} elsif ($fact =~ /^env ($HEX) va ($HEX) pa ($HEX) pp_ref (\d+) paths (\d+)$/) {
		return fact_frame($g, $what, $1, $2, $3, $4, $5);
	}
	return ("$what: not a fact dag.pl knows");
}

# ---------------------------------------------------------------------------
# The copy cascade the kernel photographs itself (kern/debug/dag.c,
# dag_cascade_table and dag_cascade_page): cascade-table-shared, then at
# once cascade-table-copied, then cascade-page-copied (or -writable).
# ---------------------------------------------------------------------------

# The graph of snapshot $s with its vertices, edges and their indexes
# read, or undef when it has any problem (the other checks report it).
sub indexed_graph {
	my ($s) = @_;
	my ($g) = snapshot_graph($s);
	return undef unless $g;
	my @problems = (read_vertices($g), read_edges($g));
	return undef if @problems;
	index_edges($g);
	return $g;
}

# What cascade snapshot $g shows of the change it is about: { env, va,
# pde (the edge into the table covering va), frame (the edge into the
# frame or run mapping va; undef when none does: a system call about to
# map a page there) }, or a problem.
sub cascade_view {
	my ($g) = @_;
	my ($env, $va) = ($g->{attrs}{label} // '') =~
		/^[a-z-]+: env ($HEX), page ($HEX): /
		or return (undef, "caption names no env and page");
	my ($pde, $problem) = env_table_edge($g, $env, hex $va);
	return (undef, $problem) unless $pde;
	my ($frame) = grep { $_->{lo} <= hex $va && hex $va <= $_->{hi} }
		@{$g->{out}{$pde->{to}} // []};
	return ({ env => $env, va => $va, pde => $pde, frame => $frame });
}

# The problems of one cascade step, $view, given the previous step's
# view $prev (undef for the first).
sub cascade_step_problems {
	my ($g, $label, $view, $prev) = @_;
	my $table = $g->{vertices}{$view->{pde}{to}};
	my $frame = $view->{frame} && $g->{vertices}{$view->{frame}{to}};
	my @p;
	if ($label eq 'cascade-table-shared') {
		push @p, "the PDE is $view->{pde}{bits}, not R SHARED-PT"
			unless $view->{pde}{bits} eq 'R SHARED-PT';
		push @p, "the table has pp_ref $table->{pp_ref}"
			unless $table->{pp_ref} > 1;
		return @p;
	}
	return ("about page $view->{va}, the step before $prev->{va}")
		if $view->{va} ne $prev->{va} || $view->{env} ne $prev->{env};
	if ($label eq 'cascade-table-copied') {
		push @p, "the PDE is $view->{pde}{bits}, not W"
			unless $view->{pde}{bits} eq 'W';
		push @p, "the table is still $prev->{pde}{to}"
			if $view->{pde}{to} eq $prev->{pde}{to};
		push @p, "the new table has pp_ref $table->{pp_ref}"
			unless $table->{pp_ref} == 1;
		push @p, "the page has pp_ref $frame->{pp_ref}, not 2 or more"
			if $frame && $frame->{pp_ref} < 2;
		return @p;
	}
	push @p, "the table changed again" if $view->{pde}{to} ne $prev->{pde}{to};
	return (@p, "no page at $view->{va}") unless $frame;
	push @p, "the page has pp_ref $frame->{pp_ref}, paths $frame->{paths}"
		unless $frame->{pp_ref} == 1 && $frame->{paths} == 1;
	push @p, "the page was not copied"
		if $label eq 'cascade-page-copied' && $prev->{frame} &&
		$view->{frame}{to} eq $prev->{frame}{to};
	return @p;
}

# The step each cascade snapshot must follow ('' for none).
my %CASCADE_AFTER = ('cascade-table-shared' => '',
	'cascade-table-copied' => 'cascade-table-shared',
	'cascade-page-copied' => 'cascade-table-copied',
	'cascade-page-writable' => 'cascade-table-copied');

# The problems of the cascade snapshots among @snaps: each in its place in
# the sequence, each showing its step (cascade_step_problems).
sub cascade_problems {
	my @snaps = @_;
	my (@problems, $prev, $prev_label, $prev_n);
	for my $n (1 .. @snaps) {
		my $label = $snaps[$n - 1]{label};
		next unless $label =~ /^cascade-/;
		my $what = "snapshot $n ($label)";
		push(@problems, "$what: not a cascade step"), next
			unless exists $CASCADE_AFTER{$label};
		my $after = $CASCADE_AFTER{$label};
		if (!$after && ($prev_label // '') eq 'cascade-table-shared') {
			push @problems, "$what: the cascade before it stopped " .
				"before the table copy";
		} elsif ($after && $after ne ($prev_label // '')) {
			push @problems, "$what: does not follow $after";
		} elsif ($label eq 'cascade-table-copied' && $prev_n != $n - 1) {
			push @problems, "$what: not right after the table-shared step";
		}
		my $g = indexed_graph($snaps[$n - 1]) or next;
		my ($view, $problem) = cascade_view($g);
		push(@problems, "$what: $problem"), next unless $view;
		push @problems, map { "$what: $_" }
			cascade_step_problems($g, $label, $view, $after ? $prev : undef);
		($prev, $prev_label, $prev_n) = ($view, $label, $n);
	}
	push @problems, "snapshot $prev_n (cascade-table-shared): no table " .
		"copy after it" if ($prev_label // '') eq 'cascade-table-shared';
	return @problems;
}

# ---------------------------------------------------------------------------
# Everything together.
# ---------------------------------------------------------------------------

# The graph of snapshot $s, or undef and a problem.
sub snapshot_graph {
	my ($s) = @_;
	return (undef, 'no end line') unless $s->{ended};
	my $g = eval { parse_dot(@{$s->{lines}}) };
	return (undef, "DOT syntax: $@" =~ s/\n$//r) unless $g;
	return ($g);
}

# Every problem of the snapshots in console output @lines, checked against
# the "dagfact" lines there.  Empty when all is well.
sub check_log {
	my @lines = map { s/\r//gr } @_;
	my @snaps = snapshots(@lines);
	my %facts;
	for (@lines) {
		push @{$facts{$1}}, $2 if /^dagfact (\S+) (.*?)\s*$/;
	}
	my @problems;
	push @problems, 'no dagsnap snapshot in the output' unless @snaps;
	my %seen;
	for my $n (1 .. @snaps) {
		my $s = $snaps[$n - 1];
		$seen{$s->{label}} = 1;
		push @problems, map { "snapshot $n ($s->{label}): $_" }
			snapshot_problems($s, @{$facts{$s->{label}} // []});
	}
	push @problems, map { "facts for '$_' but no such snapshot" }
		grep { !$seen{$_} } sort keys %facts;
	push @problems, cascade_problems(@snaps);
	return @problems;
}

# The problems of one snapshot, given its facts.
sub snapshot_problems {
	my ($s, @facts) = @_;
	my ($g, $problem) = snapshot_graph($s);
	return ($problem) unless $g;
	my @problems = (read_vertices($g), read_edges($g));
	return @problems if @problems;
	index_edges($g);
	push @problems, graph_problems($g);
	push @problems, fact_problems($g, $_) for @facts;
	return @problems;
}

# Write each snapshot of @lines as DIR/NAME-N-LABEL.dot, as printed;
# returns the file names.  With $pics also its picture,
# DIR/NAME-N-LABEL.svg and .png (kern/debug/dagpic.pl: the changes since
# the snapshot before marked, the pages named from the ELF file $prog,
# when there is one), and the run's stepper DIR/NAME.html.
sub write_files {
	my ($dir, $name, $pics, $prog, @lines) = @_;
	my (@files, @steps, $prev, $prev_name);
	my @snaps = snapshots(@lines);
	if ($pics) {
		require File::Basename;
		require File::Spec;
		require File::Spec->rel2abs(File::Basename::dirname(__FILE__) .
			'/dagpic.pl');
	}
	my $layout = $pics ? DagPic::elf_layout($prog) : undef;
	for my $n (1 .. @snaps) {
		my $s = $snaps[$n - 1];
		my $base = "$dir/$name-$n-$s->{label}";
		open my $fh, '>', "$base.dot" or die "$0: $base.dot: $!\n";
		print $fh "$_\n" for @{$s->{lines}};
		close $fh or die "$0: $base.dot: $!\n";
		push @files, "$base.dot";
		next unless $pics;
		my $g = indexed_graph($s);
		my $text = $g ? DagPic::picture_dot($g, $prev, $prev_name, $layout)
			: join('', map { "$_\n" } @{$s->{lines}});
		DagPic::draw($text, "$base.svg", "$base.png");
		push @files, "$base.svg", "$base.png";
		push @steps, { label => $s->{label}, before => $s->{before},
			svg => "$base.svg" };
		($prev, $prev_name) = ($g, "$n $s->{label}") if $g;
	}
	if ($pics && @steps) {
		DagPic::write_html("$dir/$name.html", $name, @steps);
		push @files, "$dir/$name.html";
	}
	return @files;
}

sub main {
	require Getopt::Long;
	require File::Path;
	my ($out, $name, $pics, $check, $prog) = ('obj/dag', undef, 0, 0);
	Getopt::Long::GetOptions('out=s' => \$out, 'name=s' => \$name,
		'svg' => \$pics, 'check' => \$check, 'prog=s' => \$prog)
		&& @ARGV == 1 && ($check || defined $name)
		or die "usage: $0 --out DIR --name NAME [--svg [--prog ELF]] " .
		"CONSOLE-OUTPUT\n       $0 --check CONSOLE-OUTPUT\n";
	open my $fh, '<', $ARGV[0] or die "$0: $ARGV[0]: $!\n";
	my @lines = <$fh>;
	close $fh;
	if ($check) {
		my @problems = check_log(@lines);
		print "$_\n" for @problems;
		print "dag.pl: every snapshot checks out\n" unless @problems;
		exit(@problems ? 1 : 0);
	}
	File::Path::make_path($out);
	my @files = write_files($out, $name, $pics, $prog, @lines);
	die "$0: no dagsnap snapshot in $ARGV[0]\n" unless @files;
	print "$_\n" for @files;
}

main() unless caller;

1;
