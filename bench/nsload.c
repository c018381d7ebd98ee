/*
 * nsload: a load of namespaces and processes for the benchmark.
 * Usage: nsload GROUPS PROCS_PER_GROUP [--types uts,ipc,...]
 *
 * bench/run.sh needs a large, known /proc to time lsns, nsinspect and the
 * floor program on, and the load must never outlive the run.  nsload
 * makes GROUPS groups.  Each group's leader is a child of nsload in its
 * own process group; it unshares the given types (default uts,ipc, which
 * are cheap to make; any of mnt,uts,ipc,net,pid,user,cgroup,time) and
 * forks until the group has PROCS_PER_GROUP processes, all in pause().
 * pid and time namespaces are only entered by children, so for those the
 * leader's first child is the one inside (pid 1 of a new pid namespace,
 * which then forks the rest so that they see their parent).
 *
 * Every load process reports on a pipe when it is set up; when all have,
 * nsload prints "ready PID" and holds until its stdin reaches EOF or it
 * gets SIGTERM or SIGINT, then kills every process group and reaps.
 * Nothing depends on the caller cleaning up: each load process dies with
 * its parent (PR_SET_PDEATHSIG), so killing nsload takes the load along,
 * and nsload is the subreaper of the load so it reaps all of it itself.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinspect/nstype.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define MAX_LOAD 1000000	/* processes; far above any sane pid_max use */

/*
 * What one load process costs the kernel (task, stacks, page tables) and
 * its copied pages: about 115 KiB measured on x86-64 for this program
 * dynamically linked, half that static, five times more under ASan.
 */
#define KIB_PER_PROC 100

/* What a load process tells nsload on the readiness pipe. */
enum step {
	STEP_READY,
	STEP_SETPGID,
	STEP_UNSHARE,
	STEP_PIPE,
	STEP_FORK,
};

static const char *const step_names[] = {
	[STEP_READY] = "ready",
	[STEP_SETPGID] = "setpgid",
	[STEP_UNSHARE] = "unshare",
	[STEP_PIPE] = "pipe",
	[STEP_FORK] = "fork",
};

/* Fixed size and below PIPE_BUF, so every write is atomic and whole. */
struct report {
	uint8_t step;
	uint8_t pad;
	uint16_t err;
	int32_t group;
};

/* Set before the first fork; the load only reads them (no copies made). */
static int clone_flags = CLONE_NEWUTS | CLONE_NEWIPC;
static int procs_per_group;
static int ready_rd = -1, ready_wr = -1, sig_fd = -1;
static pid_t *leaders;
static int nleaders;

/* ---- the load processes: no allocation, no stdio ---- */

static void report(int group, enum step step, int err)
{
	struct report r = { .step = (uint8_t)step, .err = (uint16_t)err, .group = group };
	ssize_t n;

	do
		n = write(ready_wr, &r, sizeof(r));
	while (n < 0 && errno == EINTR);
}

static void __attribute__((noreturn)) fail(int group, enum step step)
{
	report(group, step, errno);
	_exit(1);
}

/* Report ready and wait to be killed, by nsload or by our parent's death. */
static void __attribute__((noreturn)) hold(int group)
{
	report(group, STEP_READY, 0);
	close(ready_wr);
	for (;;)
		pause();
}

/*
 * Die with the parent.  The parent may have died before the prctl took
 * effect; then we have been reparented already and getppid() shows it.
 */
static void die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
}

/* Fork a member that holds; returns in the parent only. */
static void fork_member(int group, pid_t self)
{
	pid_t pid = fork();

	if (pid < 0)
		fail(group, STEP_FORK);
	if (pid == 0) {
		die_with_parent(self);
		hold(group);
	}
}

/*
 * The first child of a leader that unshared a pid namespace is its pid 1
 * and cannot see its parent (getppid() is 0 before and after a reparent),
 * so it learns whether the leader still lives from a pipe only the leader
 * holds open: POLLHUP on the read end means the leader is gone.
 */
static void __attribute__((noreturn)) pidns_init(int group, int alive_rd)
{
	struct pollfd pfd = { .fd = alive_rd, .events = POLLIN };

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (poll(&pfd, 1, 0) != 0)
		_exit(1);
	close(alive_rd);
	for (int i = 2; i < procs_per_group; i++)
		fork_member(group, getpid());
	hold(group);
}

