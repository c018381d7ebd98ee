#!/bin/bash
# Live: the nsfs hierarchy columns PNS, ONS and OWNER on nested user and
# pid namespaces built as a user would build them (unshare -U -r inside
# unshare -U -r, started by nobody), checked against readlink of the
# processes that sit at each level, and against the system lsns; a user
# namespace that only exists as an ancestor is listed; -T parent and
# -T owner draw those relations; HOLDERS counts its children.
source "$SRCDIR/tests/lib.sh"
need_root

# unique sleep durations mark our processes for pgrep
inner_cmd="sleep 7001.$$" middle_cmd="sleep 7002.$$" lone_cmd="sleep 7003.$$"
chmod 755 "$TEST_TMP"
mkfifo -m 666 "$TEST_TMP/ready"
# each structure runs in its own session: cleanup kills the whole group
groups=()
EXTRA_CLEANUP='{ for g in "${groups[@]}"; do kill -KILL -- "-$g"; done; wait; } 2>/dev/null'


# middle: a shell in user ns U1; inner: a shell in U2 (child of U1) and a new pid ns
setsid setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -U -r --fork sh -c "
		unshare -U -r --pid --fork --kill-child sh -c 'echo ready >$TEST_TMP/ready; exec $inner_cmd' &
		exec $middle_cmd
	" 2>"$TEST_TMP/unshare.err" &
groups+=($!)
if ! read -r -t 30 line <"$TEST_TMP/ready"; then
	echo "SKIP: cannot make nested user namespaces as nobody: $(cat "$TEST_TMP/unshare.err")"
	exit 77
fi
inner=$(pgrep -f -x "$inner_cmd")
middle=$(pgrep -f -x "$middle_cmd")
helper=$(ps -o ppid= -p "$inner" | tr -d ' ')	# the inner unshare, still in the host pid ns

U0=$(ns_inode $$ user) U1=$(ns_inode "$middle" user) U2=$(ns_inode "$inner" user)
P0=$(ns_inode "$helper" pid) P2=$(ns_inode "$inner" pid)
N0=$(ns_inode $$ net)
CHECKS=$((CHECKS + 1))
[[ $U0 != "$U1" && $U1 != "$U2" && $P0 != "$P2" ]] || fail "namespaces not nested: $U0 $U1 $U2 $P0 $P2"

json=$("$NSINSPECT" -J -o NS,TYPE,PNS,ONS,OWNER 2>/dev/null)
row() { jq -r --argjson ino "$1" '.namespaces[] | select(.ns == $ino) | "\(.pns) \(.ons) \(.owner)"' <<<"$json"; }
check "U1 (made by nobody)" "$U0 $U0 65534" "$(row "$U1")"
check "U2 (made by root of U1)" "$U1 $U1 65534" "$(row "$U2")"
check "P2 (owned by U2)" "$P0 $U2 65534" "$(row "$P2")"
check "host net" "0 $U0 0" "$(row "$N0")"
check "host user" "0 0 0" "$(row "$U0")"

# lsns 2.38 asks the same ioctls: the same PNS and ONS for the
# namespaces this test made and the host's (the rest of the machine may
# change between the two runs)
controlled() { awk -v want=" $U0 $U1 $U2 $P0 $P2 $N0 " 'index(want, " " $1 " ") { print $1, $2, $3, $4 }' | sort; }
theirs=$(lsns -l -n -o NS,TYPE,PNS,ONS | controlled)
check "PNS/ONS as lsns" "$theirs" "$("$NSINSPECT" -l -n -o NS,TYPE,PNS,ONS 2>/dev/null | controlled)"
check "lsns has all of them" 6 "$(wc -l <<<"$theirs")"

# An ancestor no process is in: the middle unshare exec's the inner one
setsid setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -U -r unshare -U -r --pid --fork --kill-child sh -c "echo ready >$TEST_TMP/ready; exec $lone_cmd" 2>/dev/null &
groups+=($!)
read -r -t 30 line <"$TEST_TMP/ready" || { fail "nested unshare did not start"; finish; }
lone=$(pgrep -f -x "$lone_cmd")
V2=$(ns_inode "$lone" user) Q2=$(ns_inode "$lone" pid)
# the kernel's answer for the parent of V2, as lsns reads it
V1=$(lsns -l -n -o NS,PNS -t user | awk -v i="$V2" '$1 == i {print $2}')
CHECKS=$((CHECKS + 1))
[[ -n $V1 && $V1 != "$U0" ]] || fail "no middle user namespace: '$V1'"
json=$("$NSINSPECT" -J -o NS,TYPE,NPROCS,PID,PNS,ONS,OWNER 2>/dev/null)
got=$(jq -r --argjson ino "$V1" '.namespaces[] | select(.ns == $ino) | "\(.type) \(.nprocs) \(.pid) \(.pns) \(.ons) \(.owner)"' <<<"$json")
set_none_expectations
check "ancestor-only user namespace" "user $NONE_JSON null $U0 $U0 65534" "$got"
check "ancestor's child" "$V1 $V1 65534" "$(row "$V2")"
# what keeps V1 alive is its one child user namespace; U1 has a process too
check "ancestor's HOLDERS" "children:1" "$("$NSINSPECT" -n -r -t user -o NS,HOLDERS 2>/dev/null |
	awk -v i="$V1" '$1 == i { print $2 }')"
check "ancestor's holders in JSON" "$NONE_JSON 1" "$("$NSINSPECT" -J -t user -o NS,HOLDERS 2>/dev/null |
	jq -r --argjson ino "$V1" '.namespaces[] | select(.ns == $ino) | "\(.holders.processes) \(.holders.children)"')"
check "-P lists the ancestor when known empty" "$([[ $LISTED_IF_NONE == yes ]] && echo "$V1")" \
	"$("$NSINSPECT" -n -r -P -t user -o NS 2>/dev/null | grep -x "$V1")"

# -T parent: V2 under V1 under U0; -T owner: Q2 under V2
indent() { awk -v i="$1" '{ for (f = 1; f <= NF; f++) if ($f ~ "(^|─)" i "$") { print index($0, i); exit } }'; }
tree=$("$NSINSPECT" -T parent -t user -o NS 2>/dev/null)
a=$(indent "$U0" <<<"$tree") b=$(indent "$V1" <<<"$tree") c=$(indent "$V2" <<<"$tree")
CHECKS=$((CHECKS + 1))
[[ -n $a && -n $b && -n $c && $a -lt $b && $b -lt $c ]] || fail "-T parent depths $a $b $c: $tree"
tree=$("$NSINSPECT" -T owner -o NS,TYPE 2>/dev/null)
b=$(indent "$V2" <<<"$tree") c=$(indent "$Q2" <<<"$tree")
CHECKS=$((CHECKS + 1))
[[ -n $b && -n $c && $b -lt $c ]] || fail "-T owner depths $b $c"
# the owner tree: every row but the initial user namespace has a parent
roots=$("$NSINSPECT" -T owner -o NS -n 2>/dev/null | grep -c '^[0-9]')
check "-T owner has one root" 1 "$roots"

finish
