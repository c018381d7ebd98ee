/*
 * nsload: a load of namespaces and processes for the benchmark.
 * Usage: nsload GROUPS PROCS_PER_GROUP [--types uts,ipc,net,...]
 *
 * Makes GROUPS groups; each group's first process unshares the given
 * types (default uts,ipc: cheap to make) and forks so that the group has
 * PROCS_PER_GROUP processes, all waiting in pause().  When everything
 * exists it prints "ready PID" and holds until stdin reaches EOF or it
 * gets SIGTERM/SIGINT; then it kills and reaps the whole load.  Every
 * process dies with its parent (PR_SET_PDEATHSIG), and nsload is the
 * subreaper of the load, so nothing outlives it even if it is killed.
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

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* pid and time namespaces only take effect in children: not offered here */
static int parse_types(const char *list)
{
	const char *bad;
	size_t badlen;
	nsi_typemask mask;

	if (nsi_typemask_parse(list, &mask, &bad, &badlen) < 0 ||
	    (mask & (NSI_TYPE_BIT(NSI_TYPE_PID) | NSI_TYPE_BIT(NSI_TYPE_TIME)))) {
		fprintf(stderr, "nsload: unknown or unsupported type '%s'\n", list);
		exit(1);
	}
	return nsi_typemask_clone_flags(mask);
}

static void die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
}

/* A group: unshare, fork the rest, tell the parent we are ready, wait. */
static void group(int flags, int procs, int ready_fd, pid_t parent)
{
	pid_t self = getpid();

	die_with_parent(parent);
	if (flags && unshare(flags) < 0) {
		dprintf(ready_fd, "E");
		_exit(1);
	}
	for (int i = 1; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			dprintf(ready_fd, "E");
			_exit(1);
		}
		if (pid == 0) {
			close(ready_fd);
			die_with_parent(self);
			for (;;)
				pause();
		}
	}
	/* one byte per group: the parent counts them */
	if (write(ready_fd, "R", 1) != 1)
		_exit(1);
	close(ready_fd);
	for (;;)
		pause();
}

static pid_t *leaders;
static int nleaders;

/*
 * Kill the group leaders; their members follow by PDEATHSIG and, as we
 * are the subreaper, come to us to be reaped: nothing is left behind.
 */
static void kill_all(int status)
{
	for (int i = 0; i < nleaders; i++)
		kill(leaders[i], SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	exit(status);
}

int main(int argc, char **argv)
{
	int groups, procs, flags = CLONE_NEWUTS | CLONE_NEWIPC, pfd[2], ready = 0;
	pid_t self = getpid();
	char c;

	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--types") == 0)) {
		fprintf(stderr, "usage: nsload GROUPS PROCS_PER_GROUP [--types uts,ipc,net,...]\n");
		return 1;
	}
	groups = atoi(argv[1]);
	procs = atoi(argv[2]);
	if (argc == 5)
		flags = parse_types(argv[4]);
	if (groups < 1 || procs < 1) {
		fprintf(stderr, "nsload: GROUPS and PROCS_PER_GROUP must be positive\n");
		return 1;
	}
	leaders = calloc((size_t)groups, sizeof(*leaders));
	if (!leaders)
		return 1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (pipe(pfd) < 0)
		return 1;

	for (int g = 0; g < groups; g++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "nsload: fork after %d groups: %s\n", g, strerror(errno));
			kill_all(1);
		}
		if (pid == 0) {
			close(pfd[0]);
			group(flags, procs, pfd[1], self);
		}
		leaders[nleaders++] = pid;
	}
	close(pfd[1]);
	while (ready < groups && read(pfd[0], &c, 1) == 1) {
		if (c != 'R') {
			fprintf(stderr, "nsload: a group could not be made (unshare or fork failed)\n");
			kill_all(1);
		}
		ready++;
	}
	if (ready < groups) {
		fprintf(stderr, "nsload: only %d of %d groups started\n", ready, groups);
		kill_all(1);
	}
	printf("ready %d\n", (int)self);
	fflush(stdout);

	while (!stop && read(STDIN_FILENO, &c, 1) > 0)
		;
	kill_all(0);
}
