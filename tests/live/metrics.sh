#!/bin/bash
# --metrics: the Prometheus text format, accepted by `promtool check
# metrics` (the Debian package prometheus, installed by
# scripts/install-deps.sh), with values from the kernel: a network
# namespace made here and its process count from readlink, the namespace
# counts agree with the samples of the same output.  --metrics=FILE
# replaces the file atomically with a world-readable one, and again and
# again with --watch: a reader never sees half a file, and each rewrite
# shows a netns made or deleted meanwhile.  Container labels are checked
# in tests/live/docker.sh, label escaping in tests/unit/test_parsers.c.
source "$(dirname "$0")/../lib.sh"
need_root
need_command promtool prometheus
need_command ip iproute2

start_holder net 2
INO=$(ns_inode "${HOLDER_PIDS[0]}" net)

out=$("$NSINSPECT" --metrics 2>"$TEST_TMP/err")
check "exit status" 0 $?
check "no warning on stderr (the metrics carry it)" "" "$(cat "$TEST_TMP/err")"
lint=$(promtool check metrics <<<"$out" 2>&1)
check "promtool check metrics" "0 " "$? $lint"

# nsinspect_namespace_processes for our netns: 3 processes (leader + 2)
read -r n _ <<<"$(truth net "$INO")"
check "processes in our netns (readlink: $n)" "$n" \
	"$(grep "^nsinspect_namespace_processes{type=\"net\",inode=\"$INO\"," <<<"$out" | awk '{ print $NF }')"
# Counts and samples within one output agree (another run would scan a
# machine whose namespaces have come and gone meanwhile)
for t in mnt net pid uts ipc user cgroup time; do
	check "namespaces of type $t: one sample each" \
		"$(grep -c "^nsinspect_namespace_processes{type=\"$t\"," <<<"$out")" \
		"$(grep "^nsinspect_namespaces{type=\"$t\"}" <<<"$out" | awk '{ print $NF }')"
done
for t in mnt net pid uts ipc user cgroup time; do
	check "our holder's $t namespace has a sample" 1 \
		"$(grep -c "^nsinspect_namespace_processes{type=\"$t\",inode=\"$(ns_inode "${HOLDER_PIDS[1]}" $t)\"," <<<"$out")"
done
check "-t net: only net" "nsinspect_namespaces{type=\"net\"}" \
	"$("$NSINSPECT" --metrics -t net | grep '^nsinspect_namespaces{' | awk '{ print $1 }')"
check "-p: the holder's namespaces" "8" \
	"$("$NSINSPECT" --metrics -p "${HOLDER_PIDS[1]}" | grep -c '^nsinspect_namespace_processes{')"
grep -q '^nsinspect_scan_duration_seconds [0-9.]*$' <<<"$out" || fail "no scan duration: $out"

# --metrics=FILE: written whole, mode 0644, nothing else left behind
mkdir "$TEST_TMP/textfile"
prom=$TEST_TMP/textfile/nsinspect.prom
check "--metrics=FILE: exit 0, nothing on stdout" "0 " "$("$NSINSPECT" --metrics="$prom"; echo "$? ")"
check "--metrics=FILE: promtool" "0" "$(promtool check metrics <"$prom" >/dev/null 2>&1; echo $?)"
check "--metrics=FILE: mode" "644" "$(stat -c %a "$prom")"
check "--metrics=FILE: no temporary files" "nsinspect.prom" "$(ls "$TEST_TMP/textfile")"
"$NSINSPECT" --metrics="$prom" -t net
check "--metrics=FILE: replaced" "1" "$(grep -c '^nsinspect_namespaces{' "$prom")"
check "--metrics=FILE: one run counts no rewrite failures" 0 "$(grep -c write_failures "$prom")"
# killed while it writes (strace holds it after its fchmod of the
# temporary file, which exists then): the temporary file goes with it
need_command strace strace
tprom=$TEST_TMP/textfile/killed.prom
strace -f -o /dev/null -e trace=fchmod -e inject=fchmod:delay_exit=2000000 \
	"$NSINSPECT" --metrics="$tprom" -t net 2>/dev/null &
tracer=$!
wait_until compgen -G "$tprom.*" >/dev/null || fail "--metrics=FILE under strace: no temporary file within 30 s"
pkill -TERM -P $tracer -x nsinspect
wait $tracer
check "--metrics=FILE: killed by SIGTERM" 143 $?
check "--metrics=FILE: killed, no temporary file left" "nsinspect.prom" "$(ls "$TEST_TMP/textfile")"
err=$("$NSINSPECT" --metrics="$TEST_TMP/nodir/x.prom" 2>&1)
check "--metrics=FILE in a missing directory" "1 nsinspect: cannot write $TEST_TMP/nodir/x.prom: No such file or directory" "$? $err"
err=$(timeout 60 "$NSINSPECT" --watch=0.05 --metrics="$TEST_TMP/nodir/x.prom" 2>&1)
check "--watch --metrics=FILE: a first write that fails is an error" \
	"1 nsinspect: cannot write $TEST_TMP/nodir/x.prom: No such file or directory" "$? $err"

