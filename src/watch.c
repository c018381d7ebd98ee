/*
 * --watch: the difference between two scans, as events (watch.h).
 *
 * Each scan becomes a snapshot: one entry per namespace, sorted by type
 * and inode, holding only what an event compares or repeats (process
 * count, holders, the representative process and its command, the
 * container's name).  Merging the previous snapshot with the new one
 * gives the events; then the previous one is freed.
 *
 * Commands and containers cost file reads, so they are read only for
 * namespaces that appeared, and again when the representative process
 * changed: another PID, or the same PID after an exec, which its
 * executable link tells (a container starts as "runc init" and then
 * becomes its command).  Everything else carries over while a namespace
 * lives.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

struct entry {
	enum nsi_type type;
	uint64_t ino;
	uint64_t id;		/* NS_GET_ID; 0 unknown */
	unsigned int nprocs;
	bool procs_unknown;
	json_t *holders;	/* the HOLDERS object without "processes" */
	pid_t pid;		/* the lowest PID in it, 0 none */
	char *exe;		/* that process's executable link, NULL unknown */
	char *command;		/* its command line, NULL unknown */
	char *container;	/* name (or id) of its container, NULL for none */
	struct nsi_ns *ns;	/* in this scan's model; only valid during the update */
	ssize_t match;		/* index of the same namespace in the other snapshot, -1 none */
	bool reread;		/* its command and container are read in this scan */
	bool new_command;	/* ... and its command differs from the last scan's */
};

struct snapshot {
	struct entry *v;
	size_t n;
};

struct nsi_watch {
	struct snapshot prev;
	bool started;
};

static void snapshot_clear(struct snapshot *s)
{
	for (size_t i = 0; i < s->n; i++) {
		json_decref(s->v[i].holders);
		free(s->v[i].exe);
		free(s->v[i].command);
		free(s->v[i].container);
	}
	free(s->v);
	*s = (struct snapshot){ 0 };
}

int nsi_watch_new(struct nsi_watch **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret ? 0 : -ENOMEM;
}

struct nsi_watch *nsi_watch_free(struct nsi_watch *w)
{
	if (w) {
		snapshot_clear(&w->prev);
		free(w);
	}
	return NULL;
}

void nsi_events_done(struct nsi_events *e)
{
	for (size_t i = 0; i < e->n; i++)
		json_decref(e->v[i]);
	free(e->v);
	*e = (struct nsi_events){ 0 };
}

