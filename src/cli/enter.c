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
#include "nsinspect/nsfs.h"
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

enum { OPT_ENTER = 256, OPT_PRESERVE, OPT_DOCKER_ROOT, OPT_USER_PARENT, OPT_KEEP_CAPS };

/* nsenter's options, with its names; the type options take an optional FILE as nsenter's do. */
static const struct option enter_longopts[] = {
	{ "enter", required_argument, NULL, OPT_ENTER },
	{ "target", required_argument, NULL, 't' },
	{ "all", no_argument, NULL, 'a' },
	{ "mount", optional_argument, NULL, 'm' },
	{ "uts", optional_argument, NULL, 'u' },
	{ "ipc", optional_argument, NULL, 'i' },
	{ "net", optional_argument, NULL, 'n' },
	{ "pid", optional_argument, NULL, 'p' },
	{ "user", optional_argument, NULL, 'U' },
	{ "cgroup", optional_argument, NULL, 'C' },
	{ "time", optional_argument, NULL, 'T' },
	{ "net-socket", required_argument, NULL, 'N' },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", required_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "follow-context", no_argument, NULL, 'Z' },
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

/* What the options loop collects besides the request. */
struct enter_args {
	const char *target;	/* --enter TARGET, "" when -t or files say it */
	const char *pid;	/* -t PID */
};

/* -m[FILE] ...: the type, and the file its namespace comes from. */
static int take_type_option(int c, struct nsi_enter_opts *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(type_opts); i++) {
		if (type_opts[i].opt != c)
			continue;
		e->types |= NSI_TYPE_BIT(type_opts[i].type);
		if (optarg)
			e->files[type_opts[i].type] = optarg;
		return 0;
	}
	return -ENOENT;
}

static int take_enter_option(int c, struct nsi_request *req, struct enter_args *a, char **argv, struct nsi_error *err)
{
	struct nsi_enter_opts *e = &req->enter;
	unsigned long id = 0;	/* set by parse_id() before any use; gcc -O2 cannot tell */

	switch (c) {
	case OPT_ENTER: a->target = optarg; return 0;
	case 't': a->pid = optarg; return 0;
	case 'a': e->types = 0; return 0;
	case 'r': e->root = true; e->root_dir = optarg; return 0;
	case 'w': e->wd = true; e->wd_dir = optarg; return 0;
	case 'W': e->wdns = optarg; return 0;
	case 'e': e->env = true; return 0;
	case 'c': e->join_cgroup = true; return 0;
	case OPT_USER_PARENT: e->user_parent = true; return 0;
	case 'N':
		if (parse_id(optarg, "socket fd", &id, err) < 0 || id > INT32_MAX)
			return nsi_error_set(err, -EINVAL, "invalid socket fd: '%s'", optarg);
		e->net_socket = (int)id;
		return 0;
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
	case OPT_KEEP_CAPS:
		return nsi_error_set(err, -ENOTSUP, "--keep-caps is not supported: the command runs with the "
				     "capabilities its UID has in the entered user namespace");
	case 'Z':
		return nsi_error_set(err, -ENOTSUP, "--follow-context is not supported: nsinspect sets no SELinux context");
	case 'F': e->no_fork = true; return 0;
	case OPT_DOCKER_ROOT: req->roots.docker_root = optarg; return 0;
	case ':':
	case '?':
		return nsi_cli_option_error(enter_longopts, c, argv, err);
	default:
		return take_type_option(c, e) < 0 ? nsi_cli_option_error(enter_longopts, '?', argv, err) : 0;
	}
}

/*
 * nsenter's habit "--enter -t PID" or "--enter --net=FILE": --enter
 * followed by an option has no target of its own.  getopt_long would
 * take that option as its argument, so it is given an empty one.
 */
static void bare_enter(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--enter") == 0 && (i + 1 == argc || argv[i + 1][0] == '-'))
			argv[i] = (char *)"--enter=";	/* getopt permutes argv's pointers too */
}

/* The target: --enter's, -t's, or none when files name every namespace. */
static int take_target(struct nsi_cli *cli, const struct enter_args *a, struct nsi_error *err)
{
	const struct nsi_enter_opts *e = &cli->req.enter;
	bool files = false;

	for (int t = 0; t < NSI_NTYPES; t++)
		files |= e->files[t] != NULL;
	if (a->target && *a->target && a->pid)
		return nsi_error_set(err, -EINVAL, "--enter %s and -t %s: one target only", a->target, a->pid);
	if (a->pid)
		return nsi_cli_add_target(cli, a->pid, NSI_ROLE_TASK, err);
	if (a->target && *a->target)
		return nsi_cli_add_target(cli, a->target, NSI_ROLE_ANY, err);
	if (!files)
		return nsi_error_set(err, -EINVAL, "--enter needs a target: a PID, a container or a namespace");
	if (e->root || e->wd || e->env || e->join_cgroup || e->net_socket >= 0)
		return nsi_error_set(err, -EINVAL, "-r, -w, -e, -c and -N need a process as the target");
	return 0;
}

