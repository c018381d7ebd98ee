#!/bin/bash
# Namespaces kept alive by nsfs bind mounts, made the way users make them
# (`ip netns add`, `unshare --mount=FILE`): listed with NPROCS 0 (or
# unknown, where some process could not be inspected), their mount
# points in NSFS, the ip netns name, NETNSID from netlink, -P, and the
# same answers from the mountinfo reader.  The kernel's truth is
# readlink inside the namespace (`ip netns exec`), stat of the nsfs file,
# and the system lsns where it sees the namespace too.
source "$(dirname "$0")/../lib.sh"
need_root
need_command ip iproute2

NAME=nsitest-$$
PINNED=nsitest-pinned-$$
NEWLINE=$'nsitest-nl-'$$$'\nfake'
PINS=$TEST_TMP/pins
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null; ip netns del $PINNED 2>/dev/null
	ip netns del "$NEWLINE" 2>/dev/null
	umount $PINS/mnt 2>/dev/null; umount $PINS 2>/dev/null'

ip netns add "$NAME" || { echo "FATAL: ip netns add failed"; exit 1; }
INO=$(ip netns exec "$NAME" readlink /proc/self/ns/net)
INO=${INO#net:[}
INO=${INO%]}
set_none_expectations
listed=$([[ $LISTED_IF_NONE == yes ]] && echo "$INO")

# row NS [OPTIONS...]: the raw row of namespace NS (empty when absent)
row() {
	local ns=$1
	shift
	"$NSINSPECT" -n -r "$@" 2>/dev/null | awk -v ns="$ns" '$1 == ns'
}

for src in kernel mountinfo; do
	if [[ $src == mountinfo ]]; then export NSINSPECT_MOUNTS=mountinfo; fi
	check "$src: -t net row" "$INO net $NONE_TEXT /run/netns/$NAME $NAME" \
		"$(row "$INO" -t net -o NS,TYPE,NPROCS,NSFS,IPNETNS)"
	check "$src: HOLDERS" "$INO mount:/run/netns/$NAME" "$(row "$INO" -o NS,HOLDERS)"
	check "$src: -P lists it when it is known to have no process" "$listed" "$(row "$INO" -P -o NS)"
	unset NSINSPECT_MOUNTS
done

# -P lists only namespaces no process is in: nsinspect's own are not
self_net=$(ns_inode self net)
check "-P leaves out our netns" "" "$(row "$self_net" -P -t net -o NS)"
check "-P rows all have NPROCS 0" "" \
	"$("$NSINSPECT" -n -r -P -o NPROCS 2>/dev/null | grep -v '^0$')"

# A scan that inspects every process its /proc shows (one of a new pid
# namespace, where every process is ours): the count is known, 0, and
# -P lists the netns; JSON says so.  Where some process could not be
# inspected, the count is unknown and -P leaves it out.
complete=$(unshare --pid --fork --mount-proc "$NSINSPECT" -J -t net -o NS,NPROCS 2>/dev/null |
	jq -c --argjson ns "$INO" '[.complete, (.namespaces[] | select(.ns == $ns) | .nprocs)]')
check "every process inspected: complete, NPROCS 0" "[true,0]" "$complete"
check "every process inspected: -P lists it" "$INO" \
	"$(unshare --pid --fork --mount-proc "$NSINSPECT" -n -r -P -t net -o NS 2>/dev/null | grep -x "$INO")"
check "JSON nprocs as the scan knows it" "$NONE_JSON" \
	"$("$NSINSPECT" -J -t net -o NS,NPROCS 2>/dev/null | jq -r --argjson ns "$INO" '.namespaces[] | select(.ns == $ns) | .nprocs')"

# NETNSID, as assigned by ip netns set and as lsns reads it
ip netns set "$NAME" 42
check "NETNSID" "$INO 42" "$(row "$INO" -t net -o NS,NETNSID)"
check "JSON" "[\"/run/netns/$NAME\"] [\"$NAME\"] 42 /run/netns/$NAME" \
	"$("$NSINSPECT" -J -t net -o NS,NSFS,IPNETNS,NETNSID,HOLDERS 2>/dev/null |
		jq -c -r --argjson ns "$INO" '.namespaces[] | select(.ns == $ns) |
		"\(.nsfs) \(.ipnetns) \(.netnsid) \(.holders.mounts[0].path)"')"
check "our own netns is unassigned" "$self_net unassigned" "$(row "$self_net" -t net -o NS,NETNSID)"

# UID and USER of a namespace no process is in: its owner's, as lsns 2.41
# shows them: `ip netns add` by root gives 0 root; a netns whose user
# namespace nobody made (setpriv), held only by our bind mount, nobody's
check "no process: UID and USER of the owner" "$INO 0 root" "$(row "$INO" -t net -o NS,UID,USER)"
check "no process: JSON uid and user" "0 root" \
	"$("$NSINSPECT" -J -t net -o NS,UID,USER 2>/dev/null | jq -r --argjson ns "$INO" '.namespaces[] | select(.ns == $ns) | "\(.uid) \(.user)"')"
