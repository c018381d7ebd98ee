#!/bin/bash
# Live scans under valgrind --leak-check=full, as CI runs them after the
# sanitizer build (valgrind cannot run an ASan binary, so this is a plain
# Debug build of its own).  Any error or leak fails: valgrind then exits
# 99 (--errors-for-leak-kinds=definite,indirect), which nsinspect never does.  valgrind 3.19 does not
# know listmount/statmount/openat2: it warns and nsinspect takes its
# fallbacks (mountinfo through the dlopen()ed libmount, O_NOFOLLOW), which
# are then the paths checked here.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${VALGRIND_BUILD_DIR:-build-valgrind}
cmake -S . -B "$build" -DNSI_WERROR=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)" --target nsinspect >/dev/null

vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99)
runs=(
	"-l"
	"-J --output-all"
	"--deep -P -o NS,TYPE,HOLDERS"
	"-T owner"
	"--metrics"
	"--compare 1 $$"
)
for args in "${runs[@]}"; do
	rc=0
	# shellcheck disable=SC2086 # one word per option
	"${vg[@]}" "$build/nsinspect" $args >/dev/null 2>"$build/valgrind.err" || rc=$?
	# --compare answers 1 (not shared) or 2 (PID 1 may be hidden); 99 is valgrind's, >128 a signal
	if ((rc == 99 || rc > 128)); then
		echo "valgrind: nsinspect $args: exit $rc" >&2
		cat "$build/valgrind.err" >&2
		exit 1
	fi
	echo "valgrind: nsinspect $args: no errors, no leaks"
done
