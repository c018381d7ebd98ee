#!/bin/bash
# Live parity with the system lsns on a controlled set of namespaces:
# same rows for `-l -n -o NS,TYPE,NPROCS,PID`, same values in every
# column both tools have, same JSON objects, same -t and -p selections,
# and the same process list for an NSID.  Host namespaces are compared by
# identity only: their process counts include the two tools themselves.
source "$SRCDIR/tests/lib.sh"
need_root
need_command lsns util-linux

ours=()
start_holder net,uts,ipc 3 && ours+=("${HOLDER_PIDS[@]}")
start_holder mnt,pid,cgroup 5 && ours+=("${HOLDER_PIDS[@]}")
start_holder time,user,net 2 && ours+=("${HOLDER_PIDS[@]}")
start_holder uts 7 && ours+=("${HOLDER_PIDS[@]}")
mine=()
# every inode a holder process is in, except the host's own
for t in mnt uts ipc net pid user cgroup time; do
	host=$(ns_inode $$ "$t")
	for p in "${ours[@]}"; do
		i=$(ns_inode "$p" "$t" 2>/dev/null) || continue
		[[ $i != "$host" ]] && mine+=("$i")
	done
done
mapfile -t mine < <(printf '%s\n' "${mine[@]}" | sort -u)
CHECKS=$((CHECKS + 1))
[[ ${#mine[@]} -eq 10 ]] || fail "expected 10 controlled namespaces, found ${#mine[@]}"
filter="$(printf '%s\n' "${mine[@]}")"

controlled() { awk 'NR == FNR { want[$1]; next } ($1 in want)' <(echo "$filter") -; }

cols=NS,TYPE,NPROCS,PID
check "rows -o $cols" "$(lsns -l -n -o $cols | controlled)" \
	"$("$NSINSPECT" -l -n -o $cols 2>/dev/null | controlled)"
cols=NS,TYPE,NPROCS,PID,PPID,UID,USER,PATH,COMMAND
check "rows -o $cols" "$(lsns -l -n -u -o $cols | controlled)" \
	"$("$NSINSPECT" -l -n -u -o $cols 2>/dev/null | controlled)"

# the host's namespaces: same identities and lowest PIDs
host=$(for t in mnt uts ipc net pid user cgroup time; do ns_inode $$ $t; done)
only_host() { awk 'NR == FNR { want[$1]; next } ($1 in want) { print $1, $2, $3 }' <(echo "$host") -; }
check "host namespaces" "$(lsns -l -n -o NS,TYPE,PID | only_host)" \
	"$("$NSINSPECT" -l -n -o NS,TYPE,PID 2>/dev/null | only_host)"

# JSON: same objects for the controlled namespaces
sel='[.namespaces[] | select(.ns as $n | $want | index($n))]'
want=$(printf '%s\n' "${mine[@]}" | jq -s -c 'map(tonumber)')
cols=NS,TYPE,NPROCS,PID,PPID,UID,USER,COMMAND,PATH
check "JSON objects" "$(lsns -J -l -o $cols | jq -c --argjson want "$want" "$sel")" \
	"$("$NSINSPECT" -J -o $cols 2>/dev/null | jq -c --argjson want "$want" "$sel")"
check "JSON schema key" 1 "$("$NSINSPECT" -J 2>/dev/null | jq .schema)"

# -t selects the same namespaces, among ours and the host's (identity
# only: the host's counts move, and the rest of the machine may change
# between the two runs)
known="$filter"$'\n'"$(for t in mnt uts ipc net pid user cgroup time; do ns_inode $$ $t; done)"
known() { awk 'NR == FNR { want[$1]; next } ($1 in want) { print $1, $2 }' <(echo "$known") - | sort; }
for t in net uts pid; do
	theirs=$(lsns -t $t -l -n -o NS,TYPE | known)
	check "-t $t" "$theirs" "$("$NSINSPECT" -t $t -l -n -o NS,TYPE 2>/dev/null | known)"
	check "-t $t: lsns shows only $t" "" "$(awk -v t=$t '$2 != t' <<<"$theirs")"
done

# the default columns: NETNSID and NSFS join whenever -t names net (CONTAINER
# joins ours when a row shown is in a container: other tests may run some)
for types in "-t net" "-t net -t uts" "-t uts" ""; do
	# shellcheck disable=SC2086 # one word per option
	check "default columns ($types)" "$(lsns $types | head -1 | xargs)" \
		"$("$NSINSPECT" $types 2>/dev/null | head -1 | xargs | sed 's/ CONTAINER//')"
done

# -p PID: same namespaces, and the same full rows for the controlled ones
start_holder mnt,uts,ipc,net,pid,cgroup,time,user 2
member=${HOLDER_PIDS[1]}
check "-p $member" "$(lsns -p "$member" -l -n -o NS,TYPE | sort)" \
	"$("$NSINSPECT" -p "$member" -l -n -o NS,TYPE 2>/dev/null | sort)"
check "-p $member rows" "$(lsns -p "$member" -l -n -o NS,TYPE,NPROCS,PID | grep -v -F "$host")" \
	"$("$NSINSPECT" -p "$member" -l -n -o NS,TYPE,NPROCS,PID 2>/dev/null | grep -v -F "$host")"

# NSID: the processes of one namespace
ino=$(ns_inode "$member" net)
check "processes of $ino" "$(lsns -l -n "$ino")" "$("$NSINSPECT" -l -n "$ino" 2>/dev/null)"

# Past 256 processes the scan reads /proc in several threads (on a
# multi-CPU machine): the same rows, and a 301-process namespace counted
# exactly as readlink and lsns count it.
start_holder net,uts 300
big=$(ns_inode "${HOLDER_PIDS[0]}" net)
# the kernel's count, in one find(1) rather than a readlink per process
members=$(find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/net' -lname "net:\[$big\]" 2>/dev/null |
	cut -d/ -f3 | sort -n)
n=$(wc -l <<<"$members") low=$(head -1 <<<"$members")
check "threaded scan: NPROCS and PID of a $n-process netns" "$big $n $low" \
	"$("$NSINSPECT" -l -n -r -t net -o NS,NPROCS,PID 2>/dev/null | awk -v i="$big" '$1 == i')"
bigs="$big $(ns_inode "${HOLDER_PIDS[0]}" uts)"
check "threaded scan: as lsns" "$(lsns -l -n -r -t net -t uts -o NS,TYPE,NPROCS,PID | grep -E "^(${bigs// /|}) ")" \
	"$("$NSINSPECT" -l -n -r -t net -t uts -o NS,TYPE,NPROCS,PID 2>/dev/null | grep -E "^(${bigs// /|}) ")"
cols=NS,TYPE,NPROCS,PID,PPID,UID,USER,PATH,COMMAND
check "threaded scan: rows -o $cols" "$(lsns -l -n -u -o $cols | controlled)" \
	"$("$NSINSPECT" -l -n -u -o $cols 2>/dev/null | controlled)"
[[ $(nproc) -gt 1 ]] && ! NSINSPECT_DEBUG=proc "$NSINSPECT" -l -o NS 2>&1 >/dev/null | grep -q 'read by [2-9] threads' &&
	fail "the scan did not use threads on $(nproc) CPUs"

finish