OWNED=nsitest-owned-$$
EXTRA_CLEANUP="$EXTRA_CLEANUP; umount /run/netns/$OWNED 2>/dev/null; rm -f /run/netns/$OWNED"
start_helper setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -n sh -c 'echo ready $$; exec cat'
O_PID=${READY[0]}
O_INO=$(ns_inode "$O_PID" net)
touch "/run/netns/$OWNED" && mount --bind "/proc/$O_PID/ns/net" "/run/netns/$OWNED" || fail "cannot bind-mount"
release_helper "$HELPER"
check "no process, made by nobody: its owner" "$O_INO 65534 $(id -nu 65534) 65534" \
	"$(row "$O_INO" -t net -o NS,UID,USER,OWNER)"
umount "/run/netns/$OWNED" && rm -f "/run/netns/$OWNED"

# With a process inside, lsns sees it too: NS, NETNSID and NSFS must agree.
start_helper ip netns exec "$NAME" "$NSHOLDER" none 1
check "lsns parity" "$(lsns -n -r -t net -o NS,NETNSID,NSFS | awk -v ns="$INO" '$1 == ns')" \
	"$(row "$INO" -t net -o NS,NETNSID,NSFS)"
release_helper "$HELPER"

# A network namespace pinned only inside a mount namespace that no process
# is in, itself pinned by `unshare --mount=FILE`.  Other mount namespaces
# are read with --deep, and only the kernel source (NS_MNT_GET_NEXT)
# reaches this one; mountinfo has no process to read it through.
if NSINSPECT_DEBUG=ns "$NSINSPECT" --deep -t mnt 2>&1 >/dev/null | grep -q 'reading mountinfo'; then
	echo "note: kernel mount walk unavailable, skipping the pinned mount namespace"
else
	mkdir "$PINS" && mount --bind "$PINS" "$PINS" && mount --make-private "$PINS" &&
		touch "$PINS/mnt" "$PINS/net"
	ip netns add "$PINNED"
	PINO=$(ip netns exec "$PINNED" readlink /proc/self/ns/net)
	PINO=${PINO#net:[}
	PINO=${PINO%]}
	unshare --mount="$PINS/mnt" --propagation private \
		mount --bind "/run/netns/$PINNED" "$PINS/net" || fail "cannot pin"
	ip netns del "$PINNED"	# now only the hidden mount namespace holds it
	MNTNS=$(stat -L -c %i "$PINS/mnt")
	check "pinned mount namespace" "$MNTNS mnt $NONE_TEXT $PINS/mnt" "$(row "$MNTNS" -t mnt -o NS,TYPE,NPROCS,NSFS)"
	check "netns pinned inside it: not without --deep" "" "$(row "$PINO" -t net -o NS)"
	check "netns pinned inside it" "$PINO $NONE_TEXT $PINS/net" "$(row "$PINO" --deep -t net -o NS,NPROCS,NSFS)"
	check "its mount's namespace" "$MNTNS" \
		"$("$NSINSPECT" --deep -J -t net -o NS,HOLDERS 2>/dev/null | jq -r --argjson ns "$PINO" \
			'.namespaces[] | select(.ns == $ns) | .holders.mounts[] | select(.path == "'"$PINS/net"'") | .mntns')"
fi

# A name with a newline in it (ip netns takes any name without a slash)
# is one name: one JSON string, and in a table escaped as \x0a, so no
# line of output starts with what follows the newline.
ip netns add "$NEWLINE" || { echo "FATAL: ip netns add with a newline failed"; exit 1; }
NL_INO=$(stat -L -c %i "/run/netns/$NEWLINE")
for src in kernel mountinfo; do
	if [[ $src == mountinfo ]]; then export NSINSPECT_MOUNTS=mountinfo; fi
	check "$src: newline name: JSON" "$(jq -cn --arg n "$NEWLINE" '[["/run/netns/" + $n], [$n]]')" \
		"$("$NSINSPECT" -J -t net -o NS,NSFS,IPNETNS 2>/dev/null | jq -c --argjson ns "$NL_INO" \
			'.namespaces[] | select(.ns == $ns) | [.nsfs, .ipnetns]')"
	check "$src: newline name: table" "$NL_INO /run/netns/nsitest-nl-$$\\x0afake nsitest-nl-$$\\x0afake" \
		"$(row "$NL_INO" -t net -o NS,NSFS,IPNETNS)"
	check "$src: newline name: no line starts with what follows it" "" \
		"$("$NSINSPECT" -n -t net -o NSFS,NS 2>/dev/null | grep '^fake')"
done
unset NSINSPECT_MOUNTS
ip netns del "$NEWLINE"

# After `ip netns del` the namespace is gone and so is its row.
ip netns del "$NAME"
check "deleted netns is gone" "" "$(row "$INO" -t net -o NS)"
finish
