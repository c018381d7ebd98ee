/*
 * nsinspect: list Linux namespaces.  main() owns the one control
 * structure, turns the command line into it, runs the stages in order
 * (scan -> select -> load details -> render) and is the only place that
 * prints errors or chooses an exit status: every other function returns
 * a negative errno.  --enter has its own command line, in enter_cli.c.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/columns.h"
#include "nsinspect/compare.h"
#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/enter_cli.h"
#include "nsinspect/holders.h"
#include "nsinspect/model.h"
#include "nsinspect/mounts.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/procfs.h"
#include "nsinspect/render.h"
#include "nsinspect/select.h"
#include "nsinspect/users.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

/* Exit statuses, documented in nsinspect(8). */
enum {
	NSI_EXIT_OK = 0,
	NSI_EXIT_FAILURE = 1,
	NSI_EXIT_DIFFERENT = 1,		/* --compare: some type is not shared */
	NSI_EXIT_COMPARE_FAILURE = 2,	/* --compare: could not tell, as cmp(1) */
};

/* --compare answers "differ" with 1, so its failures need another status. */
static int exit_failure = NSI_EXIT_FAILURE;

struct nsi_ctl {
	nsi_typemask types;
	pid_t *pids;
	size_t npids;
	uint64_t *nsids;
	size_t nnsids;
	struct nsi_columns cols;
	struct nsi_render_opts render;
	const char *sysroot;
	const char **container_refs;	/* -c */
	size_t ncontainer_refs;
	const char *docker_root;
	const char *metrics_file;	/* --metrics=FILE, replaced atomically */
	struct timespec interval;	/* --watch=SECONDS */
	const char **compare_args;	/* --compare targets: PIDs or container refs */
	size_t ncompare_args;

	unsigned int json : 1;
	unsigned int compare : 1;
	unsigned int metrics : 1;	/* --metrics: Prometheus text */
	unsigned int watch : 1;		/* --watch: scan every interval */
	unsigned int list : 1;
	unsigned int persistent : 1;	/* -P */
	unsigned int deep : 1;		/* --deep: threads, fds, all mount namespaces */
	unsigned int list_columns : 1;
	unsigned int tree_given : 1;	/* -T: wins over -l */
	unsigned int default_columns : 1;	/* no -o: CONTAINER joins when containers run */
};

static const enum nsi_col default_ns_columns[] = { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_COMMAND };
/* lsns shows these for -t net; so do we */
static const enum nsi_col default_net_columns[] = { COL_NS,  COL_TYPE,	  COL_NPROCS, COL_PID,
						    COL_USER, COL_NETNSID, COL_NSFS,   COL_COMMAND };
static const enum nsi_col default_proc_columns[] = { COL_PID, COL_PPID, COL_USER, COL_COMMAND };

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("Usage:\n"
	      " nsinspect [options] [NSID...]\n"
	      "\n"
	      "List Linux namespaces, or with NSID arguments the processes inside them.\n"
	      "\n"
	      "Options:\n"
	      " -J, --json             use JSON output format\n"
	      "     --json-lines       JSON, one object per row on a line of its own\n"
	      " -l, --list             use list format output (no process tree)\n"
	      " -n, --noheadings       don't print headings\n"
	      " -o, --output <list>    output columns (+<list> adds to the default)\n"
	      "     --output-all       output all columns\n"
	      " -p, --task <pid>       only the namespaces of this process (repeatable)\n"
	      " -c, --container <ref>  only the namespaces of this container (repeatable):\n"
	      "                          a name, a full id or a unique id prefix\n"
	      " -P, --persistent       only namespaces no process is in\n"
	      " -r, --raw              use the raw output format\n"
	      " -t, --type <type>      only this namespace type (repeatable, or a comma list):\n"
	      "                          mnt, uts, ipc, pid, net, user, cgroup, time\n"
	      " -u, --notruncate       don't truncate text in columns\n"
	      " -W, --nowrap           don't use multi-line text in cells\n"
	      " -H, --list-columns     list the available columns\n"
	      " -T, --tree[=<rel>]     tree by process (default), owner or parent;\n"
	      "                          -T alone means owner\n"
	      "     --metrics[=<file>] Prometheus text format (namespaces per type, processes\n"
	      "                          per namespace, scan time and errors); with <file>,\n"
	      "                          replace that file atomically (textfile collector)\n"
	      "     --watch[=<secs>]   scan every <secs> (default 1) and print a JSON line\n"
	      "                          when a namespace appears, disappears or changes;\n"
	      "                          with --metrics=<file>, rewrite the file instead\n"
	      "     --deep             also scan every thread, open fd and mount namespace\n"
	      "                          for namespaces they hold (slower on busy hosts)\n"
	      "     --sysroot <dir>    read <dir>/proc and the engines' state below <dir>\n"
	      "     --docker-root <dir>  Docker's data-root (default: from\n"
	      "                          /etc/docker/daemon.json, else /var/lib/docker)\n"
	      "\n"
	      " -h, --help             display this help\n"
	      " -V, --version          display version\n"
	      "\n"
	      "NSID is a namespace inode number (4026531833) or link text (net:[4026531833]).\n"
	      "\n"
	      "Comparing:\n"
	      " nsinspect --compare [-t <type>] [-J] <target> <target>...\n"
	      "     --compare          do these targets (PIDs, or containers as -c takes\n"
	      "                          them) share their namespaces?  A row per type;\n"
	      "                          exit 0 all shared, 1 some not, 2 on error\n"
	      "\n"
	      "Entering (like nsenter, without its race with PID reuse):\n"
	      " nsinspect --enter <target> [options] [-- <command> [<arg>...]]\n"
	      "     --enter <target>   a PID, a container (name or id, as -c takes it), a\n"
	      "                          namespace (inode or net:[inode]) or an nsfs path\n"
	      "                          such as /run/netns/blue\n"
	      " -a, --all              all namespaces that differ from ours (the default)\n"
	      " -m, --mount  -u, --uts  -i, --ipc  -n, --net  -p, --pid  -U, --user\n"
	      " -C, --cgroup  -T, --time\n"
	      "                        only these namespaces of a PID target\n"
	      " -r, --root             use the target's root directory\n"
	      " -w, --wd               use the target's working directory\n"
	      " -S, --setuid <uid>     set the UID;  -G, --setgid <gid>  set the GID\n"
	      "     --preserve-credentials  keep our UID/GID in an entered user namespace\n"
	      " -F, --no-fork          do not fork before running the command\n"
	      " The command defaults to $SHELL.  Exit status: the command's; 125 could not\n"
	      " enter, 126 cannot run the command, 127 command not found.\n"
	      "\n"
	      "Available output columns:\n",
	      out);
	for (int c = 0; c < NSI_NCOLS; c++) {
		const struct nsi_colinfo *ci = nsi_column_info((enum nsi_col)c);

		fprintf(out, " %11s  %s\n", ci->name, ci->help);
	}
	fputs("\nExit status: 0 success, 1 failure.\n"
	      "Environment: NSINSPECT_DEBUG=proc,ns,render,container,all;\n"
	      "             NSINSPECT_MOUNTS=mountinfo.\n"
	      "For more details see nsinspect(8).\n",
	      out);
	exit(NSI_EXIT_OK);
}

