#!/bin/bash
# --graph on real namespaces, read back by Graphviz (Debian's graphviz:
# dot -Tsvg must draw it, dot -Tjson gives its nodes and edges): a user
# namespace with a pid and a net namespace of its own, a netns only
# `ip netns` holds, and a machine known from its cgroup (LXC's
# lxc.payload.NAME, with a quote and a backslash in the name).  Every
# "owns" and "parent" edge of these namespaces is the kernel's, as the
# system lsns reads NS_GET_USERNS and NS_GET_PARENT; the machine is a
# cluster of its namespaces; a namespace known to have no process is
# dashed.
source "$(dirname "$0")/../lib.sh"
need_root
need_command dot graphviz
need_command lsns util-linux
need_command ip iproute2

NAME=nsigraph-$$
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
lxc='nsi"g\'$$
lcg=$cg2/nsigraph-$$/lxc.payload.$lxc
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null; rmdir "$lcg" "$cg2/nsigraph-$$" 2>/dev/null'

start_holder user,pid,net 1
owner=${HOLDER_PIDS[1]}
ip netns add "$NAME"
NS_INO=$(ip netns exec "$NAME" readlink /proc/self/ns/net | tr -dc 0-9)
start_holder uts,ipc 1
machine=("${HOLDER_PIDS[@]}")
if [[ -n $cg2 ]] && mkdir -p "$lcg"; then
	for p in "${machine[@]}"; do echo "$p" >"$lcg/cgroup.procs"; done
else
	echo "FATAL: cannot make a cgroup in the cgroup2 hierarchy ('$cg2')"
	exit 1
fi

"$NSINSPECT" --graph >"$TEST_TMP/g.dot" 2>/dev/null
check "--graph: exit 0" 0 $?
dot -Tsvg "$TEST_TMP/g.dot" >"$TEST_TMP/g.svg" 2>"$TEST_TMP/dot.err"
check "dot -Tsvg draws it" "0 0" "$? $(grep -c . "$TEST_TMP/dot.err")"
check "the picture is SVG" 1 "$(grep -c '<svg' "$TEST_TMP/g.svg")"
dot -Tjson "$TEST_TMP/g.dot" >"$TEST_TMP/g.json"

# edges HEAD: "TAIL LABEL" of every edge into node HEAD, sorted
edges() {
	jq -r --arg h "$1" '(.objects | map({key: (._gvid | tostring), value: .name}) | from_entries) as $n |
		.edges[] | select($n[.head | tostring] == $h) | "\($n[.tail | tostring]) \(.label)"' "$TEST_TMP/g.json" | sort
}
# node NAME FIELD: a field of the node called NAME
node() {
	jq -r --arg n "$1" --arg f "$2" '.objects[] | select(.name == $n) | .[$f]' "$TEST_TMP/g.json"
}

# the kernel's answer through lsns: the owner and the parent of each of ours
ours=$(for t in user pid net; do ns_inode "$owner" $t; done; for t in uts ipc; do ns_inode "${machine[1]}" $t; done)
for ino in $ours; do
	read -r pns ons < <(lsns -n -o NS,PNS,ONS | awk -v i="$ino" '$1 == i { print $2, $3 }')
	want=$({ [[ $ons != 0 ]] && echo "$ons owns"; [[ $pns != 0 ]] && echo "$pns parent"; } | sort)
	check "edges into $ino (lsns: parent $pns, owner $ons)" "$want" "$(edges "$ino")"
done
check "the new user namespace owns the new net namespace" "owns" \
	"$(edges "$(ns_inode "$owner" net)" | awk -v u="$(ns_inode "$owner" user)" '$1 == u { print $2 }')"

# the machine: a cluster named after it, holding its namespaces; the
# label keeps DOT's escapes (a backslash stays doubled) until drawn
cluster=$(jq -c --arg l "${lxc//\\/\\\\} (lxc " '[.objects[] | select((.name | startswith("cluster_")) and
	(.label | startswith($l)))]' "$TEST_TMP/g.json")
check "one cluster for the machine" 1 "$(jq length <<<"$cluster")"
check "the SVG shows its name exactly" 1 "$(grep -cF ">$(sed 's/"/\&quot;/g' <<<"$lxc") (lxc " "$TEST_TMP/g.svg")"
check "the cluster holds the machine's uts and ipc" \
	"$(for t in ipc uts; do ns_inode "${machine[1]}" $t; done | sort | tr '\n' ' ')" \
	"$(jq -r --argjson c "$cluster" '(.objects | map({key: (._gvid | tostring), value: .name}) | from_entries) as $n |
		$c[0].nodes[] | $n[tostring]' "$TEST_TMP/g.json" | sort | tr '\n' ' ')"

# the netns only ip netns holds: dashed where it is known to have no
# process (a scan that inspected every process of its /proc)
set_none_expectations
if [[ $LISTED_IF_NONE == yes ]]; then want=dashed; else want=null; fi
check "the ip netns: dashed when known empty" "$want" "$(node "$NS_INO" style)"
unshare --pid --fork --mount-proc "$NSINSPECT" --graph -t net 2>/dev/null | dot -Tjson >"$TEST_TMP/g.json"
check "every process inspected: the ip netns is dashed, with its mount" \
	"dashed net $NS_INO\\nno process: /run/netns/$NAME" "$(node "$NS_INO" style) $(node "$NS_INO" label)"
finish
