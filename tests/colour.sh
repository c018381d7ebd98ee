#!/bin/bash
# Colours follow util-linux: --color=auto|always|never, NO_COLOR, TERM,
# and terminal-colors.d(5) (disable, enable, scheme; the most specific
# file wins, the user's before /etc).  Auto colours only a terminal
# (script(1) gives one); a pipe, raw output, JSON and metrics never get
# an escape code, and a command line's own escape codes stay text.
set -euo pipefail
: "${NSINSPECT:?} ${SRCDIR:?}"
fails=0 n=0
basic=$SRCDIR/tests/fixtures/basic
engines=$SRCDIR/tests/fixtures/engines
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TERM=xterm-256color LC_ALL=C.UTF-8 XDG_CONFIG_HOME=$tmp/config HOME=$tmp/home
unset NO_COLOR
mkdir -p "$XDG_CONFIG_HOME/terminal-colors.d" "$HOME"
tcd=$XDG_CONFIG_HOME/terminal-colors.d
ESC=$'\033'
bold="${ESC}[1m" yellow="${ESC}[1;33m" cyan="${ESC}[36m" reset="${ESC}[0m"

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
# no_escape DESCRIPTION FILE: FILE is output, and has no ESC byte
no_escape() {
	n=$((n + 1))
	if [[ ! -s $2 ]]; then
		fail "$1: no output"
	elif grep -q "$ESC" "$2"; then
		fail "$1: escape code in the output: $(grep -m1 "$ESC" "$2" | od -c | head -3)"
	fi
}
# has DESCRIPTION FILE TEXT: FILE holds TEXT (escape codes and all)
has() {
	n=$((n + 1))
	grep -qF -- "$3" "$2" || fail "$1: no '$(printf %q "$3")' in: $(head -c 300 "$2" | od -c | head -5)"
}
# on_tty OUT ARGS...: run nsinspect on a pseudo-terminal, output (no CRs) to OUT
on_tty() {
	local out=$1 cmd
	shift
	cmd=$(printf '%q ' "$NSINSPECT" "$@")
	script -qec "$cmd 2>/dev/null" /dev/null </dev/null | tr -d '\r' >"$out" || true
}

# pipes: never a colour unless asked for, with NO_COLOR set or not
for nocolor in unset 1; do
	for args in "" "-l" "-r" "-J" "-T owner" "-H" "-o PID,COMMAND 4026532305"; do
		# shellcheck disable=SC2086
		if [[ $nocolor == unset ]]; then
			"$NSINSPECT" --sysroot "$basic" $args >"$tmp/out" 2>&1 || true
		else
			NO_COLOR=1 "$NSINSPECT" --sysroot "$basic" $args >"$tmp/out" 2>&1 || true
		fi
		no_escape "pipe, NO_COLOR $nocolor: nsinspect $args" "$tmp/out"
	done
done
"$NSINSPECT" >"$tmp/out" 2>&1
no_escape "pipe, live system" "$tmp/out"

# --color=always colours a pipe too, but never raw output, JSON or metrics
"$NSINSPECT" --sysroot "$basic" --color=always -l >"$tmp/out"
has "--color=always to a pipe: header" "$tmp/out" "${bold}        NS${reset}"
for args in "-r" "-J" "--json-lines" "--metrics" "-r -H" "-J -H"; do
	# shellcheck disable=SC2086
	"$NSINSPECT" --sysroot "$basic" --color=always $args >"$tmp/out" 2>&1 || true
	no_escape "--color=always $args" "$tmp/out"
done
"$NSINSPECT" --color=rainbow >"$tmp/out" 2>"$tmp/err" && fail "--color=rainbow succeeded"
n=$((n + 1))
[[ $(cat "$tmp/err") == "nsinspect: --color: unknown value 'rainbow' (auto, always or never)" ]] ||
	fail "--color=rainbow: $(cat "$tmp/err")"
[[ -s $tmp/out ]] && fail "--color=rainbow printed on stdout"

