#!/bin/bash
# Hostile text (tests/fixtures/hostile: ESC, BEL, CSI as U+009B, a newline
# and a byte that is not UTF-8 in container names, images, pod labels and
# a comm) never reaches the terminal raw, in any output nsinspect has:
# tables, raw, JSON, JSON lines, --compare, --metrics, error lines.  JSON
# and the metrics stay valid (jq, promtool), and JSON gives back the
# exact name from the state file.  The golden cases show the same
# outputs byte for byte; this test covers what they cannot (--metrics has
# a time in it) and every output mode at once.
source "$SRCDIR/tests/lib.sh"
# shellcheck source=tests/hostile_state.sh
source "$SRCDIR/tests/hostile_state.sh"
export LC_ALL=C.UTF-8

root=$TEST_TMP/hostile
cp -a "$SRCDIR/tests/fixtures/hostile" "$root"
make_hostile_state "$root/var/lib/docker/containers"
nsi() { "$NSINSPECT" --sysroot "$root" "$@"; }

# raw_controls FILE: the lines of FILE with a control character other
# than newline (C0, DEL, or C1 as UTF-8), a format character that
# reorders or hides text (U+202E, U+200B, a tag: the ones in
# tests/fixtures/hostile) or a byte that is not UTF-8
raw_controls() {
	perl -ne 'print if /[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xf3\xa0[\x80\x81]/' "$1"
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || echo "(not UTF-8)"
}

# run NAME ARGS...: run nsinspect; neither stdout nor stderr may carry a raw control
run() {
	local name=$1 rc=0
	shift
	nsi "$@" >"$TEST_TMP/$name.out" 2>"$TEST_TMP/$name.err" || rc=$?
	for s in out err; do
		check "$name: no raw control in std$s" "" "$(raw_controls "$TEST_TMP/$name.$s")"
	done
	return "$rc"
}

run table -l --output-all
run raw -r --output-all
run tree
run nsid 4026531838
run json -J --output-all
run lines --json-lines --output-all
run compare --compare ecec 710 || true
run compare_json --compare -J ecec 1 || true
run metrics --metrics
run stopped -c 0c0c && fail "-c on a stopped container succeeded"
check "stopped: one error line" 1 "$(wc -l <"$TEST_TMP/stopped.err")"
run bad_type -t "$(printf 'net\033[2J')" && fail "a bad -t succeeded"
run bad_type_bidi -t "$(printf 'net\342\200\256ten')" && fail "a bad -t succeeded"
check "an error line escapes U+202E" "nsinspect: unknown namespace type: 'net\\xe2\\x80\\xaeten'" \
	"$(head -n 1 "$TEST_TMP/bad_type_bidi.err")"

jq -e . "$TEST_TMP/json.out" >/dev/null || fail "-J is not valid JSON"
jq -e . "$TEST_TMP/compare_json.out" >/dev/null || fail "--compare -J is not valid JSON"
check "--json-lines: every line is JSON" "$(wc -l <"$TEST_TMP/lines.out")" \
	"$(jq -c . "$TEST_TMP/lines.out" | wc -l)"
# the name as Docker wrote it, \u escapes and all, comes back from the JSON
want=$(printf '\033]0;owned\a\033[2Jevil\nname\302\23331m')
check "JSON gives back the name" "$want" \
	"$(jq -r '[.namespaces[] | select(.pid == 700)][0].container' "$TEST_TMP/json.out")"
# format characters come back too, from \u escapes (a UTF-16 pair for U+E0041)
check "JSON gives back format characters" "$(printf '/usr/bin/\342\200\256gnp.exe --zero\342\200\213width \363\240\201\201tag')" \
	"$(jq -r '[.namespaces[] | select(.pid == 750)][0].command' "$TEST_TMP/json.out")"
check "JSON writes them as \\u escapes" '"/usr/bin/\u202egnp.exe --zero\u200bwidth \udb40\udc41tag"' \
	"$(grep -o '"/usr/bin/[^"]*gnp.exe[^"]*"' "$TEST_TMP/json.out" | head -n 1)"
