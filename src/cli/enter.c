/*
 * --enter: nsinspect --enter TARGET [options] [-- COMMAND [ARGS...]].
 * Its options are nsenter's, which clash with the listing's (-u, -p, -T
 * mean other things there), so it has a command line of its own; its
 * target is resolved as every mode resolves one (target.h), then held by
 * a pidfd or an open namespace file (enter.h) while it is joined.
 *
 * Exit statuses follow env(1) and chroot(1), so that they cannot be
 * confused with the command's own: 125 when nsinspect could not enter,
 * 126 when COMMAND cannot be run, 127 when it is not found, otherwise
 * COMMAND's status (128+N if a signal N killed it).
 */
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/cgroup.h"
#include "nsinspect/enter.h"
#include "nsinspect/util.h"

bool nsi_cli_enter_requested(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--enter") == 0 || strncmp(argv[i], "--enter=", 8) == 0)
			return true;
	return false;
}

static int parse_id(const char *arg, const char *what, unsigned long *ret, struct nsi_error *err)
{
	unsigned long long v;

	if (nsi_parse_u64(arg, &v) < 0 || v >= UINT32_MAX)
		return nsi_error_set(err, -EINVAL, "invalid %s: '%s'", what, arg);
	*ret = (unsigned long)v;
	return 0;
}

enum { OPT_ENTER = 256, OPT_PRESERVE, OPT_DOCKER_ROOT };

static const struct option enter_longopts[] = {
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
	{ 'm', NSI_TYPE_MNT }, { 'u', NSI_TYPE_UTS },  { 'i', NSI_TYPE_IPC },	 { 'n', NSI_TYPE_NET },
	{ 'p', NSI_TYPE_PID }, { 'U', NSI_TYPE_USER }, { 'C', NSI_TYPE_CGROUP }, { 'T', NSI_TYPE_TIME },
};

static int take_enter_option(int c, struct nsi_request *req, const char **target, char **argv, struct nsi_error *err)
{
	struct nsi_enter_opts *e = &req->enter;
	unsigned long id = 0;	/* set by parse_id() before any use; gcc -O2 cannot tell */

	switch (c) {
	case OPT_ENTER: *target = optarg; return 0;
	case 'a': e->types = 0; return 0;
	case 'r': e->root = true; return 0;
	case 'w': e->wd = true; return 0;
	case 'S':
		if (parse_id(optarg, "UID", &id, err) < 0)
			return -EINVAL;
		e->uid = (uid_t)id;
		e->set_uid = true;
		return 0;
	case 'G':
		if (parse_id(optarg, "GID", &id, err) < 0)
			return -EINVAL;
		e->gid = (gid_t)id;
		e->set_gid = true;
		return 0;
	case OPT_PRESERVE: e->preserve_credentials = true; return 0;
	case 'F': e->no_fork = true; return 0;
	case OPT_DOCKER_ROOT: req->roots.docker_root = optarg; return 0;
	case ':':
	case '?':
		return nsi_cli_option_error(enter_longopts, c, argv, err);
	default:
		for (size_t i = 0; i < ARRAY_SIZE(type_opts); i++)
			if (type_opts[i].opt == c)
				e->types |= NSI_TYPE_BIT(type_opts[i].type);
		return 0;
	}
}

int nsi_cli_parse_enter(int argc, char **argv, struct nsi_cli *cli, struct nsi_error *err)
{
	struct nsi_request *req = &cli->req;
	const char *target = NULL;
	int c, r = 0;

	req->mode = NSI_MODE_ENTER;
	req->types = NSI_TYPEMASK_ALL;
	opterr = 0;
	/* '+': stop at COMMAND, whose own options are not ours */
	while (r == 0 && (c = getopt_long(argc, argv, "+:amuinpUCTrwS:G:F", enter_longopts, NULL)) != -1)
		r = take_enter_option(c, req, &target, argv, err);
	if (r < 0)
		return r;
	if (!target || !*target)
		return nsi_error_set(err, -EINVAL, "--enter needs a target: a PID, a container or a namespace");
	if (nsi_cli_add_target(cli, target, NSI_ROLE_ANY, err) < 0)
		return -EINVAL;
	if (optind < argc)
		req->enter.command = argv + optind;
	req->targets = cli->targets;
	req->ntargets = cli->ntargets;
	return 0;
}

