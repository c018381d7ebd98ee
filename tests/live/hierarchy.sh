#!/bin/bash
# Live: the nsfs hierarchy columns PNS, ONS and OWNER on nested user and
# pid namespaces built as a user would build them (unshare -U -r inside
# unshare -U -r, started by nobody), checked against readlink of the
# processes that sit at each level, and against the system lsns.
source "$SRCDIR/tests/lib.sh"
need_root

# unique sleep durations mark our processes for pgrep
inner_cmd="sleep 7001.$$" middle_cmd="sleep 7002.$$"
chmod 755 "$TEST_TMP"
mkfifo -m 666 "$TEST_TMP/ready"
EXTRA_CLEANUP="pkill -KILL -f -x '$inner_cmd|$middle_cmd'"

# middle: a shell in user ns U1; inner: a shell in U2 (child of U1) and a new pid ns
setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -U -r --fork sh -c "
		unshare -U -r --pid --fork --kill-child sh -c 'echo ready >$TEST_TMP/ready; exec $inner_cmd' &
		exec $middle_cmd
	" 2>"$TEST_TMP/unshare.err" &
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

# lsns 2.38 asks the same ioctls: same PNS and ONS on every row
check "PNS/ONS as lsns" "$(lsns -l -n -o NS,TYPE,PNS,ONS | sort)" \
	"$("$NSINSPECT" -l -n -o NS,TYPE,PNS,ONS 2>/dev/null | sort)"

finish
