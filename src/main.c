/*
 * nsinspect: list Linux namespaces.  main() owns the one control
 * structure and turns the command line into it; the modes run it:
 * cli_list.c the list (scan -> select -> load details -> render),
 * cli_monitor.c --compare and --watch.  Those three files are the only
 * place that prints errors or chooses an exit status: every other
 * function returns a negative errno.  --enter has its own command line,
 * in enter_cli.c.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nsinspect/debug.h"
#include "nsinspect/enter_cli.h"
#include "nsinspect/util.h"

/* --compare answers "differ" with 1, so its failures need another status. */
int nsi_exit_failure = NSI_EXIT_FAILURE;

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

void *nsi_cli_append(void *vec, size_t *n, size_t elsize)
{
	void *v = reallocarray(vec, *n + 1, elsize);

	if (!v)
		err(nsi_exit_failure, "cannot allocate memory");
	(*n)++;
	return v;
}

static void parse_types(struct nsi_ctl *ctl, const char *arg)
{
	nsi_typemask mask;
	const char *bad;
	size_t badlen;

	if (nsi_typemask_parse(arg, &mask, &bad, &badlen) < 0)
		errx(nsi_exit_failure, "unknown namespace type: '%.*s'", (int)badlen, bad);
	ctl->types |= mask;
}

static void parse_task(struct nsi_ctl *ctl, const char *arg)
{
	pid_t pid;

	if (nsi_parse_pid(arg, &pid) < 0)
		errx(nsi_exit_failure, "invalid PID argument: '%s'", arg);
	ctl->pids = nsi_cli_append(ctl->pids, &ctl->npids, sizeof(*ctl->pids));
	ctl->pids[ctl->npids - 1] = pid;
}

static void parse_container(struct nsi_ctl *ctl, const char *arg)
{
	if (!*arg)
		errx(nsi_exit_failure, "invalid container argument: ''");
	ctl->container_refs = nsi_cli_append(ctl->container_refs, &ctl->ncontainer_refs, sizeof(*ctl->container_refs));
	ctl->container_refs[ctl->ncontainer_refs - 1] = arg;
}

static void parse_output(struct nsi_ctl *ctl, const char *arg)
{
	const char *bad;
	size_t badlen;
	int r;

	r = nsi_columns_parse(&ctl->cols, arg, &bad, &badlen);
	if (r == -EINVAL)
		errx(nsi_exit_failure, "unknown column: '%.*s'", (int)badlen, bad);
	if (r < 0)
		errx(nsi_exit_failure, "too many columns: '%s'", arg);
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
		errx(nsi_exit_failure, "invalid namespace argument: '%s'", arg);
	ctl->nsids = nsi_cli_append(ctl->nsids, &ctl->nnsids, sizeof(*ctl->nsids));
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
		errx(nsi_exit_failure, "unknown tree relation: '%s' (process, owner or parent)", arg);
	ctl->tree_given = 1;
}

static void __attribute__((noreturn)) bad_option(const char *what, const char *arg, int opt)
{
	if (opt)
		warnx("%s: '-%c'", what, opt);
	else
		warnx("%s: '%s'", what, arg);
	fprintf(stderr, "Try 'nsinspect --help' for more information.\n");
	exit(nsi_exit_failure);
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
			errx(nsi_exit_failure, "%s cannot be combined with %s", mode, opts[i].name);
}

/* --compare takes its targets as arguments and prints a table of its own. */
static void check_compare_options(const struct nsi_ctl *ctl, bool outputs)
{
	if (ctl->npids || ctl->ncontainer_refs)
		errx(nsi_exit_failure, "--compare takes its targets as arguments, not with -p or -c: "
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
		errx(nsi_exit_failure, "invalid --metrics file: ''");
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
			errx(nsi_exit_failure, "invalid --watch interval: '%s' (seconds, 0.01 to 86400)", arg);
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
		errx(nsi_exit_failure, "--watch with --metrics needs a file: --metrics=FILE");
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
			outputs = nsi_cli_append(outputs, &noutputs, sizeof(*outputs));
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
			errx(nsi_exit_failure, "--compare needs at least two targets (PIDs or containers)");
	} else {
		for (int i = optind; i < argc; i++)
			parse_nsid(ctl, argv[i]);
	}

	if (ctl->npids && ctl->nnsids)
		errx(nsi_exit_failure, "--task and NSID arguments cannot be combined");
	if (ctl->ncontainer_refs && ctl->nnsids)
		errx(nsi_exit_failure, "--container and NSID arguments cannot be combined");
	if (ctl->persistent && (ctl->npids || ctl->nnsids))
		errx(nsi_exit_failure, "--persistent cannot be combined with --task or NSID arguments");
	if (ctl->persistent && ctl->ncontainer_refs)
		errx(nsi_exit_failure, "--persistent cannot be combined with --container");

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

static int list_columns(const struct nsi_ctl *ctl)
{
	int r = ctl->json ? nsi_render_column_list_json(&ctl->render, stdout) :
			    nsi_render_column_list(&ctl->render, stdout);

	if (r < 0)
		errx(nsi_exit_failure, "cannot write output: %s", strerror(-r));
	return NSI_EXIT_OK;
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
		nsi_exit_failure = NSI_EXIT_COMPARE_FAILURE;
	parse_args(&ctl, argc, argv);
	if (ctl.compare)
		r = nsi_cli_compare(&ctl);
	else if (ctl.watch)
		r = nsi_cli_watch(&ctl);
	else
		r = ctl.list_columns ? list_columns(&ctl) : nsi_cli_list(&ctl);
	free(ctl.pids);
	free(ctl.nsids);
	free(ctl.container_refs);
	return r;
}
