/*
 * The namespace table.  Processes live in fixed-size chunks so that
 * pointers to them stay valid while the scan adds more.  Namespaces are
 * found through a hash on (type, inode) so that adding a process costs
 * O(1) per type instead of lsns's linear search; a namespace counts its
 * members and keeps the lowest-PID one, which is all any output asks
 * (lsns keeps a member list per namespace, nothing here reads one).
 * After the scan, nsi_model_finish() builds the sorted views the
 * selection and the renderers iterate, and drops stacked mounts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/debug.h"
#include "nsinspect/model.h"
#include "nsinspect/util.h"

#define PROC_CHUNK 512

struct proc_chunk {
	struct proc_chunk *next;
	size_t used;
	struct nsi_proc procs[PROC_CHUNK];
};

struct nsi_model {
	struct proc_chunk *chunks;	/* newest first */
	struct nsi_proc **procs;	/* every process, sorted by PID after finish */
	size_t nprocs, procs_cap;

	struct nsi_ns **buckets;
	size_t nbuckets;
	struct nsi_ns **nss;		/* every namespace, sorted after finish */
	size_t nns, nss_cap;
	unsigned int scanned;		/* holder kinds looked for (NSI_HOLDER_BIT) */
	bool incomplete;		/* some processes could not be inspected */
};

int nsi_model_new(struct nsi_model **ret)
{
	struct nsi_model *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->nbuckets = 1024;
	m->buckets = calloc(m->nbuckets, sizeof(*m->buckets));
	if (!m->buckets) {
		free(m);
		return -ENOMEM;
	}
	*ret = m;
	return 0;
}

struct nsi_model *nsi_model_free(struct nsi_model *m)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->nprocs; i++)
		free(m->procs[i]->command);
	while (m->chunks) {
		struct proc_chunk *next = m->chunks->next;

		free(m->chunks);
		m->chunks = next;
	}
	for (size_t i = 0; i < m->nns; i++) {
		for (size_t h = 0; h < m->nss[i]->nholders; h++)
			free(m->nss[i]->holders[h].path);
		free(m->nss[i]->holders);
		free(m->nss[i]);
	}
	free(m->nss);
	free(m->procs);
	free(m->buckets);
	free(m);
	return NULL;
}

/* Inodes of nsfs are allocated nearly in sequence: spread them out. */
static size_t ns_hash(const struct nsi_model *m, enum nsi_type type, uint64_t ino)
{
	uint64_t h = (ino ^ ((uint64_t)type << 56)) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (m->nbuckets - 1);
}

static int grow(void **vec, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 256;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*vec, ncap * elsize);
	if (!n)
		return -ENOMEM;
	*vec = n;
	*cap = ncap;
	return 0;
}

static int rehash(struct nsi_model *m)
{
	size_t nb = m->nbuckets * 4;
	struct nsi_ns **b = calloc(nb, sizeof(*b));

	if (!b)
		return -ENOMEM;
	free(m->buckets);
	m->buckets = b;
	m->nbuckets = nb;
	for (size_t i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->nss[i];
		size_t h = ns_hash(m, ns->type, ns->ino);

		ns->hash_next = b[h];
		b[h] = ns;
	}
	return 0;
}

struct nsi_ns *nsi_model_find_ns(const struct nsi_model *m, enum nsi_type type, uint64_t ino)
{
	for (struct nsi_ns *ns = m->buckets[ns_hash(m, type, ino)]; ns; ns = ns->hash_next)
		if (ns->ino == ino && ns->type == type)
			return ns;
	return NULL;
}

struct nsi_ns *nsi_model_find_ino(const struct nsi_model *m, uint64_t ino)
{
	for (int t = 0; t < NSI_NTYPES; t++) {
		struct nsi_ns *ns = nsi_model_find_ns(m, (enum nsi_type)t, ino);

		if (ns)
			return ns;
	}
	return NULL;
}

static struct nsi_ns *get_ns(struct nsi_model *m, enum nsi_type type, uint64_t ino)
{
	struct nsi_ns *ns = nsi_model_find_ns(m, type, ino);
	size_t h;

