#!/bin/bash
# Bad input on the live system: one line on stderr naming the bad value,
# exit status 1 (2 with --compare, whose 1 means "differs"), and nothing
# on stdout (no partial table, no partial JSON).  Needs no privileges.
set -u
: "${NSINSPECT:?}"
fails=0 n=0

# expect_error MESSAGE ARGS...  (WANT_RC overrides the status 1)
expect_error() {
	local msg=$1 out err rc
	shift
	n=$((n + 1))
	out=$("$NSINSPECT" "$@" 2>/tmp/nsi_err.$$)
	rc=$?
	err=$(cat /tmp/nsi_err.$$)
	rm -f /tmp/nsi_err.$$
	# a trailing "..." in MESSAGE allows more text (hidden processes noted)
	if [[ $msg == *... ]]; then
		[[ $err == "${msg%...}"* && $err != *$'\n'* ]] && err=$msg
	fi
	if [[ $rc != "${WANT_RC:-1}" || -n $out || $err != "$msg" ]]; then
		echo "FAIL nsinspect $*: rc=$rc stdout='$out' stderr='$err' (expected '$msg')"
		fails=$((fails + 1))
	fi
}

# a PID no process can have: the kernel hands out PIDs below pid_max (one
# that has just exited may already be another process's)
gone=$(cat /proc/sys/kernel/pid_max)

expect_error "nsinspect: PID $gone: no such process" -p "$gone"
expect_error "nsinspect: PID $gone: no such process" -J -p "$gone"
expect_error "nsinspect: unknown namespace type: 'bogus'" -t bogus
expect_error "nsinspect: unknown namespace type: 'network'" -t net,network
expect_error "nsinspect: unknown column: 'FOO'" -o NS,FOO
expect_error "nsinspect: unknown column: 'BAR'" -J -o +BAR
expect_error "nsinspect: invalid PID argument: '-5'" -p -5
expect_error "nsinspect: invalid PID argument: '99999999999'" -p 99999999999
expect_error "nsinspect: namespace 'abc': no ip netns is called that (an NSID is an inode, net:[inode], an nsfs path or an ip netns name)" abc
expect_error "nsinspect: invalid namespace argument: '0'" 0
expect_error "nsinspect: invalid namespace argument: 'net:[x]'" 'net:[x]'
expect_error "nsinspect: invalid namespace argument: '1' (a number up to 4194304 is a PID: -p 1)" 1
expect_error "nsinspect: namespace 4294967295: not found..." 4294967295
expect_error "nsinspect: invalid namespace argument: 'docker:web1'" docker:web1
expect_error "nsinspect: container 'k8s:web1': unknown engine 'k8s' (docker, containerd, cri-o, podman, nspawn or lxc)" -c k8s:web1
expect_error "nsinspect: invalid container argument: 'containerd:/x'" -c containerd:/x
expect_error "nsinspect: invalid PID argument: 'web1'" -p web1
expect_error "nsinspect: cannot open /nonexistent/proc: No such file or directory" --sysroot /nonexistent

expect_error "nsinspect: --persistent cannot be combined with NSID arguments" -P 4026531833
expect_error "nsinspect: --persistent cannot be combined with --task" --persistent -p 1
expect_error "nsinspect: --persistent cannot be combined with --container" -P -c web1
expect_error "nsinspect: --container cannot be combined with NSID arguments" -c web1 4026531833
expect_error "nsinspect: --json cannot be combined with --raw" -J -r
expect_error "nsinspect: --metrics cannot be combined with --raw" --metrics -r
expect_error "nsinspect: --watch cannot be combined with --json" --watch -J
expect_error "nsinspect: --graph cannot be combined with --json" --graph -J
expect_error "nsinspect: --graph cannot be combined with NSID arguments" --graph 4026531833
expect_error "nsinspect: invalid container argument: ''" -c ''
expect_error "nsinspect: container 'no-such-container-here': not found in the engines' state or cgroups..." -c no-such-container-here
NSINSPECT_MOUNTS=statmount expect_error "nsinspect: NSINSPECT_MOUNTS: unknown value 'statmount' (only 'mountinfo')"

