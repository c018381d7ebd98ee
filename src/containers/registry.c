/*
 * The container registry (see containers.h): records keyed by (engine,
 * engine namespace, id) in a small hash table on the id, an index of
 * checked init PIDs, and the two ways a process is matched to a
 * container: being its init process, or sitting in a cgroup that names
 * it.  The engines' readers are called through the table of engines.h
 * and hand their records over; the registry merges what several readers
 * say of one container (Docker's config and its moby task).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

#define NBUCKETS 256
/* /proc/PID/cgroup of a hybrid host with every v1 controller fits easily */
#define CGROUP_TEXT_MAX 16384
/* Docker's short form of an id: its first 12 hex digits. */
#define SHORT_ID_LEN 12

struct pid_entry {
	pid_t pid;
	struct nsi_container *c;
};

struct nsi_containers {
	struct nsi_container *buckets[NBUCKETS];
	struct nsi_container **all;	/* in the order they were added */
	size_t n, cap;
	struct pid_entry *pids;		/* checked init PIDs, sorted */
	size_t npids;
	char **warnings;		/* one line per engine whose state could not be read */
	size_t nwarnings;
	bool dump;			/* the proc root is a sysroot's dump: its files may be anything */
};

int nsi_containers_new(struct nsi_containers **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret ? 0 : -ENOMEM;
}

struct nsi_containers *nsi_containers_free(struct nsi_containers *cs)
{
	if (!cs)
		return NULL;
	for (size_t i = 0; i < cs->n; i++)
		nsi_container_free(cs->all[i]);
	for (size_t i = 0; i < cs->nwarnings; i++)
		free(cs->warnings[i]);
	free(cs->warnings);
	free(cs->all);
	free(cs->pids);
	free(cs);
	return NULL;
}

static unsigned int hash_id(const char *id)
{
	unsigned int h = 2166136261u;	/* FNV-1a */

	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return h % NBUCKETS;
}

/* The record of (@engine, @ns, @id), or NULL. */
static struct nsi_container *find_key(const struct nsi_containers *cs, enum nsi_engine engine, const char *ns,
				      const char *id)
{
	for (struct nsi_container *c = cs->buckets[hash_id(id)]; c; c = c->hash_next)
		if (nsi_container_is(c, engine, ns, id))
			return c;
	return NULL;
}

/* The first record with @id, of any engine and namespace, that @fn accepts; NULL for none. */
static struct nsi_container *find_id_where(const struct nsi_containers *cs, const char *id,
					   bool (*fn)(const struct nsi_container *c, const void *arg), const void *arg)
{
	for (struct nsi_container *c = cs->buckets[hash_id(id)]; c; c = c->hash_next)
		if (strcmp(c->id, id) == 0 && fn(c, arg))
			return c;
	return NULL;
}

/* Insert @c, which the registry owns from then on; -ENOMEM (the caller still owns it). */
static int insert(struct nsi_containers *cs, struct nsi_container *c)
{
	unsigned int h = hash_id(c->id);

	if (cs->n == cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 16;
		struct nsi_container **all = reallocarray(cs->all, ncap, sizeof(*all));

		if (!all)
			return -ENOMEM;
		cs->all = all;
		cs->cap = ncap;
	}
	c->hash_next = cs->buckets[h];
	cs->buckets[h] = c;
	cs->all[cs->n++] = c;
	return 0;
}

/* What @from knows and @into does not yet: earlier sources win. */
static int merge(struct nsi_container *into, const struct nsi_container *from)
{
	if (!into->pid)
		into->pid = from->pid;
	into->sandbox = into->sandbox || from->sandbox;
	if (nsi_container_set(&into->name, from->name) < 0 || nsi_container_set(&into->image, from->image) < 0 ||
	    nsi_container_set(&into->pod, from->pod) < 0 ||
	    nsi_container_set(&into->pod_namespace, from->pod_namespace) < 0 ||
	    nsi_container_set(&into->netns_path, from->netns_path) < 0)
		return -ENOMEM;
	return 0;
}

int nsi_containers_take(struct nsi_containers *cs, struct nsi_records *r)
{
	int ret = 0;

	for (size_t i = 0; i < r->n && ret == 0; i++) {
		struct nsi_container *c = r->v[i], *have = find_key(cs, c->engine, c->engine_ns, c->id);

		c->from_state = true;
		if (have) {
			ret = merge(have, c);
			continue;	/* @c is freed with the rest of @r */
		}
		ret = insert(cs, c);
		if (ret == 0)
			r->v[i] = NULL;
	}
	nsi_records_done(r);
	return ret;
}

