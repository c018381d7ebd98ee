#!/bin/bash
# Install what nsinspect needs on Debian 12, as root.  Installs only what
# is missing, so a prepared machine is left alone.
#
#   install-deps.sh          what building and running needs: a compiler,
#                            cmake, pkg-config and three -dev packages;
#                            nothing that starts a service
#   install-deps.sh --tests  that, and what the test suite needs
#                            (scripts/test.sh runs this)
#
# The build command must be safe on a production host: it installs no
# daemon and leaves no policy behind.  The test packages include
# docker.io, containerd and prometheus, whose postinst would start their
# daemons; the tests start private ones and stop them, so here the
# daemons are held back by policy-rc.d for the time of the install only.
set -euo pipefail

build_packages=(
	build-essential cmake pkg-config		# compiler, make, cmake
	libsmartcols-dev libmount-dev libjansson-dev	# the libraries nsinspect links (libmount: dlopen)
)
test_packages=(
	util-linux iproute2 procps jq time		# lsns, nsenter, unshare, setpriv, ip, ps, jq, /usr/bin/time
	git						# the revision in --version
	docker.io containerd busybox-static		# a private dockerd and containerd, a busybox image
	prometheus python3-yaml				# promtool check metrics; the DaemonSet manifest
	graphviz					# dot reads --graph back
	valgrind					# scripts/valgrind.sh
	strace						# live_metrics holds a run mid-write (inject=delay)
	mandoc man-db dpkg-dev				# man page lint, man -l, cpack -G DEB
	bash-completion zsh fish			# each shell loads and runs its completion
	clang libclang-rt-14-dev			# scripts/fuzz.sh: libFuzzer and clang's sanitizer runtimes
						# (only a Recommends of clang-14, which we do not install)
)

case ${1:-} in
"") packages=("${build_packages[@]}") ;;
--tests) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
*)
	echo "usage: install-deps.sh [--tests]" >&2
	exit 2
	;;
esac

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) != 0 ]]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ ${1:-} == --tests ]]; then
	# policy-rc.d is how Debian tells invoke-rc.d and deb-systemd-invoke
	# not to start what a package installs; only ours is removed after
	policy=/usr/sbin/policy-rc.d
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
