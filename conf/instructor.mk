#
# conf/instructor.mk: the instructor's targets, included by GNUmakefile
# (docs/instructor.md).  conf/grade-submission grades one submission or a
# batch, each in a fresh copy of the handout with only its student files
# put in.
#
#	make gradescope		obj/gradescope.zip, Gradescope's autograder:
#				setup.sh, run_autograder, the handout's tree
#	make instructor-check	part instructor of the grader: five
#				synthetic submissions graded in a batch, and
#				the Gradescope bundle run on four
#

GRADESCOPE_DIR := $(OBJDIR)/gradescope

gradescope: need-zip need-git need-perl
	$(Q)rm -rf $(GRADESCOPE_DIR) $(GRADESCOPE_DIR).zip
	$(Q)$(PERL) conf/grade-submission --prepare $(GRADESCOPE_DIR)
	$(Q)cp conf/gradescope/setup.sh conf/gradescope/run_autograder \
		conf/grade-submission $(GRADESCOPE_DIR)/
	$(Q)cd $(GRADESCOPE_DIR) && zip -qr ../gradescope.zip setup.sh \
		run_autograder grade-submission student-files tree
	@echo "+ $(GRADESCOPE_DIR).zip"

instructor-check: need-qemu need-hostcc need-git need-zip need-unzip all
	$(Q)QEMU='$(call sq,$(QEMU))' $(PERL) ./grade-lab2 --no-build -j 1 \
		$(GRADEFLAGS) instructor

.PHONY: gradescope instructor-check