command -v script >/dev/null || { echo "FATAL: script(1) (bsdutils) is missing"; exit 1; }
if ! script -qec 'test -t 1' /dev/null </dev/null >/dev/null 2>&1; then
	# the machine, not a package: no pseudo-terminals here
	echo "script(1) cannot make a pseudo-terminal here: terminal cases not run"
	echo "$((n - fails)) passed, $fails failed"
	[[ $fails -eq 0 ]] || exit 1
	exit 77
fi

# a terminal: colours by default; the header bold, namespaces without
# processes yellow, containers cyan; a command line's escapes stay text
on_tty "$tmp/out" --sysroot "$basic" -l
has "terminal: header" "$tmp/out" "${bold}        NS${reset} ${bold}TYPE "
has "terminal: no process in 4026532500" "$tmp/out" "${yellow}4026532500${reset}"
on_tty "$tmp/out" --sysroot "$basic" -r -o PID,COMMAND 4026532305
no_escape "terminal: raw" "$tmp/out"
has "terminal: PID 203's escapes as text" "$tmp/out" '203 evil\x1b[31mred'
on_tty "$tmp/out" --sysroot "$engines" -l -t uts
has "terminal: container" "$tmp/out" "${cyan}t1 "
on_tty "$tmp/out" --sysroot "$engines" --compare t1 8140 15031
has "terminal: --compare yes" "$tmp/out" "${ESC}[32myes${reset}"
has "terminal: --compare no" "$tmp/out" "${ESC}[31mno${reset}"
on_tty "$tmp/out" --sysroot "$basic" -J
no_escape "terminal: JSON" "$tmp/out"

# what turns auto off on a terminal
on_tty "$tmp/out" --sysroot "$basic" --color=never -l
no_escape "terminal: --color=never" "$tmp/out"
NO_COLOR=1 on_tty "$tmp/out" --sysroot "$basic" -l
no_escape "terminal: NO_COLOR=1" "$tmp/out"
NO_COLOR=1 on_tty "$tmp/out" --sysroot "$basic" --color=always -l
has "terminal: --color=always beats NO_COLOR" "$tmp/out" "${bold}TYPE "
TERM=dumb on_tty "$tmp/out" --sysroot "$basic" -l
no_escape "terminal: TERM=dumb" "$tmp/out"

# terminal-colors.d: the most specific file wins
touch "$tcd/disable"
on_tty "$tmp/out" --sysroot "$basic" -l
no_escape "terminal-colors.d: disable" "$tmp/out"
touch "$tcd/nsinspect.enable"
on_tty "$tmp/out" --sysroot "$basic" -l
has "terminal-colors.d: nsinspect.enable beats disable" "$tmp/out" "${bold}TYPE "
touch "$tcd/nsinspect@$TERM.disable"
on_tty "$tmp/out" --sysroot "$basic" -l
no_escape "terminal-colors.d: nsinspect@$TERM.disable beats nsinspect.enable" "$tmp/out"
on_tty "$tmp/out" --sysroot "$basic" --color=always -l
has "terminal-colors.d: --color=always beats a disable file" "$tmp/out" "${bold}TYPE "
rm -f "$tcd"/*
# without XDG_CONFIG_HOME, ~/.config/terminal-colors.d
mkdir -p "$HOME/.config/terminal-colors.d"
touch "$HOME/.config/terminal-colors.d/nsinspect.disable"
env -u XDG_CONFIG_HOME bash -c "$(declare -f on_tty); NSINSPECT='$NSINSPECT' on_tty '$tmp/out' --sysroot '$basic' -l"
no_escape "terminal-colors.d in ~/.config" "$tmp/out"
rm -f "$HOME/.config/terminal-colors.d/nsinspect.disable"

# a scheme: names, SGR numbers and escapes; a line not understood is skipped
printf '%s\n' '# nsinspect colours' 'header red' 'persistent 1;35' 'container \e[4m' 'bogus line here' \
	'shared' >"$tcd/nsinspect.scheme"
on_tty "$tmp/out" --sysroot "$basic" -l
has "scheme: header red" "$tmp/out" "${ESC}[31m        NS${reset}"
has "scheme: persistent 1;35" "$tmp/out" "${ESC}[1;35m4026532500${reset}"
on_tty "$tmp/out" --sysroot "$engines" -l -t uts
has "scheme: container \\e[4m" "$tmp/out" "${ESC}[4mt1 "

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
