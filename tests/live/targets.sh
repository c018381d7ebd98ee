#!/bin/bash
# One answer everywhere: a target (a zombie, a thread's id, a PID that does
# not exist, link text of the wrong type, an inode that only a socket
# holds, an ip netns name) means the same in the list (-p or an NSID),
# --compare and --enter, or is refused with the same line by all of
# them, each with its mode's exit status (1, 2 and 125) and nothing run.
# The kernel's truth is readlink of the holders and of the command run
# inside.
source "$(dirname "$0")/../lib.sh"
need_root
need_command ip iproute2

NAME=nsitargets-$$
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null'
RAN=$TEST_TMP/ran

# refused_everywhere MESSAGE TARGET [LIST-OPTION]: the list (with
# LIST-OPTION before the target, e.g. -p), --compare and --enter refuse it
refused_everywhere() {
	local msg=$1 t=$2 opt=${3:-} err
	err=$("$NSINSPECT" $opt "$t" 2>&1 >/dev/null)
	check "list $opt $t: status and line" "1 nsinspect: $msg" "$? $err"
	err=$("$NSINSPECT" --compare $$ "$t" 2>&1 >/dev/null)
	check "--compare $t: status and line" "2 nsinspect: $msg" "$? $err"
	rm -f "$RAN"
	err=$("$NSINSPECT" --enter "$t" -- touch "$RAN" 2>&1 >/dev/null)
	check "--enter $t: status and line" "125 nsinspect: $msg" "$? $err"
	check "--enter $t: nothing ran" "no" "$([[ -e $RAN ]] && echo yes || echo no)"
}

# a zombie: no namespaces of its own (the kernel keeps only its user and pid links)
start_helper "$NSKEEPER" zombie
Z=${READY[0]}
check "the zombie is one" "Z" "$(awk '{ print $3 }' "/proc/$Z/stat")"
refused_everywhere "PID $Z: has exited (a zombie)" "$Z" -p

# a thread's id is not a process
ip netns add "$NAME"
start_helper "$NSKEEPER" thread "/run/netns/$NAME"
read -r T_PID T_TID T_INO <<<"${READY[*]}"
refused_everywhere "PID $T_TID: a thread of process $T_PID, not a process" "$T_TID" -p

# a PID no process can have
gone=$(pid_never_used)
refused_everywhere "PID $gone: no such process" "$gone" -p

# link text names its type: a net namespace's inode as mnt:[...] is not one
self_net=$(ns_inode self net)
refused_everywhere "namespace 'mnt:[$self_net]': $self_net is a net namespace, not mnt" "mnt:[$self_net]"

# an inode only a socket holds: found as --deep would find it, in every mode
start_helper "$NSKEEPER" socket
read -r S_PID S_FD S_INO <<<"${READY[*]}"
check "the socket holds it (the kernel's link)" "socket:" "$(readlink "/proc/$S_PID/fd/$S_FD" | cut -c1-7)"
check "the socket's netns: entered" "net:[$S_INO]" "$("$NSINSPECT" --enter "$S_INO" -- readlink /proc/self/ns/net)"
out=$("$NSINSPECT" -J -o PID "$S_INO" 2>/dev/null)
check "the socket's netns as an NSID: found, no process in it" "0 0" "$? $(jq '.processes | length' <<<"$out")"
out=$("$NSINSPECT" --compare -n -r "$S_INO" $$ 2>/dev/null)
check "the socket's netns in --compare: exit 1, not ours" "1 net $S_INO $self_net no" "$? $out"

# an ip netns name, in every mode
NS_INO=$(ip netns exec "$NAME" readlink /proc/self/ns/net | tr -dc 0-9)
start_helper ip netns exec "$NAME" "$NSHOLDER" none 1
# the kernel's list of the processes in it
inside=$(find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/net' -lname "net:\[$NS_INO\]" 2>/dev/null |
	cut -d/ -f3 | sort -n | tr '\n' ' ')
check "ip netns name as an NSID: the processes in it" "$inside" \
	"$("$NSINSPECT" -n -r -o PID "$NAME" 2>/dev/null | tr '\n' ' ')"
check "ip netns name in --enter" "net:[$NS_INO]" "$("$NSINSPECT" --enter "$NAME" -- readlink /proc/self/ns/net)"
check "ip netns name in --compare" "net $NS_INO $self_net no" "$("$NSINSPECT" --compare -n -r -t net "$NAME" $$ 2>/dev/null)"
check "ip netns name and a PID in it: shared" 0 \
	"$("$NSINSPECT" --compare -t net "$NAME" "${READY[0]}" >/dev/null 2>&1; echo $?)"

# the process view describes the namespace each process was selected by
user=$(ns_inode "${READY[0]}" user)
check "NSID rows: NS, TYPE and ONS of the namespace" "$(for p in $inside; do echo "$NS_INO net $user"; done)" \
	"$("$NSINSPECT" -n -r -o NS,TYPE,ONS "net:[$NS_INO]" 2>/dev/null)"
check "NSID rows in JSON: ns is never null" "$NS_INO" \
	"$("$NSINSPECT" -J -o PID,NS "net:[$NS_INO]" 2>/dev/null | jq -r '[.processes[].ns] | unique | .[]')"
finish
