/*
 * The --enter command line: nsinspect --enter TARGET [options] [-- COMMAND [ARGS...]].
 * Like main.c for the listing, this is the only place of --enter that
 * prints errors or exits.  Its exit statuses follow env(1) and chroot(1),
 * so that they cannot be confused with the command's own: 125 when
 * nsinspect could not enter, 126 when COMMAND cannot be run, 127 when it
 * is not found, otherwise COMMAND's status (128+N if a signal N killed it).
 */
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/cgroup.h"
#include "nsinspect/containers.h"
#include "nsinspect/enter.h"
#include "nsinspect/enter_cli.h"
#include "nsinspect/model.h"
#include "nsinspect/mounts.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/procfs.h"
#include "nsinspect/util.h"

enum {
	EXIT_ENTER_FAILED = 125,
	EXIT_CANNOT_RUN = 126,
	EXIT_NOT_FOUND = 127,
};

/* The kernel's PID_MAX_LIMIT on 64-bit; nsfs inodes start at 0xF0000000. */
#define PID_LIMIT 4194304ULL
#define NSFS_FIRST_INO 0xF0000000ULL

struct enter_ctl {
	const char *target;
	const char *docker_root;	/* --docker-root, for container targets */
	nsi_typemask types;	/* -m -u ...; 0: all that differ from ours */
	bool root, wd, preserve_credentials, no_fork;
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	char **command;		/* NULL: the user's shell */
};

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nsi_vfail(EXIT_ENTER_FAILED, fmt, ap);
}

bool nsi_enter_requested(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--enter") == 0 || strncmp(argv[i], "--enter=", 8) == 0)
			return true;
	return false;
}

static unsigned long parse_id(const char *arg, const char *what)
{
	unsigned long long v;

	if (nsi_parse_u64(arg, &v) < 0 || v >= UINT32_MAX)
		fail("invalid %s: '%s'", what, arg);
	return (unsigned long)v;
}

