/*
 * Row completion (rows.h) and the tree relations.
 *
 * In the namespace view a row nests under the namespace (of the same
 * type) that holds the nearest ancestor process of the row's lowest-PID
 * process that is outside the row's namespace: the namespace it was
 * spawned from.  lsns nests a row under whatever row its process's parent
 * happened to be printed with, which can be a namespace of another type;
 * keeping the relation per type makes the tree mean one thing.
 *
 * In the process view a process nests under its parent process when the
 * parent is shown too.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/cmdlines.h"
#include "nsinspect/debug.h"
#include "nsinspect/netnsid.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/parallel.h"
#include "nsinspect/rows.h"
#include "nsinspect/util.h"

static ssize_t find_proc_row(const struct nsi_selection *s, pid_t pid)
{
	size_t lo = 0, hi = s->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t p = s->rows[mid].proc->pid;

		if (p == pid)
			return (ssize_t)mid;
		if (p < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The parent process of @p as recorded in the model, or NULL. */
static struct nsi_proc *parent_of(const struct nsi_model *m, struct nsi_procfs *pfs, struct nsi_proc *p,
				  int *ret_err)
{
	*ret_err = nsi_procfs_load_details(pfs, p, NSI_DETAIL_PPID);
	if (*ret_err < 0 || !(p->details_ok & NSI_DETAIL_PPID) || p->ppid == 0)
		return NULL;
	return nsi_model_find_process(m, p->ppid);
}

static int link_ns_row(struct nsi_selection *s, size_t row, const struct nsi_model *m, struct nsi_procfs *pfs)
{
	const struct nsi_ns *ns = s->rows[row].ns;
	struct nsi_proc *p = s->rows[row].proc;
	size_t nprocs, steps;

	nsi_model_processes(m, &nprocs);
	/* the bound only guards against a PPID loop in a corrupt dump */
	for (steps = 0; p && steps <= nprocs; steps++) {
		int r;

		p = parent_of(m, pfs, p, &r);
		if (r < 0)
			return r;
		if (p && p->ns[ns->type] && p->ns[ns->type] != ns->ino) {
			s->rows[row].parent = nsi_selection_find_ns(s, ns->type, p->ns[ns->type]);
			break;
		}
	}
	return 0;
}

static int link_proc_row(struct nsi_selection *s, size_t row, const struct nsi_model *m, struct nsi_procfs *pfs)
{
	struct nsi_proc *p = s->rows[row].proc;
	int r;

	r = nsi_procfs_load_details(pfs, p, NSI_DETAIL_PPID);
	if (r < 0)
		return r;
	if ((p->details_ok & NSI_DETAIL_PPID) && p->ppid != p->pid)
		s->rows[row].parent = find_proc_row(s, p->ppid);
	return 0;
}

/* Parent links come from /proc snapshots taken at different times: cut any cycle. */
static void break_cycles(struct nsi_selection *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		ssize_t j = s->rows[i].parent;

		for (size_t steps = 0; j >= 0 && steps < s->nrows; steps++) {
			if ((size_t)j == i) {
				s->rows[i].parent = -1;
				break;
			}
			j = s->rows[j].parent;
		}
	}
}

/* -T owner and -T parent: the relation the nsfs ioctls gave. */
static void link_ns_relation(struct nsi_selection *s, size_t row, enum nsi_tree tree)
{
	const struct nsi_ns *ns = s->rows[row].ns;

	if (tree == NSI_TREE_OWNER && (ns->rel_ok & NSI_REL_OWNER) && ns->owner_ino)
		s->rows[row].parent = nsi_selection_find_ns(s, NSI_TYPE_USER, ns->owner_ino);
	else if (tree == NSI_TREE_PARENT && (ns->rel_ok & NSI_REL_PARENT) && ns->parent_ino)
		s->rows[row].parent = nsi_selection_find_ns(s, ns->type, ns->parent_ino);
}

/* NETNSID of a network namespace row; the netlink socket is opened on first use. */
static void load_netnsid(int *sock, int procfd, struct nsi_ns *ns)
{
	_cleanup_close_ int fd = -1;
	int r;

	if (ns->type != NSI_TYPE_NET || (ns->rel_tried & NSI_REL_NETNSID))
		return;
	ns->rel_tried |= NSI_REL_NETNSID;
	if (*sock < 0)
		*sock = nsi_netnsid_open();
	fd = nsi_nsfs_open(procfd, ns);
	if (*sock < 0 || fd < 0)
		return;
	r = nsi_netnsid_get(*sock, fd, &ns->netnsid);
	if (r < 0)
		DBG(NS, "netnsid of %llu: %s", (unsigned long long)ns->ino, strerror(-r));
	else
		ns->rel_ok |= NSI_REL_NETNSID;
}

/*
 * The container of a namespace row: its process's, or for a network
 * namespace no process is in, the one whose bind mount holds it (Docker's
 * sandbox).  A process row's is its process's, which resolve_containers()
 * found.
 */
