/*
 * The inspection (inspect.h): the stages in their order, the facts the
 * resolver asks for, and the completion of the rows.  Every stage that
 * reads the system is called from here and nowhere else, so the order
 * is written down once:
 *
 *   1. scan: /proc, the types of -t (and mnt when every mount namespace
 *      is read through mountinfo files);
 *   2. bind mounts of our mount namespace (all of them with --deep);
 *   3. with --deep, threads, fds and sockets, which are told apart from
 *      other files by the mount points step 2 found;
 *   4. the ancestors of user and pid namespaces, which may be reached
 *      only through what steps 2 and 3 found;
 *   5. the engines' state, on first need; every process's cgroup only
 *      for a container no state names.
 *
 * A lazy inspection (--compare, --enter) starts with none of them and
 * gathers what its targets need; a gather that needs the whole scan
 * starts the model afresh, and the resolver is asked again for every
 * target, so no answer points into a model that was replaced.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/holders.h"
#include "nsinspect/inspect.h"
#include "nsinspect/mounts.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/rows.h"
#include "nsinspect/users.h"
#include "nsinspect/util.h"

/* A target --watch could not resolve in this scan. */
struct target_failure {
	size_t index;
	struct nsi_error err;
};

struct path_entry {
	struct nsi_path_fact fact;
	int fd;			/* the namespace, opened as nsi_nsfs_open_path() checks it; -1 */
};

struct nsi_inspection {
	const struct nsi_request *req;
	struct nsi_procfs *pfs;
	struct nsi_model *model;
	struct nsi_containers *containers;	/* NULL until gathered */
	struct nsi_users *users;
	struct nsi_scan_stats stats;
	unsigned int gathered;			/* NSI_GATHER_* */
	struct nsi_pid_fact *pids;		/* PIDs looked at alone */
	size_t npids;
	struct path_entry *paths;
	size_t npaths;
	struct target_failure *failures;	/* --watch's targets that did not resolve */
	size_t nfailures;
	struct timespec start;
};