static void parse_enter_args(struct enter_ctl *ctl, int argc, char **argv)
{
	enum { OPT_ENTER = 256, OPT_PRESERVE, OPT_DOCKER_ROOT };
	static const struct option longopts[] = {
		{ "enter", required_argument, NULL, OPT_ENTER },
		{ "all", no_argument, NULL, 'a' },
		{ "mount", no_argument, NULL, 'm' },
		{ "uts", no_argument, NULL, 'u' },
		{ "ipc", no_argument, NULL, 'i' },
		{ "net", no_argument, NULL, 'n' },
		{ "pid", no_argument, NULL, 'p' },
		{ "user", no_argument, NULL, 'U' },
		{ "cgroup", no_argument, NULL, 'C' },
		{ "time", no_argument, NULL, 'T' },
		{ "root", no_argument, NULL, 'r' },
		{ "wd", no_argument, NULL, 'w' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "docker-root", required_argument, NULL, OPT_DOCKER_ROOT },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		int opt;
		enum nsi_type type;
	} type_opts[] = {
		{ 'm', NSI_TYPE_MNT }, { 'u', NSI_TYPE_UTS }, { 'i', NSI_TYPE_IPC },	{ 'n', NSI_TYPE_NET },
		{ 'p', NSI_TYPE_PID }, { 'U', NSI_TYPE_USER }, { 'C', NSI_TYPE_CGROUP }, { 'T', NSI_TYPE_TIME },
	};
	int c;

	opterr = 0;
	/* '+': stop at COMMAND, whose own options are not ours */
	while ((c = getopt_long(argc, argv, "+:amuinpUCTrwS:G:F", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ENTER: ctl->target = optarg; break;
		case 'a': ctl->types = 0; break;
		case 'r': ctl->root = true; break;
		case 'w': ctl->wd = true; break;
		case 'S': ctl->uid = (uid_t)parse_id(optarg, "UID"), ctl->set_uid = true; break;
		case 'G': ctl->gid = (gid_t)parse_id(optarg, "GID"), ctl->set_gid = true; break;
		case OPT_PRESERVE: ctl->preserve_credentials = true; break;
		case 'F': ctl->no_fork = true; break;
		case OPT_DOCKER_ROOT: ctl->docker_root = optarg; break;
		case ':': fail("option requires an argument: '%s'", argv[optind - 1]);
		case '?': fail("unrecognized option with --enter: '%s'", argv[optind - 1]);
		default:
			for (size_t i = 0; i < ARRAY_SIZE(type_opts); i++)
				if (type_opts[i].opt == c)
					ctl->types |= NSI_TYPE_BIT(type_opts[i].type);
			break;
		}
	}
	if (optind < argc)
		ctl->command = argv + optind;
}

/* Find namespace @ino with a scan (processes and bind mounts) and open it. */
static int open_ns_by_inode(uint64_t ino)
{
	struct nsi_procfs *pfs = NULL;
	struct nsi_model *m = NULL;
	struct nsi_scan_stats stats;
	const struct nsi_ns *ns;
	int fd = -1;

	if (nsi_procfs_open(NULL, &pfs) < 0 || nsi_model_new(&m) < 0)
		fail("cannot open /proc");
	if (nsi_procfs_scan(pfs, NSI_TYPEMASK_ALL, m, &stats) < 0 ||
	    nsi_mounts_scan(pfs, nsi_mounts_probe(NULL, false), NSI_TYPEMASK_ALL, false, m) < 0)
		fail("cannot scan /proc");
	nsi_model_finish(m);
	ns = nsi_model_find_ino(m, ino);
	if (ns)
		fd = nsi_nsfs_open(nsi_procfs_dirfd(pfs), ns);
	nsi_model_free(m);
	nsi_procfs_free(pfs);
	if (!ns)
		fail("namespace %" PRIu64 ": not found (held by no process or bind mount we can see)", ino);
	if (fd < 0)
		fail("namespace %" PRIu64 ": cannot open it (permission denied, or it went away)", ino);
	return fd;
}

static void target_namespace_fd(struct nsi_target *t, int fd, const char *what)
{
	if (nsi_target_from_nsfd(fd, t) < 0)
		fail("%s: not a namespace file", what);
}

/* A process target: say why it cannot be entered. */
static void target_process(struct enter_ctl *ctl, pid_t pid, struct nsi_target *t)
{
	int r = nsi_target_from_pid(pid, ctl->types ? ctl->types : NSI_TYPEMASK_ALL, t);
	char path[32];

	/* pidfd_open() refuses a zombie as if it did not exist; /proc still lists it */
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	if (r == -ESRCH && access(path, F_OK) == 0)
		r = -ECHILD;
	if (r == -ESRCH)
		fail("PID %d: no such process", (int)pid);
	if (r == -ECHILD)
		fail("PID %d: has exited (a zombie)", (int)pid);
	if (r < 0)
		fail("PID %d: cannot look at its namespaces: %s", (int)pid, strerror(-r));
	if (!ctl->types)
		nsi_target_drop_shared(t);
}

/*
 * A container target: its init process, as the engines' state names it.
 * The PID is checked against the container's cgroup again once the
 * pidfd pins it, and the pidfd must still be alive after that check: so
 * the process we enter is the one that was in the container.
 */
static void target_container(struct enter_ctl *ctl, struct nsi_target *t)
{
	struct nsi_engine_roots roots = { .docker_root = ctl->docker_root };
	struct nsi_containers *cs = NULL;
	const struct nsi_container *c = NULL;
	char *why = NULL, desc[NSI_CGROUP_ID_MAX + 64];
	_cleanup_close_ int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (procfd < 0)
		fail("cannot open /proc: %s", strerror(errno));
	if (nsi_containers_new(&cs) < 0 || nsi_containers_load(cs, &roots, procfd) < 0)
		fail("cannot allocate memory");
	if (nsi_containers_find_running(cs, ctl->target, &c, &why) == -ENOENT)
		fail("'%s': not a PID, a namespace (inode or net:[inode]), an nsfs path or a container%s",
		     ctl->target, geteuid() ? " (reading the containers' state needs root)" : "");
	if (why)
		fail("%s", why);
	nsi_container_describe(c, desc, sizeof(desc));
	target_process(ctl, c->pid, t);
	if (!nsi_container_pid_is_current(c, procfd) || nsi_target_check_alive(t) < 0)
		fail("container %s: its process %d left it while we looked", desc, (int)c->pid);
	nsi_containers_free(cs);
}

static void resolve_target(struct enter_ctl *ctl, struct nsi_target *t)
{
	const char *arg = ctl->target;
	unsigned long long num;
	enum nsi_type type;
	uint64_t ino;

	if (arg[0] == '/' || arg[0] == '.') {
		int fd = open(arg, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

		if (fd < 0)
			fail("%s: %s", arg, strerror(errno));
		target_namespace_fd(t, fd, arg);
	} else if (nsi_parse_u64(arg, &num) == 0 && num > 0 && num <= PID_LIMIT) {
		target_process(ctl, (pid_t)num, t);
	} else if (nsi_parse_u64(arg, &num) == 0 && num >= NSFS_FIRST_INO && num <= UINT32_MAX) {
		target_namespace_fd(t, open_ns_by_inode(num), arg);
	} else if (nsi_parse_ns_link(arg, &type, &ino) == 0) {
		target_namespace_fd(t, open_ns_by_inode(ino), arg);
	} else {
		target_container(ctl, t);
	}
}

/* A namespace target is one namespace: the type options may only confirm it. */
static void check_namespace_target(const struct enter_ctl *ctl, const struct nsi_target *t)
{
	nsi_typemask have = nsi_target_types(t);

	if (ctl->types & ~have)
		fail("%s is a %s namespace: cannot enter other types from it", ctl->target,
		     nsi_type_name((enum nsi_type)__builtin_ctz(have)));
	if (ctl->root || ctl->wd)
		fail("--root and --wd need a process as the target");
}

/* The target's root and working directory, opened before we leave our mount namespace. */
static void open_dirs(const struct enter_ctl *ctl, const struct nsi_target *t, int *rootfd, int *wdfd)
{
	char path[64];

	*rootfd = *wdfd = -1;
	if (ctl->root) {
		snprintf(path, sizeof(path), "/proc/%d/root", (int)t->pid);
		*rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*rootfd < 0)
			fail("PID %d: cannot open its root directory: %s", (int)t->pid, strerror(errno));
	}
	if (ctl->wd) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)t->pid);
		*wdfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*wdfd < 0)
			fail("PID %d: cannot open its working directory: %s", (int)t->pid, strerror(errno));
	}
}