static void load_container(const struct nsi_containers *cs, const struct nsi_row *row)
{
	const struct nsi_proc *p = row->proc;
	const struct nsi_container *c = NULL;

	if (p)
		c = p->container;
	else if (row->ns->type == NSI_TYPE_NET)
		for (size_t i = 0; i < row->ns->nholders && !c; i++)
			if (row->ns->holders[i].kind == NSI_HOLDER_MOUNT)
				c = nsi_containers_of_netns_path(cs, row->ns->holders[i].path);
	row->ns->container = c;
}

/* Below this many reads a thread is not worth starting. */
#define LOAD_THREAD_MIN_ITEMS 128

/*
 * The reads each row needs that depend on nothing shared, done in one
 * parallel loop: items below @nrel are rows whose nsfs relations are
 * read; the rest are the rows' processes, each once, whose details and
 * cgroup are read.
 */
struct load_job {
	struct nsi_selection *s;
	size_t nrel;			/* rows whose relations are read: 0 or s->nrows */
	struct nsi_proc **procs;	/* the rows' processes, each once, in PID order */
	char **cgroups;			/* per process: its cgroup text, or NULL */
	nsi_typemask *types;		/* per process: the types of the rows it stands for */
	bool *gone;			/* per process: not the process scanned any more */
	const struct nsi_containers *containers;	/* read only until the loop ends */
	struct nsi_procfs *pfs;
	unsigned int details;
	unsigned int relations;		/* enum nsi_relation the rows need */
	atomic_int err;			/* the first failure (-ENOMEM), 0 none */
};

static void load_item(void *ctx, size_t i)
{
	struct load_job *job = ctx;
	struct nsi_proc *p;
	int r, none = 0;

	if (i < job->nrel) {
		if (job->s->rows[i].ns)
			nsi_nsfs_load_relations(nsi_procfs_dirfd(job->pfs), job->s->rows[i].ns, job->relations);
		return;
	}
	i -= job->nrel;
	p = job->procs[i];
	if (job->containers && !p->container_tried)
		job->cgroups[i] = nsi_containers_read_cgroup(job->containers, nsi_procfs_dirfd(job->pfs), p->pid);
	r = nsi_procfs_load_details(job->pfs, p, job->details);
	if (r < 0)
		atomic_compare_exchange_strong(&job->err, &none, r);
	if (r == 0 && !nsi_procfs_still_scanned(job->pfs, p, job->types[i]))
		job->gone[i] = true;
}

