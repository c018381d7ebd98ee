#!/bin/bash
# The release path end to end: build the source tree as a tarball would
# ship it (no .git, no sanitizers), check the `cmake --install` layout,
# make a .deb with cpack, check its control fields, install it with dpkg
# into a throwaway root whose package database holds the host's entries
# for the .deb's Depends (so dpkg really checks them), run what it
# installed, check each shell finds its completion there, and remove it
# again.  The host's own dpkg database and /usr are never touched.
set -euo pipefail
: "${SRCDIR:?} ${NSI_PROJECT_VERSION:?} ${CMAKE_COMMAND:?}"
for t in dpkg dpkg-deb dpkg-query dpkg-shlibdeps cpack; do
	if ! command -v "$t" >/dev/null; then
		echo "SKIP: $t is not installed (not a Debian system?)"
		exit 77
	fi
done
if [[ $(id -u) != 0 ]]; then
	echo "SKIP: dpkg --root needs root"
	exit 77
fi

fails=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
# check DESCRIPTION EXPECTED ACTUAL
check() {
	n=$((n + 1))
	[[ $2 == "$3" ]] || fail "$1: expected '$2', got '$3'"
}
# files DIR: the regular files below DIR, relative, sorted
files() { (cd "$1" && find . -path ./var -prune -o -type f -print | sed 's|^\./||' | sort); }

host_state=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' nsinspect 2>/dev/null || true)
host_bin=$(ls -l /usr/bin/nsinspect 2>/dev/null || true)

# a tarball-like copy of the sources: no .git, no build trees
mkdir "$tmp/src"
tar -C "$SRCDIR" --exclude=./.git --exclude='./build*' -cf - . | tar -C "$tmp/src" -xf -
"$CMAKE_COMMAND" -S "$tmp/src" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX=/usr >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
"$CMAKE_COMMAND" --build "$tmp/build" -j"$(nproc)" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }

# where each shell looks, on this system
bashdir=/usr/share/bash-completion/completions
if pkg-config --exists bash-completion 2>/dev/null; then
	bashdir=$(pkg-config --variable=completionsdir bash-completion)
fi
expected=$(printf '%s\n' usr/bin/nsinspect usr/share/man/man8/nsinspect.8 \
	"${bashdir#/}/nsinspect" usr/share/zsh/vendor-completions/_nsinspect \
	usr/share/fish/vendor_completions.d/nsinspect.fish | sort)

DESTDIR=$tmp/destdir "$CMAKE_COMMAND" --install "$tmp/build" >/dev/null
check "cmake --install layout" "$expected" "$(files "$tmp/destdir")"