static void __attribute__((noreturn)) leader(int group, pid_t nsload)
{
	pid_t self = getpid();
	int alive[2];
	sigset_t none;
	pid_t pid;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	close(sig_fd);
	close(ready_rd);
	/* nobody should wait for EOF on a pipe the load holds */
	close(STDIN_FILENO);
	close(STDOUT_FILENO);

	if (setpgid(0, 0) < 0)
		fail(group, STEP_SETPGID);
	if (unshare(clone_flags) < 0)
		fail(group, STEP_UNSHARE);
	die_with_parent(nsload);

	if (!(clone_flags & CLONE_NEWPID)) {
		/* members enter a new time namespace, if any, by being forked */
		for (int i = 1; i < procs_per_group; i++)
			fork_member(group, self);
		hold(group);
	}

	if (pipe2(alive, O_CLOEXEC) < 0)
		fail(group, STEP_PIPE);
	pid = fork();
	if (pid < 0)
		fail(group, STEP_FORK);
	if (pid == 0) {
		close(alive[1]);
		pidns_init(group, alive[0]);
	}
	close(alive[0]);
	hold(group);	/* keeps alive[1] open for as long as we live */
}

/* ---- nsload itself ---- */

/*
 * Kill every group and reap.  A group's members die with it (process
 * group kill, and PDEATHSIG besides); the members whose leader died
 * first were reparented to us, the subreaper, before we could reap
 * that leader, so wait() returns ECHILD only when all of the load is gone.
 */
static void __attribute__((noreturn)) kill_all(int status)
{
	for (int i = 0; i < nleaders; i++)
		if (kill(-leaders[i], SIGKILL) < 0)
			kill(leaders[i], SIGKILL);
	for (;;)
		if (wait(NULL) < 0 && errno != EINTR)
			break;
	exit(status);
}

static long long read_number(const char *path)
{
	char buf[64];
	long long v = -1;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		if (strncmp(buf, "max", 3) == 0)
			v = LLONG_MAX;
		else
			v = strtoll(buf, NULL, 10);
	}
	fclose(f);
	return v;
}

