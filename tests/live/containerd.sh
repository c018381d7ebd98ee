#!/bin/bash
# containerd for real: a private containerd (Debian's, installed with
# docker.io) whose state is the standard /run/containerd, where nsinspect
# looks, and whose root and socket are temporary.  `ctr run --rootfs` runs
# busybox without any image.  A plain container in the "default"
# namespace, and in "k8s.io" a pod shaped as containerd's CRI plugin
# makes it (the annotations of pkg/cri/annotations, a kubepods cgroup): a
# sandbox, and an app container that joins the sandbox's network
# namespace.  Every namespace is checked against readlink of the task's
# PID.  Skipped when a containerd already uses /run/containerd.
. "$SRCDIR/tests/lib.sh"
need_root
if ! command -v ctr >/dev/null || ! command -v containerd >/dev/null || [[ ! -x /bin/busybox ]]; then
	echo "FATAL: containerd or busybox-static is not installed (scripts/install-deps.sh --tests)"
	exit 1
fi
if [[ -S /run/containerd/containerd.sock ]] || pgrep -x containerd >/dev/null; then
	echo "SKIP: a containerd is running; this test needs /run/containerd to itself"
	exit 77
fi

CTD=$TEST_TMP/ctd
CTD_PID=
had_state=0
[[ -d /run/containerd ]] && had_state=1
mkdir -p "$CTD/root" "$CTD/rootfs/bin"
cp /bin/busybox "$CTD/rootfs/bin/" && ln -s busybox "$CTD/rootfs/bin/sleep"
cat >"$CTD/config.toml" <<EOT
version = 2
root = "$CTD/root"
state = "/run/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTD/c.sock"
[ttrpc]
  address = "$CTD/c.sock.ttrpc"
EOT
c() { ctr -a "$CTD/c.sock" "$@"; }

stop_containerd() {
	local ns t
	for ns in default team2 k8s.io; do
		for t in $(c -n $ns task ls -q 2>/dev/null); do
			c -n $ns task kill -s KILL "$t" >/dev/null 2>&1
			c -n $ns task rm -f "$t" >/dev/null 2>&1
		done
		for t in $(c -n $ns containers ls -q 2>/dev/null); do c -n $ns containers rm "$t" >/dev/null 2>&1; done
	done
	if [[ -n $CTD_PID ]]; then
		kill "$CTD_PID" 2>/dev/null
		wait "$CTD_PID" 2>/dev/null
	fi
	grep -o " $CTD/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
	[[ $had_state == 0 ]] && rm -rf /run/containerd
}
EXTRA_CLEANUP=stop_containerd

containerd --config "$CTD/config.toml" >"$CTD/log" 2>&1 &
CTD_PID=$!
wait_until eval 'c version >/dev/null 2>&1 || ! kill -0 "$CTD_PID" 2>/dev/null'	# readiness: it answers
c version >/dev/null 2>&1 || { tail -5 "$CTD/log"; echo "FATAL: containerd did not start"; exit 1; }

SB=aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888
APP=1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef
POD_CG=/kubepods/besteffort/pod0f1e2d3c-4b5a-6978-8a9b-acbdcedf0011
cri=io.kubernetes.cri
c run -d --rootfs "$CTD/rootfs" plain1 /bin/sleep 100000 >/dev/null || { echo "FATAL: ctr run plain1"; exit 1; }
c -n k8s.io run -d --cgroup "$POD_CG/$SB" \
	--annotation $cri.container-type=sandbox --annotation $cri.sandbox-id=$SB \
	--annotation $cri.sandbox-name=web-0 --annotation $cri.sandbox-namespace=shop \
	--rootfs "$CTD/rootfs" $SB /bin/sleep 100000 >/dev/null || { echo "FATAL: ctr run sandbox"; exit 1; }
sbpid=$(c -n k8s.io task ls | awk -v id=$SB '$1 == id { print $2 }')
c -n k8s.io run -d --cgroup "$POD_CG/$APP" --with-ns "network:/proc/$sbpid/ns/net" \
	--annotation $cri.container-type=container --annotation $cri.sandbox-id=$SB \
	--annotation $cri.sandbox-name=web-0 --annotation $cri.sandbox-namespace=shop \
	--annotation $cri.container-name=nginx --annotation $cri.image-name=docker.io/library/nginx:1.25 \
	--rootfs "$CTD/rootfs" $APP /bin/sleep 100000 >/dev/null || { echo "FATAL: ctr run app"; exit 1; }
