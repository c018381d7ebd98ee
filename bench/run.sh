#!/bin/bash
# bench/run.sh: nsinspect side by side with the system lsns and the floor
# program, on a load of namespaces and processes made by nsload.
#
#   bench/run.sh [--sizes "GROUPSxPROCS ..."] [--runs N] [--nsinspect PATH]
#                [--build DIR] [--types LIST] [--args "OPTIONS"] [--quick]
#
# For each size it starts nsload, waits for its "ready" line, then runs
# lsns, nsinspect and floor in turn, N times each, alternating in one loop
# (rotating who goes first, each right after an untimed run of itself)
# so that they share the machine's noise, and prints the median wall time
# of each, the ratios and the peak RSS of one run.  The load lives while
# this shell holds a fifo to nsload's stdin open: closing it (in the EXIT
# trap too, and by the kernel if this shell is killed) makes nsload kill
# and reap all of it; every load process also dies with its parent, so
# nothing can be left behind.
#
# Exit status: 0 done, 1 a command failed or the load did not go away,
# 77 skipped (not root: nsload needs to make namespaces).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
sizes="500x4"
runs=7
build=$top/build
nsinspect=
types=uts,ipc
nsi_args=
cols=NS,TYPE,NPROCS,PID,USER,COMMAND

usage() {
	cat <<EOF
usage: bench/run.sh [--sizes "GROUPSxPROCS ..."] [--runs N] [--nsinspect PATH]
                    [--build DIR] [--types LIST] [--args "OPTIONS"] [--quick]
  --sizes     loads to measure on (default "500x4": 2,000 processes in 500 groups)
  --runs      timed runs of each command per size (default 7; the median is shown)
  --nsinspect the binary to measure (default BUILD/nsinspect)
  --build     the CMake build directory with bench/nsload and bench/floor
              (default $top/build)
  --types     namespace types each group unshares (nsload --types; default uts,ipc)
  --args      more nsinspect options for the timed runs, e.g. "--deep"
  --quick     smoke test: --sizes 20x3 --runs 2
EOF
	exit "$1"
}

die() {
	echo "bench: $*" >&2
	exit 1
}

while (($#)); do
	case $1 in
	--sizes) sizes=${2-}; shift 2 || usage 1 ;;
	--runs) runs=${2-}; shift 2 || usage 1 ;;
	--nsinspect) nsinspect=${2-}; shift 2 || usage 1 ;;
	--build) build=${2-}; shift 2 || usage 1 ;;
	--types) types=${2-}; shift 2 || usage 1 ;;
	--args) nsi_args=${2-}; shift 2 || usage 1 ;;
	--sizes=*) sizes=${1#*=}; shift ;;
	--runs=*) runs=${1#*=}; shift ;;
	--nsinspect=*) nsinspect=${1#*=}; shift ;;
	--build=*) build=${1#*=}; shift ;;
	--types=*) types=${1#*=}; shift ;;
	--args=*) nsi_args=${1#*=}; shift ;;
	--quick) sizes="20x3"; runs=2; shift ;;
	-h | --help) usage 0 ;;
	*) echo "bench: unknown argument '$1'" >&2; usage 1 ;;
	esac
done
nsinspect=${nsinspect:-$build/nsinspect}
nsload=$build/bench/nsload
floor=$build/bench/floor

