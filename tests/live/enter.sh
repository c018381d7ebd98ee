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
# 5. a user namespace whose setgroups is "deny" (unshare -r, rootless
# engines): entered as nsenter enters it, by root and by its owner
start_helper unshare -U -r sh -c 'echo ready $$; exec cat'
D=${READY[0]}
check "setgroups: the kernel says deny" deny "$(cat "/proc/$D/setgroups")"
check "setgroups deny, root: as nsenter" "$(nsenter -t "$D" -U sh -c 'echo $(id -u) $(id -g) $(readlink /proc/self/ns/user)')" \
	"$("$NSINSPECT" --enter "$D" -U -- sh -c 'echo $(id -u) $(id -g) $(readlink /proc/self/ns/user)')"
check "setgroups deny, root: the target's user namespace" "$(readlink "/proc/$D/ns/user")" \
	"$("$NSINSPECT" --enter "$D" -U -- readlink /proc/self/ns/user)"
AS_NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if "${AS_NOBODY[@]}" unshare -U -r true 2>/dev/null; then
	start_helper "${AS_NOBODY[@]}" unshare -U -r sh -c 'echo ready $$; exec cat'
	D=${READY[0]}
	# (nsenter 2.38 fails here, "setgroups failed"; 2.39 and later go on, as we do)
	check "setgroups deny, its owner: root inside" "0 $(readlink "/proc/$D/ns/user")" \
		"$("${AS_NOBODY[@]}" "$NSINSPECT" --enter "$D" -U -- sh -c 'echo $(id -u) $(readlink /proc/self/ns/user)')"
else
	echo "note: unprivileged user namespaces are off here: the owner's case is not run"
fi

# 6. nsenter's habits: -t, per-type files (with a target and without),
# -W, -r DIR, -e, -N, --user-parent, -c; what is not done is refused
ip netns add "$NAME"
N_INO=$(stat -L -c %i "/run/netns/$NAME")
start_helper unshare --uts --mount sh -c "hostname habits-$$ && cd /tmp && export NSI_HABIT=on-$$ && echo ready \$\$ && exec cat"
H=${READY[0]}
check "-t PID: as nsenter" "$(nsenter -t "$H" -u hostname)" "$("$NSINSPECT" --enter -t "$H" -u -- hostname)"
check "--net=FILE alone: as nsenter" "$(nsenter --net="/run/netns/$NAME" readlink /proc/self/ns/net)" \
	"$("$NSINSPECT" --enter --net="/run/netns/$NAME" -- readlink /proc/self/ns/net)"
check "--net=FILE alone: the file's namespace" "net:[$N_INO]" \
	"$("$NSINSPECT" --enter --net="/run/netns/$NAME" -- readlink /proc/self/ns/net)"
check "-u from the target, --net=FILE: as nsenter" \
	"$(nsenter -t "$H" -u --net="/run/netns/$NAME" sh -c 'echo $(hostname) $(readlink /proc/self/ns/net)')" \
	"$("$NSINSPECT" --enter "$H" -u --net="/run/netns/$NAME" -- sh -c 'echo $(hostname) $(readlink /proc/self/ns/net)')"
check "two files and a target" "habits-$$ net:[$N_INO] $(readlink /proc/self/ns/ipc)" \
	"$("$NSINSPECT" --enter -t "$H" -u --net="/run/netns/$NAME" --ipc=/proc/self/ns/ipc -- \
		sh -c 'echo $(hostname) $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/ipc)')"
check "-W DIR: as nsenter" "$(nsenter -t "$H" -m -W /etc pwd)" "$("$NSINSPECT" --enter "$H" -m -W /etc -- pwd)"
check "-r DIR: as nsenter" "$(nsenter -t "$H" -m -r/usr ls /bin/ls 2>&1)" "$("$NSINSPECT" --enter "$H" -m -r/usr -- ls /bin/ls 2>&1)"
check "-e: the target's environment" "on-$$" "$("$NSINSPECT" --enter "$H" -u -e -- printenv NSI_HABIT)"
check "without -e: ours" "" "$("$NSINSPECT" --enter "$H" -u -- printenv NSI_HABIT)"
# a network namespace only a socket holds (nsenter 2.41 -N)
start_helper "$NSKEEPER" socket
read -r S_PID S_FD S_INO <<<"${READY[*]}"
check "-N FD: the socket's namespace, as the kernel named it" "net:[$S_INO]" \
	"$("$NSINSPECT" --enter "$S_PID" -N "$S_FD" -- readlink /proc/self/ns/net)"
refused 125 "nsinspect: PID $S_PID: fd 0: cannot read its network namespace: not a socket" --enter "$S_PID" -N 0
# --user-parent: the parent of a nested user namespace, as lsns's PNS says
start_helper unshare -U -r unshare -U -r sh -c 'echo ready $$; exec cat'
P=${READY[0]}
check "--user-parent: the parent lsns names" "user:[$(lsns -n -p "$P" -t user -o PNS | tr -d ' ')]" \
	"$("$NSINSPECT" --enter "$P" -U --user-parent -- readlink /proc/self/ns/user)"
# -c: the target's cgroup (cgroup2, wherever it is mounted)
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
if [[ -n $cg2 && -w $cg2 ]]; then
	cg=$cg2/nsitest-enter-$$
	mkdir "$cg"
	EXTRA_CLEANUP="$EXTRA_CLEANUP; rmdir '$cg' 2>/dev/null"
	echo "$H" >"$cg/cgroup.procs"
	check "-c: the target's cgroup, as the kernel says" "$(grep '^0::' "/proc/$H/cgroup")" \
		"$("$NSINSPECT" --enter "$H" -u -c -- grep '^0::' /proc/self/cgroup)"
	echo "$H" >"$cg2/cgroup.procs"
else
	refused 125 "nsinspect: --join-cgroup: no cgroup2 file system is mounted here" --enter "$H" -c
fi
refused 125 "nsinspect: --keep-caps is not supported: the command runs with the capabilities its UID has in the entered user namespace" \
	--enter "$H" --keep-caps
refused 125 "nsinspect: --follow-context is not supported: nsinspect sets no SELinux context" --enter "$H" -Z
refused 125 "nsinspect: /etc/hostname: not a net namespace file" --enter "$H" --net=/etc/hostname
refused 125 "nsinspect: /run/netns/$NAME: not a uts namespace file" --enter "$H" --uts="/run/netns/$NAME"
refused 125 "nsinspect: --enter $H and -t $$: one target only" --enter "$H" -t $$
refused 125 "nsinspect: --wd and --wdns cannot be combined" --enter "$H" -w -W /
refused 125 "nsinspect: -r, -w, -e, -c and -N need a process as the target" --enter "/run/netns/$NAME" -e
refused 125 "nsinspect: -r, -w, -e, -c and -N need a process as the target" --enter --net="/run/netns/$NAME" -c

# nobody may not look at root's namespaces, let alone enter them
chmod 777 "$TEST_TMP"
RUN_AS="setpriv --reuid=65534 --regid=65534 --clear-groups" \
	refused 125 "nsinspect: PID $T: cannot inspect: Permission denied" --enter "$T" -u
finish
