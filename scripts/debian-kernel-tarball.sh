#!/bin/sh
# Prints where Debian's linux-source-6.12 put its tarball (KERNEL_TARBALL wins),
# or fails with the command that installs it. Asked of dpkg rather than written
# down, so the scripts follow whatever path the package uses.
set -eu
if [ -n "${KERNEL_TARBALL:-}" ]; then
  [ -r "$KERNEL_TARBALL" ] || { echo "KERNEL_TARBALL=$KERNEL_TARBALL is not readable" >&2; exit 2; }
  echo "$KERNEL_TARBALL"
  exit 0
fi
t=$(dpkg-query -L linux-source-6.12 2>/dev/null | grep '/linux-source-6\.12\.tar\.xz$' | head -n 1 || true)
if [ -z "$t" ] || [ ! -r "$t" ]; then
  echo "Debian's linux-source-6.12 is not installed; install it with: apt-get install -y linux-source-6.12" >&2
  exit 2
fi
echo "$t"
