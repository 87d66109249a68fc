#!/bin/sh
# Refreshes fixtures/kernel/6.12 from Debian's linux-source-6.12: the files listed
# in fixtures/kernel/FILES, and fixtures/kernel/6.12.manifest (version, Debian
# revision, sha256 per file). Run it when the package moves on and you want the
# tests on the new revision; then run fixtures/tree/make.sh to remake the series.
set -eu
cd "$(dirname "$0")/.."
TARBALL=$(scripts/debian-kernel-tarball.sh)
TOP=linux-source-6.12
DEST=fixtures/kernel/6.12
MANIFEST=fixtures/kernel/6.12.manifest

files=$(grep -v '^#' fixtures/kernel/FILES | grep .)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
set --
for f in $files; do set -- "$@" "$TOP/$f"; done
tar -xJf "$TARBALL" -C "$TMP" --strip-components=1 "$@"

rm -rf "$DEST"
mkdir -p "$DEST"
(cd "$TMP" && tar -cf - $files) | (cd "$DEST" && tar -xf -)

ver=$(awk -F' *= *' '/^VERSION/{v=$2} /^PATCHLEVEL/{p=$2} /^SUBLEVEL/{s=$2} END{print v"."p"."s}' "$DEST/Makefile")
deb=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
{
  echo "# Linux $ver from Debian's linux-source-6.12 $deb (GPL-2.0-only; see COPYING in the kernel)"
  echo "version $ver"
  echo "debian $deb"
  (cd "$DEST" && for f in $files; do sha256sum "$f"; done)
} > "$MANIFEST"
echo "kernel-subset.sh: $(echo "$files" | wc -l) files of Linux $ver (Debian $deb) in $DEST"
