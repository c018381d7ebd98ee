# Shared helpers for the shell tests.  Source it; it sets -u and a
# cleanup trap that releases every namespace holder the test started,
# whether the test passes, fails or dies.
set -u
: "${NSINSPECT:?} ${NSHOLDER:?} ${NSKEEPER:?} ${SRCDIR:?}"

TEST_TMP=$(mktemp -d)
HOLDER_WFDS=()
HOLDER_JOBS=()
FAILS=0
CHECKS=0

cleanup() {
	local fd
	for fd in "${HOLDER_WFDS[@]}"; do
		[[ -n $fd ]] && eval "exec $fd>&-"
	done
	[[ ${#HOLDER_JOBS[@]} -gt 0 ]] && wait "${HOLDER_JOBS[@]}" 2>/dev/null
	[[ -n ${EXTRA_CLEANUP:-} ]] && eval "$EXTRA_CLEANUP"
	rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# Skip (exit 77) unless we are root and can make namespaces.
need_root() {
	if [[ $(id -u) != 0 ]]; then
		echo "SKIP: needs root"
		exit 77
	fi
	if ! unshare --uts true 2>/dev/null; then
		echo "SKIP: cannot unshare here"
		exit 77
	fi
}

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

# check DESCRIPTION EXPECTED ACTUAL
check() {
	CHECKS=$((CHECKS + 1))
	if [[ "$2" != "$3" ]]; then
		fail "$1: expected '$2', got '$3'"
	fi
}

finish() {
	echo "$CHECKS checks, $FAILS failed"
	[[ $FAILS -eq 0 ]]
	exit $?
}

# start_helper CMD...: run a helper that prints one "ready ..." line and
# holds until its stdin reaches EOF.  Sets READY to the words after
# "ready" and HELPER to the helper's index for release_helper.
# Readiness comes from that line, never from a sleep.
start_helper() {
	local d wfd rfd line
	d=$(mktemp -d "$TEST_TMP/helper.XXXX")
	mkfifo "$d/in" "$d/out"
	# the helper must not inherit other helpers' stdin pipes: they would
	# never see EOF
	(
		for fd in "${HOLDER_WFDS[@]}"; do
			[[ -n $fd ]] && eval "exec $fd>&-"
		done
		exec "$@"
	) <"$d/in" >"$d/out" &
	HOLDER_JOBS+=($!)
	exec {wfd}>"$d/in"
	HOLDER_WFDS+=($wfd)
	exec {rfd}<"$d/out"
	if ! read -r -u "$rfd" line || [[ $line != ready* ]]; then
		echo "FATAL: $* did not start"
		exit 1
	fi
	exec {rfd}<&-
	read -r -a READY <<<"${line#ready }"
	HELPER=$((${#HOLDER_WFDS[@]} - 1))
}

# release_helper INDEX: close its stdin and wait until it has exited.
release_helper() {
	local fd=${HOLDER_WFDS[$1]}
	eval "exec $fd>&-"
	wait "${HOLDER_JOBS[$1]}" 2>/dev/null
	HOLDER_WFDS[$1]=
}

# start_holder TYPES NPROCS: make namespaces held by NPROCS processes
# (see tests/helpers/nsholder.c).  Sets HOLDER_PIDS (leader first).
start_holder() {
	start_helper "$NSHOLDER" "$1" "$2"
	HOLDER_PIDS=("${READY[@]}")
}

# ns_inode PID TYPE: the kernel's own answer, from readlink.
ns_inode() {
	local l
	l=$(readlink "/proc/$1/ns/$2") || return 1
	l=${l#*[}
	echo "${l%]}"
}

# truth TYPE INODE: "NPROCS LOWESTPID" counted from /proc by readlink.
truth() {
	local n=0 low= p
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		if [[ $(readlink "/proc/$p/ns/$1" 2>/dev/null) == "$1:[$2]" ]]; then
			n=$((n + 1))
			if [[ -z $low || $p -lt $low ]]; then low=$p; fi
		fi
	done
	echo "$n $low"
}

# wait_until CMD...: run CMD until it succeeds; false if it never did
# within 30 s.  For conditions that only another process can make true
# (a file written, a process reaped): the condition is what is waited
# for, the pause between tries only spares the CPU, and the bound only
# turns a hang into a failure.
wait_until() {
	local i
	for ((i = 0; i < 600; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# pid_never_used: a PID no process can have (the kernel hands out PIDs
# below pid_max), for "no such process" cases: a PID that was freed may
# be given to another process at any time.
pid_never_used() {
	cat /proc/sys/kernel/pid_max
}

# hold_process PID: open /proc/PID and set HELD to the fd.  The open
# directory stays bound to that process: once it has been reaped, paths
# below the fd fail even when its PID has been given to another process.
hold_process() {
	exec {HELD}<"/proc/$1"
}

# process_ended FD: the process held at FD (hold_process) has exited: it
# is a zombie or has been reaped.
process_ended() {
	local state
	state=$(awk '{ print $3 }' "/dev/fd/$1/stat" 2>/dev/null) || return 0
	[[ -z $state || $state == Z ]]
}

# need_command CMD PACKAGE: fail at once, in one line, when CMD is missing.
need_command() {
	command -v "$1" >/dev/null && return
	echo "FATAL: $1 ($2) is missing (scripts/install-deps.sh --tests installs it)"
	exit 1
}

# NONE_TEXT / NONE_JSON: what NPROCS shows for a namespace in which no
# process was seen: 0 when every process could be inspected, unknown (an
# empty cell, null) when some could not be (on some machines even root
# may not inspect PID 1).  LISTED_IF_NONE: whether -P lists it ("yes"
# only when its emptiness is known).
set_none_expectations() {
	if [[ $("$NSINSPECT" -J -o NS 2>/dev/null | jq -r .complete) == true ]]; then
		NONE_TEXT=0 NONE_JSON=0 LISTED_IF_NONE=yes
	else
		NONE_TEXT= NONE_JSON=null LISTED_IF_NONE=no
	fi
}

# event_seen FILE JQ-FILTER: a JSON line of FILE (--watch's events) matches
event_seen() {
	jq -e -c "select($2)" "$1" 2>/dev/null | grep -q .
}

# wait_for_event FILE JQ-FILTER: until a line matches; on a timeout,
# fail and show the events but "changed"
wait_for_event() {
	wait_until event_seen "$1" "$2" && return 0
	fail "no event matching $2 within 30 s; the events other than changed:"
	jq -c 'select(.event != "changed") | del(.time, .command)' "$1" | tail -8
	return 1
}
