# A private dockerd for live tests: its own data root, exec root and
# socket under $TEST_TMP, no bridge and no iptables, so it touches
# nothing of the host's network or of a system Docker.  The image is a
# busybox-static root filesystem imported with `docker import`: nothing
# is pulled.  Source after tests/lib.sh; docker_stop runs from its
# cleanup trap.  The packages come from scripts/install-deps.sh.

DOCKER_BIN=/usr/bin/docker	# Debian's client, not whatever else is first in PATH
DOCKER_DIR=
DOCKERD_PID=
DOCKER_IMAGE=nsi-busybox:test

dk() {
	"$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" "$@"
}

# docker_start: start dockerd and import the image; fails without docker.
docker_start() {
	local i
	if [[ ! -x /usr/sbin/dockerd || ! -x $DOCKER_BIN || ! -x /bin/busybox ]]; then
		echo "FATAL: docker.io or busybox-static is not installed (scripts/install-deps.sh --tests)"
		exit 1
	fi
	DOCKER_DIR=$(mktemp -d /tmp/nsi-docker.XXXX)	# short: the socket path has a limit
	mkdir -p "$DOCKER_DIR/root" "$DOCKER_DIR/exec" "$DOCKER_DIR/rootfs/bin"
	EXTRA_CLEANUP="docker_stop; ${EXTRA_CLEANUP:-}"
	/usr/sbin/dockerd --data-root "$DOCKER_DIR/root" --exec-root "$DOCKER_DIR/exec" \
		-H "unix://$DOCKER_DIR/docker.sock" --pidfile "$DOCKER_DIR/dockerd.pid" \
		--bridge=none --iptables=false --ip6tables=false --ip-masq=false \
		>"$DOCKER_DIR/dockerd.log" 2>&1 &
	DOCKERD_PID=$!
	# readiness: the API answers, or dockerd (our child, not yet
	# reaped, so its PID is still its own) has exited
	wait_until eval 'dk version >/dev/null 2>&1 || ! kill -0 "$DOCKERD_PID" 2>/dev/null'
	if ! dk version >/dev/null 2>&1; then
		tail -5 "$DOCKER_DIR/dockerd.log"
		echo "FATAL: dockerd did not answer within 30 s"
		exit 1
	fi
	cp /bin/busybox "$DOCKER_DIR/rootfs/bin/"
	for i in sh sleep hostname cat ls ps readlink; do
		ln -s busybox "$DOCKER_DIR/rootfs/bin/$i"
	done
	tar -C "$DOCKER_DIR/rootfs" -c . | dk import - "$DOCKER_IMAGE" >/dev/null ||
		{ echo "FATAL: docker import failed"; exit 1; }
}

# docker_run NAME [OPTIONS...]: a container that sleeps, without network.
docker_run() {
	local name=$1
	shift
	dk run -d --name "$name" --network none "$@" "$DOCKER_IMAGE" sleep 100000 >/dev/null ||
		{ echo "FATAL: docker run $name failed"; exit 1; }
}

docker_stop() {
	[[ -z $DOCKERD_PID ]] && return
	kill -CONT "$DOCKERD_PID" 2>/dev/null
	dk rm -f $(dk ps -aq 2>/dev/null) >/dev/null 2>&1
	kill -TERM "$DOCKERD_PID" 2>/dev/null
	wait "$DOCKERD_PID" 2>/dev/null
	DOCKERD_PID=
	# whatever dockerd left mounted under its roots
	grep -o " $DOCKER_DIR/[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
	rm -rf "$DOCKER_DIR"
}
