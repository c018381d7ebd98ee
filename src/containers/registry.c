/*
 * The container registry (see containers.h): records keyed by id in a
 * small hash table, an index of checked init PIDs, and the two ways a
 * process is matched to a container: being its init process, or sitting
 * in a cgroup that names it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/util.h"

#define NBUCKETS 256
/* /proc/PID/cgroup of a hybrid host with every v1 controller fits easily */
#define CGROUP_TEXT_MAX 16384

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
	bool live;			/* loaded from this system, not a --sysroot dump */
};

static const char *const engine_names[NSI_NENGINES] = {
	[NSI_ENGINE_DOCKER] = "docker",	  [NSI_ENGINE_CONTAINERD] = "containerd",
	[NSI_ENGINE_CRIO] = "cri-o",	  [NSI_ENGINE_PODMAN] = "podman",
	[NSI_ENGINE_NSPAWN] = "nspawn",	  [NSI_ENGINE_LXC] = "lxc",
};

const char *nsi_engine_name(enum nsi_engine e)
{
	return e < NSI_NENGINES ? engine_names[e] : NULL;
}

int nsi_containers_new(struct nsi_containers **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret ? 0 : -ENOMEM;
}

static void container_free(struct nsi_container *c)
{
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->pod);
	free(c->pod_namespace);
	free(c->netns_path);
	free(c);
}

struct nsi_containers *nsi_containers_free(struct nsi_containers *cs)
{
	if (!cs)
		return NULL;
	for (size_t i = 0; i < cs->n; i++)
		container_free(cs->all[i]);
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

static struct nsi_container *find_id(const struct nsi_containers *cs, const char *id)
{
	for (struct nsi_container *c = cs->buckets[hash_id(id)]; c; c = c->hash_next)
		if (strcmp(c->id, id) == 0)
			return c;
	return NULL;
}

struct nsi_container *nsi_containers_add(struct nsi_containers *cs, enum nsi_engine engine, const char *id)
{
	struct nsi_container *c = find_id(cs, id);
	unsigned int h;

	if (c) {
		if (c->engine == NSI_ENGINE_UNKNOWN)
			c->engine = engine;
		return c;
	}
	if (cs->n == cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 16;
		struct nsi_container **all = reallocarray(cs->all, ncap, sizeof(*all));

		if (!all)
			return NULL;
		cs->all = all;
		cs->cap = ncap;
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->id = strdup(id))) {
		free(c);
		return NULL;
	}
	c->engine = engine;
	h = hash_id(id);
	c->hash_next = cs->buckets[h];
	cs->buckets[h] = c;
	cs->all[cs->n++] = c;
	return c;
}

int nsi_container_set(char **field, const char *value)
{
	if (*field || !value || !*value)
		return 0;
	*field = strdup(value);
	return *field ? 0 : -ENOMEM;
}

static int cmp_pid_entry(const void *a, const void *b)
{
	const struct pid_entry *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* /proc/PID/cgroup into @text (CGROUP_TEXT_MAX bytes).  Length or -errno. */
static ssize_t read_cgroup(int procfd, pid_t pid, char *text)
{
	char path[32];

	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	return nsi_read_file_at(procfd, path, text, CGROUP_TEXT_MAX);
}

/*
 * Trust a state file's PID only while that process's cgroup still names
 * the container: the file outlives the container when the daemon that
 * should update it is stuck, and the PID may be reused by then.
 */
bool nsi_container_pid_is_current(const struct nsi_container *c, int procfd)
{
	char text[CGROUP_TEXT_MAX];

	if (read_cgroup(procfd, c->pid, text) < 0) {
		DBG(CONTAINER, "%s %s: PID %d is gone", nsi_engine_name(c->engine), c->id, (int)c->pid);
		return false;
	}
	if (!nsi_cgroup_names_id(text, c->id)) {
		DBG(CONTAINER, "%s %s: PID %d is not in its cgroup: state not trusted", nsi_engine_name(c->engine),
		    c->id, (int)c->pid);
		return false;
	}
	return true;
}

static int index_pids(struct nsi_containers *cs, int procfd)
{
	cs->pids = calloc(cs->n ? cs->n : 1, sizeof(*cs->pids));
	if (!cs->pids)
		return -ENOMEM;
	for (size_t i = 0; i < cs->n; i++) {
		struct nsi_container *c = cs->all[i];

		if (c->pid && !nsi_container_pid_is_current(c, procfd))
			c->pid = 0;
		if (c->pid)
			cs->pids[cs->npids++] = (struct pid_entry){ c->pid, c };
	}
	qsort(cs->pids, cs->npids, sizeof(*cs->pids), cmp_pid_entry);
	return 0;
}

int nsi_containers_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots, int procfd)
{
	/* Docker first: its names win over the moby task directories' ids */
	if (nsi_docker_load(cs, roots) < 0 || nsi_containerd_load(cs, roots) < 0 || nsi_storage_load(cs, roots) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < cs->n; i++)
		cs->all[i]->from_state = true;
	cs->live = !roots->sysroot || !*roots->sysroot;
	return index_pids(cs, procfd);
}