expect_error "nsinspect: --metrics cannot be combined with --json" --metrics -J
expect_error "nsinspect: --metrics cannot be combined with --output" --metrics -o NS
expect_error "nsinspect: --metrics cannot be combined with NSID arguments" --metrics 4026531833
expect_error "nsinspect: invalid --metrics file: ''" --metrics=

expect_error "nsinspect: invalid --watch interval: 'abc' (seconds, 0.01 to 86400)" --watch=abc
expect_error "nsinspect: invalid --watch interval: '0' (seconds, 0.01 to 86400)" --watch=0
expect_error "nsinspect: --watch cannot be combined with --tree" --watch -T
expect_error "nsinspect: --watch cannot be combined with --raw" --watch -r
expect_error "nsinspect: --watch with --metrics needs a file: --metrics=FILE" --watch --metrics

# --compare fails with 2: its 1 means "not shared"
WANT_RC=2
expect_error "nsinspect: --compare needs at least two targets (PIDs, containers or namespaces)" --compare $$
expect_error "nsinspect: --compare needs at least two targets (PIDs, containers or namespaces)" --compare
expect_error "nsinspect: PID $gone: no such process" --compare $$ "$gone"
expect_error "nsinspect: PID $gone: no such process" --compare -J "$gone" $$
expect_error "nsinspect: 'no-such-container-here': not a PID, a namespace (inode or net:[inode]), an nsfs path, an ip netns name or a container..." \
	--compare $$ no-such-container-here
expect_error "nsinspect: container 'docker:no-such-container-here': not found in the engines' state or cgroups..." \
	--compare $$ docker:no-such-container-here
expect_error "nsinspect: /etc/hostname: not a namespace file" --compare $$ /etc/hostname
expect_error "nsinspect: unknown namespace type: 'bogus'" -t bogus --compare $$ $$
expect_error "nsinspect: unknown namespace type: 'bogus'" --comp -t bogus $$ $$
expect_error "nsinspect: --compare cannot be combined with --output" --compare -o NS $$ $$
expect_error "nsinspect: --compare cannot be combined with --persistent" --compare -P $$ $$
expect_error "nsinspect: --compare takes its targets as arguments, not with -p or -c: nsinspect --compare 1234 web1" \
	--compare -p $$ $$
unset WANT_RC

# an empty type list item names the empty item
expect_error "nsinspect: unknown namespace type: ''" -t net,

# option errors name the option as it was written (util-linux's words), then the usage hint
usage_hint="Try 'nsinspect --help' for more information."
expect_error "nsinspect: option '--docker-root' requires an argument"$'\n'"$usage_hint" --docker-root
expect_error "nsinspect: option '--json' doesn't allow an argument"$'\n'"$usage_hint" --json=x
expect_error "nsinspect: option requires an argument -- 'o'"$'\n'"$usage_hint" -o
expect_error "nsinspect: invalid option -- 'Z'"$'\n'"$usage_hint" -Z
expect_error "nsinspect: option '--co' is ambiguous"$'\n'"$usage_hint" --co
expect_error "nsinspect: unrecognized option '--bogus'"$'\n'"$usage_hint" --bogus=1
WANT_RC=125
expect_error "nsinspect: unrecognized option '--bogus'"$'\n'"$usage_hint" --enter $$ --bogus
expect_error "nsinspect: option requires an argument -- 'S'"$'\n'"$usage_hint" --enter $$ -S
expect_error "nsinspect: --enter needs a target: a PID, a container or a namespace" --enter
unset WANT_RC
# an optional value written after a space is an argument: say what was meant
expect_error "nsinspect: --watch takes its value after '=': did you mean --watch=5?"$'\n'"$usage_hint" --watch 5
expect_error "nsinspect: --color takes its value after '=': did you mean --color=always?"$'\n'"$usage_hint" --color always
expect_error "nsinspect: --metrics takes its value after '=': did you mean --metrics=/tmp/ns.prom?"$'\n'"$usage_hint" \
	--metrics /tmp/ns.prom