/* In a user namespace we entered, become its root unless told otherwise (as nsenter does). */
static void set_credentials(const struct enter_ctl *ctl, bool entered_user)
{
	bool become_root = entered_user && !ctl->preserve_credentials;

	if (become_root || ctl->set_gid) {
		gid_t gid = ctl->set_gid ? ctl->gid : 0;

		if (setgroups(0, NULL) < 0 && become_root)
			fail("cannot drop supplementary groups: %s", strerror(errno));
		if (setresgid(gid, gid, gid) < 0)
			fail("cannot set GID %u: %s", (unsigned)gid, strerror(errno));
	}
	if (become_root || ctl->set_uid) {
		uid_t uid = ctl->set_uid ? ctl->uid : 0;

		if (setresuid(uid, uid, uid) < 0)
			fail("cannot set UID %u: %s", (unsigned)uid, strerror(errno));
	}
}

static void change_dirs(int rootfd, int wdfd)
{
	if (rootfd >= 0 && (fchdir(rootfd) < 0 || chroot(".") < 0))
		fail("cannot change root: %s", strerror(errno));
	if (wdfd >= 0 && fchdir(wdfd) < 0)
		fail("cannot change directory: %s", strerror(errno));
	if (rootfd >= 0 && wdfd < 0 && chdir("/") < 0)
		fail("cannot change directory to /: %s", strerror(errno));
}

static void __attribute__((noreturn)) run_command(char **command)
{
	char *shell_argv[2] = { getenv("SHELL"), NULL };

	if (!command) {
		if (!shell_argv[0] || !*shell_argv[0])
			shell_argv[0] = "/bin/sh";
		command = shell_argv;
	}
	execvp(command[0], command);
	nsi_warn_errno("cannot run %s", command[0]);
	_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* A new pid namespace takes only children: fork, and pass on the child's end. */
static int wait_child(pid_t child)
{
	int status;

	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			fail("waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int nsi_enter_main(int argc, char **argv)
{
	struct enter_ctl ctl = { 0 };
	struct nsi_target t;
	enum nsi_type bad;
	int rootfd, wdfd, procfd, r;
	bool entered_user;
	pid_t child;

	parse_enter_args(&ctl, argc, argv);
	if (!ctl.target || !*ctl.target)
		fail("--enter needs a target: a PID, a namespace or an nsfs path");
	resolve_target(&ctl, &t);
	if (t.pid == 0)
		check_namespace_target(&ctl, &t);
	open_dirs(&ctl, &t, &rootfd, &wdfd);
	procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		fail("cannot open /proc: %s", strerror(errno));

	entered_user = nsi_target_changes(&t, NSI_TYPE_USER);
	r = nsi_target_join(&t);
	if (r == -ESRCH)
		fail("PID %d: has exited", (int)t.pid);
	if (r < 0)
		fail("cannot enter %s: %s", ctl.target, strerror(-r));
	if (nsi_target_verify(&t, procfd, &bad) < 0)
		fail("entered %s namespace is not %" PRIu64 ": the target changed while we entered it",
		     nsi_type_name(bad), t.ino[bad]);
	close(procfd);
	set_credentials(&ctl, entered_user);
	change_dirs(rootfd, wdfd);

	if (!t.ino[NSI_TYPE_PID] || ctl.no_fork) {
		nsi_target_done(&t);
		run_command(ctl.command);
	}
	nsi_target_done(&t);
	fflush(NULL);
	child = fork();
	if (child < 0)
		fail("fork: %s", strerror(errno));
	if (child == 0)
		run_command(ctl.command);
	r = wait_child(child);
	/*
	 * We are now a process whose children land in another pid namespace:
	 * anything at exit that forks a helper to inspect us (LeakSanitizer
	 * does) would hang there, unable to see us.  Nothing is left to
	 * clean up, so leave at once.
	 */
	fflush(NULL);
	_exit(r);
}