size_t nsi_containers_running(const struct nsi_containers *cs)
{
	return cs->npids;
}

static bool is_match(const struct nsi_container *c, const char *ref, bool by_prefix)
{
	if (by_prefix)
		return strncmp(c->id, ref, strlen(ref)) == 0;
	return strcmp(c->id, ref) == 0 || (c->name && strcmp(c->name, ref) == 0);
}

int nsi_containers_find(const struct nsi_containers *cs, const char *ref, const struct nsi_container **ret,
			const struct nsi_container ***ret_matches, size_t *ret_nmatches)
{
	const struct nsi_container **matches;
	size_t n = 0;

	if (!*ref)
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
	*ret_matches = matches;
	*ret_nmatches = n;
	return -EEXIST;
}

const char *nsi_container_describe(const struct nsi_container *c, char *buf, size_t size)
{
	const char *engine = nsi_engine_name(c->engine);

	snprintf(buf, size, "%s (%s %.12s)", c->name ? c->name : c->id, engine ? engine : "unknown engine", c->id);
	return buf;
}

/* The candidates of an ambiguous reference, comma-separated (NULL: ENOMEM). */
static char *describe_all(const struct nsi_container *const *list, size_t n)
{
	char *text = NULL, one[NSI_CGROUP_ID_MAX + 64];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? ", " : "", nsi_container_describe(list[i], one, sizeof(one)));
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int nsi_containers_find_running(const struct nsi_containers *cs, const char *ref, const struct nsi_container **ret,
				char **ret_why)
{
	const struct nsi_container *c = NULL, **matches = NULL;
	_cleanup_free_ char *list = NULL;
	char desc[NSI_CGROUP_ID_MAX + 64];
	size_t n = 0;
	int r = nsi_containers_find(cs, ref, &c, &matches, &n), w = 0;

	if (r == -EEXIST) {
		list = describe_all(matches, n);
		free(matches);
		w = asprintf(ret_why, "container '%s': ambiguous, matches %s", ref, list ? list : "several");
	} else if (r == -ENOENT) {
		/* a dump's state is as readable as its files, root or not */
		w = asprintf(ret_why, "container '%s': not found in the engines' state or cgroups%s", ref,
			     cs->live && geteuid() ? " (reading it needs root)" : "");
	} else if (r == 0 && !c->pid) {
		r = -ESRCH;
		w = asprintf(ret_why, "container %s: not running", nsi_container_describe(c, desc, sizeof(desc)));
	} else if (r == 0) {
		*ret = c;
		return 0;
	}
	if (r == -ENOMEM || w < 0) {
		*ret_why = strdup("cannot allocate memory");
		return -ENOMEM;
	}
	return r;
}

static struct nsi_container *find_pid(const struct nsi_containers *cs, pid_t pid)
{
	struct pid_entry key = { .pid = pid };
	struct pid_entry *e = bsearch(&key, cs->pids, cs->npids, sizeof(*cs->pids), cmp_pid_entry);

	return e ? e->c : NULL;
}

/* The path of a "hierarchy:controllers:path" line, or NULL. */
static const char *line_path(const char *line)
{
	const char *p = strchr(line, ':');

	return p && (p = strchr(p + 1, ':')) ? p + 1 : NULL;
}

/*
 * A recognised pattern: the known container, or a new record of what the
 * path says, whose PID is the process @pid that showed it.
 */
static const struct nsi_container *from_hint(struct nsi_containers *cs, const struct nsi_cgroup_hint *h, pid_t pid)
{
	struct nsi_container *c = find_id(cs, h->id);

	if (c)
		return c;
	c = nsi_containers_add(cs, h->engine, h->id);
	if (!c)
		return NULL;
	c->pid = pid;
	/* nspawn and LXC name their cgroups after the machine */
	if ((h->engine == NSI_ENGINE_NSPAWN || h->engine == NSI_ENGINE_LXC) && nsi_container_set(&c->name, h->id) < 0)
		return NULL;
	return c;
}

/* An unrecognised path: a component that is a known id (ctr's /<namespace>/<id>). */
static const struct nsi_container *from_components(const struct nsi_containers *cs, const char *path)
{
	char comp[NSI_CGROUP_ID_MAX];
	const char *end = path + strcspn(path, "\n");

	while (end > path) {
		const char *start = end;
		size_t len;

		while (start > path && start[-1] != '/')
			start--;
		len = (size_t)(end - start);
		if (len && len < sizeof(comp)) {
			struct nsi_container *c;

			memcpy(comp, start, len);
			comp[len] = '\0';
			c = find_id(cs, comp);
			if (c && c->from_state)
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
		for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
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

	if (find_pid(cs, pid) || read_cgroup(procfd, pid, text) < 0)
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
