# The instructor's targets: the student handout (docs/handout.md).  The
# handout itself leaves this file out.

HANDOUT := $(OBJDIR)/handout

# The student tree, from the git-tracked files as they are on disk:
# obj/handout/ and obj/handout.tar.gz (top directory lab2/).
handout:
	$(Q)$(PERL) conf/handout.pl $(HANDOUT)
	$(Q)tar -czf $(HANDOUT).tar.gz -C $(HANDOUT) \
		--transform 's,^\.,lab2,' --exclude ./obj --sort=name .
	@echo "+ wrote $(HANDOUT).tar.gz"

# Grade the handout, then each exercise solved in turn, and compare with
# the tests' exercise tags (conf/handout-check.pl).
handout-check: need-qemu need-hostcc
	$(Q)$(PERL) conf/handout-check.pl

.PHONY: handout handout-check