# --watch with --metrics=FILE rewrites the file until SIGTERM.  What it
# promises: a reader never sees half a file (each version is written
# beside FILE and renamed over it), and each rewrite shows the namespaces
# as they are now.
NAME=nsimetrics-$$
EXTRA_CLEANUP='kill -KILL $watcher $reader 2>/dev/null; ip netns del $NAME 2>/dev/null'
rm -f "$prom"
"$NSINSPECT" --watch=0.05 --metrics="$prom" -t net &
watcher=$!
wait_until test -s "$prom" || fail "--watch --metrics=FILE: no file within 30 s"
# a reader as the textfile collector is, all along the rewrites: each
# read must be the whole exposition, ending with the last family's sample
# (--watch counts its failed rewrites there)
(
	bad=0
	for ((i = 0; i < 2000; i++)); do
		mapfile -t lines <"$prom"
		[[ ${#lines[@]} -gt 0 && ${lines[-1]} =~ ^nsinspect_metrics_file_write_failures_total\ [0-9]+$ ]] || bad=$((bad + 1))
	done
	echo "$bad" >"$TEST_TMP/torn"
) &
reader=$!
# hold the version there is now: a rewrite in place would change it under us
exec {held}<"$prom"
before=$(cat "/dev/fd/$held")
ip netns add "$NAME"
NSINO=$(ip netns exec "$NAME" readlink /proc/self/ns/net | tr -dc 0-9)
sample="^nsinspect_namespace_processes{type=\"net\",inode=\"$NSINO\","
wait_until grep -q "$sample" "$prom"
check "--watch --metrics=FILE: a rewrite shows a new netns" 1 "$(grep -c "$sample" "$prom")"
check "--watch --metrics=FILE: the version held open is untouched" "$before" "$(cat "/dev/fd/$held")"
exec {held}<&-
ip netns del "$NAME"
wait_until eval '! grep -q "$sample" "$prom"'
check "--watch --metrics=FILE: a rewrite drops the deleted netns" 0 "$(grep -c "$sample" "$prom")"
wait "$reader"
check "--watch --metrics=FILE: reads of a whole file, out of 2000" 0 "$(cat "$TEST_TMP/torn")"
kill -TERM $watcher
wait $watcher
check "--watch --metrics=FILE: SIGTERM, exit 0" 0 $?
check "--watch --metrics=FILE: promtool" "0" "$(promtool check metrics <"$prom" >/dev/null 2>&1; echo $?)"
check "--watch --metrics=FILE: no temporary files" "nsinspect.prom" "$(ls "$TEST_TMP/textfile")"

# A full disk, as the DaemonSet meets it: a rewrite that fails keeps the
# old file, is said once, is tried again each interval, and is counted in
# the file once one succeeds.
full=$TEST_TMP/full
mkdir "$full" && mount -t tmpfs -o size=64k nsitest "$full" || fail "cannot mount a tmpfs"
EXTRA_CLEANUP="umount $full 2>/dev/null; $EXTRA_CLEANUP"
fprom=$full/n.prom
"$NSINSPECT" --watch=0.05 --metrics="$fprom" -t net 2>"$TEST_TMP/full.err" &
watcher=$!
wait_until test -s "$fprom" || fail "--watch --metrics=FILE on a tmpfs: no file within 30 s"
dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null
wait_until grep -q 'No space left on device' "$TEST_TMP/full.err" ||
	fail "--watch --metrics=FILE: no warning of a full disk within 30 s"
check "full disk: the old file is whole" 0 "$(promtool check metrics <"$fprom" >/dev/null 2>&1; echo $?)"
rm "$full/filler"
wait_until grep -q '^nsinspect_metrics_file_write_failures_total [1-9]' "$fprom" ||
	fail "--watch --metrics=FILE: no rewrite after the disk had room again"
kill -TERM $watcher
wait $watcher
check "full disk: --watch went on, SIGTERM, exit 0" 0 $?
check "full disk: said once, and once that it writes again" \
	"nsinspect: warning: cannot write $fprom: No space left on device; the old file stays, trying again every interval
nsinspect: warning: $fprom written again, after" \
	"$(grep -v 'could not be inspected' "$TEST_TMP/full.err" | sed 's/\(written again, after\).*/\1/')"
check "full disk: no temporary files" "n.prom" "$(ls "$full")"
umount "$full"

finish