static int by_type_and_inode(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* @s->v[i] from namespace @ns; its ns_id was loaded for the whole scan. */
static int make_entry(struct entry *e, struct nsi_inspection *in, struct nsi_ns *ns)
{
	char exe[PATH_MAX];

	*e = (struct entry){ .type = ns->type, .ino = ns->ino, .nprocs = ns->nprocs,
			     .procs_unknown = ns->procs_unknown, .ns = ns, .match = -1 };
	if (ns->rel_ok & NSI_REL_ID)
		e->id = ns->ns_id;
	if (ns->lowest) {
		e->pid = ns->lowest->pid;
		if (nsi_inspection_exe(in, e->pid, exe, sizeof(exe)) >= 0 && !(e->exe = strdup(exe)))
			return -ENOMEM;
	}
	e->holders = nsi_json_holders(ns);
	if (!e->holders)
		return -ENOMEM;
	json_object_del(e->holders, "processes");
	return 0;
}

static int build_snapshot(struct snapshot *s, struct nsi_inspection *in, const struct nsi_selection *sel)
{
	s->v = calloc(sel->nrows ? sel->nrows : 1, sizeof(*s->v));
	if (!s->v)
		return -ENOMEM;
	for (size_t i = 0; i < sel->nrows; i++)
		if (make_entry(&s->v[s->n++], in, sel->rows[i].ns) < 0)
			return -ENOMEM;
	qsort(s->v, s->n, sizeof(*s->v), by_type_and_inode);
	return 0;
}

/* The same namespace: same type and inode, and the same id, or none read in either scan. */
static bool same_namespace(const struct entry *a, const struct entry *b)
{
	return a->type == b->type && a->ino == b->ino && a->id == b->id;
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
		}
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Has the process that represents @e changed since @before: another PID, or an exec? */
static bool process_changed(const struct entry *before, const struct entry *e)
{
	return before->pid != e->pid || !same_text(before->exe, e->exe);
}

static int take_text(char **field, const char *value)
{
	*field = value ? strdup(value) : NULL;
	return value && !*field ? -ENOMEM : 0;
}

/*
 * Commands and containers: read for the namespaces that appeared and
 * those whose process changed, carried over for the others.
 */
static int describe(struct nsi_inspection *in, struct snapshot *cur, struct snapshot *prev, struct nsi_late *late)
{
	static const enum nsi_col wanted[] = { COL_COMMAND, COL_CONTAINER };
	struct nsi_selection sub = { .rows = calloc(cur->n ? cur->n : 1, sizeof(*sub.rows)) };
	struct nsi_columns cols = { 0 };
	int r = 0;

	if (!sub.rows)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(wanted); i++)
		nsi_columns_add(&cols, wanted[i]);
	for (size_t i = 0; i < cur->n; i++) {
		struct entry *e = &cur->v[i];
		struct entry *before = e->match >= 0 ? &prev->v[e->match] : NULL;

		if (before) {
			e->container = TAKE_PTR(before->container);
			if (!process_changed(before, e)) {
				e->command = TAKE_PTR(before->command);
				continue;
			}
		}
		e->reread = true;
		sub.rows[sub.nrows++] = (struct nsi_row){ .ns = e->ns, .proc = e->ns->lowest, .parent = -1 };
	}
	if (sub.nrows)
		r = nsi_inspection_complete(in, &sub, &cols, 0);
	for (unsigned int i = 0; i < sub.late.count; i++)
		nsi_late_add(late, i < NSI_LATE_NAMED ? sub.late.pids[i] : 0);
	for (size_t i = 0; r == 0 && i < cur->n; i++) {
		struct entry *e = &cur->v[i];
		const struct nsi_proc *p = e->ns->lowest;

		if (!e->reread)
			continue;
		if (take_text(&e->command, p && (p->details_ok & NSI_DETAIL_COMMAND) ? p->command : NULL) < 0 ||
		    (e->match < 0 && take_text(&e->container, e->ns->container ? nsi_container_label(e->ns->container) : NULL) < 0))
			r = -ENOMEM;
		else if (e->match >= 0)
			e->new_command = !same_text(prev->v[e->match].command, e->command);
	}
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

static json_t *count(const struct entry *e)
{
	return e->procs_unknown ? json_null() : json_integer(e->nprocs);
}

static json_t *event_object(const char *stamp, const char *event, const struct entry *e)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "time", stamp, "event", event, "type",
			 nsi_type_name(e->type), "ns", (json_int_t)e->ino, "ns_id",
			 e->id ? json_integer((json_int_t)e->id) : json_null(), "container",
			 nsi_json_text_or_null(e->container));
}

/*
 * @j with the pairs of @keys and @values set, or NULL when any is NULL
 * (out of memory); either way the values are taken.
 */
