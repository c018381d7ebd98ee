#!/bin/bash
# deploy/kubernetes/nsinspect-daemonset.yaml, checked as far as a machine
# without a cluster can: the manifest parses (PyYAML), runs in the node's
# PID namespace, mounts the engines' state at the paths nsinspect reads
# (mountPath = hostPath) and the textfile directory where its --metrics=
# argument writes; then the container's exact arguments run here with
# only the manifest's capabilities (setpriv --bounding-set), and the file
# they write passes promtool and counts the processes of a netns that only
# another user's processes are in.
source "$(dirname "$0")/../lib.sh"
need_root
MANIFEST=$SRCDIR/deploy/kubernetes/nsinspect-daemonset.yaml
PY=/usr/bin/python3	# Debian's, with python3-yaml (scripts/install-deps.sh)

# facts KEY: one fact about the DaemonSet's pod, one value per line
facts() {
	"$PY" - "$MANIFEST" "$1" <<'PYEOF'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
ds = next(d for d in docs if d["kind"] == "DaemonSet")
pod = ds["spec"]["template"]["spec"]
c = pod["containers"][0]
vols = {v["name"]: v for v in pod["volumes"]}
key = sys.argv[2]
if key == "hostpid":
    print(pod.get("hostPID"))
elif key == "args":
    print("\n".join(c["args"]))
elif key == "caps":
    print(",".join("+" + x.lower() for x in c["securityContext"]["capabilities"]["add"]))
elif key == "drop":
    print(c["securityContext"]["capabilities"]["drop"])
elif key == "mounts":
    for m in c["volumeMounts"]:
        print(m["mountPath"], vols[m["name"]]["hostPath"]["path"], m.get("readOnly", False))
PYEOF
}

check "manifest: hostPID" "True" "$(facts hostpid)"
check "manifest: drops every capability first" "['ALL']" "$(facts drop)"
while read -r mpath hpath ro; do
	[[ $mpath == /textfile ]] && continue
	check "manifest: $mpath is the node's own path" "$hpath" "$mpath"
	check "manifest: $mpath is read-only" "True" "$ro"
done < <(facts mounts)
mapfile -t ARGS < <(facts args)
prom_arg=$(printf '%s\n' "${ARGS[@]}" | grep '^--metrics=')
check "manifest: metrics go to the textfile mount" "--metrics=/textfile/nsinspect.prom" "$prom_arg"

# a netns only another user's processes are in: reading their
# namespaces needs CAP_SYS_PTRACE
start_helper unshare --net setpriv --reuid=65534 --regid=65534 --clear-groups "$NSHOLDER" none 1
theirs=$(ns_inode "${READY[0]}" net)

# the container's arguments, its textfile directory here, its capabilities only
mkdir "$TEST_TMP/textfile"
ARGS=("${ARGS[@]/#--metrics=\/textfile/--metrics=$TEST_TMP/textfile}")
ARGS=("${ARGS[@]/#--watch=*/--watch=0.05}")
setpriv --bounding-set=-all,"$(facts caps)" --no-new-privs "$NSINSPECT" "${ARGS[@]}" &
pod=$!
prom=$TEST_TMP/textfile/nsinspect.prom
wait_until test -s "$prom" || fail "no metrics file within 30 s"
kill -TERM $pod
wait $pod
check "with the manifest's capabilities: exit 0" 0 $?
check "promtool check metrics" 0 "$(promtool check metrics <"$prom" >/dev/null 2>&1; echo $?)"
read -r n _ <<<"$(truth net "$theirs")"
check "another user's netns is seen, with its $n processes (readlink)" "$n" \
	"$(awk -v s="nsinspect_namespace_processes{type=\"net\",inode=\"$theirs\"," 'index($0, s) == 1 { print $NF }' "$prom")"
finish
