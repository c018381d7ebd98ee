#!/bin/bash
# nsinspect never colours its output, like lsns by default: no escape
# code in any output format, to a pipe or to a terminal, with NO_COLOR
# set or not, even for a command line that holds escape codes itself
# (fixture PID 203: libsmartcols prints them as \x1b text).
set -euo pipefail
: "${NSINSPECT:?} ${SRCDIR:?}"
fails=0 n=0
root=$SRCDIR/tests/fixtures/basic
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TERM=xterm-256color LC_ALL=C.UTF-8
unset NO_COLOR

# no_escape DESCRIPTION FILE: FILE is output, and has no ESC byte
no_escape() {
	n=$((n + 1))
	if [[ ! -s $2 ]]; then
		echo "FAIL: $1: no output"
		fails=$((fails + 1))
	elif grep -q $'\x1b' "$2"; then
		echo "FAIL: $1: escape code in the output:"
		grep -n $'\x1b' "$2" | od -c | head -5
		fails=$((fails + 1))
	fi
}

have_pty=0
# script(1) gives the command a pseudo-terminal; check that it really does
if command -v script >/dev/null &&
	script -qec 'test -t 1' /dev/null </dev/null >/dev/null 2>&1; then
	have_pty=1
else
	echo "script(1) cannot make a pseudo-terminal here: terminal cases skipped"
fi

for nocolor in unset 1; do
	for args in "" "-l" "-r" "-J" "-T owner" "-H" "-o PID,COMMAND 4026532305"; do
		# shellcheck disable=SC2086
		if [[ $nocolor == unset ]]; then
			"$NSINSPECT" --sysroot "$root" $args >"$tmp/out" 2>&1 || true
		else
			NO_COLOR=1 "$NSINSPECT" --sysroot "$root" $args >"$tmp/out" 2>&1 || true
		fi
		no_escape "pipe, NO_COLOR $nocolor: nsinspect $args" "$tmp/out"
		((have_pty)) || continue
		env=
		[[ $nocolor == unset ]] || env="NO_COLOR=1"
		script -qec "test -t 1 && env $env '$NSINSPECT' --sysroot '$root' $args" \
			/dev/null </dev/null >"$tmp/out" 2>&1 || true
		no_escape "terminal, NO_COLOR $nocolor: nsinspect $args" "$tmp/out"
	done
done
# and PID 203's escape codes were there to be printed, as text
n=$((n + 1))
"$NSINSPECT" --sysroot "$root" -r -o PID,COMMAND 4026532305 >"$tmp/out"
if ! grep -qF '203 evil\x1b[31mred' "$tmp/out"; then
	echo "FAIL: PID 203's command line is not printed with its escapes as text"
	fails=$((fails + 1))
fi
# the live system too, where anything may show up in a command line
"$NSINSPECT" >"$tmp/out" 2>&1
no_escape "pipe, live system" "$tmp/out"

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
