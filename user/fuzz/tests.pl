# The system-call fuzzer (fuzz.c, docs/threat-model.md), run as "fuzz
# SEED CALLS" under -icount, which ties QEMU's clock to the instruction
# count so that a seed replays exactly, with the same interleaving of the
# fuzzer and its children (`make fuzz SEED=s ITER=n` runs the same).  A
# run passes when it reaches its last call, no result was WRONG, nothing
# panicked and the system ended idle with a clean audit.

my @ICOUNT = ('-icount', 'shift=5,sleep=off');

# Two fixed seeds, 2000 calls each, graded.
part 'robust', idle => 1, timeout => 60, qemu => [@ICOUNT],
	forbid => ['fuzz: WRONG'];

qemu_test 'fuzz_1',
	exercise => 'C2',
	points => 5, prog => 'fuzz', args => '1 2000',
	expect => ['fuzz: seed 1, 2000 calls, done'];

qemu_test 'fuzz_42',
	exercise => 'C2',
	points => 5, prog => 'fuzz', args => '42 2000',
	expect => ['fuzz: seed 42, 2000 calls, done'];

# Part fuzz, run only when named (`make fuzz-many` runs ./grade-lab2
# fuzz): ten seeds of 10,000 calls, outside the score of make grade.  FUZZ_SEEDS and FUZZ_ITER
# in the environment choose others.
part 'fuzz', optional => 1, idle => 1, timeout => 120, qemu => [@ICOUNT],
	forbid => ['fuzz: WRONG'];

my $ITER = $ENV{FUZZ_ITER} || 10000;
for my $seed (split ' ', $ENV{FUZZ_SEEDS} || '1 2 3 4 5 6 7 8 9 10') {
	qemu_test "fuzz_seed_$seed",
		exercise => 'C2',
		prog => 'fuzz', args => "$seed $ITER",
		expect => [qr/^fuzz: seed \Q$seed\E, \d+ calls, done$/];
}