plainpid=$(c task ls | awk '$1 == "plain1" { print $2 }')
# the same id in another containerd namespace: another container
c -n team2 run -d --rootfs "$CTD/rootfs" plain1 /bin/sleep 100001 >/dev/null || { echo "FATAL: ctr -n team2 run plain1"; exit 1; }
team2pid=$(c -n team2 task ls | awk '$1 == "plain1" { print $2 }')
apppid=$(c -n k8s.io task ls | awk -v id=$APP '$1 == id { print $2 }')

# plain1 names two containers: refused in every mode, each candidate named, nothing run
amb="nsinspect: container 'plain1': ambiguous, matches plain1 (containerd default/plain1), plain1 (containerd team2/plain1); name one: containerd:default/plain1, containerd:team2/plain1"
err=$("$NSINSPECT" -c plain1 2>&1 >/dev/null)
check "-c plain1: ambiguous" "1 $amb" "$? $err"
err=$("$NSINSPECT" --compare plain1 $$ 2>&1 >/dev/null)
check "--compare plain1: ambiguous" "2 $amb" "$? $err"
err=$("$NSINSPECT" --enter plain1 -- touch "$TEST_TMP/ran" 2>&1 >/dev/null)
check "--enter plain1: ambiguous, exit 125" "125 $amb" "$? $err"
check "--enter plain1: nothing ran" "no" "$([[ -e $TEST_TMP/ran ]] && echo yes || echo no)"
# qualified, each is itself
check "-c containerd:team2/plain1" "$(ns_inode "$team2pid" uts)" "$("$NSINSPECT" -c containerd:team2/plain1 -t uts -n -o NS | tr -d ' ')"
check "-c team2/plain1" "$(ns_inode "$team2pid" uts)" "$("$NSINSPECT" -c team2/plain1 -t uts -n -o NS | tr -d ' ')"
check "-c default/plain1" "$(ns_inode "$plainpid" uts)" "$("$NSINSPECT" -c default/plain1 -t uts -n -o NS | tr -d ' ')"
check "--enter containerd:team2/plain1" "uts:[$(ns_inode "$team2pid" uts)]" \
	"$("$NSINSPECT" --enter containerd:team2/plain1 -u -- readlink /proc/self/ns/uts)"
check "--compare the two plain1: not shared" 1 \
	"$("$NSINSPECT" --compare -t uts containerd:default/plain1 containerd:team2/plain1 >/dev/null 2>&1; echo $?)"
check "team2's plain1 in the list" "plain1 plain1 containerd" \
	"$("$NSINSPECT" -t uts -J -o NS,CONTAINER,CONTAINER_ID,ENGINE | jq -r --argjson i "$(ns_inode "$team2pid" uts)" \
		'.namespaces[] | select(.ns == $i) | "\(.container) \(.container_id) \(.engine)"')"

# row TYPE INODE: "container container_id engine pod pod_namespace image" of that namespace
row() {
	"$NSINSPECT" -t "$1" -J -o NS,CONTAINER,CONTAINER_ID,ENGINE,POD,POD_NAMESPACE,IMAGE |
		jq -r --argjson i "$2" '.namespaces[] | select(.ns == $i) |
			"\(.container) \(.container_id) \(.engine) \(.pod) \(.pod_namespace) \(.image)"'
}
for t in mnt uts pid; do
	check "plain1 $t" "plain1 plain1 containerd null null null" "$(row $t "$(ns_inode "$plainpid" $t)")"
	check "sandbox $t" "web-0 $SB containerd web-0 shop null" "$(row $t "$(ns_inode "$sbpid" $t)")"
	check "app $t" "nginx $APP containerd web-0 shop docker.io/library/nginx:1.25" \
		"$(row $t "$(ns_inode "$apppid" $t)")"
done
# the app joined the sandbox's network namespace: the pod's netns shows the sandbox
check "app shares the sandbox netns" "$(ns_inode "$sbpid" net)" "$(ns_inode "$apppid" net)"
check "pod netns" "web-0 $SB containerd web-0 shop null" "$(row net "$(ns_inode "$sbpid" net)")"
check "pod netns holds both" "2" "$("$NSINSPECT" -c nginx -t net -n -o NPROCS | tr -d ' ')"
check "-c nginx mnt" "$(ns_inode "$apppid" mnt)" "$("$NSINSPECT" -c nginx -t mnt -n -o NS | tr -d ' ')"
check "-c by sandbox id prefix" "$(ns_inode "$sbpid" uts)" "$("$NSINSPECT" -c aaaa1111 -t uts -n -o NS | tr -d ' ')"
finish
