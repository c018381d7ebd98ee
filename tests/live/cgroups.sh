#!/bin/bash
# Containers known from their cgroup alone, as systemd-nspawn and LXC
# name them (machine-NAME.scope with systemd's \x2d escapes,
# lxc.payload.NAME): real cgroups in the cgroup2 hierarchy holding real
# processes in new namespaces.  They are named, found by -c, compared and
# entered by name, by the same resolver: the kernel's truth is readlink
# of their processes' links and of the command run inside.  (Neither
# systemd-nspawn nor LXC runs on this kind of machine; the cgroup is what
# nsinspect reads of them.)
source "$(dirname "$0")/../lib.sh"
need_root

cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
if [[ -z $cg2 ]]; then
	echo "SKIP: no cgroup2 hierarchy is mounted"
	exit 77
fi
top=$cg2/nsitest-$$
machine=nsitest-m$$ lxc=nsitest-l$$
# a name that would show reversed, with a hidden character: U+202E, U+200B
bidi=nsitest-b$$$'\u202etxt.exe\u200b'
mcg=$top/machine-${machine//-/\\x2d}.scope
lcg=$top/lxc.payload.$lxc
bcg=$top/lxc.payload.$bidi
mkdir -p "$mcg" "$lcg" "$bcg" || { echo "FATAL: cannot make cgroups below $top"; exit 1; }
# after the helpers have exited: an empty cgroup can be removed
EXTRA_CLEANUP='rmdir "$mcg" "$lcg" "$bcg" "$top" 2>/dev/null'

# into_cgroup DIR PID...: move processes into a cgroup
into_cgroup() {
	local dir=$1 p
	shift
	for p in "$@"; do
		echo "$p" >"$dir/cgroup.procs" || { echo "FATAL: cannot move $p into $dir"; exit 1; }
	done
}

# check_machine NAME ENGINE LEADER: every mode finds it by name
check_machine() {
	local name=$1 engine=$2 leader=$3 uts
	uts=$(ns_inode "$leader" uts)
	check "$name: -c" "$uts" "$("$NSINSPECT" -c "$name" -t uts -n -o NS | tr -d ' ')"
	check "$name: named, its engine" "$name $name $engine $leader" \
		"$("$NSINSPECT" -t uts -J -o NS,CONTAINER,CONTAINER_ID,ENGINE,PID | jq -r --argjson i "$uts" \
			'.namespaces[] | select(.ns == $i) | "\(.container) \(.container_id) \(.engine) \(.pid)"')"
	check "$name: --compare with its process" 0 "$("$NSINSPECT" --compare "$name" "$leader" >/dev/null 2>&1; echo $?)"
	check "$name: --compare with us" 1 "$("$NSINSPECT" --compare -t uts "$name" $$ >/dev/null 2>&1; echo $?)"
	check "$name: --enter" "uts:[$uts]" "$("$NSINSPECT" --enter "$name" -u -- readlink /proc/self/ns/uts)"
	check "$name: --enter $engine:$name" "uts:[$uts]" \
		"$("$NSINSPECT" --enter "$engine:$name" -u -- readlink /proc/self/ns/uts)"
}

start_holder uts,ipc,net 1
into_cgroup "$mcg" "${HOLDER_PIDS[@]}"
check_machine "$machine" nspawn "${HOLDER_PIDS[0]}"

start_holder uts,ipc 1
into_cgroup "$lcg" "${HOLDER_PIDS[@]}"
check_machine "$lxc" lxc "${HOLDER_PIDS[0]}"

# --watch -c follows a machine by name, scan after scan: it leaves its
# cgroup (its namespaces are no longer the machine's, one warning says
# why) and comes back
luts=$(ns_inode "${HOLDER_PIDS[0]}" uts)
"$NSINSPECT" --watch=0.05 -t uts -c "$lxc" >"$TEST_TMP/events" 2>"$TEST_TMP/watch.err" &
watcher=$!
EXTRA_CLEANUP='kill -KILL $watcher 2>/dev/null; '$EXTRA_CLEANUP
wait_for_event "$TEST_TMP/events" ".event == \"present\" and .ns == $luts and .container == \"$lxc\""
check "--watch -c: only the machine's namespace" 1 "$(jq -s length "$TEST_TMP/events")"
into_cgroup "$top" "${HOLDER_PIDS[@]}"
wait_for_event "$TEST_TMP/events" ".event == \"disappeared\" and .ns == $luts"
into_cgroup "$lcg" "${HOLDER_PIDS[@]}"
wait_for_event "$TEST_TMP/events" ".event == \"appeared\" and .ns == $luts"
kill -TERM $watcher
wait $watcher
check "--watch -c: SIGTERM, exit 0" 0 $?
check "--watch -c: one warning while it was away" \
	"nsinspect: warning: container '$lxc': not found in the engines' state or cgroups" \
	"$(grep -v 'processes could not be inspected' "$TEST_TMP/watch.err")"

# a machine whose process left its cgroup is no longer entered by its name
into_cgroup "$top" "${HOLDER_PIDS[@]}"
err=$("$NSINSPECT" --enter "$lxc" -- true 2>&1)
check "a machine with no process left: not found" \
	"125 nsinspect: '$lxc': not a PID, a namespace (inode or net:[inode]), an nsfs path, an ip netns name or a container" \
	"$? $err"

# format characters in a name reach no output raw: the table, raw
# output, metrics and error lines escape them as \xHH, JSON and --watch
# as \u escapes that give the name back
start_holder uts 1
into_cgroup "$bcg" "${HOLDER_PIDS[@]}"
buts=$(ns_inode "${HOLDER_PIDS[0]}" uts)
bidi_hex=nsitest-b$$'\xe2\x80\xaetxt.exe\xe2\x80\x8b'
# format_chars: lines of stdin with U+202E or U+200B as they are
format_chars() { grep -a $'\u202e\|\u200b' || true; }
out=$("$NSINSPECT" -t uts -o NS,CONTAINER)
check "format characters: the table escapes them" "$buts $bidi_hex" \
	"$(awk -v i="$buts" '$1 == i { print $1, $2 }' <<<"$out")"
check "format characters: none raw in the table" "" "$(format_chars <<<"$out")"
check "format characters: JSON gives the name back" "$bidi" \
	"$("$NSINSPECT" -t uts -J -o NS,CONTAINER | jq -r --argjson i "$buts" '.namespaces[] | select(.ns == $i) | .container')"
out=$("$NSINSPECT" --metrics)
check "format characters: metrics label" "container=\"${bidi_hex//\\/\\\\}\"" \
	"$(grep -o "container=\"nsitest-b$$[^\"]*\"" <<<"$out" | sort -u)"
check "format characters: none raw in metrics" "" "$(format_chars <<<"$out")"
"$NSINSPECT" --watch=0.05 -t uts -c "$bidi" >"$TEST_TMP/bidi-events" 2>/dev/null &
watcher=$!
EXTRA_CLEANUP='kill -KILL $watcher 2>/dev/null; '$EXTRA_CLEANUP
wait_for_event "$TEST_TMP/bidi-events" ".event == \"present\" and .ns == $buts"
kill -TERM $watcher
wait $watcher
check "format characters: --watch gives the name back" "$bidi" \
	"$(jq -r --argjson i "$buts" 'select(.ns == $i) | .container' "$TEST_TMP/bidi-events")"
check "format characters: none raw in --watch" "" "$(format_chars <"$TEST_TMP/bidi-events")"
err=$("$NSINSPECT" -c "${bidi}x" 2>&1 >/dev/null)
check "format characters: the error line escapes them" \
	"nsinspect: container '${bidi_hex}x': not found in the engines' state or cgroups" "$err"
into_cgroup "$top" "${HOLDER_PIDS[@]}"
finish
