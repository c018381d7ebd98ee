#!/bin/bash
# Golden tests: run nsinspect on a fixture tree and compare
# stdout and stderr (plus the exit status) with the hand-checked files in
# tests/golden/.  No privileges needed: on a fixture (a --sysroot dump)
# UID and USER come from the Uid line of proc/PID/status, not from the
# owner of the directory, which a git checkout cannot carry.
#   golden.sh            compare
#   golden.sh --regen    rewrite the expected files (check them by hand!)
set -u
: "${NSINSPECT:?} ${SRCDIR:?}"
dir=$SRCDIR/tests/golden
# shellcheck source=tests/hostile_state.sh
source "$SRCDIR/tests/hostile_state.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# fixture NAME: a private copy of tests/fixtures/NAME, with what git cannot keep
prepare_fixture() {
	local root=$tmp/$1
	[[ -d $root ]] && return
	cp -a "$SRCDIR/tests/fixtures/$1" "$root"
	case $1 in
	engines)
		# a state file of 3 GiB (sparse): must be skipped, not read
		truncate -s 3G "$root/var/lib/docker/containers/$(printf 'b%.0s' {1..64})/config.v2.json"
		;;
	hostile) make_hostile_state "$root/var/lib/docker/containers" ;;
	esac
}
export COLUMNS=80 LC_ALL=C.UTF-8
fail=0 n=0

while IFS='|' read -r name args; do
	name=$(echo $name)
	[[ -z $name || $name == \#* ]] && continue
	n=$((n + 1))
	# "@NAME args": run on tests/fixtures/NAME instead of basic
	fixture=basic
	args=${args# }
	if [[ $args == @* ]]; then
		fixture=${args%% *}
		fixture=${fixture#@}
		args=${args#@"$fixture"}
	fi
	prepare_fixture "$fixture"
	# shellcheck disable=SC2086
	"$NSINSPECT" --sysroot "$tmp/$fixture" $args >"$tmp/out" 2>"$tmp/err"
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
