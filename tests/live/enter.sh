#!/bin/bash
# --enter on real namespaces: the command must run where the kernel says
# the target is (readlink of the target's /proc/PID/ns links, the
# hostname set inside, the process list of its pid namespace), and a
# target that is gone, a zombie, or not a namespace must be refused with
# status 125 without running anything.
source "$(dirname "$0")/../lib.sh"
need_root
need_command ip iproute2

NAME=nsitest-enter-$$
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null'
RAN=$TEST_TMP/ran

# refused STATUS MESSAGE ARGS...: nsinspect (run by $RUN_AS if set) fails
# with STATUS and MESSAGE and runs nothing
refused() {
	local want=$1 msg=$2 err rc
	shift 2
	rm -f "$RAN"
	err=$(${RUN_AS:-} "$NSINSPECT" "$@" -- touch "$RAN" 2>&1 >/dev/null)
	rc=$?
	check "refused ($*): status" "$want" "$rc"
	check "refused ($*): message" "$msg" "$err"
	check "refused ($*): nothing ran" "no" "$([[ -e $RAN ]] && echo yes || echo no)"
}

# 1. net and uts of an `unshare --net --uts` process
start_helper unshare --net --uts sh -c "hostname inside-$$ && echo ready \$\$ && exec cat"
T=${READY[0]}
check "net" "$(readlink "/proc/$T/ns/net")" "$("$NSINSPECT" --enter "$T" -n -- readlink /proc/self/ns/net)"
check "uts: the hostname set inside" "inside-$$" "$("$NSINSPECT" --enter "$T" -u -- hostname)"
check "default -a: both" "inside-$$ $(readlink "/proc/$T/ns/net")" \
	"$("$NSINSPECT" --enter "$T" -- sh -c 'echo $(hostname) $(readlink /proc/self/ns/net)')"
check "-a leaves shared types alone" "$(readlink /proc/self/ns/ipc)" \
	"$("$NSINSPECT" --enter "$T" -- readlink /proc/self/ns/ipc)"
# the root and directory are taken before the IDs are dropped, as nsenter does
check "-r -w -S -G, as nsenter" "$(nsenter -t "$T" -r -w -S 65534 -G 65534 sh -c 'echo $(id -u) $(id -g) $PWD')" \
	"$("$NSINSPECT" --enter "$T" -r -w -S 65534 -G 65534 -- sh -c 'echo $(id -u) $(id -g) $PWD')"
"$NSINSPECT" --enter "$T" -n -- sh -c 'exit 7'
check "the command's exit status" 7 "$?"
"$NSINSPECT" --enter "$T" -n -- /nonexistent/cmd 2>/dev/null
check "command not found" 127 "$?"

# 2. pid + mnt of `unshare --pid --fork --mount-proc`: we must be pid 2 there
start_helper unshare --pid --fork --mount-proc sh -c 'echo ready; exec cat'
inner=$(pgrep -P "${HOLDER_JOBS[$HELPER]}")
check "pid+mnt: our PID inside" "2" "$("$NSINSPECT" --enter "$inner" -m -p -- sh -c 'echo $$')"
list=$("$NSINSPECT" --enter "$inner" -m -p -- sh -c 'echo $$; exec ls -d /proc/[0-9]*' | tr '\n' ' ')
read -r self procs <<<"$list"
check "pid+mnt: the process list inside is its init and us" "/proc/1 /proc/$self" "$(echo $procs)"
check "pid: the namespace" "$(readlink "/proc/$inner/ns/pid")" \
	"$("$NSINSPECT" --enter "$inner" -p -- readlink /proc/self/ns/pid)"

# 3. an nsfs path and a namespace inode
ip netns add "$NAME"
want=$(ip netns exec "$NAME" readlink /proc/self/ns/net)
check "/run/netns path" "$want" "$("$NSINSPECT" --enter "/run/netns/$NAME" -- readlink /proc/self/ns/net)"
check "inode (held by the bind mount only)" "$want" \
	"$("$NSINSPECT" --enter "${want//[^0-9]/}" -- readlink /proc/self/ns/net)"
check "link text" "$want" "$("$NSINSPECT" --enter "$want" -n -- readlink /proc/self/ns/net)"

# 4. refusals
gone=$(pid_never_used)
refused 125 "nsinspect: PID $gone: no such process" --enter "$gone"
start_helper "$NSKEEPER" zombie
zombie=${READY[0]}
check "the zombie is one" "Z" "$(awk '{ print $3 }' "/proc/$zombie/stat")"
refused 125 "nsinspect: PID $zombie: has exited (a zombie)" --enter "$zombie"
refused 125 "nsinspect: /etc/hostname: not a namespace file" --enter /etc/hostname
refused 125 "nsinspect: /run/netns/$NAME is a net namespace: cannot enter other types from it" \
	--enter "/run/netns/$NAME" -u
# (the note is there where some process could not be inspected: PID 1 here)
set_none_expectations
note=$([[ $LISTED_IF_NONE == no ]] && echo " (some processes could not be inspected)")
refused 125 "nsinspect: namespace 4294967295: not found$note" --enter 4294967295
refused 125 "nsinspect: 'no-such-thing': not a PID, a namespace (inode or net:[inode]), an nsfs path, an ip netns name or a container" \
	--enter no-such-thing
# nobody may not look at root's namespaces, let alone enter them
chmod 777 "$TEST_TMP"
RUN_AS="setpriv --reuid=65534 --regid=65534 --clear-groups" \
	refused 125 "nsinspect: PID $T: cannot inspect: Permission denied" --enter "$T" -u
finish