[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number, not '$runs'"
[[ -n $sizes ]] || die "--sizes is empty"
for size in $sizes; do
	[[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "size '$size' is not GROUPSxPROCS (like 500x4)"
done
[[ $types =~ ^[a-z]+(,[a-z]+)*$ ]] || die "--types wants a comma list like uts,ipc, not '$types'"
if ((EUID != 0)); then
	echo "bench: skipped: needs root (nsload makes namespaces)" >&2
	exit 77
fi
for f in "$nsload" "$floor"; do
	[[ -x $f ]] || die "$f not found: build first (cmake -S . -B build && cmake --build build) or pass --build DIR"
done
[[ -x $nsinspect ]] || die "$nsinspect not found or not executable: build it or pass --nsinspect PATH"
command -v lsns >/dev/null || die "lsns not found (package util-linux)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nsbench.XXXXXX")
load_pid=
# nsload's stdin is held on fd 9: a fixed number, so that "9>&-" closes it
# for the measured commands only ({var}>&- would close it for good).
load_open=
load_ready=
cmd_pid=
# Every load process inherits this from nsload: how we find any survivor.
tag="NSLOAD_BENCH_TAG=$$.$RANDOM.$EPOCHSECONDS"

count_procs() {
	local p=(/proc/[0-9]*)
	echo "${#p[@]}"
}

# PIDs of live load processes (zombies have no environment and are gone enough).
tagged_pids() {
	grep -lszFx -- "$tag" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
}

# Stop the load: EOF on nsload's stdin (or TERM if it is still starting:
# it reads stdin only once ready), then TERM, then KILL if it hangs.
# Returns non-zero if nsload failed or any load process survived.
stop_load() {
	local rc=0 i state left
	[[ -n $load_pid ]] || return 0
	if [[ -n $load_open ]]; then
		exec 9>&-
		load_open=
	fi
	[[ -n $load_ready ]] || kill -TERM "$load_pid" 2>/dev/null || true
	for ((i = 0; i < 1200; i++)); do	# 60 s: 20,000 processes take ~2 s
		state=$(awk '{ print $3 }' "/proc/$load_pid/stat" 2>/dev/null || true)
		[[ -z $state || $state == Z ]] && break
		((i == 600)) && kill -TERM "$load_pid" 2>/dev/null
		((i == 1000)) && kill -KILL "$load_pid" 2>/dev/null
		sleep 0.05
	done
	wait "$load_pid" || rc=$?
	if ((rc != 0)) && [[ -n $load_ready ]]; then
		echo "bench: nsload exited with status $rc" >&2
	fi
	load_pid=
	load_ready=
	for ((i = 0; i < 100; i++)); do
		left=$(tagged_pids)
		[[ -z $left ]] && break
		sleep 0.1
	done
	if [[ -n $left ]]; then
		echo "bench: $(wc -w <<<"$left") load processes outlived nsload; killing them" >&2
		# shellcheck disable=SC2086 # one PID per word
		kill -KILL $left 2>/dev/null || true
		rc=1
	fi
	return "$rc"
}

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	set +e
	[[ -n $cmd_pid ]] && kill -TERM "$cmd_pid" 2>/dev/null
	stop_load
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# start_load GROUPS PROCS: start nsload and wait for its ready line.
start_load() {
	local word='' pid='' t0=$EPOCHREALTIME t1
	rm -f "$tmp/in" "$tmp/out"
	mkfifo "$tmp/in" "$tmp/out"
	env "$tag" "$nsload" "$1" "$2" --types "$types" <"$tmp/in" >"$tmp/out" &
	load_pid=$!
	exec 9>"$tmp/in"
	load_open=1
	# not "read <fifo": a blocked read builtin holds off the traps
	run head -n 1 <"$tmp/out" >"$tmp/ready" || true
	read -r word pid <"$tmp/ready" || true
	if [[ ${word-} != ready ]]; then
		stop_load || true
		die "nsload $1 $2 --types $types did not start (see its message above)"
	fi
	t1=$EPOCHREALTIME
	load_ready=1
	rm -f "$tmp/in" "$tmp/out"
	[[ $pid == "$load_pid" ]] || echo "bench: warning: nsload says it is $pid, started $load_pid" >&2
	load_ms=$(((${t1/[.,]/} - ${t0/[.,]/}) / 1000))
}

# fail_cmd NAME STATUS CMD...: report a failed command with its stderr.
fail_cmd() {
	local name=$1 rc=$2
	shift 2
	echo "bench: '$*' exited with status $rc:" >&2
	sed 's/^/  /' "$tmp/$name.err" >&2
	exit 1
}

# run CMD...: run a measured command without the load fifo (fd 9).  In
# the background and waited for, so that a TERM trap runs at once rather
# than after a command that may take seconds; cleanup then ends it.
run() {
	"$@" 9>&- <&0 &
	cmd_pid=$!
	wait "$cmd_pid"
	cmd_pid=
}

# time_one NAME CMD...: run once, stdout to /dev/null, append the wall
# time in microseconds to $tmp/NAME.us.
time_one() {
	local name=$1 t0 t1 rc=0
	shift
	t0=$EPOCHREALTIME
	run "$@" >/dev/null 2>"$tmp/$name.err" || rc=$?
	t1=$EPOCHREALTIME
	((rc == 0)) || fail_cmd "$name" "$rc" "$@"
	echo $((${t1/[.,]/} - ${t0/[.,]/})) >>"$tmp/$name.us"
}

# peak_kib NAME CMD...: peak RSS of one run in KiB into $rss ("-" without /usr/bin/time).
peak_kib() {
	local name=$1 rc=0
	shift
	rss=-
	if [[ -x /usr/bin/time ]]; then
		run /usr/bin/time -f %M -o "$tmp/$name.rss" "$@" >/dev/null 2>"$tmp/$name.err" || rc=$?
		((rc == 0)) || fail_cmd "$name" "$rc" "$@"
		rss=$(tail -n1 "$tmp/$name.rss")
	else
		run "$@" >/dev/null 2>"$tmp/$name.err" || fail_cmd "$name" $? "$@"
	fi
}

# count_rows NAME CMD...: namespace rows in $rows_all, those of the checked type in $rows_type.
count_rows() {
	local name=$1 rc=0
	shift
	run "$@" -l -n -o NS,TYPE >"$tmp/$name.rows" 2>"$tmp/$name.err" || rc=$?
	((rc == 0)) || fail_cmd "$name" "$rc" "$@" -l -n -o NS,TYPE
	rows_all=$(wc -l <"$tmp/$name.rows")
	rows_type=$(awk -v t="$check_type" '$2 == t' "$tmp/$name.rows" | wc -l)
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ms() {
	awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'
}

names=(lsns nsi floor json all)
cmd_lsns=(lsns -l -o "$cols")
# shellcheck disable=SC2206 # --args is a list of words
cmd_nsi=("$nsinspect" $nsi_args -l -o "$cols")
cmd_floor=("$floor")
# what the other outputs cost next to the default: JSON, and every column
# shellcheck disable=SC2206
cmd_json=("$nsinspect" $nsi_args -J)
# shellcheck disable=SC2206
cmd_all=("$nsinspect" $nsi_args -l --output-all)
check_type=${types%%,*}

fmt='%-10s %7s %6s %9s %12s %9s %9s %10s %9s %9s %9s %9s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" size procs nses "lsns ms" "nsinspect ms" "floor ms" lsns/nsi nsi/floor json/nsi all/nsi \
	"lsns KiB" "nsi KiB"
for size in $sizes; do
	groups=${size%x*}
	procs=${size#*x}
	procs_before=$(count_procs)
	start_load "$groups" "$procs"
	procs_load=$(count_procs)
	echo "bench: $size: $((groups * procs)) load processes ready in $load_ms ms ($procs_before -> $procs_load processes)" >&2

	# The row counts are the first, warming, pass of lsns and nsinspect.
	count_rows lsns lsns
	lsns_all=$rows_all lsns_type=$rows_type
	count_rows nsi "$nsinspect"
	nsi_all=$rows_all nsi_type=$rows_type
	if ((lsns_type < groups || nsi_type < groups)); then
		echo "bench: warning: $size: the load made $groups $check_type namespaces;" \
			"lsns shows $lsns_type, nsinspect $nsi_type" >&2
	fi
	diff=$((lsns_all > nsi_all ? lsns_all - nsi_all : nsi_all - lsns_all))
	if ((diff * 50 > lsns_all + 100)); then
		echo "bench: warning: $size: lsns shows $lsns_all namespaces, nsinspect $nsi_all" >&2
	fi

	peak_kib lsns "${cmd_lsns[@]}"
	rss_lsns=$rss
	peak_kib nsi "${cmd_nsi[@]}"
	rss_nsi=$rss
	peak_kib floor "${cmd_floor[@]}"

	for n in "${names[@]}"; do
		: >"$tmp/$n.us"
	done
	for ((r = 0; r < runs; r++)); do
		for ((k = 0; k < ${#names[@]}; k++)); do
			n=${names[(r + k) % ${#names[@]}]}
			cmd="cmd_${n}[@]"
			# Each timed run right after an untimed run of itself: what
			# ran just before changes a run's time (on this VM nsinspect
			# takes ~25% longer right after lsns or floor than right
			# after itself), and with the rotation alone nsinspect
			# would follow lsns in four rounds of five.
			run "${!cmd}" >/dev/null 2>&1 || true
			time_one "$n" "${!cmd}"
		done
	done
	l=$(median "$tmp/lsns.us")
	i=$(median "$tmp/nsi.us")
	f=$(median "$tmp/floor.us")
	j=$(median "$tmp/json.us")
	a=$(median "$tmp/all.us")

	stop_load || die "$size: the load did not go away cleanly"
	procs_after=$(count_procs)
	echo "bench: $size: load gone ($procs_load -> $procs_after processes)" >&2
	# stop_load checked that no load process is left; others may come and go
	if ((procs_after > procs_before + groups * procs / 2)); then
		echo "bench: warning: $size: $procs_after processes now, $procs_before before the load" >&2
	fi

	# shellcheck disable=SC2059
	printf "$fmt" "$size" "$procs_load" "$lsns_all" "$(ms "$l")" "$(ms "$i")" "$(ms "$f")" \
		"$(ratio "$l" "$i")" "$(ratio "$i" "$f")" "$(ratio "$j" "$i")" "$(ratio "$a" "$i")" \
		"$rss_lsns" "$rss_nsi"
done
echo "(median of $runs runs each, wall time; procs and nses (lsns rows) seen with the load up;" \
	"load types $types; $(nproc) CPUs, kernel $(uname -r), $(lsns --version | sed 's/.* from //');" \
	"nsinspect: $nsinspect)"
exit 0