/* A record a cgroup path told of (no engine's state names it); NULL on ENOMEM. */
static struct nsi_container *add_from_cgroup(struct nsi_containers *cs, enum nsi_engine engine, const char *id)
{
	struct nsi_records one = { 0 };
	struct nsi_container *c = nsi_records_add(&one, engine, NULL, id);

	if (c && insert(cs, c) == 0)
		one.v[0] = NULL;	/* the registry owns it now */
	else
		c = NULL;
	nsi_records_done(&one);
	return c;
}

static int cmp_pid_entry(const void *a, const void *b)
{
	const struct pid_entry *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* /proc/PID/cgroup into @text (CGROUP_TEXT_MAX bytes).  Length or -errno. */
static ssize_t read_cgroup(const struct nsi_containers *cs, int procfd, pid_t pid, char *text)
{
	char path[32];

	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	return nsi_read_proc_file_at(procfd, cs && cs->dump, path, text, CGROUP_TEXT_MAX);
}

/* The path of a "hierarchy:controllers:path" line, or NULL. */
static const char *line_path(const char *line)
{
	const char *p = strchr(line, ':');

	return p && (p = strchr(p + 1, ':')) ? p + 1 : NULL;
}

static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? nl + 1 : NULL;
}

/* Does a line of cgroup @text still classify as the container @c, known only from a cgroup? */
static bool classified_as(const struct nsi_container *c, const char *text)
{
	for (const char *line = text; line && *line; line = next_line(line)) {
		const char *path = line_path(line);
		struct nsi_cgroup_hint h;

		if (path && nsi_cgroup_classify(path, &h) && !h.monitor && h.engine == c->engine &&
		    strcmp(h.id, c->id) == 0)
			return true;
	}
	return false;
}

bool nsi_container_pid_is_current(const struct nsi_containers *cs, const struct nsi_container *c, int procfd)
{
	const struct nsi_engine_info *info = nsi_engine_info(c->engine);
	char text[CGROUP_TEXT_MAX];
	bool trusted;

	if (read_cgroup(cs, procfd, c->pid, text) < 0) {
		DBG(CONTAINER, "%s %s: PID %d is gone", nsi_engine_name(c->engine), c->id, (int)c->pid);
		return false;
	}
	trusted = c->from_state && info->trusts ? info->trusts(c, text) : classified_as(c, text);
	if (!trusted)
		DBG(CONTAINER, "%s %s: PID %d is not in its cgroup: state not trusted", nsi_engine_name(c->engine),
		    c->id, (int)c->pid);
	return trusted;
}

static int index_pids(struct nsi_containers *cs, int procfd)
{
	free(cs->pids);
	cs->npids = 0;
	cs->pids = calloc(cs->n ? cs->n : 1, sizeof(*cs->pids));
	if (!cs->pids)
		return -ENOMEM;
	for (size_t i = 0; i < cs->n; i++) {
		struct nsi_container *c = cs->all[i];

		if (c->pid && !nsi_container_pid_is_current(cs, c, procfd))
			c->pid = 0;
		if (c->pid)
			cs->pids[cs->npids++] = (struct pid_entry){ c->pid, c };
	}
	qsort(cs->pids, cs->npids, sizeof(*cs->pids), cmp_pid_entry);
	return 0;
}

/* Keep @warn's message as "ENGINE: MESSAGE, ignoring"; -ENOMEM. */
static int keep_warning(struct nsi_containers *cs, const char *engine, const struct nsi_error *warn)
{
	char **v = reallocarray(cs->warnings, cs->nwarnings + 1, sizeof(*v));

	if (!v)
		return -ENOMEM;
	cs->warnings = v;
	if (asprintf(&v[cs->nwarnings], "%s: %s, ignoring", engine, warn->msg) < 0)
		return -ENOMEM;
	cs->nwarnings++;
	return 0;
}

int nsi_containers_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots, int procfd)
{
	cs->dump = roots->sysroot && *roots->sysroot;
	for (int e = 0; e < NSI_NENGINES; e++) {
		const struct nsi_engine_info *info = nsi_engine_info((enum nsi_engine)e);
		struct nsi_records found = { 0 };
		struct nsi_error warn = { 0 };
		int r;

		if (!info->load)
			continue;
		r = info->load(roots, &found, &warn);
		if (r == 0)
			r = nsi_containers_take(cs, &found);
		nsi_records_done(&found);
		if (r == 0 && warn.code < 0)
			r = keep_warning(cs, info->name, &warn);
		if (r < 0)
			return r;
	}
	return index_pids(cs, procfd);
}

const char *const *nsi_containers_warnings(const struct nsi_containers *cs, size_t *ret_count)
{
	*ret_count = cs->nwarnings;
	return (const char *const *)cs->warnings;
}

