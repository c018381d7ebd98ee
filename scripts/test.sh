#!/bin/bash
# The whole test suite, as CI runs it (.ci/run): install what is missing
# (install-deps.sh --tests), build from scratch with -Werror under
# AddressSanitizer and UndefinedBehaviorSanitizer, and run every test with
# ctest.  Live tests need root and make real namespaces; as another user
# they are reported as skipped.  Then the live tests run a second time, so
# that a test that fails one time in two cannot land.  Then live scans
# under valgrind (scripts/valgrind.sh, a build without sanitizers) and
# fuzzing of every parser for a bounded time (scripts/fuzz.sh, about two
# minutes on 2 CPUs; NSI_FUZZ_TIME=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh --tests

build=${BUILD_DIR:-build-test}
rm -rf "$build"
cmake -S . -B "$build" -DNSI_WERROR=ON -DNSI_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)"

# sanitizer findings fail the run; leaks too
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$build" && ctest --output-on-failure --timeout 600)
# once more: a flaky live test is a failing test (NSI_LIVE_REPEAT=N for more)
(cd "$build" && ctest -L live --repeat until-fail:"${NSI_LIVE_REPEAT:-1}" --output-on-failure --timeout 600)

# valgrind on live scans, from a build without sanitizers
./scripts/valgrind.sh

# the saved corpora were replayed above (fuzz_replay_*); now look for new bugs
if [[ ${NSI_FUZZ_TIME:-15} != 0 ]]; then
	./scripts/fuzz.sh
fi