int nsi_cli_parse_enter(int argc, char **argv, struct nsi_cli *cli, struct nsi_error *err)
{
	struct nsi_request *req = &cli->req;
	struct enter_args a = { 0 };
	int c, r = 0;

	req->mode = NSI_MODE_ENTER;
	req->types = NSI_TYPEMASK_ALL;
	req->enter.net_socket = -1;
	opterr = 0;
	bare_enter(argc, argv);
	/* '+': stop at COMMAND, whose own options are not ours */
	while (r == 0 && (c = getopt_long(argc, argv, "+:at:m::u::i::n::p::U::C::T::N:r::w::W:eS:G:cZF",
					  enter_longopts, NULL)) != -1)
		r = take_enter_option(c, req, &a, argv, err);
	if (r < 0)
		return r;
	if (req->enter.wd && req->enter.wdns)
		return nsi_error_set(err, -EINVAL, "--wd and --wdns cannot be combined");
	if (req->enter.user_parent && !(req->enter.types & NSI_TYPE_BIT(NSI_TYPE_USER)) && req->enter.types)
		req->enter.types |= NSI_TYPE_BIT(NSI_TYPE_USER);
	if (take_target(cli, &a, err) < 0)
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

/* The types whose namespace comes from a file (--net=FILE). */
static nsi_typemask file_types(const struct nsi_enter_opts *e)
{
	nsi_typemask m = 0;

	for (int type = 0; type < NSI_NTYPES; type++)
		if (e->files[type])
			m |= NSI_TYPE_BIT(type);
	return m;
}

/* A namespace target is one namespace: the type options may only confirm it, or come from files. */
static int check_namespace_target(const struct nsi_request *req, const struct nsi_enter_target *t, struct nsi_error *err)
{
	nsi_typemask have = nsi_enter_types(t);

	if (req->enter.types & ~have & ~file_types(&req->enter))
		return nsi_error_set(err, -EINVAL, "%s is a %s namespace: cannot enter other types from it",
				     req->targets[0].text, nsi_type_name((enum nsi_type)__builtin_ctz(have)));
	if (req->enter.root || req->enter.wd || req->enter.env || req->enter.join_cgroup || req->enter.net_socket >= 0)
		return nsi_error_set(err, -EINVAL, "-r, -w, -e, -c and -N need a process as the target");
	return 0;
}

/* The namespace of @type from the file @path, in place of the target's. */
static int take_file(enum nsi_type type, const char *path, struct nsi_enter_target *t, struct nsi_error *err)
{
	enum nsi_type got;
	uint64_t ino;
	int fd = nsi_nsfs_open_path(path, &got, &ino), r;

	if (fd >= 0 && got != type) {
		close(fd);
		fd = -ENOTTY;
	}
	if (fd == -ENOTTY)
		return nsi_error_set(err, -EINVAL, "%s: not a %s namespace file", path, nsi_type_name(type));
	if (fd < 0)
		return nsi_error_set(err, fd, "%s: %s", path, strerror(-fd));
	r = nsi_enter_set_fd(t, type, fd);
	return r < 0 ? nsi_error_set(err, r, "%s: %s", path, strerror(-r)) : 0;
}

/* The namespaces that come from elsewhere than the target: files, a socket, the parent user namespace. */
static int take_overrides(const struct nsi_enter_opts *e, struct nsi_enter_target *t, struct nsi_error *err)
{
	int r;

	for (int type = 0; type < NSI_NTYPES; type++)
		if (e->files[type] && take_file((enum nsi_type)type, e->files[type], t, err) < 0)
			return -EINVAL;
	if (e->net_socket >= 0 && (r = nsi_enter_socket_net(t, e->net_socket)) < 0)
		return nsi_error_set(err, r, "PID %d: fd %d: cannot read its network namespace: %s", (int)t->pid,
				     e->net_socket, r == -ENOTSOCK ? "not a socket" : strerror(-r));
	if (e->user_parent && (r = nsi_enter_user_parent(t)) < 0)
		return nsi_error_set(err, r, "--user-parent: %s",
				     r == -ENOENT ? "no user namespace of the target to enter" : strerror(-r));
	return 0;
}

/* Resolve the target as any mode would, and hold it. */
static int aim(const struct nsi_request *req, struct nsi_enter_target *t, struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	struct nsi_resolved res;
	int r = 0;

	/* files alone (nsenter --net=FILE) need no target */
	if (req->ntargets) {
		r = nsi_inspection_new(req, &in, err);
		if (r == 0)
			r = nsi_inspection_resolve(in, req->targets, 1, &res, err);
		if (r == 0)
			r = hold_target(req, in, &res, t, err);
		nsi_inspection_free(in);
		if (r == 0 && t->pid == 0)
			r = check_namespace_target(req, t, err);
	}
	return r == 0 ? take_overrides(&req->enter, t, err) : r;
}

/* The target's root and working directory, opened before we leave our mount namespace. */
static int open_dirs(const struct nsi_enter_opts *e, const struct nsi_enter_target *t, int *rootfd, int *wdfd,
		     struct nsi_error *err)
{
	char path[64];

	*rootfd = *wdfd = -1;
	if (e->root) {
		snprintf(path, sizeof(path), "/proc/%d/root", (int)t->pid);
		*rootfd = open(e->root_dir ? e->root_dir : path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*rootfd < 0)
			return nsi_error_set(err, -errno, "cannot open the root directory %s: %s",
					     e->root_dir ? e->root_dir : path, strerror(errno));
	}
	if (e->wd) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)t->pid);
		*wdfd = open(e->wd_dir ? e->wd_dir : path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*wdfd < 0)
			return nsi_error_set(err, -errno, "cannot open the working directory %s: %s",
					     e->wd_dir ? e->wd_dir : path, strerror(errno));
	}
	return 0;
}

