# Part instructor: conf/grade-submission and the Gradescope bundle on
# synthetic submissions (docs/instructor.md).  It grades whole
# submissions, minutes of work, so the part runs only when named:
# `make instructor-check`, which CI runs after `make grade`.

part 'instructor', optional => 1;

# Five submissions in a batch: the solution, the handout, a broken fork,
# a fork that never returns (the time limit) and a tampered grader.
host_test 'submissions', points => 10, timeout => 1500,
	cmd => 'perl user/test/instructor/submissions.pl';


# make gradescope, then its run_autograder on the solution, on a build
# that fails, on an empty submission and with a grader that cannot run.
host_test 'gradescope', points => 5, timeout => 900,
	cmd => 'perl user/test/instructor/gradescope.pl';
