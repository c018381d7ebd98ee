#!/bin/bash
# The man page is clean for every formatter that will read it: mandoc's
# linter (all levels, style included), groff with all warnings, and
# man-db; its header carries the project's version, and ENVIRONMENT
# names the variables the program reads.  mandoc missing: skipped (77)
# after the other checks (scripts/install-deps.sh installs it).
set -euo pipefail
: "${SRCDIR:?} ${NSI_PROJECT_VERSION:?}"
page=$SRCDIR/man/nsinspect.8
fails=0 n=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run_quiet DESCRIPTION CMD...: CMD succeeds and prints nothing on stderr
run_quiet() {
	local what=$1 err
	shift
	n=$((n + 1))
	if ! err=$("$@" 2>&1 >/dev/null) || [[ -n $err ]]; then
		fail "$what:"
		echo "$err"
	fi
}

run_quiet "groff -t -man -ww -z" groff -t -man -ww -z "$page"
command -v man >/dev/null || { echo "FATAL: man (man-db) is missing (scripts/install-deps.sh --tests installs it)"; exit 1; }
run_quiet "man --warnings -l" env MANWIDTH=80 man --warnings -l "$page"

n=$((n + 1))
th=$(grep -m1 '^\.TH ' "$page")
[[ $th == *"\"nsinspect $NSI_PROJECT_VERSION\""* ]] ||
	fail ".TH does not carry version $NSI_PROJECT_VERSION: $th"

env_section=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$page")
for v in NSINSPECT_DEBUG NSINSPECT_MOUNTS LIBSMARTCOLS_DEBUG LIBSMARTCOLS_DEBUG_PADDING NO_COLOR; do
	n=$((n + 1))
	grep -q "^\.B $v\b" <<<"$env_section" || fail "ENVIRONMENT has no entry for $v"
done

command -v mandoc >/dev/null || { echo "FATAL: mandoc is missing (scripts/install-deps.sh --tests installs it)"; exit 1; }
# -Tlint reports every level down to style, on stdout; any message
# is a finding
n=$((n + 1))
if ! lint=$(mandoc -Tlint "$page" 2>&1) || [[ -n $lint ]]; then
	fail "mandoc -Tlint:"
	echo "$lint"
fi

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