	if (ns)
		return ns;
	if (grow((void **)&m->nss, &m->nss_cap, m->nns + 1, sizeof(*m->nss)) < 0)
		return NULL;
	if (m->nns >= m->nbuckets && rehash(m) < 0)
		return NULL;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->type = type;
	ns->ino = ino;
	h = ns_hash(m, type, ino);
	ns->hash_next = m->buckets[h];
	m->buckets[h] = ns;
	m->nss[m->nns++] = ns;
	DBG(NS, "new %s namespace %llu", nsi_type_name(type), (unsigned long long)ino);
	return ns;
}

struct nsi_ns *nsi_model_add_namespace(struct nsi_model *m, enum nsi_type type, uint64_t ino)
{
	return get_ns(m, type, ino);
}

int nsi_model_add_holder(struct nsi_ns *ns, const struct nsi_holder *h)
{
	struct nsi_holder *n;

	/* doubling: one namespace may have tens of thousands of bind mounts */
	if (ns->nholders == ns->holders_cap) {
		size_t cap = ns->holders_cap ? ns->holders_cap * 2 : 4;

		n = reallocarray(ns->holders, cap, sizeof(*n));
		if (!n)
			return -ENOMEM;
		ns->holders = n;
		ns->holders_cap = cap;
	}
	n = &ns->holders[ns->nholders];
	*n = *h;
	if (h->path) {
		n->path = strdup(h->path);
		if (!n->path)
			return -ENOMEM;
	}
	ns->nholders++;
	return 0;
}

static int cmp_mount_holder(const void *a, const void *b)
{
	const struct nsi_holder *x = *(const struct nsi_holder *const *)a, *y = *(const struct nsi_holder *const *)b;
	int r = (x->mntns > y->mntns) - (x->mntns < y->mntns);

	if (!r)
		r = strcmp(x->path, y->path);
	return r ? r : (x > y) - (x < y);
}

/*
 * Mounts stacked on one path of one mount namespace show as one: keep
 * the first of each (sorted, so linear in the number of holders), in the
 * order they were found.
 */
static int drop_stacked_mounts(struct nsi_ns *ns)
{
	_cleanup_free_ struct nsi_holder **v = calloc(ns->nholders + 1, sizeof(*v));
	size_t n = 0, kept = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < ns->nholders; i++)
		if (ns->holders[i].kind == NSI_HOLDER_MOUNT)
			v[n++] = &ns->holders[i];
	if (n < 2)
		return 0;
	qsort(v, n, sizeof(*v), cmp_mount_holder);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (v[i]->mntns != v[first]->mntns || strcmp(v[i]->path, v[first]->path) != 0) {
			first = i;
			continue;
		}
		free(v[i]->path);
		v[i]->path = NULL;
		v[i]->kind = NSI_NHOLDER_KINDS;	/* dropped below */
	}
	for (size_t i = 0; i < ns->nholders; i++)
		if (ns->holders[i].kind != NSI_NHOLDER_KINDS)
			ns->holders[kept++] = ns->holders[i];
	ns->nholders = kept;
	return 0;
}

void nsi_model_mark_scanned(struct nsi_model *m, unsigned int kinds)
{
	m->scanned |= kinds;
}

void nsi_model_set_incomplete(struct nsi_model *m, bool incomplete)
{
	m->incomplete = incomplete;
}

static struct nsi_proc *alloc_proc(struct nsi_model *m)
{
	if (!m->chunks || m->chunks->used == PROC_CHUNK) {
		struct proc_chunk *c = malloc(sizeof(*c));

		if (!c)
			return NULL;
		c->used = 0;
		c->next = m->chunks;
		m->chunks = c;
	}
	return &m->chunks->procs[m->chunks->used++];
}

struct nsi_proc *nsi_model_new_process(struct nsi_model *m, pid_t pid)
{
	struct nsi_proc *p = alloc_proc(m);

	if (p) {
		memset(p, 0, sizeof(*p));
		p->pid = pid;
	}
	return p;
}

