#!/bin/bash
# --watch on real namespaces: it prints the namespaces present, then an
# "appeared" line for a network namespace this test makes (ip netns add)
# and a "disappeared" line when it is removed, with the inode readlink
# gives; a "changed" line names a command its process exec'd into.  A namespace deleted and re-created under the same name while the
# watcher is stopped (SIGSTOP) usually gets the same inode back: the
# watcher must report the change through NS_GET_ID.  SIGTERM and SIGINT
# end it with status 0; every line is valid JSON; memory stays flat while
# namespaces come and go.  Every wait is bounded; none is a guess.
source "$(dirname "$0")/../lib.sh"
need_root
need_command ip iproute2

NAME=nsiwatch-$$
OUT=$TEST_TMP/events
EXTRA_CLEANUP='kill -KILL $WATCHER 2>/dev/null; ip netns del $NAME 2>/dev/null'

# wait_for JQ-FILTER: until a line of $OUT matches
wait_for() {
	wait_for_event "$OUT" "$1"
}

netns_inode() {
	ip netns exec "$NAME" readlink /proc/self/ns/net | tr -dc 0-9
}

set_none_expectations
"$NSINSPECT" --watch=0.05 -t net >"$OUT" 2>"$TEST_TMP/err" &
WATCHER=$!
self=$(ns_inode self net)
wait_for ".event == \"present\" and .ns == $self"

# A process that is seen, then exec's another command (as a container's
# "runc init" does): the event that follows names the new command.
start_helper unshare --net bash -c 'echo ready $$; read -r _; exec -a "nsiwatch-exec-$$" cat'
EXEC_PID=${READY[0]}
EXEC_NET=$(ns_inode "$EXEC_PID" net)
wait_for ".event == \"appeared\" and .ns == $EXEC_NET and .pid == $EXEC_PID and (.command | startswith(\"bash \"))"
echo go >&"${HOLDER_WFDS[$HELPER]}"
wait_for ".event == \"changed\" and .ns == $EXEC_NET and (.changed | index(\"command\")) and .command == \"nsiwatch-exec-$EXEC_PID\""
release_helper "$HELPER"
wait_for ".event == \"disappeared\" and .ns == $EXEC_NET"

ip netns add "$NAME"
INO=$(netns_inode)
# ip itself may still be inside when a scan looks: then the mount and the
# empty count come with a "changed" event
wait_for "(.event == \"appeared\" or .event == \"changed\") and .ns == $INO and .nprocs == $NONE_JSON and any(.holders.mounts[]; .path == \"/run/netns/$NAME\")"
ID=$(jq -r "select(.event == \"appeared\" and .ns == $INO) | .ns_id" "$OUT" | tail -1)

# Re-created while the watcher cannot look: same name, often the same
# inode.  Ten times, since the watcher may be stopped anywhere in a scan,
# even between finding the bind mount and opening it.
seen=$ID
for ((round = 0; round < 10; round++)); do
	kill -STOP $WATCHER
	ip netns del "$NAME"
	ip netns add "$NAME"
	INO2=$(netns_inode)
	kill -CONT $WATCHER
	if [[ $ID == null ]]; then
		echo "NS_GET_ID not available: inode reuse cannot be told apart"
		break
	fi
	wait_for ".event == \"disappeared\" and .ns_id == $ID" || break
	new=".event == \"appeared\" and .ns == $INO2 and (.ns_id | IN($seen) | not)"
	wait_for "$new" || break
	[[ $INO2 == "$INO" ]] && echo "round $round: inode $INO was reused; told apart by NS_GET_ID"
	ID=$(jq -r "select($new) | .ns_id" "$OUT" | tail -1)
	seen+=",$ID"
	INO=$INO2
done

# memory stays flat while namespaces come and go (no ASan quarantine here)
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
ip netns del "$NAME"
wait_for ".event == \"disappeared\" and .ns == $INO2"
kill -TERM $WATCHER
wait $WATCHER
check "SIGTERM: exit 0" 0 $?

# The watcher has a pid namespace of its own, so what other processes on
# the machine do cannot move its memory; bind mounts still reach it
# (slave propagation), the namespaces it is to see come and go.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
	unshare --pid --fork --mount-proc --propagation slave \
	"$NSINSPECT" --watch=0.01 -t net >"$OUT" 2>>"$TEST_TMP/err" &
