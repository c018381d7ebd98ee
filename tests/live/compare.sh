#!/bin/bash
# --compare on real namespaces: two processes in one new network
# namespace and one in another.  Every row's inodes and its yes/no come
# from readlink /proc/PID/ns/TYPE; the exit status is 0 when every
# compared type is shared and 1 when one is not, so that
# `nsinspect --compare -t net A B && echo same` is the whole check.
# (Containers: tests/live/docker.sh.  Bad targets: tests/cli_errors.sh.)
source "$(dirname "$0")/../lib.sh"
need_root

start_holder net,uts 1
A=${HOLDER_PIDS[0]} B=${HOLDER_PIDS[1]}
start_holder net 1
C=${HOLDER_PIDS[0]}

# status ARGS...: the exit status of nsinspect --compare ARGS
status() {
	"$NSINSPECT" --compare "$@" >/dev/null 2>&1
	echo $?
}

check "same netns: exit 0" 0 "$(status -t net "$A" "$B")"
check "other netns: exit 1" 1 "$(status -t net "$A" "$C")"
check "three targets, one differs: exit 1" 1 "$(status -t net "$A" "$B" "$C")"
check "the idiom" "same" "$("$NSINSPECT" --compare -t net "$A" "$B" >/dev/null && echo same)"
check "uts differs between A and C" 1 "$(status -t uts "$A" "$C")"
check "mnt is shared by all three" 0 "$(status -t mnt "$A" "$B" "$C")"

# every row against the kernel: inodes in target order, then yes/no
expected=
for t in mnt net pid uts ipc user cgroup time; do
	a=$(ns_inode "$A" $t) b=$(ns_inode "$B" $t) c=$(ns_inode "$C" $t)
	shared=no
	[[ $a == "$b" && $b == "$c" ]] && shared=yes
	expected+="$t $a $b $c $shared"$'\n'
done
check "table rows" "${expected%$'\n'}" "$("$NSINSPECT" --compare -n -r "$A" "$B" "$C")"
check "table heading" "TYPE $A $B $C SHARED" "$("$NSINSPECT" --compare -r "$A" "$B" "$C" | head -1)"
check "all types, one differs: exit 1" 1 "$(status "$A" "$B" "$C")"

# JSON: the same facts, and null targets' containers
json=$("$NSINSPECT" --compare -J -t net,uts "$A" "$C")
check "JSON overall" "false" "$(jq -c '.compare.shared' <<<"$json")"
check "JSON targets" "[\"$A\",$A,null]" "$(jq -c '[.compare.targets[0] | .target, .pid, .container]' <<<"$json")"
check "JSON net row" "{\"type\":\"net\",\"ns\":[$(ns_inode "$A" net),$(ns_inode "$C" net)],\"shared\":false}" \
	"$(jq -c '.compare.types[] | select(.type == "net")' <<<"$json")"
check "JSON shared" "true" "$("$NSINSPECT" --compare -J -t net "$A" "$B" | jq -r .compare.shared)"

# a target that does not exist (a PID no process can have: one that has
# just exited may already be another process's): a clear error, status 2
gone=$(pid_never_used)
check "missing target: exit 2" 2 "$(status "$A" "$gone")"
check "missing target: message" "nsinspect: PID $gone: no such process" "$("$NSINSPECT" --compare "$A" "$gone" 2>&1 >/dev/null)"

finish