int nsi_model_link_process(struct nsi_model *m, struct nsi_proc *p)
{
	if (grow((void **)&m->procs, &m->procs_cap, m->nprocs + 1, sizeof(*m->procs)) < 0)
		return -ENOMEM;
	for (int t = 0; t < NSI_NTYPES; t++) {
		struct nsi_ns *n;

		if (!p->ns[t])
			continue;
		n = get_ns(m, (enum nsi_type)t, p->ns[t]);
		if (!n)
			return -ENOMEM;
		n->nprocs++;
		if (!n->lowest || p->pid < n->lowest->pid)
			n->lowest = p;
	}
	m->procs[m->nprocs++] = p;
	return 0;
}

struct nsi_proc *nsi_model_add_process(struct nsi_model *m, pid_t pid, const uint64_t ns[NSI_NTYPES])
{
	struct nsi_proc *p = nsi_model_new_process(m, pid);

	if (!p)
		return NULL;
	memcpy(p->ns, ns, sizeof(p->ns));
	return nsi_model_link_process(m, p) < 0 ? NULL : p;
}

static int cmp_proc(const void *a, const void *b)
{
	const struct nsi_proc *x = *(struct nsi_proc *const *)a, *y = *(struct nsi_proc *const *)b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nsi_ns *x = *(struct nsi_ns *const *)a, *y = *(struct nsi_ns *const *)b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->type > y->type) - (x->type < y->type);
}

static bool procs_sorted(const struct nsi_model *m)
{
	for (size_t i = 1; i < m->nprocs; i++)
		if (m->procs[i - 1]->pid >= m->procs[i]->pid)
			return false;
	return true;
}

/*
 * Note in every namespace which holder kinds were looked for and whether
 * its count is known, and count children: a user or pid namespace is
 * kept alive by its children.
 */
static void settle_holders(struct nsi_model *m)
{
	for (size_t i = 0; i < m->nns; i++)
		m->nss[i]->nchildren = 0;
	for (size_t i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->nss[i], *parent;

		ns->holders_scanned = m->scanned;
		/*
		 * a mount namespace the walk met after the /proc pass, with
		 * nothing that keeps it: its processes came after the pass,
		 * or are not ours to see; 0 would be a guess
		 */
		ns->procs_unknown = ns->nprocs == 0 && (m->incomplete || (ns->walked && ns->nholders == 0));
		if (!(ns->rel_ok & NSI_REL_PARENT) || !ns->parent_ino)
			continue;
		parent = nsi_model_find_ns(m, ns->type, ns->parent_ino);
		if (parent)
			parent->nchildren++;
	}
}

int nsi_model_finish(struct nsi_model *m)
{
	for (size_t i = 0; i < m->nns; i++)
		if (m->nss[i]->nholders > 1 && drop_stacked_mounts(m->nss[i]) < 0)
			return -ENOMEM;
	settle_holders(m);
	/*
	 * /proc lists PIDs in ascending order; sort only if it did not.  An
	 * empty model (a sysroot with an empty /proc, a mount table with no
	 * nsfs line) has NULL arrays, which qsort() must not be given.
	 */
	if (m->nprocs > 1 && !procs_sorted(m))
		qsort(m->procs, m->nprocs, sizeof(*m->procs), cmp_proc);
	if (m->nns > 1)
		qsort(m->nss, m->nns, sizeof(*m->nss), cmp_ns);
	return 0;
}

struct nsi_proc *nsi_model_find_process(const struct nsi_model *m, pid_t pid)
{
	size_t lo = 0, hi = m->nprocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		pid_t p = m->procs[mid]->pid;

		if (p == pid)
			return m->procs[mid];
		if (p < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct nsi_ns *const *nsi_model_namespaces(const struct nsi_model *m, size_t *ret_count)
{
	*ret_count = m->nns;
	return m->nss;
}

struct nsi_proc *const *nsi_model_processes(const struct nsi_model *m, size_t *ret_count)
{
	*ret_count = m->nprocs;
	return m->procs;
}