WATCHER=$!
wait_for ".event == \"present\" and .ns == $self"
# unshare waits for it, so this PID stays the watcher's
WATCHER_PID=$(pgrep -P $WATCHER -x nsinspect)
# appeared: how many namespaces bound at $NAME the watcher saw appear
appeared() {
	grep -F '"event":"appeared"' "$OUT" | grep -cF "\"path\":\"/run/netns/$NAME\""
}
appeared_more() {
	(($(appeared) > seen))
}
# churn N: N namespaces in turn, each kept until the watcher saw it
churn() {
	local i
	for ((i = 0; i < $1; i++)); do
		ip netns add "$NAME"
		wait_until appeared_more || fail "namespace $seen not seen"
		seen=$((seen + 1))
		ip netns del "$NAME"
	done
}
seen=$(appeared)
churn 20
before=$(rss $WATCHER_PID)
churn 200
after=$(rss $WATCHER_PID)
echo "RSS after 20 namespaces: $before KiB, after 220: $after KiB"
((after - before < 1024)) || fail "RSS grew from $before to $after KiB"
kill -INT $WATCHER_PID
wait $WATCHER
check "SIGINT: exit 0" 0 $?

check "every line is JSON" "" "$(jq -c . "$OUT" >/dev/null 2>&1 || echo invalid)"
check "stderr: at most the warning" "" "$(grep -v 'processes could not be inspected' "$TEST_TMP/err")"
# each namespace (by ns_id; other namespaces of the machine may come and
# go meanwhile) appeared or was present once, and disappeared at most once after
check "each namespace: appeared, then disappeared, once each" "true" \
	"$(jq -s '[.[] | select(.ns_id != null and .event != "changed")] | group_by(.ns_id) |
		map(map(.event) | . as $e | [["present"], ["appeared"], ["present", "disappeared"],
			["appeared", "disappeared"]] | index([$e])) | all(. != null)' "$OUT")"
# A reader that never reads: the watcher blocks in a write to a full
# pipe (the kernel's /proc/PID/syscall says write(1, ...)), and SIGTERM
# still ends it, exit 0, with whole lines only in the pipe.  A helper
# holds the FIFO open and never reads until released; then it drains it.
fifo=$TEST_TMP/stalled
mkfifo "$fifo"
start_helper python3 -c '
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 4096)
print("ready", flush=True)
sys.stdin.read()
os.set_blocking(fd, False)
with open(sys.argv[2], "wb") as out:
    try:
        while True:
            out.write(os.read(fd, 65536))
    except BlockingIOError:
        pass
' "$fifo" "$TEST_TMP/drained"
reader_index=$HELPER
"$NSINSPECT" --watch=0.05 -t net >"$fifo" 2>/dev/null &
STALLED=$!
hold_process $STALLED
held_stalled=$HELD
EXTRA_CLEANUP='kill -KILL $STALLED 2>/dev/null; for n in $(ip netns list | grep -o "^$NAME-s[0-9]*"); do ip netns del $n; done; '$EXTRA_CLEANUP
# blocked_in_write: the watcher waits in write(2) on fd 1
blocked_in_write() {
	local nr fd rest
	read -r nr fd rest <"/proc/$STALLED/syscall" 2>/dev/null && [[ $nr == 1 && $fd == 0x1 ]]
}
# new namespaces make events until the pipe is full
for ((i = 0; i < 200; i++)); do
	blocked_in_write && break
	ip netns add "$NAME-s$i"
done
wait_until blocked_in_write || fail "the watcher never blocked on the full pipe"
kill -TERM $STALLED
wait_until process_ended "$held_stalled" || fail "SIGTERM did not end a watcher blocked in a write within 30 s"
wait $STALLED
check "blocked in a write: SIGTERM, exit 0" 0 $?
release_helper "$reader_index"
check "blocked in a write: whole lines only" 1 \
	"$([[ -s $TEST_TMP/drained && $(tail -c 1 "$TEST_TMP/drained" | od -An -c | tr -d ' ') == '\n' ]] && echo 1)"
check "blocked in a write: every line is JSON" "$(wc -l <"$TEST_TMP/drained")" \
	"$(jq -c . <"$TEST_TMP/drained" | wc -l)"
for n in $(ip netns list | grep -o "^$NAME-s[0-9]*"); do ip netns del "$n"; done

finish