/* A process target, held by a pidfd from now on. */
static int hold_process(const struct nsi_request *req, pid_t pid, struct nsi_enter_target *t, struct nsi_error *err)
{
	int r = nsi_enter_from_pid(pid, req->enter.types ? req->enter.types : NSI_TYPEMASK_ALL, t);

	if (r == -ESRCH)
		return nsi_error_set(err, r, "PID %d: no such process", (int)pid);
	if (r == -ECHILD)
		return nsi_error_set(err, r, "PID %d: has exited (a zombie)", (int)pid);
	if (r < 0)
		return nsi_error_set(err, r, "PID %d: cannot look at its namespaces: %s", (int)pid, strerror(-r));
	if (!req->enter.types)
		nsi_enter_drop_shared(t);
	return 0;
}

/*
 * What the resolved target names, held: a namespace by its open file, a
 * process by its pidfd.  A container's process is checked against the
 * container's cgroup again once the pidfd pins it, and the pidfd must
 * still be alive after that check: so the process we enter is the one
 * that was in the container.
 */
static int hold_target(const struct nsi_request *req, struct nsi_inspection *in, const struct nsi_resolved *res,
		       struct nsi_enter_target *t, struct nsi_error *err)
{
	const char *text = req->targets[0].text;
	char desc[NSI_CGROUP_ID_MAX * 3];
	int fd, r;

	if (res->kind == NSI_RESOLVED_NAMESPACE) {
		fd = nsi_inspection_open_ns(in, res);
		if (fd < 0)
			return nsi_error_set(err, fd, "namespace %s: cannot open it (permission denied, or it went away)",
					     text);
		if (nsi_enter_from_nsfd(fd, t) < 0)
			return nsi_error_set(err, -ENOTTY, "%s: not a namespace file", text);
		return 0;
	}
	r = hold_process(req, res->proc->pid, t, err);
	if (r < 0 || res->kind != NSI_RESOLVED_CONTAINER)
		return r;
	if (!nsi_inspection_container_current(in, res->container) || nsi_enter_check_alive(t) < 0)
		return nsi_error_set(err, -ESRCH, "container %s: its process %d left it while we looked",
				     nsi_container_describe(res->container, desc, sizeof(desc)), (int)res->proc->pid);
	return 0;
}

/* A namespace target is one namespace: the type options may only confirm it. */
static int check_namespace_target(const struct nsi_request *req, const struct nsi_enter_target *t, struct nsi_error *err)
{
	nsi_typemask have = nsi_enter_types(t);

	if (req->enter.types & ~have)
		return nsi_error_set(err, -EINVAL, "%s is a %s namespace: cannot enter other types from it",
				     req->targets[0].text, nsi_type_name((enum nsi_type)__builtin_ctz(have)));
	if (req->enter.root || req->enter.wd)
		return nsi_error_set(err, -EINVAL, "--root and --wd need a process as the target");
	return 0;
}

/* Resolve the target as any mode would, and hold it. */
static int aim(const struct nsi_request *req, struct nsi_enter_target *t, struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	struct nsi_resolved res;
	int r = nsi_inspection_new(req, &in, err);

	if (r == 0)
		r = nsi_inspection_resolve(in, req->targets, 1, &res, err);
	if (r == 0)
		r = hold_target(req, in, &res, t, err);
	nsi_inspection_free(in);
	if (r == 0 && t->pid == 0)
		r = check_namespace_target(req, t, err);
	return r;
}

/* The target's root and working directory, opened before we leave our mount namespace. */
static int open_dirs(const struct nsi_enter_opts *e, const struct nsi_enter_target *t, int *rootfd, int *wdfd,
		     struct nsi_error *err)
{
	char path[64];

	*rootfd = *wdfd = -1;
	if (e->root) {
		snprintf(path, sizeof(path), "/proc/%d/root", (int)t->pid);
		*rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*rootfd < 0)
			return nsi_error_set(err, -errno, "PID %d: cannot open its root directory: %s", (int)t->pid,
					     strerror(errno));
	}
	if (e->wd) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)t->pid);
		*wdfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*wdfd < 0)
			return nsi_error_set(err, -errno, "PID %d: cannot open its working directory: %s", (int)t->pid,
					     strerror(errno));
	}
	return 0;
}

