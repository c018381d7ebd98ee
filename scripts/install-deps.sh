#!/bin/bash
# Install what building and testing nsinspect needs, on Debian 12 as
# root.  Installs only what is missing, so a prepared machine is left
# alone and a fresh one gets everything.
set -euo pipefail

packages=(
	build-essential cmake pkg-config		# build
	libsmartcols-dev libmount-dev libjansson-dev	# libraries
	util-linux iproute2 procps jq time		# tests: lsns, unshare, setpriv, ip, ps, jq, /usr/bin/time
	docker.io busybox-static			# tests: a private dockerd, a busybox image
	prometheus python3-yaml				# tests: promtool check metrics; the DaemonSet manifest
	valgrind					# tests: scripts/valgrind.sh
	mandoc man-db dpkg-dev				# tests: man page lint, man -l, cpack -G DEB
	bash-completion zsh fish			# tests: each shell loads and runs its completion
	clang libclang-rt-14-dev			# scripts/fuzz.sh: libFuzzer and clang's sanitizer runtimes
						# (only a Recommends of clang-14, which we do not install)
)

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
# The packages must not start their daemons (dockerd, the Prometheus
# server): the tests start private ones and stop them.  policy-rc.d is
# how Debian tells invoke-rc.d and deb-systemd-invoke so.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
