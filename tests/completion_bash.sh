#!/bin/bash
# The bash completion, driven the way bash drives it: COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT set, _nsinspect called, COMPREPLY
# read back.  Options, namespace types, column lists (after a comma, after
# '+', after "--output="), live PIDs, fixture PIDs and NSIDs, container
# names from the engines fixture, and --enter targets.  The completion
# asks "nsinspect" on PATH, so the freshly built one goes first.  zsh
# and fish completions get a syntax check when those shells exist.
set -euo pipefail
: "${NSINSPECT:?} ${SRCDIR:?}"
PATH=$(dirname "$NSINSPECT"):$PATH
fails=0 n=0
basic=$SRCDIR/tests/fixtures/basic
engines=$SRCDIR/tests/fixtures/engines

# shellcheck source=../completions/nsinspect.bash
source "$SRCDIR/completions/nsinspect.bash"
check() {
	n=$((n + 1))
	if [[ $2 != "$3" ]]; then
		echo "FAIL: $1:"
		echo "  expected: $(echo $2)"
		echo "  got:      $(echo $3)"
		fails=$((fails + 1))
	fi
}

# comp WORD... : the sorted candidates for the last WORD (the one the
# cursor is at the end of) on the line "nsinspect WORD...".
comp() {
	COMP_WORDS=(nsinspect "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	# as in an interactive shell: the completion runs without -e and -u
	set +eu
	_nsinspect nsinspect "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	set -eu
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
	return 0
}
# has CANDIDATES WORD: WORD is one of the candidates
has() { grep -qxF -- "$2" <<<"$1" && echo yes || echo "no: $2 not in: $(echo $1)"; }
lines() { printf '%s\n' "$@" | sort; }

check "registered" "complete -F _nsinspect nsinspect" "$(complete -p nsinspect)"

# options
check "--js" "$(lines --json --json-lines)" "$(comp --js)"
check "--comp" "--compare" "$(comp --comp)"
check "--wa" "--watch" "$(comp --wa)"
check "--met" "--metrics" "$(comp --met)"
check "--ou" "$(lines --output --output-all)" "$(comp --ou)"
check "--sys" "--sysroot" "$(comp --sys)"
# every long option of --help, in its place: the listing's, or --enter's
for opt in $("$NSINSPECT" --help | sed '/^Entering/q' | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	check "'-' offers $opt" yes "$(has "$(comp -)" "$opt")"
done
for opt in $("$NSINSPECT" --help | sed -n '/^Entering/,/^Available/p' | grep -o -- '--[a-z][a-z-]*' |
	grep -vx -- --enter | sort -u); do
	check "'--enter 1 -' offers $opt" yes "$(has "$(comp --enter 1 -)" "$opt")"
done

# namespace types
types=$(lines mnt uts ipc pid net user cgroup time)
check "-t" "$types" "$(comp -t '')"
check "--type" "$types" "$(comp --type '')"
check "-t n" "net" "$(comp -t n)"
check "-t net,u" "$(lines net,uts net,user)" "$(comp -t net,u)"
check "-t net, leaves net out" "$(grep -vx net <<<"$types" | sed 's/^/net,/' | sort)" "$(comp -t net,)"

# columns: exactly the program's, in every spelling of the list
columns=$("$NSINSPECT" -H -r -n | awk '{print $1}' | sort)
check "-o" "$columns" "$(comp -o '')"
check "-o NS,TY" "NS,TYPE" "$(comp -o NS,TY)"
check "-o ns,ty (lower case)" "ns,type" "$(comp -o ns,ty)"
check "-o +PA" "+PATH" "$(comp -o +PA)"
check "-o NS,TYPE,NP" "NS,TYPE,NPROCS" "$(comp -o NS,TYPE,NP)"
check "--output = NS,TY (bash splits at '=')" "NS,TYPE" "$(comp --output = NS,TY)"
check "-o NS, leaves NS out" "$(grep -vx NS <<<"$columns" | sed 's/^/NS,/' | sort)" "$(comp -o NS,)"

# PIDs: a process we started is offered, one that is gone is not
# it waits on its stdin, which we hold
coproc KEEPER { read -r _; }
keeper=$KEEPER_PID
true &
gone=$!
wait "$gone"
check "-p offers our process" yes "$(has "$(comp -p '')" "$keeper")"
check "-p $keeper" yes "$(has "$(comp -p "$keeper")" "$keeper")"
check "--task offers our process" yes "$(has "$(comp --task "${keeper:0:1}")" "$keeper")"
check "-p does not offer a reaped PID" no "$(has "$(comp -p "$gone")" "$gone" | cut -c1-2)"
check "--compare offers our process" yes "$(has "$(comp --compare "$keeper")" "$keeper")"
# EOF on its stdin ends it
eval "exec ${KEEPER[1]}>&-"
wait "$keeper" || true
check "-p below --sysroot" "$(ls "$basic/proc" | grep -x '[0-9]*' | sort)" "$(comp --sysroot "$basic" -p '')"

# NSIDs of the namespaces in use
check "NSID below --sysroot" yes "$(has "$(comp --sysroot "$basic" 40265323)" 4026532305)"

# containers: asked from nsinspect, which reads the engines' state
check "-c we" "$(lines web-0 web-1)" "$(comp --sysroot "$engines" -c we)"
check "--container pl" "plain1" "$(comp --sysroot "$engines" --container pl)"
check "--sysroot=DIR -c t" "t1" "$(comp --sysroot="$engines" -c t)"
# --compare targets: PIDs and containers, not NSIDs
check "--compare we" "$(lines web-0 web-1)" "$(comp --sysroot "$engines" --compare we)"
check "-c: nothing without containers" "" "$(comp --sysroot "$basic" -c '')"
# --enter takes no --sysroot: a function in front of the built binary
# points it at the fixture (the completion runs "nsinspect" as a command)
nsinspect() { command nsinspect --sysroot "$engines" "$@"; }
check "--enter we" "$(lines web-0 web-1)" "$(comp --enter we)"
unset -f nsinspect
check "--enter PID" yes "$(has "$(comp --enter "$$")" "$$")"
check "--enter 1 --pr" "--preserve-credentials" "$(comp --enter 1 --pr)"

# tree relations
check "-T" "$(lines owner parent process)" "$(comp -T '')"
check "--tree = o (bash splits at '=')" "owner" "$(comp --tree = o)"
check "--color = a" "$(lines always auto)" "$(comp --color = a)"
check "--color =" "$(lines always auto never)" "$(comp --color =)"
check "--color=n (no '=' in COMP_WORDBREAKS)" "--color=never" "$(comp --color=n)"
check "--color WORD is an NSID, not a value" "" "$(comp --color a)"
check "--tree =" "$(lines owner parent process)" "$(comp --tree =)"
check "--tree=o (no '=' in COMP_WORDBREAKS)" "--tree=owner" "$(comp --tree=o)"
check "--output=NS,TY (no '=' in COMP_WORDBREAKS)" "--output=NS,TYPE" "$(comp --output=NS,TY)"

# the other shells' completions parse
for sh in zsh fish; do
	if ! command -v "$sh" >/dev/null; then
		echo "FAIL: $sh is missing (scripts/install-deps.sh --tests installs it)"
		fails=$((fails + 1))
		continue
	fi
	f=$SRCDIR/completions/_nsinspect
	[[ $sh == fish ]] && f=$SRCDIR/completions/nsinspect.fish
	n=$((n + 1))
	if ! out=$("$sh" -n "$f" 2>&1); then
		echo "FAIL: $sh -n $(basename "$f"): $out"
		fails=$((fails + 1))
	fi
done

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