static int cmp_proc_pid(const void *a, const void *b)
{
	const struct nsi_proc *x = *(struct nsi_proc *const *)a, *y = *(struct nsi_proc *const *)b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The processes of the rows, each once (one process stands for up to eight rows), in PID order. */
static struct nsi_proc **distinct_procs(const struct nsi_selection *s, size_t *ret_n, nsi_typemask **ret_types)
{
	struct nsi_proc **v = calloc(s->nrows ? s->nrows : 1, sizeof(*v));
	nsi_typemask *types = calloc(s->nrows ? s->nrows : 1, sizeof(*types));
	size_t n = 0, u = 0;

	if (!v || !types) {
		free(v);
		free(types);
		return NULL;
	}
	for (size_t i = 0; i < s->nrows; i++)
		if (s->rows[i].proc)
			v[n++] = s->rows[i].proc;
	qsort(v, n, sizeof(*v), cmp_proc_pid);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	/* the types of the rows each process stands for: what its details must still be true of */
	for (size_t i = 0; i < s->nrows; i++) {
		struct nsi_proc *key = s->rows[i].proc, **at;

		if (key && s->rows[i].ns && (at = bsearch(&key, v, u, sizeof(*v), cmp_proc_pid)))
			types[at - v] |= NSI_TYPE_BIT(s->rows[i].ns->type);
	}
	*ret_n = u;
	*ret_types = types;
	return v;
}

/*
 * Name each process's container from the cgroup text the loop read, in
 * PID order: a container known only from its cgroup path is recorded
 * with the first (lowest) PID seen in it.
 */
static void resolve_containers(struct nsi_containers *cs, struct load_job *job, size_t nprocs)
{
	for (size_t i = 0; i < nprocs; i++) {
		struct nsi_proc *p = job->procs[i];

		if (!p->container_tried) {
			p->container = nsi_containers_of_read_cgroup(cs, p->pid, job->cgroups[i]);
			p->container_tried = true;
		}
		free(job->cgroups[i]);
	}
}

/*
 * Forget all that was read of the processes found in other namespaces
 * after a read (by the loop or by the command line reader): their PIDs
 * were reused, so nothing of them is known to be the scanned process's.
 */
static void forget_gone(struct load_job *job, size_t nprocs)
{
	for (size_t i = 0; i < nprocs; i++) {
		if (!job->gone[i])
			continue;
		DBG(PROC, "%d: not the process scanned any more: its details are unknown", (int)job->procs[i]->pid);
		nsi_proc_forget_details(job->procs[i]);
		free(job->cgroups[i]);
		job->cgroups[i] = NULL;
	}
}

/*
 * The per-row reads that parallelise: nsfs relations, process details,
 * cgroups.  Live command lines are read by a child process meanwhile,
 * under a deadline (cmdlines.h); it forks before the loop starts threads.
 */
static int load_rows_parallel(struct nsi_selection *s, struct nsi_procfs *pfs, unsigned int details,
			      unsigned int relations, struct nsi_containers *containers)
{
	struct load_job job = { .s = s, .pfs = pfs, .details = details, .relations = relations,
				.containers = containers };
	_cleanup_free_ struct nsi_proc **procs = NULL;
	_cleanup_free_ char **cgroups = NULL;
	_cleanup_free_ nsi_typemask *types = NULL;
	_cleanup_free_ bool *gone = NULL;
	struct nsi_cmdlines *cmdlines = NULL;
	size_t nprocs = 0;
	int r;

	atomic_init(&job.err, 0);
	/* a process view's rows share namespaces: their relations are read in one thread */
	if ((relations & ~NSI_REL_NETNSID) && !s->process_view)
		job.nrel = s->nrows;
	if (details || containers) {
		procs = distinct_procs(s, &nprocs, &types);
		cgroups = calloc(nprocs ? nprocs : 1, sizeof(*cgroups));
		gone = calloc(nprocs ? nprocs : 1, sizeof(*gone));
		if (!procs || !cgroups || !gone)
			return -ENOMEM;
	}
	job.procs = procs;
	job.cgroups = cgroups;
	job.types = types;
	job.gone = gone;
	if ((details & NSI_DETAIL_COMMAND) && nsi_procfs_is_live(pfs)) {
		job.details &= ~NSI_DETAIL_COMMAND;
		if (nsi_cmdlines_start(pfs, procs, types, nprocs, &cmdlines) < 0)
			return -ENOMEM;
	}
	nsi_parallel_for(job.nrel + nprocs, LOAD_THREAD_MIN_ITEMS, load_item, &job);
	r = cmdlines ? nsi_cmdlines_finish(cmdlines, gone, &s->late) : 0;
	forget_gone(&job, nprocs);
	if (containers)
		resolve_containers(containers, &job, nprocs);
	return r < 0 ? r : atomic_load(&job.err);
}

/* User names of the rows' processes, looked up once per UID. */
static void name_users(struct nsi_selection *s, struct nsi_users *users)
{
	for (size_t i = 0; i < s->nrows; i++) {
		struct nsi_proc *p = s->rows[i].proc;

		if (p && (p->details_ok & NSI_DETAIL_UID) && !p->user)
			p->user = nsi_users_name(users, p->uid);
	}
}

/*
 * UID and USER of a namespace no process is in: its owner's, the creator
 * of its (owning) user namespace, as lsns 2.41 shows them (`ip netns add`
 * gives 0 root).  Asked only for those rows, which are few.
 */
static void name_owners(struct nsi_selection *s, struct nsi_procfs *pfs, struct nsi_users *users)
{
	for (size_t i = 0; i < s->nrows; i++) {
		struct nsi_ns *ns = s->rows[i].ns;

		if (s->rows[i].proc || !ns)
			continue;
		nsi_nsfs_load_relations(nsi_procfs_dirfd(pfs), ns, NSI_REL_OWNER_UID);
		if ((ns->rel_ok & NSI_REL_OWNER_UID) && !ns->owner_user && users)
			ns->owner_user = nsi_users_name(users, ns->owner_uid);
	}
}

int nsi_rows_complete(struct nsi_selection *s, const struct nsi_model *m, struct nsi_procfs *pfs,
		      const struct nsi_row_needs *needs, struct nsi_containers *containers, struct nsi_users *users)
{
	enum nsi_tree tree = needs->tree;
	unsigned int relations = needs->relations;
	_cleanup_close_ int nlsock = -1;
	int r;

	if (tree == NSI_TREE_OWNER || tree == NSI_TREE_PARENT)
		relations |= NSI_REL_OWNER | NSI_REL_PARENT;
	r = load_rows_parallel(s, pfs, needs->details, relations, containers);
	if (r < 0)
		return r;
	if (users && (needs->details & NSI_DETAIL_UID))
		name_users(s, users);
	if (needs->details & NSI_DETAIL_UID)
		name_owners(s, pfs, users);

	/* one netlink socket and the registry's caches: these stay in this thread */
	for (size_t i = 0; i < s->nrows; i++) {
		if ((relations & ~NSI_REL_NETNSID) && s->process_view)
			nsi_nsfs_load_relations(nsi_procfs_dirfd(pfs), s->rows[i].ns, relations);
		if ((relations & NSI_REL_NETNSID) && s->rows[i].ns)
			load_netnsid(&nlsock, nsi_procfs_dirfd(pfs), s->rows[i].ns);
		if (containers && !s->process_view)
			load_container(containers, &s->rows[i]);
		if ((tree == NSI_TREE_OWNER || tree == NSI_TREE_PARENT) && !s->process_view)
			link_ns_relation(s, i, tree);
		if (tree != NSI_TREE_PROCESS || !s->rows[i].proc)
			continue;
		r = s->process_view ? link_proc_row(s, i, m, pfs) : link_ns_row(s, i, m, pfs);
		if (r < 0)
			return r;
	}
	if (tree != NSI_TREE_NONE)
		break_cycles(s);
	return 0;
}
