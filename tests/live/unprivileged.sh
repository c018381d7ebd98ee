#!/bin/bash
# Live: run as an ordinary user (nobody).  nsinspect exits 0, shows the
# namespaces it can see with the kernel's values, says in one warning
# line how many processes it could not inspect, and fails clearly when
# asked for a process it may not inspect.
source "$SRCDIR/tests/lib.sh"
need_root
need_command setpriv util-linux
need_command ip iproute2

# the build directory may not be reachable by nobody: copy the binaries
bin=$TEST_TMP/bin
mkdir -p "$bin" && chmod 755 "$TEST_TMP" "$bin"
cp "$NSINSPECT" "$bin/nsinspect" && cp "$NSHOLDER" "$bin/nsholder" && chmod 755 "$bin"/*
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# nobody's own user+net namespaces, made without privileges; start_holder
# runs "$NSHOLDER" as one word, so wrap setpriv in a script
real_holder=$NSHOLDER
cat >"$bin/nobody-holder" <<EOS
#!/bin/sh
exec setpriv --reuid=65534 --regid=65534 --clear-groups "$bin/nsholder" "\$@"
EOS
chmod 755 "$bin/nobody-holder"
NSHOLDER=$bin/nobody-holder
if ! start_holder user,net 2 2>/dev/null; then
	echo "SKIP: unprivileged user namespaces are not allowed here"
	exit 77
fi
NSHOLDER=$real_holder
member=${HOLDER_PIDS[1]}
start_holder net 2
root_netns=$(ns_inode "${HOLDER_PIDS[0]}" net)
userns=$(ns_inode "$member" user)
netns=$(ns_inode "$member" net)

as_nobody "$bin/nsinspect" -l -n -o NS,TYPE,NPROCS,PID,UID,USER >"$TEST_TMP/out" 2>"$TEST_TMP/err"
check "exit status as nobody" 0 $?
check "stderr lines" 1 "$(wc -l <"$TEST_TMP/err")"
CHECKS=$((CHECKS + 1))
if ! grep -Eq '^nsinspect: warning: [1-9][0-9]* of [1-9][0-9]* processes could not be inspected \(permission denied\): PID [0-9]+(, [0-9]+){0,4}(, \.\.\.)?$' "$TEST_TMP/err"; then
	fail "warning line: $(cat "$TEST_TMP/err")"
fi
# Root's processes are hidden from nobody.  How many there are moves
# with whatever else runs on the machine; the ones this test started are
# certain: a root holder's three processes are among the hidden, and its
# network namespace, which only they are in, is not shown.
read -r hidden seen <<<"$(awk '{ print $3, $5 }' "$TEST_TMP/err")"
check "the root holder's processes are among the hidden" yes "$([[ $hidden -ge 3 ]] && echo yes)"
check "hidden ones are among those seen" yes "$([[ $seen -ge $((hidden + 3)) ]] && echo yes)"
check "the root holder's netns is not shown" "" "$(awk -v i="$root_netns" '$1 == i' "$TEST_TMP/out")"

for t in user net; do
	ino=$(ns_inode "$member" $t)
	read -r n low <<<"$(truth $t "$ino")"
	check "nobody's $t namespace" "$ino $t $n $low 65534 nobody" "$(awk -v i="$ino" '$1 == i' "$TEST_TMP/out" | xargs)"
done

# JSON is whole and valid, and says it is not the whole system: as many
# uninspected as the same run's warning counts
as_nobody "$bin/nsinspect" -J -o NS,TYPE,NPROCS,PID,UID 2>"$TEST_TMP/json.err" >"$TEST_TMP/json"
check "valid JSON as nobody, incomplete, counting the hidden" "true false $(awk '{ print $3 }' "$TEST_TMP/json.err")" \
	"$(jq -r '"\(.schema == 1 and (.namespaces | length) > 0) \(.complete) \(.uninspected)"' "$TEST_TMP/json")"
# no row may claim a value it could not read: every shown process is
# nobody's (a namespace seen only through a bind mount has no process)
check "rows of other users" "" \
	"$(jq -c '.namespaces[] | select(.pid != null and .uid != 65534)' "$TEST_TMP/json")"

# A netns seen only through its bind mount: root's processes, hidden
# here, may be in it, so its count is unknown and -P does not claim it
NAME=nsiunpriv-$$
EXTRA_CLEANUP='ip netns del $NAME 2>/dev/null'
ip netns add "$NAME"
mino=$(ip netns exec "$NAME" readlink /proc/self/ns/net | tr -dc 0-9)
check "bind-mounted netns: NPROCS empty" "$mino  /run/netns/$NAME" \
	"$(as_nobody "$bin/nsinspect" -n -r -t net -o NS,NPROCS,NSFS 2>/dev/null | awk -v i="$mino" '$1 == i')"
check "bind-mounted netns: JSON nprocs null" "null" \
	"$(as_nobody "$bin/nsinspect" -J -t net -o NS,NPROCS 2>/dev/null | jq -r --argjson i "$mino" '.namespaces[] | select(.ns == $i) | .nprocs')"
check "bind-mounted netns: -P leaves it out" "" \
	"$(as_nobody "$bin/nsinspect" -n -r -P -t net -o NS 2>/dev/null | grep -x "$mino")"
ip netns del "$NAME"

# An engine's state that exists but may not be read: one warning line
# for it ("..., ignoring"), the details under NSINSPECT_DEBUG=container;
# the listing goes on
mkdir -p "$TEST_TMP/private/containers" && chmod 700 "$TEST_TMP/private"
as_nobody "$bin/nsinspect" --docker-root "$TEST_TMP/private" -t uts >/dev/null 2>"$TEST_TMP/err"
check "unreadable engine state: exit 0, one warning for it" \
	"0 nsinspect: warning: docker: cannot read $TEST_TMP/private/containers: Permission denied, ignoring" \
	"$? $(grep 'warning: docker:' "$TEST_TMP/err")"
check "... with the details under NSINSPECT_DEBUG=container" 1 \
	"$(NSINSPECT_DEBUG=container as_nobody "$bin/nsinspect" --docker-root "$TEST_TMP/private" -t uts 2>&1 >/dev/null |
		grep -c "CONTAINER: .* docker: $TEST_TMP/private/containers: Permission denied")"

# a root process: a clear error, exit 1, nothing on stdout
root_pid=$(ps -e -o pid=,uid= | awk '$2 == 0 { print $1; exit }')
as_nobody "$bin/nsinspect" -p "$root_pid" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
check "exit status for a hidden PID" 1 $?
check "stdout for a hidden PID" "" "$(cat "$TEST_TMP/out")"
check "message for a hidden PID" "nsinspect: PID $root_pid: cannot inspect: Permission denied" "$(cat "$TEST_TMP/err")"

finish
