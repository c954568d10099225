#!/bin/sh
# Installs clingo's grounder (Debian package `gringo`, which provides the
# `gringo` and `clingo` binaries) for the benchmark comparison. Not needed by
# the tests. Run as root (or under sudo) on a Debian/Ubuntu machine.
set -eu
if command -v gringo >/dev/null 2>&1 || command -v clingo >/dev/null 2>&1; then
  echo "clingo/gringo already installed: $(command -v gringo || command -v clingo)"
  exit 0
fi
apt-get update
apt-get install -y gringo
