/*
 * --watch: the difference between two scans, as JSON lines.
 *
 * Each scan becomes a snapshot: one entry per namespace, sorted by type
 * and inode, holding only what an event compares or repeats (process
 * count, holders, the container's name).  Merging the previous snapshot
 * with the new one gives the events; then the previous one is freed.
 * Containers and commands cost file reads, so they are looked up only
 * for namespaces that appeared and carried over while a namespace lives.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nsinspect/debug.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

struct entry {
	enum nsi_type type;
	uint64_t ino;
	uint64_t id;		/* NS_GET_ID; 0 unknown */
	unsigned int nprocs;
	json_t *holders;	/* the HOLDERS object without "processes" */
	char *container;	/* name (or id) of its container, NULL for none */
	struct nsi_ns *ns;	/* in this scan's model; only valid during the update */
	ssize_t match;		/* index of the same namespace in the other snapshot, -1 none */
};

struct snapshot {
	struct entry *v;
	size_t n;
};

struct nsi_watch {
	struct nsi_engine_roots roots;
	struct snapshot prev;
	bool started;
};

static void snapshot_clear(struct snapshot *s)
{
	for (size_t i = 0; i < s->n; i++) {
		json_decref(s->v[i].holders);
		free(s->v[i].container);
	}
	free(s->v);
	*s = (struct snapshot){ 0 };
}

int nsi_watch_new(const struct nsi_engine_roots *roots, struct nsi_watch **ret)
{
	struct nsi_watch *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->roots = *roots;
	*ret = w;
	return 0;
}

struct nsi_watch *nsi_watch_free(struct nsi_watch *w)
{
	if (w) {
		snapshot_clear(&w->prev);
		free(w);
	}
	return NULL;
}