static void *append(void *vec, size_t *n, size_t elsize)
{
	void *v = reallocarray(vec, *n + 1, elsize);

	if (!v)
		err(exit_failure, "cannot allocate memory");
	(*n)++;
	return v;
}

static void parse_types(struct nsi_ctl *ctl, const char *arg)
{
	nsi_typemask mask;
	const char *bad;
	size_t badlen;

	if (nsi_typemask_parse(arg, &mask, &bad, &badlen) < 0)
		errx(exit_failure, "unknown namespace type: '%.*s'", (int)badlen, bad);
	ctl->types |= mask;
}

static void parse_task(struct nsi_ctl *ctl, const char *arg)
{
	pid_t pid;

	if (nsi_parse_pid(arg, &pid) < 0)
		errx(exit_failure, "invalid PID argument: '%s'", arg);
	ctl->pids = append(ctl->pids, &ctl->npids, sizeof(*ctl->pids));
	ctl->pids[ctl->npids - 1] = pid;
}

static void parse_container(struct nsi_ctl *ctl, const char *arg)
{
	if (!*arg)
		errx(exit_failure, "invalid container argument: ''");
	ctl->container_refs = append(ctl->container_refs, &ctl->ncontainer_refs, sizeof(*ctl->container_refs));
	ctl->container_refs[ctl->ncontainer_refs - 1] = arg;
}

static void parse_output(struct nsi_ctl *ctl, const char *arg)
{
	const char *bad;
	size_t badlen;
	int r;

	r = nsi_columns_parse(&ctl->cols, arg, &bad, &badlen);
	if (r == -EINVAL)
		errx(exit_failure, "unknown column: '%.*s'", (int)badlen, bad);
	if (r < 0)
		errx(exit_failure, "too many columns: '%s'", arg);
}

/* An NSID is an inode number or the link text readlink gives ("net:[4026531833]"). */
static void parse_nsid(struct nsi_ctl *ctl, const char *arg)
{
	unsigned long long ino;
	enum nsi_type type;
	uint64_t lino;

	if (nsi_parse_u64(arg, &ino) == 0 && ino > 0)
		lino = ino;
	else if (nsi_parse_ns_link(arg, &type, &lino) < 0)
		errx(exit_failure, "invalid namespace argument: '%s'", arg);
	ctl->nsids = append(ctl->nsids, &ctl->nnsids, sizeof(*ctl->nsids));
	ctl->nsids[ctl->nnsids - 1] = lino;
}

static void set_default_columns(struct nsi_ctl *ctl)
{
	const enum nsi_col *def = default_ns_columns;
	size_t n = ARRAY_SIZE(default_ns_columns);

	if (ctl->nnsids) {
		def = default_proc_columns;
		n = ARRAY_SIZE(default_proc_columns);
	} else if (ctl->types == NSI_TYPE_BIT(NSI_TYPE_NET)) {
		def = default_net_columns;
		n = ARRAY_SIZE(default_net_columns);
	}

	ctl->cols.n = 0;
	for (size_t i = 0; i < n; i++)
		nsi_columns_add(&ctl->cols, def[i]);
}

