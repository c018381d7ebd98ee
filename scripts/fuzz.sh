#!/bin/bash
# Fuzz every harness of tests/fuzz for a bounded time, as CI does after
# the main test run: a clang build with -DNSI_FUZZ=ON in its own build
# directory, then the fuzz_run_* tests, two at a time per CPU pair.  Any
# crash, leak, sanitizer report or broken promise fails the run; the
# input that caused it is left in $build/tests/fuzz/artifacts/.
#
#   NSI_FUZZ_TIME   seconds per harness (default 15: about 1.5 minutes
#                   of fuzzing on 2 CPUs for the 13 harnesses)
#   FUZZ_BUILD_DIR  build directory (default build-fuzz-ci)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${FUZZ_BUILD_DIR:-build-fuzz-ci}
secs=${NSI_FUZZ_TIME:-15}

if ! command -v clang >/dev/null; then
	echo "fuzz: clang is missing; scripts/install-deps.sh installs it" >&2
	exit 1
fi
CC=clang cmake -S . -B "$build" -DNSI_FUZZ=ON -DNSI_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DNSI_FUZZ_TIME="$secs" >/dev/null
cmake --build "$build" -j"$(nproc)"

cd "$build"
status=0
ctest -R '^fuzz_run_' -j"$(nproc)" --output-on-failure || status=$?

# libFuzzer's final statistics, one line per harness, from ctest's log
echo "fuzz: executions in ${secs} s per harness:"
awk '/^[0-9]+\/[0-9]+ Test: fuzz_run_/ { name = $3; sub(/^fuzz_run_/, "", name) }
     /stat::number_of_executed_units:/ { if (name != "") printf "  %-12s %12d\n", name, $2 }' \
	Testing/Temporary/LastTest.log
exit "$status"
