#!/bin/bash
# libsmartcols's own environment variables work as they do for lsns:
# LIBSMARTCOLS_DEBUG prints the library's debug lines on stderr (and
# leaves stdout alone), LIBSMARTCOLS_DEBUG_PADDING=on makes the padding
# of cells visible.  Both need scols_init_debug() in main().
set -euo pipefail
: "${NSINSPECT:?} ${SRCDIR:?}"
fails=0 n=0
root=$SRCDIR/tests/fixtures/basic
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LIBSMARTCOLS_DEBUG LIBSMARTCOLS_DEBUG_PADDING
args=(--sysroot "$root" -l -o NS,TYPE)

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

"$NSINSPECT" "${args[@]}" >"$tmp/plain" 2>"$tmp/plain.err"
n=$((n + 1))
grep -q '^ *NS TYPE$' "$tmp/plain" || fail "the plain run has no header: $(head -1 "$tmp/plain")"
n=$((n + 1))
! grep -q 'libsmartcols:' "$tmp/plain.err" || fail "debug lines without LIBSMARTCOLS_DEBUG"

LIBSMARTCOLS_DEBUG=all "$NSINSPECT" "${args[@]}" >"$tmp/out" 2>"$tmp/err"
n=$((n + 1))
grep -q 'libsmartcols: .*INIT' "$tmp/err" || fail "LIBSMARTCOLS_DEBUG=all printed no debug lines"
n=$((n + 1))
cmp -s "$tmp/plain" "$tmp/out" || fail "LIBSMARTCOLS_DEBUG=all changed stdout"

LIBSMARTCOLS_DEBUG_PADDING=on "$NSINSPECT" "${args[@]}" >"$tmp/out" 2>/dev/null
n=$((n + 1))
# the right-aligned NS header is padded on its left
grep -q '^\.\.*NS TYPE$' "$tmp/out" || fail "LIBSMARTCOLS_DEBUG_PADDING=on: header '$(head -1 "$tmp/out")'"

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
