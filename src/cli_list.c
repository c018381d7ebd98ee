/*
 * The list: scan, discover, name containers, select, load what the
 * columns need, then print a table, JSON or (--metrics) Prometheus text.
 * Each stage's failure is one line on stderr and nsi_exit_failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "nsinspect/cgroup.h"
#include "nsinspect/debug.h"
#include "nsinspect/holders.h"
#include "nsinspect/mounts.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/select.h"
#include "nsinspect/users.h"
#include "nsinspect/util.h"

void __attribute__((noreturn)) nsi_cli_fail_missing_pid(struct nsi_procfs *pfs, pid_t pid)
{
	int r = nsi_procfs_probe(pfs, pid);

	if (r == -ESRCH)
		nsi_fail(nsi_exit_failure, "PID %d: no such process", (int)pid);
	if (r == -ECHILD)
		nsi_fail(nsi_exit_failure, "PID %d: has exited (a zombie)", (int)pid);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "PID %d: cannot inspect: %s", (int)pid, strerror(-r));
	nsi_fail(nsi_exit_failure, "PID %d: not a process (a thread ID?) or started after the scan", (int)pid);
}

void nsi_cli_warn_hidden(const struct nsi_scan_stats *st)
{
	if (st->denied)
		nsi_warn("warning: %u of %u processes could not be inspected (permission denied)", st->denied,
		      st->seen);
}

/* NSINSPECT_MOUNTS=mountinfo: read mountinfo files even where statmount() works. */
static enum nsi_mount_source mount_source(const struct nsi_ctl *ctl)
{
	const char *env = getenv("NSINSPECT_MOUNTS");

	if (!env || !*env)
		return nsi_mounts_probe(ctl->sysroot, ctl->deep);
	if (strcmp(env, "mountinfo") != 0)
		nsi_fail(nsi_exit_failure, "NSINSPECT_MOUNTS: unknown value '%s' (only 'mountinfo')", env);
	return NSI_MOUNTS_MOUNTINFO;
}

struct nsi_procfs *nsi_cli_open_procfs(const struct nsi_ctl *ctl)
{
	struct nsi_procfs *pfs = NULL;
	int r = nsi_procfs_open(ctl->sysroot, &pfs);

	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot open %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
	return pfs;
}

void nsi_cli_scan(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *model,
		  struct nsi_scan_stats *stats)
{
	int r = nsi_procfs_scan(pfs, types, model, stats);

	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot scan %s/proc: %s", ctl->sysroot ? ctl->sysroot : "", strerror(-r));
}

/*
 * Build the model: the /proc scan, then the holders no process shows
 * (bind mounts in our mount namespace; with --deep in all of them, and
 * threads and fds), then the ancestors of user and pid namespaces, which
 * may be reached only through those holders.
 */
void nsi_cli_discover(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, struct nsi_model *model,
		     struct nsi_scan_stats *stats)
{
	enum nsi_mount_source msrc = mount_source(ctl);
	nsi_typemask scan_types = ctl->types;
	int r;

	/* every mount namespace's mountinfo is read through one of its processes */
	if (msrc == NSI_MOUNTS_MOUNTINFO && ctl->deep)
		scan_types |= NSI_TYPE_BIT(NSI_TYPE_MNT);
	nsi_cli_scan(ctl, pfs, scan_types, model, stats);
	DBG(INIT, "stage: nsfs mounts");
	r = nsi_mounts_scan(pfs, msrc, ctl->types, ctl->deep, model);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot read nsfs mounts: %s", strerror(-r));
	if (ctl->deep) {
		r = nsi_holders_scan(pfs, ctl->types, model, NULL);
		if (r < 0)
			nsi_fail(nsi_exit_failure, "cannot scan threads and fds: %s", strerror(-r));
	}
	if (ctl->types & (NSI_TYPE_BIT(NSI_TYPE_USER) | NSI_TYPE_BIT(NSI_TYPE_PID))) {
		DBG(INIT, "stage: ancestors");
		r = nsi_nsfs_discover_ancestors(nsi_procfs_dirfd(pfs), model);
		if (r < 0)
			nsi_fail(nsi_exit_failure, "cannot read the namespace hierarchy: %s", strerror(-r));
		nsi_model_mark_scanned(model, NSI_HOLDER_BIT(NSI_HOLDER_CHILD));
	}
	nsi_model_finish(model);
}

/* Containers are looked up only when something shows or selects them. */
static bool want_containers(const struct nsi_ctl *ctl)
{
	return ctl->default_columns || ctl->ncontainer_refs || nsi_columns_need_containers(&ctl->cols);
}