static int by_type_and_inode(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int build_snapshot(struct snapshot *s, const struct nsi_selection *sel, int procfd)
{
	s->v = calloc(sel->nrows ? sel->nrows : 1, sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	for (size_t i = 0; i < sel->nrows; i++) {
		struct nsi_ns *ns = sel->rows[i].ns;
		struct entry *e = &s->v[s->n++];

		*e = (struct entry){ .type = ns->type, .ino = ns->ino, .nprocs = ns->nprocs, .ns = ns, .match = -1 };
		/* a namespace we cannot open keeps id 0 and is matched by inode */
		nsi_nsfs_ns_id(procfd, ns, &e->id);
		e->holders = nsi_json_holders(ns);
		if (!e->holders)
			return -ENOMEM;
		json_object_del(e->holders, "processes");
	}
	qsort(s->v, s->n, sizeof(*s->v), by_type_and_inode);
	return 0;
}

/* The same namespace: same inode, and no two different ids. */
static bool same_namespace(const struct entry *a, const struct entry *b)
{
	return a->type == b->type && a->ino == b->ino && (!a->id || !b->id || a->id == b->id);
}

/* Link each entry to its namespace in the other snapshot, if it is there. */
static void match_snapshots(struct snapshot *prev, struct snapshot *cur)
{
	size_t i = 0, j = 0;

	while (i < prev->n && j < cur->n) {
		int c = by_type_and_inode(&prev->v[i], &cur->v[j]);

		if (c == 0 && same_namespace(&prev->v[i], &cur->v[j])) {
			prev->v[i].match = (ssize_t)j;
			cur->v[j].match = (ssize_t)i;
			/*
			 * An id this scan could not read (the namespace's holder
			 * went away between the mount scan and the open) is the
			 * one it had: its disappearance must carry it.
			 */
			if (!cur->v[j].id)
				cur->v[j].id = prev->v[i].id;
		}
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
}

static char *container_label(const struct nsi_container *c)
{
	if (!c)
		return NULL;
	return strdup(c->name ? c->name : c->id);
}

/*
 * Containers and commands of the namespaces that appeared, read as the
 * list would read them; everything else keeps what it had.
 */
static int describe_new(struct nsi_watch *w, struct snapshot *cur, struct snapshot *prev, const struct nsi_model *m,
			struct nsi_procfs *pfs)
{
	struct nsi_selection sub = { .rows = calloc(cur->n ? cur->n : 1, sizeof(*sub.rows)) };
	struct nsi_containers *cs = NULL;
	int r = -ENOMEM;

	if (!sub.rows)
		return -ENOMEM;
	for (size_t i = 0; i < cur->n; i++) {
		struct entry *e = &cur->v[i];

		if (e->match >= 0) {
			e->container = prev->v[e->match].container;
			prev->v[e->match].container = NULL;
		} else {
			sub.rows[sub.nrows++] = (struct nsi_row){ .ns = e->ns, .proc = e->ns->lowest, .parent = -1 };
		}
	}
	if (sub.nrows &&
	    (nsi_containers_new(&cs) < 0 || nsi_containers_load(cs, &w->roots, nsi_procfs_dirfd(pfs)) < 0 ||
	     nsi_selection_load(&sub, m, pfs, NSI_DETAIL_COMMAND, 0, cs, NSI_TREE_NONE) < 0))
		goto out;
	for (size_t i = 0; i < cur->n; i++) {
		struct entry *e = &cur->v[i];

		if (e->match < 0 && e->ns->container && !(e->container = container_label(e->ns->container)))
			goto out;
	}
	r = 0;
out:
	nsi_containers_free(cs);
	nsi_selection_done(&sub);
	return r;
}

/* RFC 3339 in UTC with milliseconds: 2026-11-23T10:00:00.123Z */
static void time_stamp(char *buf, size_t size)
{
	struct timespec now;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", now.tv_nsec / 1000000);
}

static json_t *event_object(const char *stamp, const char *event, const struct entry *e)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "time", stamp, "event", event, "type",
			 nsi_type_name(e->type), "ns", (json_int_t)e->ino, "ns_id",
			 e->id ? json_integer((json_int_t)e->id) : json_null(), "container", nsi_json_text_or_null(e->container));
}

static json_t *new_event(const char *stamp, const char *event, const struct entry *e)
{
	const struct nsi_proc *p = e->ns->lowest;
	json_t *j = event_object(stamp, event, e);

	if (j && (json_object_set_new(j, "nprocs", json_integer(e->nprocs)) < 0 ||
		  json_object_set_new(j, "pid", p ? json_integer(p->pid) : json_null()) < 0 ||
		  json_object_set_new(j, "command", nsi_json_text_or_null(p ? p->command : NULL)) < 0 ||
		  json_object_set_new(j, "holders", json_incref(e->holders)) < 0)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* A namespace seen in both scans: its event, or NULL (*ret_nomem says why) when nothing changed. */
static json_t *changed_event(const char *stamp, const struct entry *before, const struct entry *e, bool *ret_nomem)
{
	bool procs = before->nprocs != e->nprocs, holders = !json_equal(before->holders, e->holders);
	json_t *j, *what;

	*ret_nomem = false;
	if (!procs && !holders)
		return NULL;
	j = event_object(stamp, "changed", e);
	what = json_array();
	if (!j || !what || (procs && json_array_append_new(what, json_string("nprocs")) < 0) ||
	    (holders && json_array_append_new(what, json_string("holders")) < 0) ||
	    json_object_set_new(j, "changed", json_incref(what)) < 0 ||
	    json_object_set_new(j, "nprocs", json_integer(e->nprocs)) < 0 ||
	    json_object_set_new(j, "nprocs_before", json_integer(before->nprocs)) < 0 ||
	    json_object_set_new(j, "holders", json_incref(e->holders)) < 0) {
		json_decref(j);
		j = NULL;
		*ret_nomem = true;
	}
	json_decref(what);
	return j;
}

static json_t *gone_event(const char *stamp, const struct entry *e)
{
	json_t *j = event_object(stamp, "disappeared", e);

	if (j && json_object_set_new(j, "nprocs_before", json_integer(e->nprocs)) < 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Print and free @j; NULL means it could not be made. */
static int print_event(json_t *j, FILE *out)
{
	int r;

	if (!j)
		return -ENOMEM;
	r = nsi_json_print(j, JSON_COMPACT, out);
	json_decref(j);
	return r;
}

/* Disappearances first, then what appeared or changed, each in type and inode order. */
static int print_events(const struct nsi_watch *w, const struct snapshot *cur, FILE *out)
{
	const char *appeared = w->started ? "appeared" : "present";
	char stamp[40];
	int r = 0;

	time_stamp(stamp, sizeof(stamp));
	for (size_t i = 0; r == 0 && i < w->prev.n; i++)
		if (w->prev.v[i].match < 0)
			r = print_event(gone_event(stamp, &w->prev.v[i]), out);
	for (size_t i = 0; r == 0 && i < cur->n; i++) {
		const struct entry *e = &cur->v[i];
		bool nomem = false;
		json_t *j;

		if (e->match < 0)
			j = new_event(stamp, appeared, e);
		else
			j = changed_event(stamp, &w->prev.v[e->match], e, &nomem);
		if (j || e->match < 0 || nomem)
			r = print_event(j, out);
	}
	if (r == 0 && (fflush(out) != 0 || ferror(out)))
		r = -EIO;
	return r;
}

int nsi_watch_update(struct nsi_watch *w, struct nsi_selection *sel, const struct nsi_model *m,
		     struct nsi_procfs *pfs, FILE *out)
{
	struct snapshot cur = { 0 };
	int r;

	r = build_snapshot(&cur, sel, nsi_procfs_dirfd(pfs));
	if (r == 0) {
		for (size_t i = 0; i < w->prev.n; i++)
			w->prev.v[i].match = -1;
		match_snapshots(&w->prev, &cur);
		r = describe_new(w, &cur, &w->prev, m, pfs);
	}
	if (r == 0)
		r = print_events(w, &cur, out);
	DBG(NS, "watch: %zu namespaces, was %zu", cur.n, w->prev.n);
	snapshot_clear(&w->prev);
	w->prev = cur;
	for (size_t i = 0; i < w->prev.n; i++)
		w->prev.v[i].ns = NULL;	/* the model goes away after this scan */
	w->started = true;
	return r;
}