/* Tasks in the system now: the fourth field of /proc/loadavg, "1/84". */
static long long count_tasks(void)
{
	long long n = -1;
	FILE *f = fopen("/proc/loadavg", "re");

	if (!f)
		return -1;
	if (fscanf(f, "%*s %*s %*s %*d/%lld", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static long long mem_available_kib(void)
{
	char line[128];
	long long kib = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* Walk up the pids cgroup we are in; every level's pids.max must fit. */
static int check_pids_cgroup(long long need)
{
	char line[4096], path[4200];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int ret = 0;

	if (!f)
		return 0;
	while (!ret && fgets(line, sizeof(line), f)) {
		char *ctrl = strchr(line, ':'), *cg;
		const char *base;
		size_t len;

		if (!ctrl || !(cg = strchr(ctrl + 1, ':')))
			continue;
		*cg++ = '\0';
		cg[strcspn(cg, "\n")] = '\0';
		ctrl++;
		if (*ctrl == '\0')
			base = "/sys/fs/cgroup";		/* v2 */
		else if (strcmp(ctrl, "pids") == 0)
			base = "/sys/fs/cgroup/pids";		/* v1 */
		else
			continue;
		snprintf(path, sizeof(path), "%s%s", base, strcmp(cg, "/") ? cg : "");
		len = strlen(path);
		while (len >= strlen(base)) {
			char file[4300];
			long long max, cur;

			path[len] = '\0';
			snprintf(file, sizeof(file), "%s/pids.max", path);
			max = read_number(file);
			snprintf(file, sizeof(file), "%s/pids.current", path);
			cur = read_number(file);
			if (max >= 0 && max != LLONG_MAX && cur >= 0 && cur + need > max) {
				fprintf(stderr, "nsload: %lld more processes do not fit in the pids cgroup: "
					"%s/pids.max is %lld and %lld are in use\n", need, path, max, cur);
				ret = -1;
				break;
			}
			while (len > strlen(base) && path[len - 1] != '/')
				len--;
			if (len <= strlen(base))
				break;
			len--;
		}
	}
	fclose(f);
	return ret;
}

/*
 * Say clearly which limit is too low before making anything, rather than
 * failing with EAGAIN halfway through 20,000 forks.
 */
static int check_limits(long long groups, long long need, nsi_typemask mask)
{
	long long tasks = count_tasks();
	long long pid_max = read_number("/proc/sys/kernel/pid_max");
	long long threads_max = read_number("/proc/sys/kernel/threads-max");
	long long mem_kib = mem_available_kib();
	struct rlimit rl;

	if (tasks < 0)
		tasks = 0;
	/* pids 1..pid_max-1 exist; keep some room for the rest of the system */
	if (pid_max > 0 && tasks + need + 100 >= pid_max) {
		fprintf(stderr, "nsload: %lld processes do not fit: %lld tasks exist and "
			"kernel.pid_max is %lld (raise /proc/sys/kernel/pid_max)\n", need, tasks, pid_max);
		return -1;
	}
	if (threads_max > 0 && tasks + need + 100 >= threads_max) {
		fprintf(stderr, "nsload: %lld processes do not fit: %lld tasks exist and "
			"kernel.threads-max is %lld (raise /proc/sys/kernel/threads-max)\n",
			need, tasks, threads_max);
		return -1;
	}
	/* root (CAP_SYS_RESOURCE or CAP_SYS_ADMIN) is not held to RLIMIT_NPROC */
	if (geteuid() != 0 && getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (unsigned long long)need >= (unsigned long long)rl.rlim_cur) {
		fprintf(stderr, "nsload: %lld processes exceed the limit of %llu per user (ulimit -u)\n",
			need, (unsigned long long)rl.rlim_cur);
		return -1;
	}
	/* better refuse than wake the OOM killer on a shared machine */
	if (mem_kib > 0 && need * KIB_PER_PROC > mem_kib) {
		fprintf(stderr, "nsload: %lld processes need about %lld MiB, and MemAvailable is %lld MiB\n",
			need, need * KIB_PER_PROC / 1024, mem_kib / 1024);
		return -1;
	}
	for (int t = 0; t < NSI_NTYPES; t++) {
		char path[80];
		long long max;

		if (!(mask & NSI_TYPE_BIT(t)))
			continue;
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces", nsi_type_name((enum nsi_type)t));
		max = read_number(path);
		if (max >= 0 && groups > max) {
			fprintf(stderr, "nsload: %lld %s namespaces exceed %s (%lld)\n",
				groups, nsi_type_name((enum nsi_type)t), path, max);
			return -1;
		}
	}
	return check_pids_cgroup(need);
}

static void usage(void)
{
	fprintf(stderr, "usage: nsload GROUPS PROCS_PER_GROUP [--types mnt,uts,ipc,net,pid,user,cgroup,time]\n"
		"  (default types uts,ipc; pid and time need PROCS_PER_GROUP >= 2)\n");
	exit(1);
}

static int parse_count(const char *arg, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > MAX_LOAD) {
		fprintf(stderr, "nsload: %s must be a number from 1 to %d, not '%s'\n", what, MAX_LOAD, arg);
		exit(1);
	}
	return (int)v;
}

static nsi_typemask parse_types(const char *list)
{
	const char *bad;
	size_t badlen;
	nsi_typemask mask;

	if (nsi_typemask_parse(list, &mask, &bad, &badlen) < 0) {
		fprintf(stderr, "nsload: unknown namespace type '%.*s'\n", (int)badlen, bad);
		exit(1);
	}
	return mask;
}

/*
 * Read what the load reports.  With @block, wait until @total processes
 * are ready; without, take only what is there now.  Returns the number
 * of processes ready so far; on a failure or a signal, cleans up and exits.
 */
static long long collect(long long ready, long long total, int block)
{
	static char buf[64 * sizeof(struct report)];
	static size_t have;

	while (ready < total) {
		struct pollfd pfd[2] = {
			{ .fd = ready_rd, .events = POLLIN },
			{ .fd = sig_fd, .events = POLLIN },
		};
		ssize_t n;
		size_t i;

		if (poll(pfd, 2, block ? -1 : 0) < 0) {
			if (errno == EINTR)
				continue;
			perror("nsload: poll");
			kill_all(1);
		}
		if (pfd[1].revents) {
			fprintf(stderr, "nsload: interrupted after %lld of %lld processes\n", ready, total);
			kill_all(1);
		}
		if (!pfd[0].revents) {
			if (!block)
				break;
			continue;
		}
		n = read(ready_rd, buf + have, sizeof(buf) - have);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			perror("nsload: read");
			kill_all(1);
		}
		if (n == 0) {
			/* every write end is closed: someone died without a word */
			fprintf(stderr, "nsload: only %lld of %lld processes started (one was killed?)\n",
				ready, total);
			kill_all(1);
		}
		have += (size_t)n;
		for (i = 0; i + sizeof(struct report) <= have; i += sizeof(struct report)) {
			struct report r;

			memcpy(&r, buf + i, sizeof(r));
			if (r.step == STEP_READY) {
				ready++;
				continue;
			}
			fprintf(stderr, "nsload: group %d: %s failed after %lld of %lld processes: %s%s\n",
				(int)r.group, r.step < sizeof(step_names) / sizeof(step_names[0]) ?
				step_names[r.step] : "?", ready, total, strerror(r.err),
				r.step == STEP_FORK && r.err == EAGAIN ?
				" (process limit: ulimit -u, kernel.pid_max, pids cgroup?)" : "");
			kill_all(1);
		}
		memmove(buf, buf + i, have - i);
		have -= i;
	}
	return ready;
}

/* Hold the load until stdin reaches EOF or SIGTERM/SIGINT comes. */
static void hold_load(void)
{
	char buf[512];

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = sig_fd, .events = POLLIN },
		};
		ssize_t n;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (pfd[1].revents)
			return;
		if (pfd[0].revents & POLLNVAL)
			return;		/* no stdin at all */
		if (!pfd[0].revents)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			return;
	}
}

