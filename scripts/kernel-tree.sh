#!/bin/sh
# Builds the small kernel tree the tree tests run on: fixtures/kernel/6.12 (the
# files of Debian's 6.12 that pmreview reads, kept in the repository) as a git
# repo with one commit tagged v6.12-debian. The commit is made with fixed names
# and dates, so its id depends only on the files: the fixture series' base-commit
# stays valid whichever linux-source-6.12 revision the machine has.
# Idempotent: a stamp records the manifest it was built from.
set -eu
cd "$(dirname "$0")/.."
REPO_TOP=$(pwd)
DIR=${1:-build/kernel-6.12}
case "$DIR" in /*) ;; *) DIR="$REPO_TOP/$DIR" ;; esac
SRC=fixtures/kernel/6.12
MANIFEST=fixtures/kernel/6.12.manifest
STAMP="$DIR/.git/pmreview-stamp"

# The files must be the ones the manifest names: a stray edit would move the base-commit.
(cd "$SRC" && grep -E '^[0-9a-f]{64}  ' "../6.12.manifest" | sha256sum --quiet -c -) || {
  echo "kernel-tree.sh: $SRC does not match $MANIFEST (run scripts/kernel-subset.sh to refresh both)" >&2
  exit 2
}

# Test files build it concurrently: one builds, the others wait and reuse it.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9

WANT="$(sha256sum "$MANIFEST" | cut -d' ' -f1) v2"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && git -C "$DIR" rev-parse -q --verify v6.12-debian >/dev/null; then
  exit 0
fi

TMP="$DIR.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT INT TERM
cp -R "$SRC/." "$TMP/"
cd "$TMP"
git init -q
git config user.name "pmreview test tree"
git config user.email "pmreview@localhost"
git add -A
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
  git commit -q -m "Linux 6.12 (subset for pmreview, fixtures/kernel/6.12)"
git tag v6.12-debian
cd "$REPO_TOP"

rm -rf "$DIR"
mv "$TMP" "$DIR"
trap - EXIT INT TERM
echo "$WANT" > "$STAMP"
echo "kernel-tree.sh: built $DIR ($(git -C "$DIR" ls-files | wc -l) files, $(git -C "$DIR" rev-parse --short=12 HEAD))"