/* Read @path below /proc of @pid whole, at most @max bytes: a NUL-terminated buffer, or NULL with @err. */
static char *read_proc_text(pid_t pid, const char *name, size_t max, size_t *ret_len, struct nsi_error *err)
{
	_cleanup_free_ char *buf = malloc(max + 1);
	_cleanup_close_ int fd = -1;
	char path[64];
	ssize_t n;

	if (!buf) {
		nsi_error_errno(err, -ENOMEM, "");
		return NULL;
	}
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -errno : nsi_read_all(fd, buf, max);
	if (n < 0) {
		nsi_error_set(err, (int)n, "cannot read %s: %s", path, strerror((int)-n));
		return NULL;
	}
	buf[n] = '\0';
	*ret_len = (size_t)n;
	return TAKE_PTR(buf);
}

/* -e: the target's environment, as the vector environ takes, its strings in the same block (one free()). */
static char **read_environment(pid_t pid, struct nsi_error *err)
{
	size_t len, n = 0, at = 0;
	_cleanup_free_ char *text = read_proc_text(pid, "environ", 1 << 20, &len, err);
	char **env, *strings;

	if (!text)
		return NULL;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\0';
	env = malloc((n + 2) * sizeof(*env) + len + 1);
	if (!env) {
		nsi_error_errno(err, -ENOMEM, "");
		return NULL;
	}
	strings = memcpy((char *)(env + n + 2), text, len + 1);
	for (size_t i = 0; i < len; i += strlen(strings + i) + 1)
		env[at++] = strings + i;
	env[at] = NULL;
	return env;
}

/* Where our mount namespace has the cgroup2 hierarchy (/sys/fs/cgroup, or .../unified on hybrid hosts). */
static int cgroup2_mount(char *buf, size_t size)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mounts", "re");
	char line[PATH_MAX + 256], dir[PATH_MAX], type[64];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s %63s", dir, type) == 2 && strcmp(type, "cgroup2") == 0 &&
		    strlen(dir) < size) {
			strcpy(buf, dir);
			return 0;
		}
	return -ENOENT;
}

/* -c: move us into the target's cgroup (cgroup v2: the "0::" line), as nsenter --join-cgroup does. */
static int join_cgroup(pid_t pid, struct nsi_error *err)
{
	size_t len;
	_cleanup_free_ char *text = read_proc_text(pid, "cgroup", 64 * 1024, &len, err);
	char *path = text ? strstr(text, "0::") : NULL, file[2 * PATH_MAX + 16], root[PATH_MAX];
	int fd;

	if (!text)
		return -EIO;
	if (!path || (path != text && path[-1] != '\n'))
		return nsi_error_set(err, -ENOTSUP, "--join-cgroup: PID %d has no cgroup v2 path (v1 is not supported)",
				     (int)pid);
	path += 3;
	path[strcspn(path, "\n")] = '\0';
	if (cgroup2_mount(root, sizeof(root)) < 0)
		return nsi_error_set(err, -ENOTSUP, "--join-cgroup: no cgroup2 file system is mounted here");
	snprintf(file, sizeof(file), "%s%s/cgroup.procs", root, path);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1) {
		int r = -errno;

		if (fd >= 0)
			close(fd);
		return nsi_error_set(err, r, "--join-cgroup: cannot join %s: %s", path, strerror(-r));
	}
	close(fd);
	return 0;
}

