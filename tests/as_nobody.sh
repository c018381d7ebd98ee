#!/bin/bash
# The offline tests claim to need no privileges: run them again as
# nobody, on a copy of the source and build trees that nobody can read
# (the trees themselves may sit below a directory only root may enter).
# Also the unit tests and the fuzz corpora replays.  Run as an ordinary
# user, the offline tests have just run as that user: nothing to add.
#   as_nobody.sh SCRIPT...    the offline test scripts, relative to tests/
set -u
: "${NSINSPECT:?} ${SRCDIR:?} ${BUILDDIR:?} ${NSI_PROJECT_VERSION:?} ${CMAKE_COMMAND:?}"
if [[ $(id -u) != 0 ]]; then
	echo "SKIP: running as $(id -un) already: the offline tests ran unprivileged"
	exit 77
fi
command -v setpriv >/dev/null || { echo "FATAL: setpriv (util-linux) is missing"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/src" "$tmp/home"
# the source as checked out, without build trees (BUILDDIR may be one of them)
tar -C "$SRCDIR" --exclude='./build*' -cf - . | tar -C "$tmp/src" -xf -
cp -a "$BUILDDIR" "$tmp/build"
chmod -R a+rX "$tmp/src" "$tmp/build"
chown 65534:65534 "$tmp/home"
src=$tmp/src build=$tmp/build

as_nobody() {
	(cd "$tmp/home" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HOME="$tmp/home" NSINSPECT="$build/nsinspect" NSHOLDER="$build/tests/nsholder" \
		NSKEEPER="$build/tests/nskeeper" SRCDIR="$src" BUILDDIR="$build" \
		NSI_PROJECT_VERSION="$NSI_PROJECT_VERSION" CMAKE_COMMAND="$CMAKE_COMMAND" \
		GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*' "$@")
}

fails=0 n=0
# run NAME CMD...: one test as nobody; it must pass (77, skipped, is a failure here)
run() {
	local name=$1 rc
	shift
	n=$((n + 1))
	as_nobody "$@" >"$tmp/log" 2>&1
	rc=$?
	if [[ $rc != 0 ]]; then
		echo "FAIL: $name as nobody: exit $rc"
		tail -n 20 "$tmp/log"
		fails=$((fails + 1))
	fi
}

for script in "$@"; do
	run "$script" bash "$src/tests/$script"
done
run unit_parsers "$build/tests/test_parsers"
run unit_target "$build/tests/test_target"
run unit_cgroup "$build/tests/test_cgroup" "$src/tests/fixtures/cgroup-paths.tsv"
for replay in "$build"/tests/fuzz/fuzz_replay_*; do
	name=${replay##*/fuzz_replay_}
	run "fuzz_replay_$name" "$replay" "$src/tests/fuzz/corpus/$name"
done
echo "$((n - fails)) of $n passed as nobody"
[[ $fails -eq 0 ]]
