#!/bin/bash
# Side-by-side benchmark: nsinspect against the system lsns and the floor
# program, on a load of GROUPS namespace groups x PROCS processes made by
# nsload.  Commands alternate in one loop so they share the machine's
# noise; each gets the median of its wall times.
#   bench/run.sh [--sizes "500x4 625x4"] [--runs N] [--build DIR] [--nsinspect PATH] [--quick]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sizes="500x4"
runs=7
build=$top/build
nsinspect=
while [[ $# -gt 0 ]]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--nsinspect) nsinspect=$2; shift 2 ;;
	--quick) sizes="20x3"; runs=2; shift ;;
	*) echo "usage: $0 [--sizes \"GxP ...\"] [--runs N] [--build DIR] [--nsinspect PATH] [--quick]" >&2; exit 1 ;;
	esac
done
nsinspect=${nsinspect:-$build/nsinspect}
nsload=$build/bench/nsload
floor=$build/bench/floor
for f in "$nsinspect" "$nsload" "$floor"; do
	[[ -x $f ]] || { echo "bench: $f not found: build first (cmake --build build)" >&2; exit 1; }
done
command -v lsns >/dev/null || { echo "bench: lsns not found" >&2; exit 1; }

tmp=$(mktemp -d)
load_fd=
cleanup() {
	if [[ -n $load_fd ]]; then
		eval "exec $load_fd>&-"	# nsload sees EOF, kills and reaps the load
		wait 2>/dev/null || true
		load_fd=
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cols=NS,TYPE,NPROCS,PID,USER,COMMAND
cmd_lsns=(lsns -l -o "$cols")
cmd_nsi=("$nsinspect" -l -o "$cols")
cmd_floor=("$floor")

# run_ms CMD...: wall time of one run in milliseconds (fails on a non-zero exit)
run_ms() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
	t1=$EPOCHREALTIME
	echo "$(((${t1/./} - ${t0/./}) / 1000))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

peak_kib() {
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1
	else
		echo -
	fi
}

printf '%-10s %7s %6s %9s %12s %9s %10s %11s %9s %9s\n' size procs nses "lsns ms" "nsinspect ms" "floor ms" "lsns/nsi" "nsi/floor" "lsns KiB" "nsi KiB"
for size in $sizes; do
	groups=${size%x*} procs=${size#*x}
	mkfifo "$tmp/in" "$tmp/out"
	"$nsload" "$groups" "$procs" <"$tmp/in" >"$tmp/out" &
	exec {load_fd}>"$tmp/in"
	read -r ready <"$tmp/out"
	[[ $ready == ready* ]] || { echo "bench: nsload did not start" >&2; exit 1; }
	rm -f "$tmp/in" "$tmp/out"

	nprocs=$(ls -d /proc/[0-9]* | wc -l)
	nses_lsns=$(lsns -l -n -o NS | wc -l)
	nses=$("$nsinspect" -l -n -o NS 2>/dev/null | wc -l)
	if (( nses < groups * 2 || nses != nses_lsns )); then
		echo "bench: warning: nsinspect shows $nses namespaces, lsns $nses_lsns, load made $((groups * 2))" >&2
	fi

	: >"$tmp/lsns" && : >"$tmp/nsi" && : >"$tmp/floor"
	for _ in $(seq "$runs"); do
		run_ms "${cmd_lsns[@]}" >>"$tmp/lsns"
		run_ms "${cmd_nsi[@]}" >>"$tmp/nsi"
		run_ms "${cmd_floor[@]}" >>"$tmp/floor"
	done
	l=$(median <"$tmp/lsns") n=$(median <"$tmp/nsi") f=$(median <"$tmp/floor")
	printf '%-10s %7d %6d %9d %12d %9d %10s %11s %9s %9s\n' "$size" "$nprocs" "$nses" "$l" "$n" "$f" \
		"$(awk -v a="$l" -v b="$n" 'BEGIN { printf "%.1fx", b ? a / b : 0 }')" \
		"$(awk -v a="$n" -v b="$f" 'BEGIN { printf "%.1fx", b ? a / b : 0 }')" \
		"$(peak_kib "${cmd_lsns[@]}")" "$(peak_kib "${cmd_nsi[@]}")"

	eval "exec $load_fd>&-"
	wait
	load_fd=
done
echo "(median of $runs runs each, wall time; $(nproc) CPUs; $(uname -r); $(lsns --version))"