(cd "$tmp/build" && cpack -G DEB) >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
deb=$tmp/build/nsinspect_${NSI_PROJECT_VERSION}_$(dpkg --print-architecture).deb
n=$((n + 1))
[[ -f $deb ]] || { fail "no $deb"; ls "$tmp/build"; exit 1; }
check "Package" nsinspect "$(dpkg-deb -f "$deb" Package)"
check "Version" "$NSI_PROJECT_VERSION" "$(dpkg-deb -f "$deb" Version)"
check "Section" admin "$(dpkg-deb -f "$deb" Section)"
n=$((n + 1))
[[ $(dpkg-deb -f "$deb" Maintainer) == *\<*@*\> ]] || fail "Maintainer: '$(dpkg-deb -f "$deb" Maintainer)'"
n=$((n + 1))
[[ $(dpkg-deb -f "$deb" Description) == *namespaces* ]] || fail "Description: '$(dpkg-deb -f "$deb" Description)'"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libsmartcols1 libmount1 libjansson4; do
	n=$((n + 1))
	[[ ", $depends," == *", $lib "[\(,]* ]] || fail "Depends lacks $lib: $depends"
done
n=$((n + 1))
[[ $depends != *libasan* && $depends != *libubsan* ]] || fail "Depends names a sanitizer: $depends"
mkdir "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
check ".deb contents" "$expected" "$(files "$tmp/x")"

# a package database holding only the host's entries for our Depends
deps=$(sed 's/([^)]*)//g; s/[|,]/ /g' <<<"$depends")
make_root() {
	mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates"
	# shellcheck disable=SC2086
	dpkg-query -s $2 >"$1/var/lib/dpkg/status"
}

# the dependency check is real: without libjansson4, dpkg refuses to configure
# shellcheck disable=SC2086
make_root "$tmp/nojansson" "$(printf '%s\n' $deps | grep -vx libjansson4)"
n=$((n + 1))
if dpkg --root="$tmp/nojansson" --log=/dev/null -i "$deb" >"$tmp/log" 2>&1; then
	fail "dpkg installed the package without libjansson4"
elif ! grep -q 'depends on libjansson4' "$tmp/log"; then
	fail "dpkg failed for another reason than libjansson4:"
	cat "$tmp/log"
fi

root=$tmp/root
make_root "$root" "$deps"
n=$((n + 1))
dpkg --root="$root" --log=/dev/null -i "$deb" >"$tmp/log" 2>&1 || { fail "dpkg -i:"; cat "$tmp/log"; }
check "dpkg status" "ii " "$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${db:Status-Abbrev}' nsinspect)"
check "installed files" "$expected" "$(files "$root")"

# the installed program runs (on the host's libraries, which dpkg checked)
check "installed --version (tarball build)" "nsinspect $NSI_PROJECT_VERSION" "$("$root/usr/bin/nsinspect" --version)"
net=$(readlink /proc/$$/ns/net)
net=${net#net:[}
check "installed binary lists our netns" "${net%]}" "$("$root/usr/bin/nsinspect" -p $$ -t net -n -o NS | tr -d ' ')"
n=$((n + 1))
MANWIDTH=80 man -l "$root/usr/share/man/man8/nsinspect.8" >"$tmp/man" 2>"$tmp/man.err" ||
	fail "man -l: $(cat "$tmp/man.err")"
grep -q 'nsinspect .* list Linux namespaces' "$tmp/man" || fail "man -l: no NAME line"

# debian_shell NAME: whether NAME on $PATH is Debian's package NAME.  Where
# Debian's shells look by default is what our install directories rely on;
# a shell built for another prefix (/usr/local) looks elsewhere for every
# package, so its default path is not checked (the loads below still are).
debian_shell() {
	local bin
	bin=$(readlink -f "$(command -v "$1")")
	dpkg-query -S "$bin" 2>/dev/null | grep -q "^$1:" && return 0
	echo "$bin is not Debian's $1: its default search path is not checked"
	return 1
}

# each shell, pointed at the root's data directory, loads the completion
export PATH=$root/usr/bin:$PATH XDG_DATA_DIRS=$root/usr/share
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_DATA_HOME=$tmp/home/.local/share
mkdir -p "$HOME"
if [[ -r /usr/share/bash-completion/bash_completion ]]; then
	check "bash-completion loads it" "complete -F _nsinspect nsinspect" \
		"$(bash -c 'source /usr/share/bash-completion/bash_completion
			__load_completion nsinspect && complete -p nsinspect')"
else
	fail "bash-completion is missing (scripts/install-deps.sh --tests installs it)"
fi
if command -v zsh >/dev/null; then
	if debian_shell zsh; then
		n=$((n + 1))
		zsh -fc 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions ||
			fail "zsh's \$fpath lacks /usr/share/zsh/vendor-completions"
	fi
	check "zsh compinit finds it" _nsinspect \
		"$(zsh -fc "fpath=($root/usr/share/zsh/vendor-completions \$fpath)
			autoload -Uz compinit && compinit -u -d $tmp/zcompdump
			print -r -- \$_comps[nsinspect]")"
else
	fail "zsh is missing (scripts/install-deps.sh --tests installs it)"
fi
if command -v fish >/dev/null; then
	if debian_shell fish; then
		n=$((n + 1))
		paths=$(env -u XDG_DATA_DIRS fish -c 'printf "%s\n" $fish_complete_path')
		grep -qx /usr/share/fish/vendor_completions.d <<<"$paths" ||
			fail "$(fish --version) does not look in /usr/share/fish/vendor_completions.d:" $paths
	fi
	check "fish autoloads it" "--json --json-lines" "$(fish -c 'complete -C "nsinspect --jso"' | cut -f1 | tr "\n" " " | sed "s/ $//")"
else
	fail "fish is missing (scripts/install-deps.sh --tests installs it)"
fi

# removal leaves nothing behind
n=$((n + 1))
dpkg --root="$root" --log=/dev/null --purge nsinspect >"$tmp/log" 2>&1 || { fail "dpkg --purge:"; cat "$tmp/log"; }
check "files after purge" "" "$(files "$root")"
check "dpkg status after purge" "" \
	"$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${db:Status-Abbrev}' nsinspect 2>/dev/null || true)"

check "host's nsinspect package untouched" "$host_state" \
	"$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' nsinspect 2>/dev/null || true)"
check "host's /usr/bin/nsinspect untouched" "$host_bin" "$(ls -l /usr/bin/nsinspect 2>/dev/null || true)"

echo "$((n - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
