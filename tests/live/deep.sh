#!/bin/bash
# --deep: namespaces that only a thread, an open fd or a socket keeps
# alive, each made the way a user would make it.  Without --deep they are
# not listed (the default scan reads no fds); with it they are, with
# NPROCS 0 and the holder named.  The kernel's truth is readlink of the
# holding thread's or fd's /proc link, and the inode the helper read
# while it was inside.
source "$(dirname "$0")/../lib.sh"
need_root
need_command ip iproute2

NAME=nsitest-thread-$$ FZ=nsitest-fuse-$$
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null; ip netns del $FZ 2>/dev/null'

# row NS [OPTIONS...]: the raw row of namespace NS (empty when absent)
row() {
	local ns=$1
	shift
	"$NSINSPECT" -n -r "$@" 2>/dev/null | awk -v ns="$ns" '$1 == ns'
}

# link_ino PATH: the inode in a namespace link's text
link_ino() {
	local l
	l=$(readlink "$1") || return 1
	l=${l#*[}
	echo "${l%]}"
}

self_user=$(ns_inode self user)
set_none_expectations

# 1. A shell holds an fd on a netns whose last process then exits.
start_holder net 1
leader=${HOLDER_PIDS[0]}
holder_index=$HELPER
FD_INO=$(ns_inode "$leader" net)
start_helper bash -c "exec 3</proc/$leader/ns/net; echo ready \$\$; exec cat"
FD_PID=${READY[0]}
release_helper "$holder_index"
check "fd: kernel says fd 3 holds it" "$FD_INO" "$(link_ino "/proc/$FD_PID/fd/3")"
check "fd: not listed without --deep" "" "$(row "$FD_INO" -t net -o NS)"
check "fd: listed with --deep" "$FD_INO $NONE_TEXT fd:$FD_PID/3" "$(row "$FD_INO" --deep -t net -o NS,NPROCS,HOLDERS)"
check "fd: opened through the fd for ONS" "$FD_INO $self_user" "$(row "$FD_INO" --deep -t net -o NS,ONS)"
check "fd: JSON" "$FD_PID 3" "$("$NSINSPECT" --deep -J -t net -o NS,HOLDERS 2>/dev/null |
	jq -r --argjson ns "$FD_INO" '.namespaces[] | select(.ns == $ns) | .holders.fds[0] | "\(.pid) \(.fd)"')"

# 1b. An fd opened through `ip netns add`'s bind mount, which `ip netns
#     del` then removes: the link reads "/", the file is still the netns
#     (lsns 2.41 finds it by what the file is, so do we).
ip netns add "$NAME"
start_helper bash -c "exec 3</run/netns/$NAME; echo ready \$\$; exec cat"
DF_PID=${READY[0]}
ip netns del "$NAME"
DF_INO=$(stat -L -c %i "/proc/$DF_PID/fd/3")
check "detached fd: the link reads /" "/" "$(readlink "/proc/$DF_PID/fd/3")"
check "detached fd: the kernel says it is nsfs" "nsfs" "$(stat -f -L -c %T "/proc/$DF_PID/fd/3")"
check "detached fd: listed with --deep" "$DF_INO fd:$DF_PID/3" \
	"$(row "$DF_INO" --deep -t net -o NS,HOLDERS)"
release_helper "$HELPER"

# 2. One thread of a process enters a netns with setns(2); the netns's
#    bind mount is then removed, so only that thread holds it.
ip netns add "$NAME"
start_helper "$NSKEEPER" thread "/run/netns/$NAME"
read -r T_PID T_TID T_INO <<<"${READY[*]}"
ip netns del "$NAME"
check "thread: kernel says the thread is there" "$T_INO" "$(link_ino "/proc/$T_PID/task/$T_TID/ns/net")"
check "thread: the process is not" "1" "$([[ $(ns_inode "$T_PID" net) != "$T_INO" ]] && echo 1)"
check "thread: not listed without --deep" "" "$(row "$T_INO" -t net -o NS)"
check "thread: listed with --deep" "$T_INO $NONE_TEXT thread:$T_PID/$T_TID" \
	"$(row "$T_INO" --deep -t net -o NS,NPROCS,HOLDERS)"
check "thread: JSON" "$T_PID $T_TID" "$("$NSINSPECT" --deep -J -o NS,HOLDERS 2>/dev/null |
	jq -r --argjson ns "$T_INO" '.namespaces[] | select(.ns == $ns) | .holders.threads[0] | "\(.pid) \(.tid)"')"

