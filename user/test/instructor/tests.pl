# Part instructor: conf/grade-submission on synthetic submissions
# (docs/instructor.md).  It grades whole submissions, minutes of work,
# so the part runs only when named: `make instructor-check`, which CI
# runs after `make grade`.

part 'instructor', optional => 1;

# Five submissions in a batch: the solution, the handout, a broken fork,
# a fork that never returns (the time limit) and a tampered grader.
host_test 'submissions', points => 10, timeout => 1500,
	cmd => 'perl user/test/instructor/submissions.pl';