static json_t *with(json_t *j, const char *const *keys, json_t *const *values, size_t n)
{
	bool ok = j != NULL;

	for (size_t i = 0; i < n; i++) {
		if (!ok || !values[i]) {
			ok = false;
			json_decref(values[i]);
		} else if (json_object_set_new(j, keys[i], values[i]) < 0) {
			ok = false;
		}
	}
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *new_event(const char *stamp, const char *event, const struct entry *e)
{
	static const char *const keys[] = { "nprocs", "pid", "command", "holders" };
	json_t *j = event_object(stamp, event, e);
	json_t *values[] = { count(e), e->pid ? json_integer(e->pid) : json_null(), nsi_json_text_or_null(e->command),
			     json_incref(e->holders) };

	return with(j, keys, values, ARRAY_SIZE(keys));
}

/* A namespace seen in both scans: its event, or NULL (*ret_nomem says why) when nothing changed. */
static json_t *changed_event(const char *stamp, const struct entry *before, const struct entry *e, bool *ret_nomem)
{
	static const char *const keys[] = { "changed", "nprocs", "nprocs_before", "pid", "command", "holders" };
	bool procs = before->nprocs != e->nprocs || before->procs_unknown != e->procs_unknown;
	bool holders = !json_equal(before->holders, e->holders);
	bool pid = before->pid != e->pid, command = e->new_command;
	json_t *j, *what;

	*ret_nomem = false;
	if (!procs && !holders && !pid && !command)
		return NULL;
	j = event_object(stamp, "changed", e);
	what = json_array();
	if (what && procs)
		json_array_append_new(what, json_string("nprocs"));
	if (what && holders)
		json_array_append_new(what, json_string("holders"));
	if (what && pid)
		json_array_append_new(what, json_string("pid"));
	if (what && command)
		json_array_append_new(what, json_string("command"));
	{
		json_t *values[] = { what, count(e), count(before), e->pid ? json_integer(e->pid) : json_null(),
				     nsi_json_text_or_null(e->command), json_incref(e->holders) };

		j = with(j, keys, values, ARRAY_SIZE(keys));
	}
	*ret_nomem = !j;
	return j;
}

static json_t *gone_event(const char *stamp, const struct entry *e)
{
	json_t *j = event_object(stamp, "disappeared", e);
	json_t *values[] = { count(e) };
	static const char *const keys[] = { "nprocs_before" };

	return with(j, keys, values, 1);
}

static int add_event(struct nsi_events *ev, json_t *j)
{
	json_t **v;

	if (!j)
		return -ENOMEM;
	v = reallocarray(ev->v, ev->n + 1, sizeof(*v));
	if (!v) {
		json_decref(j);
		return -ENOMEM;
	}
	ev->v = v;
	ev->v[ev->n++] = j;
	return 0;
}

/* Disappearances first, then what appeared or changed, each in type and inode order. */
static int make_events(const struct nsi_watch *w, const struct snapshot *cur, struct nsi_events *ev)
{
	const char *appeared = w->started ? "appeared" : "present";
	char stamp[40];
	int r = 0;

	time_stamp(stamp, sizeof(stamp));
	for (size_t i = 0; r == 0 && i < w->prev.n; i++)
		if (w->prev.v[i].match < 0)
			r = add_event(ev, gone_event(stamp, &w->prev.v[i]));
	for (size_t i = 0; r == 0 && i < cur->n; i++) {
		const struct entry *e = &cur->v[i];
		bool nomem = false;
		json_t *j;

		if (e->match < 0)
			j = new_event(stamp, appeared, e);
		else
			j = changed_event(stamp, &w->prev.v[e->match], e, &nomem);
		if (j || e->match < 0 || nomem)
			r = add_event(ev, j);
	}
	return r;
}

int nsi_watch_update(struct nsi_watch *w, struct nsi_inspection *in, struct nsi_selection *sel,
		     struct nsi_events *ret)
{
	struct snapshot cur = { 0 };
	struct nsi_events ev = { 0 };
	int r;

	r = nsi_inspection_load_ids(in, sel);
	if (r == 0)
		r = build_snapshot(&cur, in, sel);
	if (r == 0) {
		for (size_t i = 0; i < w->prev.n; i++)
			w->prev.v[i].match = -1;
		match_snapshots(&w->prev, &cur);
		r = describe(in, &cur, &w->prev, &sel->late);
	}
	if (r == 0)
		r = make_events(w, &cur, &ev);
	DBG(NS, "watch: %zu namespaces, was %zu", cur.n, w->prev.n);
	snapshot_clear(&w->prev);
	w->prev = cur;
	for (size_t i = 0; i < w->prev.n; i++)
		w->prev.v[i].ns = NULL;	/* the model goes away after this scan */
	w->started = true;
	if (r < 0) {
		nsi_events_done(&ev);
		return r;
	}
	*ret = ev;
	return 0;
}
