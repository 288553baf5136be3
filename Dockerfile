# A Debian 12 machine with every tool the lab uses, for students whose
# own system is not Debian (README.md, Quick start): the tools come from
# the tree's installer, conf/need-tools.sh, as on a Debian machine.
#
#	docker build -t jos-lab2 .
#	docker run --rm -it -v "$PWD":/lab -w /lab jos-lab2 make grade
#
# .devcontainer/devcontainer.json opens the tree in it from an editor.
FROM debian:12
ENV DEBIAN_FRONTEND=noninteractive
COPY conf/need-tools.sh /tmp/need-tools.sh
RUN sh /tmp/need-tools.sh make perl git toolchain qemu gdb hostcc \
		clang-format && \
	rm -rf /var/lib/apt/lists/* /tmp/need-tools.sh
WORKDIR /lab
CMD ["bash"]
