#!/bin/bash
# A process whose command line cannot be read (its memory map lock held,
# as on a hung host) stalls no scan: its COMMAND is its name, with a
# warning, and every other process's command line is read as usual.
# ctest runs this test alone (RUN_SERIAL): while the helper holds its
# lock, every ps, pgrep and lsns on the machine waits for it too, so this
# script runs none of them.
source "$SRCDIR/tests/lib.sh"
need_root

# abort_fuse CONN: end FUSE connection CONN, the way out if the helper
# could not answer its stalled read any more
abort_fuse() {
	unshare -m sh -c "mount -t fusectl none /sys/fs/fuse/connections &&
		echo 1 >/sys/fs/fuse/connections/$1/abort"
}

# reading_cmdline PID TARGET: PID sleeps (D) in a read(2) of TARGET's command line
reading_cmdline() {
	local stat call
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	read -r -a call <"/proc/$1/syscall" || return 1
	[[ ${stat##*) } == D* && ${call[0]} == 0 && $(readlink "/proc/$1/fd/$((call[1]))") == "/proc/$2/cmdline" ]]
}

# a process with a command line of its own, started before the stall
start_holder net 1
H_PID=${HOLDER_PIDS[0]} H_NET=$(ns_inode "${HOLDER_PIDS[0]}" net)
H_CMD=$(tr '\0' ' ' <"/proc/$H_PID/cmdline")
H_CMD=${H_CMD% }

: >"$TEST_TMP/stall"
start_helper "$NSKEEPER" stallcmd "$TEST_TMP/stall"
read -r S_PID S_CONN <<<"${READY[*]}"
stall_index=$HELPER
S_MNT=$(ns_inode "$S_PID" mnt)
# and one started after it: its command line is read after the stall
start_holder net 1
L_PID=${HOLDER_PIDS[0]} L_NET=$(ns_inode "${HOLDER_PIDS[0]}" net)
L_CMD=$(tr '\0' ' ' <"/proc/$L_PID/cmdline")
L_CMD=${L_CMD% }

# the kernel's truth: a plain read of its command line waits
cat "/proc/$S_PID/cmdline" >/dev/null 2>&1 &
CAT=$!
wait_until reading_cmdline "$CAT" "$S_PID"
check "kernel: a read of its command line waits" 0 $?
kill -KILL "$CAT"
wait "$CAT" 2>/dev/null
check "kernel: its name is $(cat "/proc/$S_PID/comm")" nskeeper "$(cat "/proc/$S_PID/comm")"

# 1. One process: the list ends, COMMAND is the name, one warning says why.
out=$(timeout -s KILL 60 "$NSINSPECT" -n -r -o NS,TYPE,PID,COMMAND -p "$S_PID" 2>"$TEST_TMP/err")
check "-p: the list ends" 0 $?
check "-p: its mount namespace, with its name" "$S_MNT mnt $S_PID nskeeper" "$(grep "^$S_MNT " <<<"$out")"
check "-p: the warning" "nsinspect: warning: PID $S_PID: its command line could not be read in time (its memory is locked, or on a stalled file system): COMMAND shows its name" \
	"$(grep "command line" "$TEST_TMP/err")"

# 2. Every process: the others' command lines are read, before and after it.
out=$(timeout -s KILL 60 "$NSINSPECT" -n -r -o NS,PID,COMMAND 2>"$TEST_TMP/err")
check "list: ends" 0 $?
check "list: the stalled process shows its name" "$S_MNT $S_PID nskeeper" "$(grep "^$S_MNT " <<<"$out")"
# (-r writes a space in a cell as \x20)
check "list: a process before it, its command line" "$H_NET $H_PID ${H_CMD// /\\x20}" "$(grep "^$H_NET " <<<"$out")"
check "list: a process after it, its command line" "$L_NET $L_PID ${L_CMD// /\\x20}" "$(grep "^$L_NET " <<<"$out")"
check "list: one warning" 1 "$(grep -c "command line could not be read" "$TEST_TMP/err")"

# 3. JSON: the same command, a string.
out=$(timeout -s KILL 60 "$NSINSPECT" -J -o NS,COMMAND -p "$S_PID" -t mnt 2>/dev/null)
check "JSON: its name" nskeeper "$(jq -r --argjson ns "$S_MNT" '.namespaces[] | select(.ns == $ns) | .command' <<<"$out")"

# 4. --watch: its first events come, with the name; SIGTERM ends it.
"$NSINSPECT" --watch=0.2 -t mnt >"$TEST_TMP/watch" 2>"$TEST_TMP/watch.err" &
W=$!
hold_process "$W"
# (jq -e on an empty file succeeds: the value itself is compared)
watch_says_name() {
	[[ $(jq -r --argjson ns "$S_MNT" 'select(.ns == $ns) | .command' "$TEST_TMP/watch" 2>/dev/null) == nskeeper ]]
}
wait_until watch_says_name
check "--watch: its namespace, with its name" 0 $?
kill -TERM "$W"
if ! wait_until process_ended "$HELD"; then
	fail "--watch: SIGTERM does not end it"
	kill -KILL "$W"
fi
wait "$W" 2>/dev/null
check "--watch: the warning" 1 "$(grep -c "PID $S_PID: its command line could not be read" "$TEST_TMP/watch.err")"

# The helper lets go at EOF; if it cannot, its FUSE connection is aborted.
hold_process "$S_PID"
eval "exec ${HOLDER_WFDS[$stall_index]}>&-"
HOLDER_WFDS[$stall_index]=
if ! wait_until process_ended "$HELD"; then
	fail "the helper did not let go"
	abort_fuse "$S_CONN"
fi
finish