static enum nsi_tree tree_from_name(const char *name)
{
	if (strcmp(name, "process") == 0)
		return NSI_TREE_PROCESS;
	if (strcmp(name, "owner") == 0)
		return NSI_TREE_OWNER;
	if (strcmp(name, "parent") == 0)
		return NSI_TREE_PARENT;
	return NSI_TREE_NONE;
}

/*
 * -T[REL] / --tree[=REL]: REL is optional and "-T owner" is the usual
 * spelling, so also take the next word when it names a relation.  -T
 * alone means owner, as in lsns.
 */
static void parse_tree(struct nsi_ctl *ctl, int argc, char **argv)
{
	const char *arg = optarg;

	if (!arg && optind < argc && tree_from_name(argv[optind]) != NSI_TREE_NONE)
		arg = argv[optind++];
	ctl->render.tree = arg ? tree_from_name(arg) : NSI_TREE_OWNER;
	if (ctl->render.tree == NSI_TREE_NONE)
		errx(exit_failure, "unknown tree relation: '%s' (process, owner or parent)", arg);
	ctl->tree_given = 1;
}

static void __attribute__((noreturn)) bad_option(const char *what, const char *arg, int opt)
{
	if (opt)
		warnx("%s: '-%c'", what, opt);
	else
		warnx("%s: '%s'", what, arg);
	fprintf(stderr, "Try 'nsinspect --help' for more information.\n");
	exit(exit_failure);
}

/* Options that a mode (--compare, --metrics, --watch) refuses. */
enum {
	REFUSE_OUTPUT = 1 << 0,
	REFUSE_JSON = 1 << 1,
	REFUSE_TASK = 1 << 2,
	REFUSE_CONTAINER = 1 << 3,
	REFUSE_NSIDS = 1 << 4,
	REFUSE_PERSISTENT = 1 << 5,
	REFUSE_TREE = 1 << 6,
	REFUSE_DEEP = 1 << 7,
	REFUSE_COMPARE = 1 << 8,
	REFUSE_LIST_COLUMNS = 1 << 9,
};