# 3. A process makes a netns, opens a socket there and goes back: only
#    the socket holds the netns.
start_helper "$NSKEEPER" socket
read -r S_PID S_FD S_INO <<<"${READY[*]}"
check "socket: the process is elsewhere" "1" "$([[ $(ns_inode "$S_PID" net) != "$S_INO" ]] && echo 1)"
check "socket: not listed without --deep" "" "$(row "$S_INO" -t net -o NS)"
check "socket: listed with --deep" "$S_INO $NONE_TEXT socket:$S_PID/$S_FD" \
	"$(row "$S_INO" --deep -t net -o NS,NPROCS,HOLDERS)"
check "socket: opened through the socket for ONS and NETNSID" "$S_INO $self_user unassigned" \
	"$(row "$S_INO" --deep -t net -o NS,ONS,NETNSID)"

# -P with --deep lists all three, when they are known to have no process
persistent=$("$NSINSPECT" -n -r -P --deep -t net -o NS 2>/dev/null | sort | tr '\n' ' ')
for ino in "$FD_INO" "$T_INO" "$S_INO"; do
	check "-P --deep lists $ino when known empty" "$LISTED_IF_NONE" \
		"$([[ " $persistent" == *" $ino "* ]] && echo yes || echo no)"
done

# A holder that goes away is not listed any more.  Once it is freed the
# inode may name a new namespace (another test's, on a busy machine):
# the kernel's namespace id, never reused, tells them apart.
S_ID=$(row "$S_INO" --deep -t net -o NS,NS_ID | awk '{ print $2 }')
check "socket: has a namespace id" "1" "$([[ $S_ID =~ ^[0-9]+$ ]] && echo 1)"
release_helper "$HELPER"
check "socket: gone with its holder" "" \
	"$("$NSINSPECT" -n -r --deep -t net -o NS_ID 2>/dev/null | awk -v id="$S_ID" '$1 == id')"
# 4. An ordinary user's pile of bind mounts of its own netns, in its own
#    user and mount namespaces, plus one stacked on another: every mount
#    point once, in root's --deep scan, which a pile this size cannot
#    stall (timeout is the bound on a hang, not a figure asserted)
pile=$TEST_TMP/pile
mkdir -p "$pile" && chown 65534:65534 "$pile" && chmod 755 "$TEST_TMP"
start_helper setpriv --reuid=65534 --regid=65534 --clear-groups "$NSKEEPER" mounts 10000 "$pile"
read -r P_PID P_INO <<<"${READY[*]}"
out=$(timeout 120 "$NSINSPECT" --deep -J -t net -o NS,NSFS,HOLDERS 2>/dev/null)
check "pile: 10,000 mount points and one stacked: each once" "0 10000 10000 10000" \
	"$? $(jq -r --argjson i "$P_INO" '.namespaces[] | select(.ns == $i) |
		"\(.nsfs | length) \(.nsfs | unique | length) \(.holders.mounts | length)"' <<<"$out")"
check "pile: the table's HOLDERS names three and counts the rest" "processes:1,mount:$pile/m0,mount:$pile/m1,mount:$pile/m2,mount:+9997" \
	"$(timeout 120 "$NSINSPECT" --deep -n -r -t net -o NS,HOLDERS 2>/dev/null | awk -v i="$P_INO" '$1 == i { print $2 }')"
release_helper "$HELPER"

# 5. An fd opened through an nsfs bind mount holds that namespace (its
#    mount id in fdinfo is the mount's).  A file of a FUSE mount that
#    never answers, at the same path in another mount namespace, does
#    not, and --deep does not hang on it: the stat() it once made of such
#    an fd waited for the FUSE daemon for ever.
ip netns add "$FZ"
FZ_INO=$(stat -L -c %i "/run/netns/$FZ")
start_helper bash -c "exec 3</run/netns/$FZ; echo ready \$\$; exec cat"
B_PID=${READY[0]} bind_index=$HELPER
check "fd through a bind mount: a holder" "mount:/run/netns/$FZ,fd:$B_PID/3" \
	"$(row "$FZ_INO" --deep -t net -o NS,HOLDERS | awk '{ print $2 }')"
start_helper "$NSKEEPER" fuse "/run/netns/$FZ"
read -r F_PID F_FD <<<"${READY[*]}"
check "FUSE: the kernel says the fd names the mount point" "/run/netns/$FZ" "$(readlink "/proc/$F_PID/fd/$F_FD")"
out=$(timeout -s KILL 60 "$NSINSPECT" --deep -n -r -t net -o NS,HOLDERS 2>/dev/null)
check "FUSE file at an nsfs mount point: --deep ends" 0 $?
check "FUSE file: not a holder" "" "$(grep -o "fd:$F_PID/$F_FD" <<<"$out")"
check "FUSE file: the real fd still is" "mount:/run/netns/$FZ,fd:$B_PID/3" \
	"$(awk -v i="$FZ_INO" '$1 == i { print $2 }' <<<"$out")"
release_helper "$HELPER"
release_helper "$bind_index"

finish