check "the table escapes them" '/usr/bin/\xe2\x80\xaegnp.exe --zero\xe2\x80\x8bwidth \xf3\xa0\x81\x81tag' \
	"$(grep -o '/usr/bin/[^ ]*gnp.exe.*tag' "$TEST_TMP/table.out" | head -n 1)"
# 0xff (not UTF-8) becomes U+FFFD, the rest of the LXC name is kept
check "JSON repairs the cgroup name" "$(printf '\033[31m\357\277\275bad\302\2332J')" \
	"$(jq -r '[.namespaces[] | select(.pid == 710)][0].container' "$TEST_TMP/json.out")"

if command -v promtool >/dev/null; then
	promtool check metrics <"$TEST_TMP/metrics.out" >"$TEST_TMP/promtool" 2>&1 ||
		fail "promtool check metrics: $(cat "$TEST_TMP/promtool")"
	CHECKS=$((CHECKS + 1))
else
	fail "promtool (prometheus) is missing (scripts/install-deps.sh --tests installs it)"
fi
# the escaped name, as the table shows it, is the label value
check "metrics label" 'container="\\x1b]0;owned\\x07\\x1b[2Jevil\nname\\xc2\\x9b31m"' \
	"$(grep -o 'container="[^"]*owned[^"]*"' "$TEST_TMP/metrics.out" | head -n 1)"
# the 12 MiB state file is read, the 100,000-deep one refused (its id
# comes from the cgroup, and names it where no name is known)
check "12 MiB state" "long" "$(jq -r '[.namespaces[] | select(.pid == 720)][0].container' "$TEST_TMP/json.out")"
check "deep state" "$(printf 'de%.0s' {1..32}) $(printf 'de%.0s' {1..32})" \
	"$(jq -r '[.namespaces[] | select(.pid == 730)][0] | "\(.container) \(.container_id)"' "$TEST_TMP/json.out")"
# A sysroot whose /proc files are FIFOs (issue 21): one that nobody
# writes, one held open by a writer that never writes.  No open or read
# may hang; such a file is refused like an unreadable one (the command
# falls back to comm, PPID and USER are unknown, mountinfo gives no
# nsfs mounts) and the rest of the answer stays as it was.
fifo=$TEST_TMP/fifo
cp -a "$SRCDIR/tests/fixtures/basic" "$fifo"
# processes ROOT: PID, PPID, USER, COMMAND of the host uts namespace's processes
processes() {
	timeout 60 "$NSINSPECT" --sysroot "$1" -J -t uts -o PID,PPID,USER,COMMAND 4026531838 2>"$TEST_TMP/fifo.err" |
		jq -c '[.processes[] | [.pid, .ppid, .user, .command]]'
}
before=$(processes "$fifo")
for f in proc/1/cmdline proc/100/cmdline proc/200/stat proc/302/status proc/1/mountinfo; do
	rm "$fifo/$f" && mkfifo "$fifo/$f"
done
exec 7<>"$fifo/proc/1/cmdline"	# a writer that never writes
want=$(jq -c 'map(if .[0] == 1 then .[3] = "systemd" elif .[0] == 100 then .[3] = "sshd"
	elif .[0] == 200 then .[1] = null elif .[0] == 302 then .[2] = null else . end)' <<<"$before")
check "FIFOs in a sysroot: refused, the rest right" "$want" "$(processes "$fifo")"
check "FIFOs in a sysroot: no warning" "" "$(cat "$TEST_TMP/fifo.err")"
out=$(timeout 60 "$NSINSPECT" --sysroot "$fifo" -n -r -t net -o NS,NSFS 2>/dev/null)
check "FIFO mountinfo: the scan ends" 0 $?
check "FIFO mountinfo: blue's netns, no nsfs mount known" "4026532400 1" \
	"$(awk '$1 == 4026532400 { print $1, NF }' <<<"$out")"
exec 7>&-
finish