struct nsi_containers *nsi_cli_load_containers(const struct nsi_ctl *ctl, struct nsi_procfs *pfs)
{
	struct nsi_engine_roots roots = { .sysroot = ctl->sysroot, .docker_root = ctl->docker_root };
	struct nsi_containers *cs = NULL;

	if (nsi_containers_new(&cs) < 0 || nsi_containers_load(cs, &roots, nsi_procfs_dirfd(pfs)) < 0)
		nsi_fail(nsi_exit_failure, "cannot allocate memory");
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
const struct nsi_container *nsi_cli_find_container(struct nsi_containers *cs, struct nsi_procfs *pfs,
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
		nsi_fail(nsi_exit_failure, "%s", why);
	if (!nsi_model_find_process(model, c->pid))
		nsi_fail(nsi_exit_failure, "container %s: its process %d could not be inspected",
		     nsi_container_describe(c, desc, sizeof(desc)), (int)c->pid);
	return c;
}

/* -c REF: a container's namespaces are those of its init process. */
static void select_containers(struct nsi_ctl *ctl, struct nsi_containers *cs, struct nsi_procfs *pfs,
			      const struct nsi_model *model)
{
	bool cgroups_read = false;

	for (size_t i = 0; i < ctl->ncontainer_refs; i++) {
		const struct nsi_container *c = nsi_cli_find_container(cs, pfs, model, ctl->container_refs[i], &cgroups_read);

		ctl->pids = nsi_cli_append(ctl->pids, &ctl->npids, sizeof(*ctl->pids));
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
			nsi_fail(nsi_exit_failure, "cannot write %s: %s", ctl->metrics_file, strerror(-r));
		return;
	}
	if (ctl->metrics)
		r = nsi_render_metrics(&mx, stdout);
	else if (ctl->json)
		r = nsi_render_json(sel, &ctl->cols, &ctl->render, users, stdout);
	else
		r = nsi_render_table(sel, &ctl->cols, &ctl->render, users, stdout);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot write output: %s", strerror(-r));
}

int nsi_cli_list(struct nsi_ctl *ctl)
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
	pfs = nsi_cli_open_procfs(ctl);
	if (nsi_model_new(&model) < 0 || nsi_users_new(&users) < 0)
		nsi_fail(nsi_exit_failure, "cannot allocate memory");

	DBG(INIT, "stage: scan");
	nsi_cli_discover(ctl, pfs, model, &stats);
	if (want_containers(ctl)) {
		DBG(INIT, "stage: containers");
		containers = nsi_cli_load_containers(ctl, pfs);
		select_containers(ctl, containers, pfs, model);
		filter.pids = ctl->pids;
		filter.npids = ctl->npids;
		if (ctl->default_columns && nsi_containers_running(containers) &&
		    !nsi_columns_has(&ctl->cols, COL_CONTAINER))
			add_container_column(ctl);
		if (!nsi_columns_need_containers(&ctl->cols))
			containers = nsi_containers_free(containers);
	}

	DBG(INIT, "stage: select");
	r = nsi_select(model, &filter, &sel, &bad);
	if (r == -ESRCH)
		nsi_cli_fail_missing_pid(pfs, ctl->pids[bad]);
	if (r == -ENOENT)
		nsi_fail(nsi_exit_failure, "namespace %" PRIu64 ": not found%s%s", ctl->nsids[bad],
		     ctl->types != NSI_TYPEMASK_ALL ? " among the selected types" : "",
		     stats.denied ? " (some processes could not be inspected)" : "");
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot select namespaces: %s", strerror(-r));

	DBG(INIT, "stage: row details");
	r = nsi_selection_load(&sel, model, pfs, nsi_columns_details(&ctl->cols), nsi_columns_relations(&ctl->cols),
			       containers, ctl->render.tree);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot read process details: %s", strerror(-r));

	DBG(INIT, "stage: output");
	output(ctl, &sel, users, &stats, nsi_seconds_since(&start));
	DBG(INIT, "stage: done");
	/* --metrics reports it as nsinspect_scan_errors: a warning each run would be noise */
	if (!ctl->metrics)
		nsi_cli_warn_hidden(&stats);

	nsi_selection_done(&sel);
	nsi_containers_free(containers);
	nsi_users_free(users);
	nsi_model_free(model);
	nsi_procfs_free(pfs);
	return NSI_EXIT_OK;
}
