#!/bin/bash
# Live: namespaces made with real unshare(2) are reported with the inode
# readlink gives, the process count and the lowest PID counted from /proc,
# in table, list and JSON output, by -t, -p and NSID.
source "$SRCDIR/tests/lib.sh"
need_root

TYPES=(mnt uts ipc net pid cgroup time user)

# one group per type, plus one group with every type at once
for t in "${TYPES[@]}"; do
	start_holder "$t" 3
	declare -a "pids_$t=(${HOLDER_PIDS[*]})"
done
start_holder "$(IFS=,; echo "${TYPES[*]}")" 4
ALL=("${HOLDER_PIDS[@]}")
member=${ALL[1]}	# a member (not the leader): in every new namespace

listing=$("$NSINSPECT" -l -n -o NS,TYPE,NPROCS,PID 2>/dev/null)
json=$("$NSINSPECT" -J -o NS,TYPE,NPROCS,PID,PATH 2>/dev/null)

for t in "${TYPES[@]}"; do
	eval "m=\${pids_$t[1]}"
	for pid in "$m" "$member"; do
		ino=$(ns_inode "$pid" "$t")
		host=$(ns_inode $$ "$t")
		CHECKS=$((CHECKS + 1))
		[[ $ino != "$host" ]] || fail "$t: holder $pid is still in the host namespace"
		read -r n low <<<"$(truth "$t" "$ino")"
		row=$(awk -v ino="$ino" '$1 == ino' <<<"$listing")
		check "$t $ino list row" "$ino $t $n $low" "$(echo $row)"
		jrow=$(jq -r --argjson ino "$ino" '.namespaces[] | select(.ns == $ino) | "\(.type) \(.nprocs) \(.pid) \(.path)"' <<<"$json")
		check "$t $ino json row" "$t $n $low /proc/$low/ns/$t" "$jrow"
		# -t TYPE shows it too, and nothing of another type
		trow=$("$NSINSPECT" -t "$t" -l -n -o NS,TYPE 2>/dev/null | awk -v ino="$ino" '$1 == ino {print $2}')
		check "$t $ino with -t" "$t" "$trow"
		other=$("$NSINSPECT" -t "$t" -l -n -o TYPE 2>/dev/null | grep -vcx "$t")
		check "-t $t shows only $t" 0 "$other"
	done
done

# -p PID: exactly the eight namespaces readlink names for it
expect=$(for t in "${TYPES[@]}"; do echo "$(ns_inode "$member" "$t") $t"; done | sort)
got=$("$NSINSPECT" -p "$member" -l -n -o NS,TYPE 2>/dev/null | awk '{print $1, $2}' | sort)
check "-p $member namespaces" "$expect" "$got"
got=$("$NSINSPECT" -p "$member" -J 2>/dev/null | jq -r '.namespaces[] | "\(.ns) \(.type)"' | sort)
check "-p $member --json namespaces" "$expect" "$got"

# NSID: the processes inside a namespace, as /proc says
ino=$(ns_inode "$member" net)
expect=$(for p in /proc/[0-9]*; do
	[[ $(readlink "$p/ns/net" 2>/dev/null) == "net:[$ino]" ]] && echo "${p#/proc/}"
done | sort -n)
got=$("$NSINSPECT" -l -n -o PID "$ino" 2>/dev/null | awk '{print $1}')
check "processes of net:[$ino]" "$expect" "$got"
got=$("$NSINSPECT" -J "net:[$ino]" 2>/dev/null | jq -r '.processes[].pid')
check "processes of net:[$ino] as JSON" "$expect" "$got"

# the tree: the new pid namespace nests under the host's
pidns=$(ns_inode "$member" pid)
tree=$("$NSINSPECT" -t pid 2>/dev/null)
host_line=$(grep -n "^ *$(ns_inode $$ pid) " <<<"$tree" | cut -d: -f1)
child=$(grep "^ *$pidns " <<<"$tree")
CHECKS=$((CHECKS + 1))
[[ -n $host_line && $child == *"─"* ]] || fail "pid namespace $pidns not drawn as a child: $tree"

# details of the lowest PID come from /proc for that PID
low=$(truth net "$ino" | cut -d' ' -f2)
row=$("$NSINSPECT" -l -n -o PPID,UID,USER,COMMAND -t net "$ino" 2>/dev/null | head -0)
got=$("$NSINSPECT" -J -o NS,PID,PPID,UID,USER,COMMAND -t net 2>/dev/null |
	jq -r --argjson ino "$ino" '.namespaces[] | select(.ns == $ino) | "\(.pid)|\(.ppid)|\(.uid)|\(.user)|\(.command)"')
ppid=$(awk '{print $4}' "/proc/$low/stat")
cmd=$(tr '\0' ' ' <"/proc/$low/cmdline" | sed 's/ $//')
check "details of PID $low" "$low|$ppid|$(stat -c %u /proc/$low)|$(stat -c %U /proc/$low)|$cmd" "$got"

finish
