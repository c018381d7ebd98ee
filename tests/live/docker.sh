#!/bin/bash
# Containers named from Docker's state on disk, with a real dockerd
# (tests/docker_lib.sh): names, ids, image and every namespace inode as
# `readlink /proc/<State.Pid>/ns/*` gives them; -c by name, id and id
# prefix; --compare with a process docker exec started; then the same
# answers with dockerd frozen by SIGSTOP, --enter by container name, and
# a container killed behind the frozen daemon's back is not named (nor
# entered) from its stale state.
. "$SRCDIR/tests/lib.sh"
. "$SRCDIR/tests/docker_lib.sh"
need_root
docker_start

docker_run web1 --hostname web1-host
docker_run db-2 --label team=blue
ns() { "$NSINSPECT" --docker-root "$DOCKER_DIR/root" "$@"; }

# check_container NAME: every namespace of the container's init process
check_container() {
	local name=$1 id pid json t ino row
	id=$(dk inspect -f '{{.Id}}' "$name")
	pid=$(dk inspect -f '{{.State.Pid}}' "$name")
	json=$(ns -c "$name" -J -o NS,TYPE,PID,CONTAINER,CONTAINER_ID,ENGINE,IMAGE)
	for t in mnt uts ipc pid net; do
		ino=$(ns_inode "$pid" $t)
		row=$(jq -r --arg t $t '.namespaces[] | select(.type == $t) |
			"\(.ns) \(.pid) \(.container) \(.container_id) \(.engine) \(.image)"' <<<"$json")
		check "$name $t" "$ino $pid $name $id docker $DOCKER_IMAGE" "$row"
	done
	# the host's user namespace is shared: no container there
	check "$name user is the host's" "null" \
		"$(jq -r '.namespaces[] | select(.type == "user") | .container' <<<"$json")"
}
check_container web1
check_container db-2

id=$(dk inspect -f '{{.Id}}' web1)
db_id=$(dk inspect -f '{{.Id}}' db-2)
pid=$(dk inspect -f '{{.State.Pid}}' web1)
uts=$(ns_inode "$pid" uts)

# the default table gains CONTAINER; CONTAINER_ID is the short id
out=$(ns -t uts -l -n)
check "default table names web1" "web1" "$(awk -v i="$uts" '$1 == i { print $(NF - 2) }' <<<"$out")"
check "short id" "${id:0:12}" "$(ns -t uts -n -o NS,CONTAINER_ID | awk -v i="$uts" '$1 == i { print $2 }')"
check "-c by full id" "$uts" "$(ns -c "$id" -t uts -n -o NS)"
check "-c by id prefix" "$uts" "$(ns -c "${id:0:7}" -t uts -n -o NS)"
check "-c twice" "2" "$(ns -c web1 -c db-2 -t uts -n -o NS | wc -l)"
check "no container column without containers" "NS TYPE NPROCS PID USER COMMAND" \
	"$("$NSINSPECT" --docker-root "$TEST_TMP/none" -l -t uts | head -1 | tr -s ' ' | sed 's/^ //')"
# the column follows the shown rows, not whatever else runs on the machine
check "no container column for rows outside containers" "NS TYPE NPROCS PID USER COMMAND" \
	"$(ns -l -t uts -p $$ | head -1 | tr -s ' ' | sed 's/^ //')"
check "container column for a container's rows" "NS TYPE NPROCS PID USER CONTAINER COMMAND" \
	"$(ns -l -t uts -p "$pid" | head -1 | tr -s ' ' | sed 's/^ //')"
check "JSON keys follow the rows too" "ns type nprocs pid user command" \
	"$(ns -J -t uts -p $$ | jq -r '.namespaces[0] | keys_unsorted | join(" ")')"
err=$(ns -c nosuch 2>&1 >/dev/null)
check "unknown container exits 1" "1" "$(ns -c nosuch >/dev/null 2>&1; echo $?)"
check "unknown container message" "nsinspect: container 'nosuch': not found in the engines' state or cgroups" "$err"

# --compare: a process docker exec started in web1 shares all of web1's
# namespaces; web1 and db-2 share only what both share with the host
dk exec -d web1 sleep 3217
wait_until pgrep -x -f 'sleep 3217' >/dev/null || fail "docker exec: no process within 30 s"
execpid=$(pgrep -x -f 'sleep 3217')
ntypes=$(ls /proc/self/ns | grep -cv _for_children)
check "compare web1 and its exec'd process: exit 0" 0 \
	"$(ns --compare web1 "$execpid" >/dev/null 2>&1; echo $?)"
check "... every type shared" "$ntypes yes" \
	"$(ns --compare -n -r web1 "$execpid" | awk '{ print $4 }' | sort | uniq -c | tr -s ' ' | sed 's/^ //')"
check "compare web1 and db-2: exit 1" 1 "$(ns --compare -t net web1 db-2 >/dev/null 2>&1; echo $?)"
check "compare JSON names the container" "web1 $id docker $pid" \
	"$(ns --compare -J web1 "$execpid" | jq -r '.compare.targets[0] | "\(.container) \(.container_id) \(.engine) \(.pid)"')"
check "compare by id prefix and name" 0 "$(ns --compare "${id:0:8}" web1 >/dev/null 2>&1; echo $?)"

# A Docker whose state nsinspect cannot read (another data root): web1 is
# known from its cgroup alone, by its full id, in every mode
nostate() { "$NSINSPECT" --docker-root "$TEST_TMP/none" "$@"; }
check "cgroup only: -c by full id" "$uts" "$(nostate -c "$id" -t uts -n -o NS)"
check "cgroup only: the default table shows the short id" "${id:0:12}" \
	"$(nostate -t uts -n -o NS,CONTAINER | awk -v i="$uts" '$1 == i { print $2 }')"
check "cgroup only: --compare by full id" 0 "$(nostate --compare "$id" "$pid" >/dev/null 2>&1; echo $?)"
check "cgroup only: --enter by full id" "web1-host" "$(nostate --enter "$id" -u -- hostname)"
check "cgroup only: --enter by qualified id prefix" "uts:[$uts]" \
	"$(nostate --enter "docker:${id:0:12}" -u -- readlink /proc/self/ns/uts)"

# --metrics labels a container's namespaces with its name and engine
check "metrics: web1's uts" "nsinspect_namespace_processes{type=\"uts\",inode=\"$uts\",container=\"web1\",engine=\"docker\",pod=\"\",pod_namespace=\"\"}" \
	"$(ns --metrics -t uts | grep "inode=\"$uts\"" | awk '{ print $1 }')"