/* "MODE cannot be combined with OPTION" for the first refused option given. */
static void refuse_options(const struct nsi_ctl *ctl, bool outputs, const char *mode, unsigned int refused)
{
	const struct {
		unsigned int bit;
		bool given;
		const char *name;
	} opts[] = {
		{ REFUSE_OUTPUT, outputs, "--output" },
		{ REFUSE_JSON, ctl->json, "--json" },
		{ REFUSE_TASK, ctl->npids, "--task" },
		{ REFUSE_CONTAINER, ctl->ncontainer_refs, "--container" },
		{ REFUSE_NSIDS, ctl->nnsids, "NSID arguments" },
		{ REFUSE_PERSISTENT, ctl->persistent, "--persistent" },
		{ REFUSE_TREE, ctl->tree_given, "--tree" },
		{ REFUSE_DEEP, ctl->deep, "--deep" },
		{ REFUSE_COMPARE, ctl->compare, "--compare" },
		{ REFUSE_LIST_COLUMNS, ctl->list_columns, "--list-columns" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if ((refused & opts[i].bit) && opts[i].given)
			errx(exit_failure, "%s cannot be combined with %s", mode, opts[i].name);
}

/* --compare takes its targets as arguments and prints a table of its own. */
static void check_compare_options(const struct nsi_ctl *ctl, bool outputs)
{
	if (ctl->npids || ctl->ncontainer_refs)
		errx(exit_failure, "--compare takes its targets as arguments, not with -p or -c: "
				   "nsinspect --compare 1234 web1");
	refuse_options(ctl, outputs, "--compare",
		       REFUSE_OUTPUT | REFUSE_PERSISTENT | REFUSE_TREE | REFUSE_DEEP | REFUSE_LIST_COLUMNS);
}

/* --metrics prints its own format, about namespaces (not processes). */
static void check_metrics_options(const struct nsi_ctl *ctl, bool outputs)
{
	refuse_options(ctl, outputs, "--metrics",
		       REFUSE_OUTPUT | REFUSE_JSON | REFUSE_NSIDS | REFUSE_COMPARE | REFUSE_LIST_COLUMNS);
	if (ctl->metrics_file && !*ctl->metrics_file)
		errx(exit_failure, "invalid --metrics file: ''");
}

/* --watch[=SECONDS]: 1 s by default; fractions allowed, at most a day. */
static void parse_watch(struct nsi_ctl *ctl, const char *arg)
{
	double secs = 1;
	char *end = NULL;

	if (arg) {
		errno = 0;
		secs = strtod(arg, &end);
		if (errno || end == arg || *end || !(secs >= 0.01 && secs <= 86400))
			errx(exit_failure, "invalid --watch interval: '%s' (seconds, 0.01 to 86400)", arg);
	}
	ctl->watch = 1;
	ctl->interval.tv_sec = (time_t)secs;
	ctl->interval.tv_nsec = (long)((secs - (double)ctl->interval.tv_sec) * 1e9);
}

/*
 * --watch prints JSON events, or with --metrics=FILE rewrites FILE.  It
 * follows all namespaces (of -t): -p and -c name processes that may
 * come and go, which a stream that runs for days cannot rest on.
 */
static void check_watch_options(const struct nsi_ctl *ctl, bool outputs)
{
	refuse_options(ctl, outputs, "--watch",
		       (ctl->metrics ? 0 : REFUSE_OUTPUT) | REFUSE_TASK | REFUSE_CONTAINER | REFUSE_NSIDS |
			       REFUSE_COMPARE | REFUSE_LIST_COLUMNS | REFUSE_TREE);
	if (ctl->metrics && !ctl->metrics_file)
		errx(exit_failure, "--watch with --metrics needs a file: --metrics=FILE");
}

/* What the metrics need read: the namespace rows and their containers. */
static void set_metrics_columns(struct nsi_ctl *ctl)
{
	static const enum nsi_col cols[] = { COL_NS, COL_TYPE, COL_NPROCS, COL_CONTAINER };

	ctl->cols.n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		nsi_columns_add(&ctl->cols, cols[i]);
	ctl->default_columns = 0;
	ctl->render.tree = NSI_TREE_NONE;
}

static void parse_args(struct nsi_ctl *ctl, int argc, char **argv)
{
	enum {
		OPT_OUTPUT_ALL = 256,
		OPT_SYSROOT,
		OPT_DEEP,
		OPT_DOCKER_ROOT,
		OPT_COMPARE,
		OPT_JSON_LINES,
		OPT_METRICS,
		OPT_WATCH,
	};
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "json-lines", no_argument, NULL, OPT_JSON_LINES },
		{ "list", no_argument, NULL, 'l' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
		{ "task", required_argument, NULL, 'p' },
		{ "container", required_argument, NULL, 'c' },
		{ "docker-root", required_argument, NULL, OPT_DOCKER_ROOT },
		{ "persistent", no_argument, NULL, 'P' },
		{ "deep", no_argument, NULL, OPT_DEEP },
		{ "raw", no_argument, NULL, 'r' },
		{ "type", required_argument, NULL, 't' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "nowrap", no_argument, NULL, 'W' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "tree", optional_argument, NULL, 'T' },
		{ "sysroot", required_argument, NULL, OPT_SYSROOT },
		{ "compare", no_argument, NULL, OPT_COMPARE },
		{ "metrics", optional_argument, NULL, OPT_METRICS },
		{ "watch", optional_argument, NULL, OPT_WATCH },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char **outputs = NULL;
	size_t noutputs = 0;
	int output_all = 0, c;

	opterr = 0;	/* getopt would name the binary by its path; we say "nsinspect" */
	while ((c = getopt_long(argc, argv, ":Jlno:p:c:Prt:uWHhVT::", longopts, NULL)) != -1) {
		switch (c) {
		case 'J': ctl->json = 1; break;
		case OPT_JSON_LINES:
			ctl->json = 1;
			ctl->render.json_lines = 1;
			break;
		case 'l': ctl->list = 1; break;
		case 'n': ctl->render.noheadings = 1; break;
		case 'o':
			/* applied after the NSIDs are known: they pick the defaults */
			outputs = append(outputs, &noutputs, sizeof(*outputs));
			outputs[noutputs - 1] = optarg;
			break;
		case OPT_OUTPUT_ALL: output_all = 1; break;
		case 'p': parse_task(ctl, optarg); break;
		case 'c': parse_container(ctl, optarg); break;
		case OPT_DOCKER_ROOT: ctl->docker_root = optarg; break;
		case 'P': ctl->persistent = 1; break;
		case OPT_DEEP: ctl->deep = 1; break;
		case 'r': ctl->render.raw = 1; break;
		case 't': parse_types(ctl, optarg); break;
		case 'u': ctl->render.notruncate = 1; break;
		case 'W': ctl->render.nowrap = 1; break;
		case 'H': ctl->list_columns = 1; break;
		case 'T': parse_tree(ctl, argc, argv); break;
		case OPT_SYSROOT: ctl->sysroot = optarg; break;
		case OPT_COMPARE: ctl->compare = 1; break;
		case OPT_WATCH: parse_watch(ctl, optarg); break;
		case OPT_METRICS:
			ctl->metrics = 1;
			ctl->metrics_file = optarg;
			break;
		case 'h': usage();
		case 'V':
			printf("nsinspect %s\n", NSI_VERSION);
			exit(NSI_EXIT_OK);
		case ':':
			bad_option("option requires an argument", argv[optind - 1], optopt);
		default:
			bad_option("unrecognized option", argv[optind - 1], optopt);
		}
	}
	if (ctl->compare) {
		check_compare_options(ctl, noutputs || output_all);
		ctl->compare_args = (const char **)&argv[optind];
		ctl->ncompare_args = (size_t)(argc - optind);
		if (ctl->ncompare_args < 2)
			errx(exit_failure, "--compare needs at least two targets (PIDs or containers)");
	} else {
		for (int i = optind; i < argc; i++)
			parse_nsid(ctl, argv[i]);
	}

	if (ctl->npids && ctl->nnsids)
		errx(exit_failure, "--task and NSID arguments cannot be combined");
	if (ctl->ncontainer_refs && ctl->nnsids)
		errx(exit_failure, "--container and NSID arguments cannot be combined");
	if (ctl->persistent && (ctl->npids || ctl->nnsids))
		errx(exit_failure, "--persistent cannot be combined with --task or NSID arguments");
	if (ctl->persistent && ctl->ncontainer_refs)
		errx(exit_failure, "--persistent cannot be combined with --container");

	if (ctl->metrics)
		check_metrics_options(ctl, noutputs || output_all);
	if (ctl->watch)
		check_watch_options(ctl, noutputs || output_all);

	set_default_columns(ctl);
	ctl->default_columns = !output_all;
	for (size_t i = 0; i < noutputs; i++)
		if (outputs[i][0] != '+')
			ctl->default_columns = 0;
	if (output_all) {
		ctl->cols.n = 0;
		for (int col = 0; col < NSI_NCOLS; col++)
			nsi_columns_add(&ctl->cols, (enum nsi_col)col);
	}
	for (size_t i = 0; i < noutputs; i++)
		parse_output(ctl, outputs[i]);
	free(outputs);

	if (!ctl->types)
		ctl->types = NSI_TYPEMASK_ALL;
	/*
	 * The process tree is the default, as in lsns, but raw output is for
	 * scripts (lsns escapes the tree art there) and JSON stays flat.
	 */
	if (ctl->render.raw || ctl->json || (ctl->list && !ctl->tree_given))
		ctl->render.tree = NSI_TREE_NONE;
	else if (!ctl->tree_given)
		ctl->render.tree = NSI_TREE_PROCESS;
	if (ctl->metrics)
		set_metrics_columns(ctl);
}

/* Say why -p PID matched no scanned process. */
static void __attribute__((noreturn)) fail_missing_pid(struct nsi_procfs *pfs, pid_t pid)
{
	int r = nsi_procfs_probe(pfs, pid);

	if (r == -ESRCH)
		errx(exit_failure, "PID %d: no such process", (int)pid);
	if (r == -ECHILD)
		errx(exit_failure, "PID %d: has exited (a zombie)", (int)pid);
	if (r < 0)
		errx(exit_failure, "PID %d: cannot inspect: %s", (int)pid, strerror(-r));
	errx(exit_failure, "PID %d: not a process (a thread ID?) or started after the scan", (int)pid);
}

static void warn_hidden(const struct nsi_scan_stats *st)
{
	if (st->denied)
		warnx("warning: %u of %u processes could not be inspected (permission denied)", st->denied,
		      st->seen);
}

static int list_columns(const struct nsi_ctl *ctl)
{
	int r = ctl->json ? nsi_render_column_list_json(&ctl->render, stdout) :
			    nsi_render_column_list(&ctl->render, stdout);

	if (r < 0)
		errx(exit_failure, "cannot write output: %s", strerror(-r));
	return NSI_EXIT_OK;
}

/* NSINSPECT_MOUNTS=mountinfo: read mountinfo files even where statmount() works. */
static enum nsi_mount_source mount_source(const struct nsi_ctl *ctl)
{
	const char *env = getenv("NSINSPECT_MOUNTS");

	if (!env || !*env)
		return nsi_mounts_probe(ctl->sysroot, ctl->deep);
	if (strcmp(env, "mountinfo") != 0)
		errx(exit_failure, "NSINSPECT_MOUNTS: unknown value '%s' (only 'mountinfo')", env);
	return NSI_MOUNTS_MOUNTINFO;
}

/*
 * Build the model: the /proc scan, then the holders no process shows
 * (bind mounts in our mount namespace; with --deep in all of them, and
 * threads and fds), then the ancestors of user and pid namespaces, which
 * may be reached only through those holders.
 */
static void discover(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, struct nsi_model *model,
		     struct nsi_scan_stats *stats)
{
	enum nsi_mount_source msrc = mount_source(ctl);
	nsi_typemask scan_types = ctl->types;
	const char *root = ctl->sysroot ? ctl->sysroot : "";
	int r;

	/* every mount namespace's mountinfo is read through one of its processes */
	if (msrc == NSI_MOUNTS_MOUNTINFO && ctl->deep)
		scan_types |= NSI_TYPE_BIT(NSI_TYPE_MNT);
	r = nsi_procfs_scan(pfs, scan_types, model, stats);
	if (r < 0)
		errx(exit_failure, "cannot scan %s/proc: %s", root, strerror(-r));
	r = nsi_mounts_scan(pfs, msrc, ctl->types, ctl->deep, model);
	if (r < 0)
		errx(exit_failure, "cannot read nsfs mounts: %s", strerror(-r));
	if (ctl->deep) {
		r = nsi_holders_scan(pfs, ctl->types, model, NULL);
		if (r < 0)
			errx(exit_failure, "cannot scan threads and fds: %s", strerror(-r));
	}
	if (ctl->types & (NSI_TYPE_BIT(NSI_TYPE_USER) | NSI_TYPE_BIT(NSI_TYPE_PID))) {
		r = nsi_nsfs_discover_ancestors(nsi_procfs_dirfd(pfs), model);
		if (r < 0)
			errx(exit_failure, "cannot read the namespace hierarchy: %s", strerror(-r));
		nsi_model_mark_scanned(model, NSI_HOLDER_BIT(NSI_HOLDER_CHILD));
	}
	nsi_model_finish(model);
}

/* Containers are looked up only when something shows or selects them. */
static bool want_containers(const struct nsi_ctl *ctl)
{
	return ctl->default_columns || ctl->ncontainer_refs || nsi_columns_need_containers(&ctl->cols);
}

static struct nsi_containers *load_containers(const struct nsi_ctl *ctl, struct nsi_procfs *pfs)
{
	struct nsi_engine_roots roots = { .sysroot = ctl->sysroot, .docker_root = ctl->docker_root };
	struct nsi_containers *cs = NULL;

	if (nsi_containers_new(&cs) < 0 || nsi_containers_load(cs, &roots, nsi_procfs_dirfd(pfs)) < 0)
		errx(exit_failure, "cannot allocate memory");
	return cs;
}

/* Every process's container, in PID order, so each one first seen gets its lowest PID. */
static void read_all_cgroups(struct nsi_containers *cs, struct nsi_procfs *pfs, const struct nsi_model *model)
{
	size_t n;
	struct nsi_proc *const *procs = nsi_model_processes(model, &n);

	for (size_t i = 0; i < n; i++)
		nsi_containers_of_process(cs, nsi_procfs_dirfd(pfs), procs[i]->pid);
}

/*
 * The running container a user means by @ref.  When no engine's state
 * names it, every process's cgroup is read (once): that finds nspawn and
 * LXC machines, and containers whose state we may not read.
 */
static const struct nsi_container *find_container(struct nsi_containers *cs, struct nsi_procfs *pfs,
						  const struct nsi_model *model, const char *ref, bool *cgroups_read)
{
	const struct nsi_container *c = NULL;
	char *why = NULL, desc[NSI_CGROUP_ID_MAX + 64];
	int r = nsi_containers_find_running(cs, ref, &c, &why);

	if (r == -ENOENT && !*cgroups_read) {
		read_all_cgroups(cs, pfs, model);
		*cgroups_read = true;
		free(why);
		why = NULL;
		r = nsi_containers_find_running(cs, ref, &c, &why);
	}
	if (r < 0)
		errx(exit_failure, "%s", why);
	if (!nsi_model_find_process(model, c->pid))
		errx(exit_failure, "container %s: its process %d could not be inspected",
		     nsi_container_describe(c, desc, sizeof(desc)), (int)c->pid);
	return c;
}

/* -c REF: a container's namespaces are those of its init process. */
static void select_containers(struct nsi_ctl *ctl, struct nsi_containers *cs, struct nsi_procfs *pfs,
			      const struct nsi_model *model)
{
	bool cgroups_read = false;

	for (size_t i = 0; i < ctl->ncontainer_refs; i++) {
		const struct nsi_container *c = find_container(cs, pfs, model, ctl->container_refs[i], &cgroups_read);

		ctl->pids = append(ctl->pids, &ctl->npids, sizeof(*ctl->pids));
		ctl->pids[ctl->npids - 1] = c->pid;
	}
}

/* The default table names the container of each row once there are any. */
static void add_container_column(struct nsi_ctl *ctl)
{
	size_t at = ctl->cols.n;

	for (size_t i = 0; i < ctl->cols.n; i++)
		if (ctl->cols.ids[i] == COL_COMMAND)
			at = i;
	if (nsi_columns_add(&ctl->cols, COL_CONTAINER) < 0)
		return;
	memmove(&ctl->cols.ids[at + 1], &ctl->cols.ids[at], (ctl->cols.n - 1 - at) * sizeof(ctl->cols.ids[0]));
	ctl->cols.ids[at] = COL_CONTAINER;
}

/*
 * --metrics=FILE for the textfile collector, which may read at any time:
 * write a temporary file beside FILE (not named *.prom, so the collector
 * skips it) and rename it over FILE.
 */
static int write_metrics_file(const char *path, const struct nsi_metrics *mx)
{
	_cleanup_free_ char *tmp = NULL;
	FILE *f;
	int fd, r;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		unlink(tmp);
		return r;
	}
	/* node_exporter usually runs as another user */
	r = fchmod(fd, 0644) < 0 ? -errno : nsi_render_metrics(mx, f);
	if (fclose(f) != 0 && r == 0)
		r = -EIO;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

static void output(const struct nsi_ctl *ctl, const struct nsi_selection *sel, struct nsi_users *users,
		   const struct nsi_scan_stats *stats, double scan_seconds)
{
	struct nsi_metrics mx = { .sel = sel, .types = ctl->types, .stats = stats, .duration = scan_seconds };
	int r;

	if (ctl->metrics && ctl->metrics_file) {
		r = write_metrics_file(ctl->metrics_file, &mx);
		if (r < 0)
			errx(exit_failure, "cannot write %s: %s", ctl->metrics_file, strerror(-r));
		return;
	}
	if (ctl->metrics)
		r = nsi_render_metrics(&mx, stdout);
	else if (ctl->json)
		r = nsi_render_json(sel, &ctl->cols, &ctl->render, users, stdout);
	else
		r = nsi_render_table(sel, &ctl->cols, &ctl->render, users, stdout);
	if (r < 0)
		errx(exit_failure, "cannot write output: %s", strerror(-r));
}

static int run(struct nsi_ctl *ctl)
{
	struct nsi_containers *containers = NULL;
	struct nsi_procfs *pfs = NULL;
	struct nsi_model *model = NULL;
	struct nsi_users *users = NULL;
	struct nsi_scan_stats stats;
	struct nsi_selection sel;
	struct nsi_filter filter = {
		.types = ctl->types,
		.pids = ctl->pids,
		.npids = ctl->npids,
		.nsids = ctl->nsids,
		.nnsids = ctl->nnsids,
		.persistent = ctl->persistent,
	};
	struct timespec start;
	size_t bad;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &start);
	r = nsi_procfs_open(ctl->sysroot, &pfs);
	if (r < 0)
		errx(exit_failure, "cannot open %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
	if (nsi_model_new(&model) < 0 || nsi_users_new(&users) < 0)
		errx(exit_failure, "cannot allocate memory");

	discover(ctl, pfs, model, &stats);
	if (want_containers(ctl)) {
		containers = load_containers(ctl, pfs);
		select_containers(ctl, containers, pfs, model);
		filter.pids = ctl->pids;
		filter.npids = ctl->npids;
		if (ctl->default_columns && nsi_containers_running(containers) &&
		    !nsi_columns_has(&ctl->cols, COL_CONTAINER))
			add_container_column(ctl);
		if (!nsi_columns_need_containers(&ctl->cols))
			containers = nsi_containers_free(containers);
	}

	r = nsi_select(model, &filter, &sel, &bad);
	if (r == -ESRCH)
		fail_missing_pid(pfs, ctl->pids[bad]);
	if (r == -ENOENT)
		errx(exit_failure, "namespace %" PRIu64 ": not found%s%s", ctl->nsids[bad],
		     ctl->types != NSI_TYPEMASK_ALL ? " among the selected types" : "",
		     stats.denied ? " (some processes could not be inspected)" : "");
	if (r < 0)
		errx(exit_failure, "cannot select namespaces: %s", strerror(-r));

	r = nsi_selection_load(&sel, model, pfs, nsi_columns_details(&ctl->cols), nsi_columns_relations(&ctl->cols),
			       containers, ctl->render.tree);
	if (r < 0)
		errx(exit_failure, "cannot read process details: %s", strerror(-r));

	output(ctl, &sel, users, &stats, nsi_seconds_since(&start));
	/* --metrics reports it as nsinspect_scan_errors: a warning each run would be noise */
	if (!ctl->metrics)
		warn_hidden(&stats);

	nsi_selection_done(&sel);
	nsi_containers_free(containers);
	nsi_users_free(users);
	nsi_model_free(model);
	nsi_procfs_free(pfs);
	return NSI_EXIT_OK;
}

/*
 * Sleep for the --watch interval unless SIGINT or SIGTERM comes first.
 * They are blocked, so one that arrives during a scan waits here.
 */
static bool stop_requested(const sigset_t *stop, const struct timespec *interval)
{
	for (;;) {
		if (sigtimedwait(stop, NULL, interval) > 0)
			return true;
		if (errno == EAGAIN)
			return false;
	}
}

/* One --watch scan: the model as the list builds it, then the events. */
static void watch_scan(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, struct nsi_watch *w, bool first)
{
	struct nsi_filter filter = { .types = ctl->types, .persistent = ctl->persistent };
	struct nsi_model *model = NULL;
	struct nsi_scan_stats stats;
	struct nsi_selection sel;
	size_t bad;
	int r;

	if (nsi_model_new(&model) < 0)
		errx(exit_failure, "cannot allocate memory");
	discover(ctl, pfs, model, &stats);
	r = nsi_select(model, &filter, &sel, &bad);
	if (r < 0)
		errx(exit_failure, "cannot select namespaces: %s", strerror(-r));
	r = nsi_watch_update(w, &sel, model, pfs, stdout);
	if (r < 0)
		errx(exit_failure, "cannot write output: %s", strerror(-r));
	if (first)
		warn_hidden(&stats);
	nsi_selection_done(&sel);
	nsi_model_free(model);
}

/* --watch: events (or with --metrics=FILE, the file) every interval until SIGINT or SIGTERM. */
static int run_watch(struct nsi_ctl *ctl)
{
	struct nsi_engine_roots roots = { .sysroot = ctl->sysroot, .docker_root = ctl->docker_root };
	struct nsi_procfs *pfs = NULL;
	struct nsi_watch *w = NULL;
	sigset_t stop;
	bool first = true;
	int r;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	if (ctl->metrics) {
		do
			run(ctl);
		while (!stop_requested(&stop, &ctl->interval));
		return NSI_EXIT_OK;
	}

	r = nsi_procfs_open(ctl->sysroot, &pfs);
	if (r < 0)
		errx(exit_failure, "cannot open %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
	if (nsi_watch_new(&roots, &w) < 0)
		errx(exit_failure, "cannot allocate memory");
	do {
		watch_scan(ctl, pfs, w, first);
		first = false;
	} while (!stop_requested(&stop, &ctl->interval));
	nsi_watch_free(w);
	nsi_procfs_free(pfs);
	return NSI_EXIT_OK;
}

/* The process a --compare target stands for: a PID, else a container's init process. */
static void resolve_compare_target(const struct nsi_ctl *ctl, struct nsi_compare_target *t, struct nsi_procfs *pfs,
				   const struct nsi_model *model, struct nsi_containers **cs, bool *cgroups_read)
{
	pid_t pid;

	if (nsi_parse_pid(t->arg, &pid) == 0) {
		t->proc = nsi_model_find_process(model, pid);
		if (!t->proc)
			fail_missing_pid(pfs, pid);
		return;
	}
	if (!*cs)
		*cs = load_containers(ctl, pfs);
	t->container = find_container(*cs, pfs, model, t->arg, cgroups_read);
	t->proc = nsi_model_find_process(model, t->container->pid);
}

/* Say which namespaces made the answer unknown (they vanished mid-scan). */
static void warn_unknown(const struct nsi_comparison *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		if (c->rows[r].sharing != NSI_UNKNOWN)
			continue;
		for (size_t t = 0; t < c->ntargets; t++)
			if (!c->targets[t].proc->ns[c->rows[r].type])
				warnx("%s: its %s namespace could not be read", c->targets[t].arg,
				      nsi_type_name(c->rows[r].type));
	}
}

/* --compare: exit 0 when every compared type is shared, 1 when one is not. */
static int run_compare(const struct nsi_ctl *ctl)
{
	_cleanup_free_ struct nsi_compare_target *targets = calloc(ctl->ncompare_args, sizeof(*targets));
	struct nsi_containers *cs = NULL;
	struct nsi_procfs *pfs = NULL;
	struct nsi_model *model = NULL;
	struct nsi_scan_stats stats;
	struct nsi_comparison cmp;
	bool cgroups_read = false;
	int r;

	r = nsi_procfs_open(ctl->sysroot, &pfs);
	if (r < 0)
		errx(exit_failure, "cannot open %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
	if (!targets || nsi_model_new(&model) < 0)
		errx(exit_failure, "cannot allocate memory");
	r = nsi_procfs_scan(pfs, ctl->types, model, &stats);
	if (r < 0)
		errx(exit_failure, "cannot scan %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
	nsi_model_finish(model);

	for (size_t i = 0; i < ctl->ncompare_args; i++) {
		targets[i].arg = ctl->compare_args[i];
		resolve_compare_target(ctl, &targets[i], pfs, model, &cs, &cgroups_read);
	}
	nsi_compare(&cmp, targets, ctl->ncompare_args, ctl->types);
	if (ctl->json)
		r = nsi_render_compare_json(&cmp, &ctl->render, stdout);
	else
		r = nsi_render_compare_table(&cmp, &ctl->render, stdout);
	if (r < 0)
		errx(exit_failure, "cannot write output: %s", strerror(-r));
	warn_unknown(&cmp);

	nsi_containers_free(cs);
	nsi_model_free(model);
	nsi_procfs_free(pfs);
	if (cmp.overall == NSI_UNKNOWN)
		return NSI_EXIT_COMPARE_FAILURE;
	return cmp.overall == NSI_SHARED ? NSI_EXIT_OK : NSI_EXIT_DIFFERENT;
}

/*
 * --compare changes what a failure exits with; know that before parsing,
 * so that an error in any option before it is reported with status 2.
 */
static bool compare_requested(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		size_t n = strlen(argv[i]);

		if (n >= 5 && strncmp(argv[i], "--compare", n) == 0)
			return true;
	}
	return false;
}

int main(int argc, char **argv)
{
	struct nsi_ctl ctl = {
		.types = 0,
		.sysroot = NULL,
	};
	int r;

	setlocale(LC_ALL, "");
	nsi_debug_init();
	if (nsi_enter_requested(argc, argv))
		return nsi_enter_main(argc, argv);
	if (compare_requested(argc, argv))
		exit_failure = NSI_EXIT_COMPARE_FAILURE;
	parse_args(&ctl, argc, argv);
	if (ctl.compare)
		r = run_compare(&ctl);
	else if (ctl.watch)
		r = run_watch(&ctl);
	else
		r = ctl.list_columns ? list_columns(&ctl) : run(&ctl);
	free(ctl.pids);
	free(ctl.nsids);
	free(ctl.container_refs);
	return r;
}
