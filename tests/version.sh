#!/bin/bash
# --version: "nsinspect X.Y.Z (git REV)" from a git checkout, "nsinspect
# X.Y.Z" from a tarball.  Checks the built binary against project(VERSION)
# and the source tree's git revision, then drives cmake/version.cmake on
# throwaway trees: no git, a tarball unpacked inside another repository,
# a clean, a dirty and a newly committed checkout.
set -euo pipefail
: "${NSINSPECT:?} ${SRCDIR:?} ${NSI_PROJECT_VERSION:?} ${CMAKE_COMMAND:?}"
fails=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check DESCRIPTION EXPECTED ACTUAL
check() {
	n=$((n + 1))
	if [[ $2 != "$3" ]]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fails=$((fails + 1))
	fi
}

# the built binary
out=$("$NSINSPECT" --version)
check "-V and --version agree" "$out" "$("$NSINSPECT" -V)"
if command -v git >/dev/null && git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
	# a file edited since the build may add -dirty on either side: compare without it
	rev=$(git -C "$SRCDIR" describe --always)
	got=${out%)}
	check "--version in a checkout" "nsinspect $NSI_PROJECT_VERSION (git $rev)" "${got%-dirty})"
else
	check "--version without git" "nsinspect $NSI_PROJECT_VERSION" "$out"
fi

# version_of DIR: the text cmake/version.cmake makes for a source tree DIR
version_of() {
	"$CMAKE_COMMAND" -DSRC="$1" -DOUT="$tmp/version.h" -DVERSION=9.8.7 \
		-P "$SRCDIR/cmake/version.cmake"
	sed -n 's/^#define NSI_VERSION_STRING "\(.*\)"$/\1/p' "$tmp/version.h"
}
g() { git -C "$tmp/repo" -c user.name=t -c user.email=t@example.org "$@" >/dev/null; }

mkdir -p "$tmp/tarball"
check "a tree without git" "9.8.7" "$(version_of "$tmp/tarball")"

if ! command -v git >/dev/null; then
	check "git is missing (scripts/install-deps.sh --tests installs it)" "git" ""
else
	mkdir -p "$tmp/repo/unpacked"
	g init -q
	echo a >"$tmp/repo/file"
	g add file
	g commit -q -m one
	check "a tarball unpacked inside another repository" "9.8.7" "$(version_of "$tmp/repo/unpacked")"
	rev=$(git -C "$tmp/repo" rev-parse --short HEAD)
	check "a clean checkout" "9.8.7 (git $rev)" "$(version_of "$tmp/repo")"

	# an unchanged revision leaves the header alone: nothing recompiles
	touch -d @0 "$tmp/version.h"
	version_of "$tmp/repo" >/dev/null
	check "header untouched when unchanged" 0 "$(stat -c %Y "$tmp/version.h")"

	echo b >"$tmp/repo/file"
	check "a dirty checkout" "9.8.7 (git $rev-dirty)" "$(version_of "$tmp/repo")"
	g commit -q -a -m two
	rev=$(git -C "$tmp/repo" rev-parse --short HEAD)
	check "a new commit is seen at once" "9.8.7 (git $rev)" "$(version_of "$tmp/repo")"
fi

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