/*
 * Does our user namespace forbid setgroups(2)?  unshare -r and rootless
 * engines write "deny" to /proc/PID/setgroups before mapping a GID.
 */
static bool setgroups_denied(void)
{
	char buf[16] = "";
	int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return n > 0 && strncmp(buf, "deny", 4) == 0;
}

/*
 * In a user namespace we entered, become its root unless told otherwise
 * (as nsenter does).  Where setgroups is denied there is nothing to drop
 * that the namespace would let us keep: nsenter goes on, so do we.
 */
static int set_credentials(const struct nsi_enter_opts *e, bool entered_user, struct nsi_error *err)
{
	bool become_root = entered_user && !e->preserve_credentials;

	if (become_root || e->set_gid) {
		gid_t gid = e->set_gid ? e->gid : 0;

		if (setgroups(0, NULL) < 0 && become_root && !(errno == EPERM && setgroups_denied()))
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

static int change_dirs(int rootfd, int wdfd, const char *wdns, struct nsi_error *err)
{
	if (rootfd >= 0 && (fchdir(rootfd) < 0 || chroot(".") < 0))
		return nsi_error_set(err, -errno, "cannot change root: %s", strerror(errno));
	if (wdfd >= 0 && fchdir(wdfd) < 0)
		return nsi_error_set(err, -errno, "cannot change directory: %s", strerror(errno));
	if (rootfd >= 0 && wdfd < 0 && chdir("/") < 0)
		return nsi_error_set(err, -errno, "cannot change directory to /: %s", strerror(errno));
	/* --wdns: a path as the entered mount namespace (and root) see it */
	if (wdns && chdir(wdns) < 0)
		return nsi_error_set(err, -errno, "cannot change directory to %s: %s", wdns, strerror(errno));
	return 0;
}

static void __attribute__((noreturn)) run_command(char *const *command, char **env)
{
	char *shell_argv[2] = { NULL, NULL };

	/* -e: the target's environment, its $SHELL included */
	if (env)
		environ = env;
	shell_argv[0] = getenv("SHELL");
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
/* What was aimed at, for an error: the target as given, else the files. */
static const char *aimed_at(const struct nsi_request *req)
{
	return req->ntargets ? req->targets[0].text : "the namespace files";
}

/* What -e and -c read of the target process before we leave: it must still be that process after. */
static int take_from_process(const struct nsi_request *req, const struct nsi_enter_target *t, char ***ret_env,
			     struct nsi_error *err)
{
	if (req->enter.env && !(*ret_env = read_environment(t->pid, err)))
		return -EIO;
	if (req->enter.join_cgroup && join_cgroup(t->pid, err) < 0)
		return -EIO;
	if ((req->enter.env || req->enter.join_cgroup) && nsi_enter_check_alive(t) < 0)
		return nsi_error_set(err, -ESRCH, "PID %d: has exited", (int)t->pid);
	return 0;
}

/* Join @t's namespaces, check them, and take on the credentials and directories asked for. */
static int join(const struct nsi_request *req, const struct nsi_enter_target *t, char ***ret_env,
		struct nsi_error *err)
{
	enum nsi_type bad;
	bool entered_user;
	int rootfd, wdfd, procfd, r;

	r = open_dirs(&req->enter, t, &rootfd, &wdfd, err);
	if (r == 0)
		r = take_from_process(req, t, ret_env, err);
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
		r = nsi_error_set(err, r, "cannot enter %s: %s", aimed_at(req), strerror(-r));
	else if (nsi_enter_verify(t, procfd, &bad) < 0)
		r = nsi_error_set(err, -ESTALE, "entered %s namespace is not %" PRIu64 ": the target changed while we entered it",
				  nsi_type_name(bad), t->ino[bad]);
	close(procfd);
	/* as nsenter: the root and directory while we still may, then the IDs (-r -S 1000 works) */
	if (r == 0)
		r = change_dirs(rootfd, wdfd, req->enter.wdns, err);
	if (r == 0)
		r = set_credentials(&req->enter, entered_user, err);
	return r;
}

int nsi_run_enter(const struct nsi_request *req, struct nsi_error *err)
{
	struct nsi_enter_target t;
	char **env = NULL;
	bool fork_first;
	pid_t child;
	int r;

	nsi_enter_init(&t);
	r = aim(req, &t, err);
	if (r == 0)
		r = join(req, &t, &env, err);
	fork_first = t.ino[NSI_TYPE_PID] && !req->enter.no_fork;
	nsi_enter_done(&t);
	if (r < 0) {
		free(env);
		return r;
	}
	if (!fork_first)
		run_command(req->enter.command, env);
	fflush(NULL);
	child = fork();
	if (child < 0)
		return nsi_error_set(err, -errno, "fork: %s", strerror(errno));
	if (child == 0)
		run_command(req->enter.command, env);
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