int main(int argc, char **argv)
{
	nsi_typemask mask = NSI_TYPE_BIT(NSI_TYPE_UTS) | NSI_TYPE_BIT(NSI_TYPE_IPC);
	const char *types = NULL;
	long long total, ready = 0;
	pid_t self = getpid();
	int groups, pfd[2];
	sigset_t sigs;

	if (argc == 5 && strcmp(argv[3], "--types") == 0)
		types = argv[4];
	else if (argc == 4 && strncmp(argv[3], "--types=", 8) == 0)
		types = argv[3] + 8;
	else if (argc != 3)
		usage();
	groups = parse_count(argv[1], "GROUPS");
	procs_per_group = parse_count(argv[2], "PROCS_PER_GROUP");
	if (types)
		mask = parse_types(types);
	clone_flags = nsi_typemask_clone_flags(mask);
	if ((clone_flags & (CLONE_NEWPID | CLONE_NEWTIME)) && procs_per_group < 2) {
		fprintf(stderr, "nsload: pid and time namespaces are entered by a child: "
			"PROCS_PER_GROUP must be at least 2\n");
		return 1;
	}
	total = (long long)groups * procs_per_group;
	if (total > MAX_LOAD) {
		fprintf(stderr, "nsload: %lld processes is more than %d\n", total, MAX_LOAD);
		return 1;
	}
	if (check_limits(groups, total, mask) < 0)
		return 1;

	leaders = calloc((size_t)groups, sizeof(*leaders));
	if (!leaders) {
		perror("nsload: calloc");
		return 1;
	}
	/* SIGTERM and SIGINT come through a signalfd; the load unblocks them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) < 0 ||
	    (sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		perror("nsload: signalfd");
		return 1;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("nsload: PR_SET_CHILD_SUBREAPER");
		return 1;
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		perror("nsload: pipe");
		return 1;
	}
	ready_rd = pfd[0];
	ready_wr = pfd[1];
	/* room for every report, so the load rarely blocks on a full pipe */
	fcntl(ready_wr, F_SETPIPE_SZ, 1 << 20);
	fcntl(ready_rd, F_SETFL, O_NONBLOCK);

	for (int g = 0; g < groups; g++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "nsload: fork of group %d of %d failed: %s%s\n", g, groups,
				strerror(errno), errno == EAGAIN ?
				" (process limit: ulimit -u, kernel.pid_max, pids cgroup?)" : "");
			kill_all(1);
		}
		if (pid == 0)
			leader(g, self);
		/* also here, so that kill(-pid) works as soon as fork returns */
		setpgid(pid, pid);
		leaders[nleaders++] = pid;
		ready = collect(ready, total, 0);
	}
	close(ready_wr);
	ready = collect(ready, total, 1);
	close(ready_rd);

	if (printf("ready %d\n", (int)self) < 0 || fflush(stdout) == EOF) {
		perror("nsload: stdout");
		kill_all(1);
	}
	hold_load();
	kill_all(0);
}
