#!/bin/sh
# Build the small kernel tree the src/tree tests run on: the parts of Debian's
# linux-source-6.12 that pmreview reads, as a git repo with one commit tagged
# v6.12-debian. Installs nothing; needs `apt-get install linux-source-6.12`.
# Idempotent: a stamp file records the tarball it was built from.
set -eu

DIR=${1:-build/kernel-6.12}
TARBALL=${KERNEL_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
TOP=linux-source-6.12
STAMP="$DIR/.git/pmreview-stamp"

if [ ! -r "$TARBALL" ]; then
  echo "kernel-tree.sh: $TARBALL not found; install it with: apt-get install -y linux-source-6.12" >&2
  exit 2
fi

# Test files build it concurrently: one builds, the others wait and reuse it.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9

WANT="$(ls -l --time-style=+%s "$TARBALL" | awk '{print $5, $6}') v1"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && git -C "$DIR" rev-parse -q --verify v6.12-debian >/dev/null; then
  exit 0
fi

# Only what tests and tree facts need; tar reads the whole archive once.
MEMBERS="virt/kvm mm include/linux include/uapi/linux arch/x86/mm arch/x86/include
arch/arm64/include/asm/set_memory.h scripts/checkpatch.pl scripts/spelling.txt
scripts/const_structs.checkpatch Makefile Documentation/virt/kvm/api.rst
tools/testing/selftests/kvm/guest_memfd_test.c"

TMP="$DIR.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT INT TERM
set --
for m in $MEMBERS; do set -- "$@" "$TOP/$m"; done
tar -xJf "$TARBALL" -C "$TMP" --strip-components=1 "$@"

cd "$TMP"
git init -q
git config user.name "pmreview test tree"
git config user.email "pmreview@localhost"
git add -A
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
  git commit -q -m "Debian linux-source-6.12 (subset for pmreview)"
git tag v6.12-debian
cd - >/dev/null

rm -rf "$DIR"
mv "$TMP" "$DIR"
trap - EXIT INT TERM
echo "$WANT" > "$STAMP"
echo "kernel-tree.sh: built $DIR ($(git -C "$DIR" ls-files | wc -l) files)"
