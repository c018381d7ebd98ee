#!/bin/bash
# The docs and completions keep up with the program: every long option
# of --help, every column of --list-columns and every namespace type is
# in the man page, the JSON doc (columns) and all three completions, and
# each completion's column list is exactly the program's.
set -u
: "${NSINSPECT:?} ${SRCDIR:?}"
fails=0 n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

man=$SRCDIR/man/nsinspect.8
completions=("$SRCDIR/completions/nsinspect.bash" "$SRCDIR/completions/_nsinspect" "$SRCDIR/completions/nsinspect.fish")
columns=$("$NSINSPECT" -H -r -n | awk '{print $1}' | sort)
options=$("$NSINSPECT" --help | grep -o -- '--[a-z-]*' | sort -u)
types="mnt uts ipc pid net user cgroup time"

# the man page escapes '-' as '\-'
mantext=$(sed 's/\\-/-/g' "$man")
for opt in $options; do
	n=$((n + 1))
	grep -q -- "$opt\b" <<<"$mantext" || fail "man page lacks $opt"
	for f in "${completions[@]}"; do
		n=$((n + 1))
		# fish spells long options as "-l name"
		grep -q -- "$opt\b" "$f" || grep -q -- "-l ${opt#--}\b" "$f" || fail "$(basename "$f") lacks $opt"
	done
done
for c in $columns; do
	n=$((n + 1))
	grep -qw -- "$c" <<<"$mantext" || fail "man page lacks column $c"
	n=$((n + 1))
	grep -qw -- "${c,,}" "$SRCDIR/docs/json.md" || fail "docs/json.md lacks key ${c,,}"
done
for f in "${completions[@]}"; do
	n=$((n + 1))
	# the line after the "# columns:" marker holds the list
	listed=$(grep -A1 '^# columns:' "$f" | tail -n1 | grep -o '\b[A-Z_]\+\b' | sort)
	[[ $listed == "$columns" ]] || fail "$(basename "$f") columns '$(echo $listed)' != '$(echo $columns)'"
	for t in $types; do
		n=$((n + 1))
		grep -qw -- "$t" "$f" || fail "$(basename "$f") lacks type $t"
	done
done
echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