# dockerd frozen: the same answers from disk, and fast
kill -STOP "$DOCKERD_PID"
if timeout 2 "$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" ps >/dev/null 2>&1; then
	fail "docker ps answered while dockerd was stopped"
fi
start=$(date +%s%N)
out=$(timeout 10 "$NSINSPECT" --docker-root "$DOCKER_DIR/root" -c web1 -t uts -n -o NS,CONTAINER)
ms=$((($(date +%s%N) - start) / 1000000))
check "frozen dockerd: web1 still named" "$uts web1" "$(tr -s ' ' <<<"$out" | sed 's/^ //')"
# --enter by name while the daemon cannot answer: docker exec would hang
check "enter web1 by name: hostname" "web1-host" "$(timeout 10 "$NSINSPECT" --docker-root "$DOCKER_DIR/root" --enter web1 -- hostname)"
check "enter web1 by id prefix: its uts" "uts:[$uts]" \
	"$(timeout 10 "$NSINSPECT" --enter "${id:0:10}" --docker-root "$DOCKER_DIR/root" -u -- readlink /proc/self/ns/uts)"
check "frozen dockerd: compare still answers" "net no" "$(timeout 10 "$NSINSPECT" --docker-root "$DOCKER_DIR/root" --compare -t net -n -r web1 $$ | awk '{ print $1, $4 }')"
# a figure for the log, not a check: the timeouts above are what fails a hang
echo "nsinspect -c web1 with dockerd frozen: $ms ms"

# the container dies while dockerd cannot notice: its state still says
# Running with that PID, which must not be trusted any more
dbpid=$(ns -c db-2 -t uts -n -o PID | tr -d ' ')
hold_process "$dbpid"
kill -KILL "$dbpid"
wait_until process_ended "$HELD" || fail "db-2's process $dbpid did not end within 30 s"
check "stale state still claims running" "true $dbpid" \
	"$(jq -r '"\(.State.Running) \(.State.Pid)"' "$DOCKER_DIR/root/containers/$db_id/config.v2.json")"
check "stale container is not running" "nsinspect: container db-2 (docker ${db_id:0:12}): not running" \
	"$(ns -c db-2 2>&1 >/dev/null)"
out=$(ns --enter db-2 -- true 2>&1)
check "enter a stale container: refused" "125 nsinspect: container db-2 (docker ${db_id:0:12}): not running" "$? $out"
kill -CONT "$DOCKERD_PID"

finish