size_t nsi_containers_running(const struct nsi_containers *cs)
{
	return cs->npids;
}

/* Does the NAMESPACE of @ref name @c's containerd namespace or its pod's Kubernetes namespace? */
static bool in_scope(const struct nsi_container *c, const struct nsi_container_ref *ref)
{
	const char *const scopes[] = { c->engine_ns, c->pod_namespace };

	if (!ref->scope)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(scopes); i++)
		if (scopes[i] && strlen(scopes[i]) == ref->scope_len &&
		    strncmp(scopes[i], ref->scope, ref->scope_len) == 0)
			return true;
	return false;
}

static bool is_match(const struct nsi_container *c, const struct nsi_container_ref *ref, bool by_prefix)
{
	if ((ref->engine != NSI_ENGINE_UNKNOWN && c->engine != ref->engine) || !in_scope(c, ref))
		return false;
	if (by_prefix)
		return strncmp(c->id, ref->name, strlen(ref->name)) == 0;
	return strcmp(c->id, ref->name) == 0 || (c->name && strcmp(c->name, ref->name) == 0);
}

static int cmp_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Engine, namespace, name (else id), id: candidates named in the same order on every run. */
static int cmp_candidates(const void *a, const void *b)
{
	const struct nsi_container *x = *(const struct nsi_container *const *)a;
	const struct nsi_container *y = *(const struct nsi_container *const *)b;
	int r = (x->engine > y->engine) - (x->engine < y->engine);

	if (!r)
		r = cmp_text(x->engine_ns, y->engine_ns);
	if (!r)
		r = strcmp(nsi_container_label(x), nsi_container_label(y));
	return r ? r : strcmp(x->id, y->id);
}

int nsi_containers_find(const struct nsi_containers *cs, const struct nsi_container_ref *ref,
			const struct nsi_container **ret, const struct nsi_container ***ret_matches,
			size_t *ret_nmatches)
{
	const struct nsi_container **matches;
	size_t n = 0;

	if (!*ref->name)
		return -ENOENT;
	matches = calloc(cs->n ? cs->n : 1, sizeof(*matches));
	if (!matches)
		return -ENOMEM;
	/* an exact id or name beats an id prefix, as in docker */
	for (int by_prefix = 0; by_prefix <= 1 && n == 0; by_prefix++)
		for (size_t i = 0; i < cs->n; i++)
			if (is_match(cs->all[i], ref, by_prefix))
				matches[n++] = cs->all[i];
	if (n == 1) {
		*ret = matches[0];
		free(matches);
		return 0;
	}
	if (n == 0) {
		free(matches);
		return -ENOENT;
	}
	qsort(matches, n, sizeof(*matches), cmp_candidates);
	*ret_matches = matches;
	*ret_nmatches = n;
	return -EEXIST;
}

const char *nsi_container_label(const struct nsi_container *c)
{
	return c->name ? c->name : c->id;
}

const char *nsi_container_describe(const struct nsi_container *c, char *buf, size_t size)
{
	const char *engine = nsi_engine_name(c->engine);
	char pod[NSI_CGROUP_ID_MAX * 2] = "";

	if (c->pod)
		snprintf(pod, sizeof(pod), ", pod %s%s%s", c->pod_namespace ? c->pod_namespace : "",
			 c->pod_namespace ? "/" : "", c->pod);
	snprintf(buf, size, "%s (%s %s%s%.*s%s)", nsi_container_label(c), engine ? engine : "unknown engine",
		 c->engine_ns ? c->engine_ns : "", c->engine_ns ? "/" : "", SHORT_ID_LEN, c->id, pod);
	return buf;
}

const char *nsi_container_qualified(const struct nsi_container *c, char *buf, size_t size)
{
	const char *engine = nsi_engine_name(c->engine);

	/* a namespace holds ids; without one a name is unique to its engine */
	snprintf(buf, size, "%s%s%s%s%s", engine ? engine : "", engine ? ":" : "", c->engine_ns ? c->engine_ns : "",
		 c->engine_ns ? "/" : "", c->name && !c->engine_ns ? c->name : c->id);
	return buf;
}

static struct nsi_container *find_pid(const struct nsi_containers *cs, pid_t pid)
{
	struct pid_entry key = { .pid = pid };
	struct pid_entry *e = bsearch(&key, cs->pids, cs->npids, sizeof(*cs->pids), cmp_pid_entry);

	return e ? e->c : NULL;
}

static bool of_engine(const struct nsi_container *c, const void *arg)
{
	enum nsi_engine e = *(const enum nsi_engine *)arg;

	return e == NSI_ENGINE_UNKNOWN || c->engine == e;
}

