#!/bin/bash
# Golden tests: run nsinspect on the fixture /proc tree and compare
# stdout and stderr (plus the exit status) with the hand-checked files in
# tests/golden/.  UID and USER come from the owner of /proc/PID, which a
# git checkout cannot carry: we copy the tree and give the container's
# processes (201-203) to nobody and the rest to root, which needs root.
#   golden.sh            compare
#   golden.sh --regen    rewrite the expected files (check them by hand!)
set -u
: "${NSINSPECT:?} ${SRCDIR:?}"
if [[ $(id -u) != 0 ]]; then
	echo "golden: needs root to set the fixture's owners; skipped"
	exit 77
fi
dir=$SRCDIR/tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
cp -a "$SRCDIR/tests/fixtures/basic" "$root"
chown -R -h 0:0 "$root"
chown -R -h 65534:65534 "$root"/proc/20[123]
export COLUMNS=80 LC_ALL=C.UTF-8
fail=0 n=0

while IFS='|' read -r name args; do
	name=$(echo $name)
	[[ -z $name || $name == \#* ]] && continue
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$NSINSPECT" --sysroot "$root" $args >"$tmp/out" 2>"$tmp/err"
	echo "exit $?" >>"$tmp/err"
	if [[ ${1:-} == --regen ]]; then
		cp "$tmp/out" "$dir/$name.out"
		cp "$tmp/err" "$dir/$name.err"
		continue
	fi
	for s in out err; do
		if ! diff -u "$dir/$name.$s" "$tmp/$s" >"$tmp/diff"; then
			echo "FAIL $name ($s): nsinspect$args"
			cat "$tmp/diff"
			fail=$((fail + 1))
		fi
	done
done <"$dir/cases"
echo "golden: $n cases, $fail mismatches"
[[ $fail -eq 0 ]]
