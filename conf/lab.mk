# Which lab (issue) this tree is at; used by the grader's file name.
LAB := 2