/*
 * A recognised pattern: the known container, or a new record of what the
 * path says, whose PID is the process @pid that showed it.
 */
static const struct nsi_container *from_hint(struct nsi_containers *cs, const struct nsi_cgroup_hint *h, pid_t pid)
{
	struct nsi_container *c = find_id_where(cs, h->id, of_engine, &h->engine);

	if (c)
		return c;
	c = add_from_cgroup(cs, h->engine, h->id);
	if (!c)
		return NULL;
	c->pid = pid;
	/* nspawn and LXC name their cgroups after the machine */
	if ((h->engine == NSI_ENGINE_NSPAWN || h->engine == NSI_ENGINE_LXC) && nsi_container_set(&c->name, h->id) < 0)
		return NULL;
	return c;
}

/* A record from an engine's state; with @arg, one of that containerd namespace. */
static bool from_state_in(const struct nsi_container *c, const void *arg)
{
	const char *ns = arg;

	return c->from_state && (!ns || (c->engine_ns && strcmp(c->engine_ns, ns) == 0));
}

/*
 * An unrecognised path: a component that is a known id.  ctr's cgroup is
 * /<namespace>/<id>, and a short id such as "plain1" may be in several
 * namespaces: it counts only below its own; a full id anywhere.
 */
static const struct nsi_container *from_components(const struct nsi_containers *cs, const char *path)
{
	const char *end = path + strcspn(path, "\n");

	while (end > path) {
		const char *start = end, *pstart;
		char comp[NSI_CGROUP_ID_MAX], parent[NSI_CGROUP_ID_MAX];
		size_t len;

		while (start > path && start[-1] != '/')
			start--;
		len = (size_t)(end - start);
		pstart = start > path ? start - 1 : path;
		while (pstart > path && pstart[-1] != '/')
			pstart--;
		if (len && len < sizeof(comp)) {
			const struct nsi_container *c;

			memcpy(comp, start, len);
			comp[len] = '\0';
			snprintf(parent, sizeof(parent), "%.*s", (int)(start > pstart ? start - 1 - pstart : 0), pstart);
			c = find_id_where(cs, comp, from_state_in, parent);
			if (!c && nsi_is_full_id(comp, len))
				c = find_id_where(cs, comp, from_state_in, NULL);
			if (c)
				return c;
		}
		end = start > path ? start - 1 : path;
	}
	return NULL;
}

/* Look at the cgroup v2 line first: on hybrid hosts it is the one every engine sets. */
const struct nsi_container *nsi_containers_of_cgroup_text(struct nsi_containers *cs, const char *text, pid_t pid)
{
	for (int pass = 0; pass < 2; pass++) {
		for (const char *line = text; line && *line; line = next_line(line)) {
			const char *path = line_path(line);
			struct nsi_cgroup_hint h;
			const struct nsi_container *c;

			if (!path || (strncmp(line, "0::", 3) == 0) != (pass == 0))
				continue;
			if (nsi_cgroup_classify(path, &h))
				return h.monitor ? NULL : from_hint(cs, &h, pid);
			c = from_components(cs, path);
			if (c)
				return c;
		}
	}
	return NULL;
}

char *nsi_containers_read_cgroup(const struct nsi_containers *cs, int procfd, pid_t pid)
{
	char text[CGROUP_TEXT_MAX];

	if (find_pid(cs, pid) || read_cgroup(cs, procfd, pid, text) < 0)
		return NULL;
	return strdup(text);
}

const struct nsi_container *nsi_containers_of_read_cgroup(struct nsi_containers *cs, pid_t pid, const char *text)
{
	const struct nsi_container *c = find_pid(cs, pid);

	if (c || !text)
		return c;
	return nsi_containers_of_cgroup_text(cs, text, pid);
}

const struct nsi_container *nsi_containers_of_process(struct nsi_containers *cs, int procfd, pid_t pid)
{
	_cleanup_free_ char *text = nsi_containers_read_cgroup(cs, procfd, pid);

	return nsi_containers_of_read_cgroup(cs, pid, text);
}

/* Docker writes /var/run/..., mountinfo shows /run/...: the same place. */
static const char *skip_var(const char *path)
{
	return strncmp(path, "/var/run/", 9) == 0 ? path + 4 : path;
}

const struct nsi_container *nsi_containers_of_netns_path(const struct nsi_containers *cs, const char *path)
{
	for (size_t i = 0; i < cs->n; i++) {
		const struct nsi_container *c = cs->all[i];

		if (c->netns_path && strcmp(skip_var(c->netns_path), skip_var(path)) == 0)
			return c;
	}
	return NULL;
}
