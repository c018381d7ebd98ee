#!/bin/bash
# Live: processes and namespaces that come and go during the scan.  A
# bounded number of scans runs while a background loop keeps making and
# killing namespaced processes; every scan must exit 0, print valid JSON,
# and never show a process count of 0 for a namespace with a process (or
# the other way round).
source "$SRCDIR/tests/lib.sh"
need_root

churn() {
	# bounded: stops by itself after 300 rounds even if nobody kills it
	for _ in $(seq 300); do
		unshare --uts --ipc --net true
		true &
		wait
	done
}
churn &
churn_pid=$!
EXTRA_CLEANUP="kill $churn_pid 2>/dev/null; wait $churn_pid 2>/dev/null"

for i in $(seq 40); do
	"$NSINSPECT" -J --output-all >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	check "scan $i exit status" 0 "$rc"
	# a row with processes names its lowest PID; a row without is an
	# ancestor user or pid namespace, or one whose count is unknown (a
	# process could not be inspected), and names none
	if ! jq -e '.namespaces | length > 0 and
		all(if .nprocs > 0 then .pid > 0 else (.pid == null and
			(.nprocs == null or .type == "user" or .type == "pid")) end)' \
		"$TEST_TMP/out" >/dev/null; then
		fail "scan $i: invalid JSON, or a row whose process count and PID disagree"
	fi
	CHECKS=$((CHECKS + 1))
	grep -v 'could not be inspected' "$TEST_TMP/err" && fail "scan $i: unexpected stderr"
done
kill "$churn_pid" 2>/dev/null

# A PID reused between the scan and the details (issue 21): strace holds
# nsinspect at its first detail read of the target (fstatat of "PID",
# for USER); meanwhile the target exits and a new process takes its PID
# (ns_last_pid, in a PID namespace of the test's own where nothing else
# forks).  The row must not show the newcomer's command line or user.
need_command strace strace
cat >"$TEST_TMP/reuse.sh" <<'EOS'
source "$SRCDIR/tests/lib.sh"
unshare -u sleep 1000 &
T=$!
wait_until eval '[[ $(readlink /proc/$T/ns/uts) != $(readlink /proc/self/ns/uts) ]]' || exit 3
U=$(readlink /proc/$T/ns/uts | tr -dc 0-9)
strace -o /dev/null -P "$T" -e trace=newfstatat -e inject=newfstatat:delay_enter=3000000 \
	"$NSINSPECT" -n -r -t uts -o NS,PID,USER,COMMAND -p "$T" >"$REUSE_OUT" 2>/dev/null &
S=$!
# held_in_fstatat: nsinspect is stopped at the delayed newfstatat (262)
held_in_fstatat() {
	local n nr rest
	n=$(pgrep -P "$S" -x nsinspect) && read -r nr rest <"/proc/$n/syscall" && [[ $nr == 262 ]]
}
wait_until held_in_fstatat || exit 4
{ kill -KILL "$T" && wait "$T"; } 2>/dev/null
echo $((T - 1)) >/proc/sys/kernel/ns_last_pid
sleep 1001 &
NEW=$!
wait "$S"
echo "$T $NEW $U"
kill "$NEW"
EOS
read -r R_T R_NEW R_U <<<"$(REUSE_OUT=$TEST_TMP/reuse.out unshare --pid --fork --mount-proc bash "$TEST_TMP/reuse.sh")"
check "PID reuse: the new process took the PID" "$R_T" "$R_NEW"
check "PID reuse: the row keeps the scan's namespace and PID, no details" "$R_U $R_T" \
	"$(awk '{ print $1, $2, $3, $4 }' "$TEST_TMP/reuse.out" | sed 's/ *$//')"
finish