# ... but an NSID after it is one
expect_error "nsinspect: --watch cannot be combined with --tree" --watch 4026531833 -T

# -Q: a bad expression names where it went wrong; the modes it does not apply to refuse it
expect_error "nsinspect: --filter: at character 9 of 'TYPE == ': expected a value (a column, a number or a quoted string)" -Q 'TYPE == '
expect_error "nsinspect: --filter: at character 1 of 'BOGUS > 1': expected a column name (nsinspect -H lists them)" -Q 'BOGUS > 1'
expect_error "nsinspect: --filter given twice: join the expressions with &&" -Q 'NS' -Q 'PID'
expect_error "nsinspect: --filter cannot be combined with --watch" -Q 'NS' --watch
expect_error "nsinspect: --filter cannot be combined with --graph" --filter='NS' --graph
WANT_RC=2 expect_error "nsinspect: --compare cannot be combined with --filter" --compare -Q NS $$ $$

# -T=owner as lsns takes it: the same as -T owner (on the fixture: two
# live runs may see different namespaces)
n=$((n + 1))
fixture=(--sysroot "${SRCDIR:?}/tests/fixtures/basic")
if ! lsns -T=owner -n >/dev/null 2>&1 ||
	[[ $("$NSINSPECT" "${fixture[@]}" -T=owner -n -o NS,TYPE) != "$("$NSINSPECT" "${fixture[@]}" -T owner -n -o NS,TYPE)" ]]; then
	echo "FAIL nsinspect -T=owner: not the same as -T owner (or lsns refuses it)"
	fails=$((fails + 1))
fi

# -q: no warnings.  Unprivileged, processes of others cannot be inspected.
unprivileged=()
[[ $(id -u) == 0 ]] && unprivileged=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
for q in "" -q; do
	n=$((n + 1))
	# shellcheck disable=SC2086 # no word or one
	err=$("${unprivileged[@]}" "$NSINSPECT" $q -t uts 2>&1 >/dev/null)
	if [[ -z $q && $err != *"warning: "*"could not be inspected"* ]] || [[ -n $q && -n $err ]]; then
		echo "FAIL nsinspect $q -t uts as nobody: stderr '$err'"
		fails=$((fails + 1))
	fi
done

# NSINSPECT_DEBUG=help lists the masks, as util-linux's do, and exits 0
n=$((n + 1))
out=$(NSINSPECT_DEBUG=help "$NSINSPECT" 2>&1 >/dev/null)
if [[ $? != 0 || $out != *'"NSINSPECT_DEBUG=<name>[,...]|<mask>" debug masks:'* || $out != *"proc "*"[0x0002] : "* ]]; then
	echo "FAIL NSINSPECT_DEBUG=help: '$out'"
	fails=$((fails + 1))
fi

# --help lists the exit status of every mode
n=$((n + 1))
out=$("$NSINSPECT" --help)
for mode in "list, -H, --metrics, --graph:  0 success, 1 failure" "--watch:    0 stopped by SIGINT or SIGTERM" \
	"--compare:  0 all shared, 1 some not shared, 2 failure" "--enter:    the command's; 125 could not enter"; do
	if [[ $out != *"$mode"* ]]; then
		echo "FAIL --help: no exit status line '$mode'"
		fails=$((fails + 1))
	fi
done

# a full disk on stdout is said, with its reason, in every mode, as
# util-linux's close_stdout() does: exit 1, never a silent 0
for args in "--help" "--version" "--list-columns" "-t uts"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$NSINSPECT" $args >/dev/full 2>/tmp/nsi_err.$$
	rc=$?
	err=$(grep -v 'could not be inspected' /tmp/nsi_err.$$)
	rm -f /tmp/nsi_err.$$
	if [[ $rc != 1 || $err != "nsinspect: write error: No space left on device" ]]; then
		echo "FAIL nsinspect $args >/dev/full: rc=$rc stderr='$err'"
		fails=$((fails + 1))
	fi
done

echo "$n passed, $fails failed" | sed "s/^$n passed/$((n - fails)) passed/"
[[ $fails -eq 0 ]]