/* Every process, and what the discovery stages add (steps 1-4). */
static int gather_scan(struct nsi_inspection *in, struct nsi_error *err)
{
	const struct nsi_request *req = in->req;
	enum nsi_mount_source msrc = req->mountinfo ? NSI_MOUNTS_MOUNTINFO : nsi_mounts_probe(req->roots.sysroot, req->deep);
	nsi_typemask scan_types = req->types;
	char what[PATH_MAX];
	int r;

	/* processes looked at alone are part of the whole: start afresh */
	if (in->gathered & (NSI_GATHER_PROCESS | NSI_GATHER_MOUNTS)) {
		nsi_model_free(in->model);
		in->model = NULL;
		if (nsi_model_new(&in->model) < 0)
			return nsi_error_errno(err, -ENOMEM, "");
	}
	/* every mount namespace's mountinfo is read through one of its processes */
	if (msrc == NSI_MOUNTS_MOUNTINFO && req->deep)
		scan_types |= NSI_TYPE_BIT(NSI_TYPE_MNT);
	snprintf(what, sizeof(what), "cannot scan %s/proc", req->roots.sysroot ? req->roots.sysroot : "");
	DBG(INIT, "stage: scan");
	r = nsi_procfs_scan(in->pfs, scan_types, in->model, &in->stats);
	if (r < 0)
		return nsi_error_errno(err, r, what);
	DBG(INIT, "stage: nsfs mounts");
	r = nsi_mounts_scan(in->pfs, msrc, req->types, req->deep, in->model);
	if (r < 0)
		return nsi_error_errno(err, r, "cannot read nsfs mounts");
	in->gathered |= NSI_GATHER_SCAN | NSI_GATHER_MOUNTS;
	if (req->deep) {
		r = nsi_holders_scan(in->pfs, req->types, in->model, NULL);
		if (r < 0)
			return nsi_error_errno(err, r, "cannot scan threads and fds");
		in->gathered |= NSI_GATHER_DEEP;
	}
	if (req->types & (NSI_TYPE_BIT(NSI_TYPE_USER) | NSI_TYPE_BIT(NSI_TYPE_PID))) {
		DBG(INIT, "stage: ancestors");
		r = nsi_nsfs_discover_ancestors(nsi_procfs_dirfd(in->pfs), in->model);
		if (r < 0)
			return nsi_error_errno(err, r, "cannot read the namespace hierarchy");
		nsi_model_mark_scanned(in->model, NSI_HOLDER_BIT(NSI_HOLDER_CHILD));
	}
	nsi_model_set_incomplete(in->model, in->stats.denied > 0);
	if (nsi_model_finish(in->model) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	return 0;
}

/* Bind mounts of our own mount namespace alone (a lazy inspection's ip netns names). */
static int gather_mounts(struct nsi_inspection *in, struct nsi_error *err)
{
	const struct nsi_request *req = in->req;
	enum nsi_mount_source msrc = req->mountinfo ? NSI_MOUNTS_MOUNTINFO : nsi_mounts_probe(req->roots.sysroot, false);
	int r = nsi_mounts_scan(in->pfs, msrc, NSI_TYPE_BIT(NSI_TYPE_NET), false, in->model);

	if (r < 0)
		return nsi_error_errno(err, r, "cannot read nsfs mounts");
	in->gathered |= NSI_GATHER_MOUNTS;
	nsi_model_finish(in->model);
	return 0;
}

static int gather_containers(struct nsi_inspection *in, struct nsi_error *err)
{
	int r;

	DBG(INIT, "stage: containers");
	r = nsi_containers_new(&in->containers);
	if (r == 0)
		r = nsi_containers_load(in->containers, &in->req->roots, nsi_procfs_dirfd(in->pfs));
	if (r < 0)
		return nsi_error_errno(err, r, "");
	in->gathered |= NSI_GATHER_CONTAINERS;
	return 0;
}

/* Every process's container, in PID order, so each one first seen gets its lowest PID. */
static int gather_cgroups(struct nsi_inspection *in, struct nsi_error *err)
{
	struct nsi_proc *const *procs;
	size_t n;
	int r = 0;

	if (!(in->gathered & NSI_GATHER_SCAN))
		r = gather_scan(in, err);
	if (r == 0 && !in->containers)
		r = gather_containers(in, err);
	if (r < 0)
		return r;
	procs = nsi_model_processes(in->model, &n);
	for (size_t i = 0; i < n; i++)
		if (!procs[i]->container_tried) {
			procs[i]->container = nsi_containers_of_process(in->containers, nsi_procfs_dirfd(in->pfs),
									procs[i]->pid);
			procs[i]->container_tried = true;
		}
	in->gathered |= NSI_GATHER_CGROUPS;
	return 0;
}

/* --deep's holders, asked for by a target no shallower look found. */
static int gather_deep(struct nsi_inspection *in, struct nsi_error *err)
{
	int r = 0;

	if (!(in->gathered & NSI_GATHER_SCAN))
		r = gather_scan(in, err);
	if (r < 0 || (in->gathered & NSI_GATHER_DEEP))
		return r;
	DBG(INIT, "stage: deep (a target asked for it)");
	if (nsi_mounts_probe(in->req->roots.sysroot, true) == NSI_MOUNTS_KERNEL && !in->req->mountinfo) {
		r = nsi_mounts_scan(in->pfs, NSI_MOUNTS_KERNEL, in->req->types, true, in->model);
		if (r < 0)
			return nsi_error_errno(err, r, "cannot read nsfs mounts");
	}
	r = nsi_holders_scan(in->pfs, in->req->types, in->model, NULL);
	if (r == 0 && (in->req->types & (NSI_TYPE_BIT(NSI_TYPE_USER) | NSI_TYPE_BIT(NSI_TYPE_PID))))
		r = nsi_nsfs_discover_ancestors(nsi_procfs_dirfd(in->pfs), in->model);
	if (r < 0)
		return nsi_error_errno(err, r, "cannot scan threads and fds");
	in->gathered |= NSI_GATHER_DEEP;
	nsi_model_finish(in->model);
	return 0;
}

static int gather_process(struct nsi_inspection *in, pid_t pid, struct nsi_error *err)
{
	struct nsi_pid_fact *v = reallocarray(in->pids, in->npids + 1, sizeof(*v));
	int r;

	if (!v)
		return nsi_error_errno(err, -ENOMEM, "");
	in->pids = v;
	r = nsi_procfs_read_one(in->pfs, pid, in->req->types, in->model, &v[in->npids]);
	if (r < 0)
		return nsi_error_errno(err, r, "");
	in->npids++;
	in->gathered |= NSI_GATHER_PROCESS;
	nsi_model_finish(in->model);
	return 0;
}

static int gather_path(struct nsi_inspection *in, const char *path, struct nsi_error *err)
{
	struct path_entry *v = reallocarray(in->paths, in->npaths + 1, sizeof(*v));
	struct path_entry *e;
	int fd;

	if (!v)
		return nsi_error_errno(err, -ENOMEM, "");
	in->paths = v;
	e = &v[in->npaths++];
	*e = (struct path_entry){ .fact = { .path = path }, .fd = -1 };
	fd = nsi_nsfs_open_path(path, &e->fact.type, &e->fact.ino);
	if (fd < 0)
		e->fact.err = fd;
	else
		e->fd = fd;
	in->gathered |= NSI_GATHER_PATH;
	return 0;
}

/* What the resolver asked for, in the order of the stages. */
static int gather(struct nsi_inspection *in, const struct nsi_need *need, const struct nsi_target *t,
		  struct nsi_error *err)
{
	unsigned int what = need->what;
	int r = 0;

	DBG(INIT, "gather %#x for '%s'", what, t->text);
	if (what & NSI_GATHER_PROCESS)
		r = gather_process(in, need->pid, err);
	if (r == 0 && (what & NSI_GATHER_SCAN))
		r = gather_scan(in, err);
	if (r == 0 && (what & NSI_GATHER_MOUNTS) && !(in->gathered & NSI_GATHER_MOUNTS))
		r = gather_mounts(in, err);
	if (r == 0 && (what & NSI_GATHER_CONTAINERS) && !in->containers)
		r = gather_containers(in, err);
	if (r == 0 && (what & NSI_GATHER_CGROUPS))
		r = gather_cgroups(in, err);
	if (r == 0 && (what & NSI_GATHER_DEEP))
		r = gather_deep(in, err);
	if (r == 0 && (what & NSI_GATHER_PATH))
		r = gather_path(in, t->text, err);
	return r;
}

static bool lazy_mode(enum nsi_mode mode)
{
	return mode == NSI_MODE_COMPARE || mode == NSI_MODE_ENTER;
}

int nsi_inspection_new(const struct nsi_request *req, struct nsi_inspection **ret, struct nsi_error *err)
{
	struct nsi_inspection *in = calloc(1, sizeof(*in));
	int r;

	if (!in)
		return nsi_error_errno(err, -ENOMEM, "");
	clock_gettime(CLOCK_MONOTONIC, &in->start);
	in->req = req;
	r = nsi_procfs_open(req->roots.sysroot, &in->pfs);
	if (r < 0) {
		char what[PATH_MAX];

		snprintf(what, sizeof(what), "cannot open %s/proc", req->roots.sysroot ? req->roots.sysroot : "");
		nsi_error_errno(err, r, what);
	} else if (nsi_model_new(&in->model) < 0 || nsi_users_new(&in->users) < 0) {
		r = nsi_error_errno(err, -ENOMEM, "");
	} else if (!lazy_mode(req->mode)) {
		r = gather_scan(in, err);
	}
	if (r < 0) {
		nsi_inspection_free(in);
		return r;
	}
	*ret = in;
	return 0;
}

struct nsi_inspection *nsi_inspection_free(struct nsi_inspection *in)
{
	if (!in)
		return NULL;
	for (size_t i = 0; i < in->npaths; i++)
		if (in->paths[i].fd >= 0)
			close(in->paths[i].fd);
	free(in->paths);
	free(in->failures);
	free(in->pids);
	nsi_containers_free(in->containers);
	nsi_users_free(in->users);
	nsi_model_free(in->model);
	nsi_procfs_free(in->pfs);
	free(in);
	return NULL;
}

static struct nsi_facts facts(const struct nsi_inspection *in, struct nsi_path_fact *paths)
{
	for (size_t i = 0; i < in->npaths; i++)
		paths[i] = in->paths[i].fact;
	return (struct nsi_facts){
		.model = in->model,
		.containers = in->containers,
		.gathered = in->gathered,
		.pids = in->pids,
		.npids = in->npids,
		.paths = paths,
		.npaths = in->npaths,
		.types = in->req->types,
		.incomplete = in->stats.denied > 0,
		.engines_need_root = nsi_procfs_is_live(in->pfs) && geteuid() != 0,
	};
}

/*
 * Each gather adds a fact or a stage the resolver then has, so the rounds
 * end; the bound only turns a resolver that asks forever into an error.
 */
#define MAX_ROUNDS(n) (16 + 4 * (n))

int nsi_inspection_resolve(struct nsi_inspection *in, const struct nsi_target *targets, size_t n,
			   struct nsi_resolved *ret, struct nsi_error *err)
{
	for (size_t round = 0; round < MAX_ROUNDS(n); round++) {
		_cleanup_free_ struct nsi_path_fact *paths = calloc(in->npaths + 1, sizeof(*paths));
		struct nsi_facts f;
		size_t i;

		if (!paths)
			return nsi_error_errno(err, -ENOMEM, "");
		f = facts(in, paths);
		for (i = 0; i < n; i++) {
			struct nsi_need need = { 0 };
			int r = nsi_resolve(&f, &targets[i], &ret[i], &need, err);

			if (r == -EAGAIN) {
				r = gather(in, &need, &targets[i], err);
				if (r < 0)
					return r;
				break;	/* a new model may have replaced what earlier answers point to */
			}
			if (r < 0)
				return r;
		}
		if (i == n)
			return 0;
	}
	return nsi_error_set(err, -ELOOP, "cannot resolve the targets: the facts never settle");
}

/* Where @col is last in @cols (-o +COMMAND may repeat one); cols->n when it is not there. */
static size_t last_column_index(const struct nsi_columns *cols, enum nsi_col col)
{
	for (size_t i = cols->n; i-- > 0;)
		if (cols->ids[i] == col)
			return i;
	return cols->n;
}

/*
 * The columns to show: CONTAINER joins the defaults, before COMMAND, when
 * containers run.  Returns whether it did, so that it can leave again
 * when no shown row turns out to be in one (see drop_empty_container()).
 */
static bool shown_columns(const struct nsi_inspection *in, struct nsi_columns *cols)
{
	size_t at;

	*cols = in->req->cols;
	if (!in->req->default_columns || !in->containers || !nsi_containers_running(in->containers) ||
	    nsi_columns_has(cols, COL_CONTAINER))
		return false;
	at = last_column_index(cols, COL_COMMAND);
	if (nsi_columns_add(cols, COL_CONTAINER) < 0)
		return false;
	memmove(&cols->ids[at + 1], &cols->ids[at], (cols->n - 1 - at) * sizeof(cols->ids[0]));
	cols->ids[at] = COL_CONTAINER;
	return true;
}

/*
 * A default CONTAINER column that would be empty on every row goes: the
 * same question gets lsns's columns whether or not some unrelated
 * container runs elsewhere on the machine.
 */
static void drop_empty_container(const struct nsi_selection *sel, struct nsi_columns *cols)
{
	size_t at = last_column_index(cols, COL_CONTAINER);

	for (size_t i = 0; i < sel->nrows; i++)
		if (nsi_selection_container(sel, i))
			return;
	if (at == cols->n)
		return;
	memmove(&cols->ids[at], &cols->ids[at + 1], (cols->n - 1 - at) * sizeof(cols->ids[0]));
	cols->n--;
}

/* The filter of the request's resolved targets: processes (-p, -c) and namespaces (NSIDs). */
static int build_filter(struct nsi_inspection *in, const struct nsi_resolved *res, size_t n, struct nsi_filter *f,
			const struct nsi_proc **procs, struct nsi_ns **nss)
{
	const struct nsi_request *req = in->req;

	*f = (struct nsi_filter){ .types = req->types, .persistent = req->persistent, .targeted = req->ntargets > 0,
				  .procs = procs, .namespaces = nss, .namespace_rows = req->mode == NSI_MODE_WATCH };
	for (size_t i = 0; i < n; i++) {
		struct nsi_ns *ns;

		if (res[i].kind != NSI_RESOLVED_NAMESPACE) {
			procs[f->nprocs++] = res[i].proc;
			continue;
		}
		/* known by its path alone (an fd's, another mount namespace's): no scanned process is in it */
		ns = nsi_model_find_ns(in->model, res[i].type, res[i].ino);
		if (!ns && !(ns = nsi_model_add_namespace(in->model, res[i].type, res[i].ino)))
			return -ENOMEM;
		nss[f->nnamespaces++] = ns;
	}
	if (f->nnamespaces)
		nsi_model_finish(in->model);
	return 0;
}

/*
 * --watch resolves its targets anew each scan, and one that names
 * nothing now (a container that stopped) leaves no rows, not an error:
 * the stream goes on.  The others must all resolve.  The resolved ones
 * are packed at the front of @res; their count is returned.
 */
static ssize_t resolve_request(struct nsi_inspection *in, struct nsi_resolved *res, struct nsi_error *err)
{
	const struct nsi_request *req = in->req;
	size_t n = 0;

	if (req->mode != NSI_MODE_WATCH) {
		int r = nsi_inspection_resolve(in, req->targets, req->ntargets, res, err);

		return r < 0 ? r : (ssize_t)req->ntargets;
	}
	for (size_t i = 0; i < req->ntargets; i++) {
		struct target_failure *v;
		struct nsi_error e = { 0 };
		int r = nsi_inspection_resolve(in, &req->targets[i], 1, &res[n], &e);

		if (r == 0) {
			n++;
			continue;
		}
		if (r == -ENOMEM || !(v = reallocarray(in->failures, in->nfailures + 1, sizeof(*v))))
			return nsi_error_errno(err, -ENOMEM, "");
		in->failures = v;
		v[in->nfailures++] = (struct target_failure){ .index = i, .err = e };
	}
	return (ssize_t)n;
}

const struct nsi_error *nsi_inspection_target_error(const struct nsi_inspection *in, size_t index)
{
	for (size_t i = 0; i < in->nfailures; i++)
		if (in->failures[i].index == index)
			return &in->failures[i].err;
	return NULL;
}

/* Keep the rows -Q matches.  0 or -ENOMEM. */
static int apply_query(const struct nsi_query *q, struct nsi_selection *sel)
{
	_cleanup_free_ bool *keep = calloc(sel->nrows ? sel->nrows : 1, sizeof(*keep));

	if (!keep)
		return -ENOMEM;
	for (size_t i = 0; i < sel->nrows; i++) {
		int m = nsi_query_match(q, &sel->rows[i], sel->process_view);

		if (m < 0)
			return m;
		keep[i] = m;
	}
	return nsi_selection_keep(sel, keep);
}

/*
 * The rows' details, and -Q: a filter on what the scan alone knows (NS,
 * TYPE, NPROCS, PID ...) runs first, so only the rows it keeps are read
 * further; one on details runs once they are read, with its columns
 * loaded too even when they are not shown.
 */
static int complete_filtered(struct nsi_inspection *in, struct nsi_selection *sel, const struct nsi_columns *cols,
			     unsigned int format_needs)
{
	const struct nsi_query *q = in->req->query;
	struct nsi_columns load = *cols, asked = { 0 };
	bool cheap;
	int r;

	if (!q)
		return nsi_inspection_complete(in, sel, cols, format_needs);
	if (nsi_query_columns(q, &asked) < 0 || nsi_query_columns(q, &load) < 0)
		return -E2BIG;
	cheap = !nsi_columns_details(&asked) && !nsi_columns_relations(&asked) && !nsi_columns_need_containers(&asked);
	if (cheap && (r = apply_query(q, sel)) < 0)
		return r;
	r = nsi_inspection_complete(in, sel, &load, format_needs);
	return r < 0 || cheap ? r : apply_query(q, sel);
}

int nsi_inspection_rows(struct nsi_inspection *in, struct nsi_selection *ret, struct nsi_columns *ret_cols,
			struct nsi_error *err)
{
	const struct nsi_request *req = in->req;
	size_t n = req->ntargets;
	_cleanup_free_ struct nsi_resolved *res = calloc(n + 1, sizeof(*res));
	_cleanup_free_ const struct nsi_proc **procs = calloc(n + 1, sizeof(*procs));
	_cleanup_free_ struct nsi_ns **nss = calloc(n + 1, sizeof(*nss));
	struct nsi_filter f;
	ssize_t resolved;
	bool added_container;
	int r;

	if (!res || !procs || !nss)
		return nsi_error_errno(err, -ENOMEM, "");
	resolved = resolve_request(in, res, err);
	if (resolved < 0)
		return (int)resolved;
	/* the default table names containers once there are any */
	if (req->default_columns && !in->containers && (r = gather_containers(in, err)) < 0)
		return r;
	added_container = shown_columns(in, ret_cols);
	DBG(INIT, "stage: select");
	if (build_filter(in, res, (size_t)resolved, &f, procs, nss) < 0 || nsi_select(in->model, &f, ret) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	DBG(INIT, "stage: row details");
	r = complete_filtered(in, ret, ret_cols, nsi_format(req->format)->needs);
	if (r < 0) {
		nsi_selection_done(ret);
		return nsi_error_errno(err, r, "cannot read process details");
	}
	if (added_container)
		drop_empty_container(ret, ret_cols);
	return 0;
}

int nsi_inspection_complete(struct nsi_inspection *in, struct nsi_selection *sel, const struct nsi_columns *cols,
			    unsigned int format_needs)
{
	struct nsi_row_needs needs = {
		.details = nsi_columns_details(cols),
		.relations = nsi_columns_relations(cols),
		.tree = (format_needs & NSI_FORMAT_NEEDS_TREE) ? in->req->render.tree : NSI_TREE_NONE,
	};
	bool containers = nsi_columns_need_containers(cols) || (format_needs & NSI_FORMAT_NEEDS_CONTAINERS);

	if (format_needs & NSI_FORMAT_NEEDS_HIERARCHY)
		needs.relations |= NSI_REL_PARENT | NSI_REL_OWNER;
	if (containers && !in->containers && gather_containers(in, NULL) < 0)
		return -ENOMEM;
	return nsi_rows_complete(sel, in->model, in->pfs, &needs, containers ? in->containers : NULL, in->users);
}

int nsi_inspection_load_ids(struct nsi_inspection *in, struct nsi_selection *sel)
{
	struct nsi_row_needs needs = { .relations = NSI_REL_ID };

	return nsi_rows_complete(sel, in->model, in->pfs, &needs, NULL, NULL);
}

const struct nsi_scan_stats *nsi_inspection_stats(const struct nsi_inspection *in)
{
	return &in->stats;
}

bool nsi_inspection_saw_all(const struct nsi_inspection *in)
{
	return in->stats.denied == 0;
}

double nsi_inspection_seconds(const struct nsi_inspection *in)
{
	return nsi_seconds_since(&in->start);
}

const char *const *nsi_inspection_engine_warnings(const struct nsi_inspection *in, size_t *ret_count)
{
	*ret_count = 0;
	return in->containers ? nsi_containers_warnings(in->containers, ret_count) : NULL;
}

int nsi_inspection_open_ns(struct nsi_inspection *in, const struct nsi_resolved *r)
{
	int fd;

	for (size_t i = 0; r->path && i < in->npaths; i++)
		if (strcmp(in->paths[i].fact.path, r->path) == 0 && in->paths[i].fd >= 0) {
			fd = fcntl(in->paths[i].fd, F_DUPFD_CLOEXEC, 3);
			return fd < 0 ? -errno : fd;
		}
	if (!r->ns)
		return -ENOENT;
	fd = nsi_nsfs_open(nsi_procfs_dirfd(in->pfs), r->ns);
	return fd < 0 ? -ENOENT : fd;
}

bool nsi_inspection_container_current(const struct nsi_inspection *in, const struct nsi_container *c)
{
	return nsi_container_pid_is_current(in->containers, c, nsi_procfs_dirfd(in->pfs));
}

ssize_t nsi_inspection_exe(const struct nsi_inspection *in, pid_t pid, char *buf, size_t size)
{
	char path[32];
	ssize_t n;

	snprintf(path, sizeof(path), "%d/exe", (int)pid);
	n = readlinkat(nsi_procfs_dirfd(in->pfs), path, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}