/* In a user namespace we entered, become its root unless told otherwise (as nsenter does). */
static int set_credentials(const struct nsi_enter_opts *e, bool entered_user, struct nsi_error *err)
{
	bool become_root = entered_user && !e->preserve_credentials;

	if (become_root || e->set_gid) {
		gid_t gid = e->set_gid ? e->gid : 0;

		if (setgroups(0, NULL) < 0 && become_root)
			return nsi_error_set(err, -errno, "cannot drop supplementary groups: %s", strerror(errno));
		if (setresgid(gid, gid, gid) < 0)
			return nsi_error_set(err, -errno, "cannot set GID %u: %s", (unsigned)gid, strerror(errno));
	}
	if (become_root || e->set_uid) {
		uid_t uid = e->set_uid ? e->uid : 0;

		if (setresuid(uid, uid, uid) < 0)
			return nsi_error_set(err, -errno, "cannot set UID %u: %s", (unsigned)uid, strerror(errno));
	}
	return 0;
}

static int change_dirs(int rootfd, int wdfd, struct nsi_error *err)
{
	if (rootfd >= 0 && (fchdir(rootfd) < 0 || chroot(".") < 0))
		return nsi_error_set(err, -errno, "cannot change root: %s", strerror(errno));
	if (wdfd >= 0 && fchdir(wdfd) < 0)
		return nsi_error_set(err, -errno, "cannot change directory: %s", strerror(errno));
	if (rootfd >= 0 && wdfd < 0 && chdir("/") < 0)
		return nsi_error_set(err, -errno, "cannot change directory to /: %s", strerror(errno));
	return 0;
}

static void __attribute__((noreturn)) run_command(char *const *command)
{
	char *shell_argv[2] = { getenv("SHELL"), NULL };

	if (!command) {
		if (!shell_argv[0] || !*shell_argv[0])
			shell_argv[0] = "/bin/sh";
		command = shell_argv;
	}
	execvp(command[0], command);
	nsi_warn_errno("cannot run %s", command[0]);
	_exit(errno == ENOENT ? NSI_EXIT_NOT_FOUND : NSI_EXIT_CANNOT_RUN);
}

/* A new pid namespace takes only children: fork, and pass on the child's end. */
static int wait_child(pid_t child, struct nsi_error *err)
{
	int status;

	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return nsi_error_set(err, -errno, "waitpid: %s", strerror(errno));
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Join @t's namespaces, check them, and take on the credentials and directories asked for. */
static int join(const struct nsi_request *req, const struct nsi_enter_target *t, struct nsi_error *err)
{
	enum nsi_type bad;
	bool entered_user;
	int rootfd, wdfd, procfd, r;

	r = open_dirs(&req->enter, t, &rootfd, &wdfd, err);
	if (r < 0)
		return r;
	procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return nsi_error_set(err, -errno, "cannot open /proc: %s", strerror(errno));
	entered_user = nsi_enter_changes(t, NSI_TYPE_USER);
	r = nsi_enter_join(t);
	if (r == -ESRCH)
		r = nsi_error_set(err, r, "PID %d: has exited", (int)t->pid);
	else if (r < 0)
		r = nsi_error_set(err, r, "cannot enter %s: %s", req->targets[0].text, strerror(-r));
	else if (nsi_enter_verify(t, procfd, &bad) < 0)
		r = nsi_error_set(err, -ESTALE, "entered %s namespace is not %" PRIu64 ": the target changed while we entered it",
				  nsi_type_name(bad), t->ino[bad]);
	close(procfd);
	/* as nsenter: the root and directory while we still may, then the IDs (-r -S 1000 works) */
	if (r == 0)
		r = change_dirs(rootfd, wdfd, err);
	if (r == 0)
		r = set_credentials(&req->enter, entered_user, err);
	return r;
}

int nsi_run_enter(const struct nsi_request *req, struct nsi_error *err)
{
	struct nsi_enter_target t;
	bool fork_first;
	pid_t child;
	int r;

	nsi_enter_init(&t);
	r = aim(req, &t, err);
	if (r == 0)
		r = join(req, &t, err);
	fork_first = t.ino[NSI_TYPE_PID] && !req->enter.no_fork;
	nsi_enter_done(&t);
	if (r < 0)
		return r;
	if (!fork_first)
		run_command(req->enter.command);
	fflush(NULL);
	child = fork();
	if (child < 0)
		return nsi_error_set(err, -errno, "fork: %s", strerror(errno));
	if (child == 0)
		run_command(req->enter.command);
	r = wait_child(child, err);
	if (r < 0)
		return r;
	/*
	 * We are now a process whose children land in another pid namespace:
	 * anything at exit that forks a helper to inspect us (LeakSanitizer
	 * does) would hang there, unable to see us.  Nothing is left to
	 * clean up, so leave at once.
	 */
	fflush(NULL);
	_exit(r);
}
