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
finish
