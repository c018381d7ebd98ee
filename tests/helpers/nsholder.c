/*
 * nsholder: make namespaces for a live test and hold them until told to
 * let go.  Usage: nsholder TYPES NPROCS
 *
 * TYPES is a comma list (mnt,uts,ipc,net,pid,cgroup,time,user) or "none".
 * A leader process unshares those types and forks NPROCS members, so the
 * new pid and time namespaces (which only children enter) hold exactly
 * the members.  When everything exists it prints one line with the PIDs,
 * leader first, as seen from the caller's pid namespace:
 *	ready LEADER MEMBER...
 * and holds until stdin reaches EOF.  Every process it makes dies with
 * its parent (PR_SET_PDEATHSIG), so a test that crashes leaves nothing.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinspect/nstype.h"

/* Parse TYPES ("none" or a comma list) into CLONE_NEW* flags. */
static int parse_types(const char *list)
{
	const char *bad;
	size_t badlen;
	nsi_typemask mask;

	if (strcmp(list, "none") == 0)
		return 0;
	if (nsi_typemask_parse(list, &mask, &bad, &badlen) < 0) {
		fprintf(stderr, "nsholder: unknown type '%.*s'\n", (int)badlen, bad);
		exit(2);
	}
	return nsi_typemask_clone_flags(mask);
}

/*
 * Die with the parent; if it is already gone, die now.  A child in a new
 * pid namespace sees its parent as PID 0.
 */
static void die_with_parent(pid_t parent)
{
	pid_t ppid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	ppid = getppid();
	if (ppid != parent && ppid != 0)
		_exit(1);
}

static void hold(void)
{
	for (;;)
		pause();
}

/* The leader: unshare, fork the members, report their PIDs on @out. */
static void leader(int flags, int nprocs, int out, pid_t parent)
{
	pid_t self = getpid();
	char line[64];

	die_with_parent(parent);
	if (flags && unshare(flags) < 0) {
		dprintf(out, "error unshare: %s\n", strerror(errno));
		_exit(1);
	}
	dprintf(out, "%d", (int)self);
	for (int i = 0; i < nprocs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			dprintf(out, "\nerror fork: %s\n", strerror(errno));
			_exit(1);
		}
		if (pid == 0) {
			/* the caller reads @out until EOF: members must not keep it open */
			close(out);
			die_with_parent(self);
			hold();
		}
		snprintf(line, sizeof(line), " %d", (int)pid);
		if (write(out, line, strlen(line)) < 0)
			_exit(1);
	}
	if (write(out, "\n", 1) < 0)
		_exit(1);
	close(out);
	hold();
}

int main(int argc, char **argv)
{
	int pfd[2], flags, nprocs;
	char buf[65536];
	ssize_t n, len = 0;
	pid_t pid, self = getpid();

	if (argc != 3) {
		fprintf(stderr, "usage: nsholder TYPES NPROCS\n");
		return 2;
	}
	flags = parse_types(argv[1]);
	nprocs = atoi(argv[2]);
	if (nprocs < 1 || nprocs > 1000 || pipe(pfd) < 0)
		return 2;

	/*
	 * Members orphaned by the leader's death come to us, not to PID 1
	 * (which may never reap them), so we can wait for every one.
	 */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(pfd[0]);
		leader(flags, nprocs, pfd[1], self);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
		len += n;
	buf[len] = '\0';
	if (len == 0 || strncmp(buf, "error", 5) == 0 || strstr(buf, "\nerror")) {
		fprintf(stderr, "nsholder: %s", len ? strstr(buf, "error") : "leader died\n");
		kill(pid, SIGKILL);
		while (wait(NULL) > 0 || errno == EINTR)
			;
		return 1;
	}
	printf("ready %s", buf);
	fflush(stdout);

	/* hold until the test closes our stdin */
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	kill(pid, SIGKILL);	/* members follow through PDEATHSIG */
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}
