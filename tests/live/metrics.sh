#!/bin/bash
# --metrics: the Prometheus text format, accepted by `promtool check
# metrics` (the Debian package prometheus, installed by
# scripts/install-deps.sh), with values from the kernel: a network
# namespace made here and its process count from readlink, the namespace
# counts against the list output.  --metrics=FILE replaces the file
# atomically with a world-readable one, and again and again with --watch.  Container labels are checked in
# tests/live/docker.sh, label escaping in tests/unit/test_parsers.c.
source "$(dirname "$0")/../lib.sh"
need_root
command -v promtool >/dev/null || { echo "FATAL: promtool missing (scripts/install-deps.sh installs it)"; exit 1; }

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
for t in mnt net pid uts ipc user cgroup time; do
	check "namespaces of type $t" "$("$NSINSPECT" -l -n -t $t -o NS 2>/dev/null | wc -l)" \
		"$(grep "^nsinspect_namespaces{type=\"$t\"}" <<<"$out" | awk '{ print $NF }')"
done
check "one sample per namespace" "$("$NSINSPECT" -l -n -o NS 2>/dev/null | wc -l)" \
	"$(grep -c '^nsinspect_namespace_processes{' <<<"$out")"
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
err=$("$NSINSPECT" --metrics="$TEST_TMP/nodir/x.prom" 2>&1)
check "--metrics=FILE in a missing directory" "1 nsinspect: cannot write $TEST_TMP/nodir/x.prom: No such file or directory" "$? $err"

# --watch with --metrics=FILE rewrites the file until SIGTERM
rm -f "$prom"
"$NSINSPECT" --watch=0.05 --metrics="$prom" &
watcher=$!
for ((i = 0; i < 200; i++)); do	# until the first file is there (bounded: 10 s)
	[[ -s $prom ]] && break
	sleep 0.05
done
first=$(stat -c %i "$prom")
for ((i = 0; i < 200; i++)); do	# until it has been replaced once
	[[ $(stat -c %i "$prom") != "$first" ]] && break
	sleep 0.05
done
check "--watch --metrics=FILE: replaced" "yes" "$([[ $(stat -c %i "$prom") != "$first" ]] && echo yes)"
kill -TERM $watcher
wait $watcher
check "--watch --metrics=FILE: SIGTERM, exit 0" 0 $?
check "--watch --metrics=FILE: promtool" "0" "$(promtool check metrics <"$prom" >/dev/null 2>&1; echo $?)"
check "--watch --metrics=FILE: no temporary files" "nsinspect.prom" "$(ls "$TEST_TMP/textfile")"

finish
