/*
 * JSON output through jansson.  The document is built whole in memory
 * and dumped at the end, so an error half way leaves no partial JSON on
 * stdout.  Keys are the column names in lower case, in column order;
 * numbers are JSON numbers and an unknown value is null, never 0 or "".
 * Text from /proc (command lines) is not always UTF-8: invalid bytes
 * become U+FFFD so the document stays valid JSON.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "nsinspect/containers.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"

json_t *nsi_json_text(const char *s)
{
	size_t n = strlen(s), o = 0;
	_cleanup_free_ char *buf = NULL;
	json_t *j = json_stringn(s, n);

	if (j)
		return j;
	/* invalid UTF-8: each bad byte becomes U+FFFD (3 bytes) */
	buf = malloc(n * 3 + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = nsi_utf8_seq_len((const unsigned char *)s + i, n - i);

		if (len == 0) {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(buf + o, s + i, len);
			o += len;
			i += len;
		}
	}
	return json_stringn(buf, o);
}

json_t *nsi_json_text_or_null(const char *s)
{
	return s ? nsi_json_text(s) : json_null();
}

static json_t *json_value(struct nsi_value *v)
{
	switch (v->kind) {
	case NSI_VALUE_NUMBER:
		return json_integer((json_int_t)v->num);
	case NSI_VALUE_STRING:
		return nsi_json_text(v->str);
	default:
		return json_null();
	}
}

/* "NPROCS" -> "nprocs" */
static void lower_key(const char *name, char *buf, size_t bufsz)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < bufsz; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
}

static int append_item(const char *item, void *ctx)
{
	return json_array_append_new(ctx, nsi_json_text(item)) < 0 ? -ENOMEM : 0;
}

/* A list column's items as an array of strings ([] for none). */
static json_t *json_items(enum nsi_col col, const struct nsi_ns *ns)
{
	json_t *arr = json_array();

	if (arr && nsi_column_items(col, ns, append_item, arr) < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

/* The holders of one kind as [{"pid":..,"fd":..}, ...], or null if that kind was not looked for. */
static json_t *holder_list(const struct nsi_ns *ns, enum nsi_holder_kind kind)
{
	json_t *arr;

	if (!(ns->holders_scanned & NSI_HOLDER_BIT(kind)))
		return json_null();
	arr = json_array();
	for (size_t i = 0; arr && i < ns->nholders; i++) {
		const struct nsi_holder *h = &ns->holders[i];
		json_t *o;

		if (h->kind != kind)
			continue;
		if (kind == NSI_HOLDER_MOUNT)
			o = json_pack("{s:o, s:o}", "path", nsi_json_text(h->path), "mntns",
				      h->mntns ? json_integer((json_int_t)h->mntns) : json_null());
		else
			o = json_pack("{s:i, s:i}", "pid", (int)h->pid, kind == NSI_HOLDER_THREAD ? "tid" : "fd", h->id);
		if (json_array_append_new(arr, o) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* HOLDERS: what keeps the namespace alive, documented in docs/json.md. */
json_t *nsi_json_holders(const struct nsi_ns *ns)
{
	bool has_children = nsi_type_info(ns->type)->has_parent;

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "processes",
			 ns->procs_unknown ? json_null() : json_integer(ns->nprocs), "threads",
			 holder_list(ns, NSI_HOLDER_THREAD), "fds", holder_list(ns, NSI_HOLDER_FD), "sockets",
			 holder_list(ns, NSI_HOLDER_SOCKET), "mounts", holder_list(ns, NSI_HOLDER_MOUNT), "children",
			 has_children && (ns->holders_scanned & NSI_HOLDER_BIT(NSI_HOLDER_CHILD)) ?
				 json_integer(ns->nchildren) :
				 json_null());
}

static json_t *cell(enum nsi_col col, const struct nsi_row *row, bool process_view)
{
	enum nsi_json_type type = nsi_column_info(col)->json;
	struct nsi_value v;
	json_t *j;

	if (type == NSI_JSON_OBJECT)
		return row->ns ? nsi_json_holders(row->ns) : json_null();
	if (type == NSI_JSON_ARRAY)
		return nsi_column_applies(col, row->ns) ? json_items(col, row->ns) : json_null();
	nsi_column_value(col, row, process_view, &v);
	j = json_value(&v);
	nsi_value_clear(&v);
	return j;
}

static json_t *row_object(const struct nsi_row *row, bool process_view, const struct nsi_columns *cols)
{
	json_auto_t *obj = json_object();

	if (!obj)
		return NULL;
	for (size_t i = 0; i < cols->n; i++) {
		char key[32];

		lower_key(nsi_column_info(cols->ids[i])->name, key, sizeof(key));
		if (json_object_set_new(obj, key, cell(cols->ids[i], row, process_view)) < 0)
			return NULL;
	}
	return json_incref(obj);
}

/* The dump's bytes on their way to the stream, with an unfinished UTF-8 sequence held back. */
struct dump_sink {
	FILE *out;
	unsigned char held[4];
	size_t nheld, want;	/* bytes held, and the length of their sequence */
};

/* A UTF-8 sequence as it is, or as \u escapes (a UTF-16 pair beyond U+FFFF). */
static int put_sequence(FILE *out, const unsigned char *s, size_t len)
{
	uint32_t c;

	if (nsi_utf8_seq_len(s, len) != len || !nsi_utf8_is_unsafe(s, len))
		return fwrite(s, 1, len, out) == len ? 0 : -1;
	c = nsi_utf8_code_point(s, len);
	if (c > 0xffff) {
		c -= 0x10000;
		return fprintf(out, "\\u%04x\\u%04x", 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff)) < 0 ? -1 : 0;
	}
	return fprintf(out, "\\u%04x", c) < 0 ? -1 : 0;
}

/* The length of the sequence that @lead starts; 0 for a byte that starts none. */
static size_t sequence_length(unsigned char lead)
{
	return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
}

/* Feed one byte of a non-ASCII sequence (or DEL) to @sink. */
static int feed_byte(struct dump_sink *sink, unsigned char c)
{
	if (sink->nheld && (c & 0xc0) != 0x80) {
		/* cut short: jansson writes valid UTF-8, so this is not text to judge */
		if (fwrite(sink->held, 1, sink->nheld, sink->out) != sink->nheld)
			return -1;
		sink->nheld = 0;
	}
	if (!sink->nheld) {
		sink->want = sequence_length(c);
		if (sink->want == 0 && c < 0x7f)	/* after a sequence cut short */
			return fputc(c, sink->out) == EOF ? -1 : 0;
		if (sink->want == 0)	/* DEL, a stray continuation byte */
			return put_sequence(sink->out, &c, 1);
	}
	sink->held[sink->nheld++] = c;
	if (sink->nheld < sink->want)
		return 0;
	sink->nheld = 0;
	return put_sequence(sink->out, sink->held, sink->want);
}

/*
 * jansson escapes the C0 controls but writes DEL, the C1 controls
 * (U+0080..U+009F) and the format characters (U+202E RIGHT-TO-LEFT
 * OVERRIDE, zero-width ones) as they are, and terminals obey or hide
 * them: U+009B is CSI, like ESC [.  They can only occur inside strings,
 * where \u escapes are the same text, so write them so: JSON output never
 * carries such a character to a terminal.  Sequences may straddle the
 * chunks jansson hands over, hence the held bytes.
 */
static int dump_filter(const char *buf, size_t n, void *data)
{
	struct dump_sink *sink = data;
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c < 0x7f && !sink->nheld)
			continue;
		if (fwrite(buf + run, 1, i - run, sink->out) != i - run || feed_byte(sink, c) < 0)
			return -1;
		run = i + 1;
	}
	return fwrite(buf + run, 1, n - run, sink->out) == n - run ? 0 : -1;
}

/* The -errno of a failed write to @out: what the stream saw, else EIO. */
static int write_error(FILE *out)
{
	return ferror(out) && errno ? -errno : -EIO;
}

int nsi_json_print(const json_t *j, size_t flags, FILE *out)
{
	struct dump_sink sink = { .out = out };

	if (json_dump_callback(j, dump_filter, &sink, flags) < 0)
		return write_error(out);
	if ((sink.nheld && fwrite(sink.held, 1, sink.nheld, out) != sink.nheld) || fputc('\n', out) == EOF)
		return write_error(out);
	return 0;
}

/*
 * The document indented; or for --json-lines, the elements of its array
 * @key one per line (the whole document on one line when it has none).
 * Built whole before the first byte is written, so a failure leaves no
 * partial output.
 */
static int dump_document(json_t *doc, const char *key, const struct nsi_render_opts *o, FILE *out)
{
	json_t *arr = key ? json_object_get(doc, key) : NULL;
	size_t i;
	json_t *row;
	int r = 0;

	if (!o->json_lines)
		r = nsi_json_print(doc, JSON_INDENT(3), out);
	else if (!arr)
		r = nsi_json_print(doc, JSON_COMPACT, out);
	else
		json_array_foreach(arr, i, row)
			if (r == 0)
				r = nsi_json_print(row, JSON_COMPACT, out);
	return r < 0 ? r : nsi_flush_output(out);
}

/* {"schema": N, [what @head holds,] "@key": []}; the array is *ret_array. */
static json_t *new_document(const char *key, json_t *head, json_t **ret_array)
{
	json_auto_t *doc = json_object();
	json_t *arr = json_array();

	if (!doc || !arr || json_object_set_new(doc, "schema", json_integer(NSI_JSON_SCHEMA)) < 0 ||
	    (head && json_object_update(doc, head) < 0) || json_object_set_new(doc, key, arr) < 0) {
		json_decref(head);
		return NULL;
	}
	json_decref(head);
	*ret_array = arr;
	return json_incref(doc);
}

int nsi_render_json(const struct nsi_output *o, FILE *out)
{
	const struct nsi_selection *s = o->sel;
	const char *key = s->process_view ? "processes" : "namespaces";
	json_t *arr;
	/* whether the rows are all there is: an ordinary user sees only some processes */
	json_auto_t *doc = new_document(key, json_pack("{s:b, s:i}", "complete", o->complete, "uninspected",
						       o->stats ? (int)o->stats->denied : 0),
					&arr);

	if (!doc)
		return -ENOMEM;
	for (size_t i = 0; i < s->nrows; i++)
		if (json_array_append_new(arr, row_object(&s->rows[i], s->process_view, o->cols)) < 0)
			return -ENOMEM;
	return dump_document(doc, key, o->opts, out);
}

int nsi_render_events(const struct nsi_output *o, FILE *out)
{
	for (size_t i = 0; i < o->nevents; i++) {
		int r = nsi_json_print(o->events[i], JSON_COMPACT, out);

		if (r < 0)
			return r;
	}
	return nsi_flush_output(out);
}

int nsi_render_column_list_json(const struct nsi_output *op, FILE *out)
{
	const struct nsi_render_opts *o = op->opts;
	json_t *arr;
	json_auto_t *doc = new_document("columns", NULL, &arr);

	if (!doc)
		return -ENOMEM;
	for (int c = 0; c < NSI_NCOLS; c++) {
		const struct nsi_colinfo *ci = nsi_column_info((enum nsi_col)c);
		json_t *col = json_pack("{s:s, s:s, s:s}", "name", ci->name, "type",
					nsi_json_type_name(ci->json), "description", ci->help);

		if (json_array_append_new(arr, col) < 0)
			return -ENOMEM;
	}
	return dump_document(doc, "columns", o, out);
}

static json_t *sharing_value(enum nsi_sharing s)
{
	return s == NSI_UNKNOWN ? json_null() : json_boolean(s == NSI_SHARED);
}

static json_t *compare_target(const struct nsi_compare_target *t)
{
	const struct nsi_container *c = t->container;

	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "target", nsi_json_text(t->arg), "pid",
			 t->pid ? json_integer(t->pid) : json_null(), "container",
			 nsi_json_text_or_null(c ? nsi_container_label(c) : NULL), "container_id",
			 nsi_json_text_or_null(c ? c->id : NULL), "engine",
			 nsi_json_text_or_null(c ? nsi_engine_name(c->engine) : NULL));
}

static json_t *compare_row(const struct nsi_comparison *c, const struct nsi_compare_row *row)
{
	json_t *inodes = json_array();

	for (size_t t = 0; inodes && t < c->ntargets; t++) {
		uint64_t ino = c->targets[t].ns[row->type];

		if (json_array_append_new(inodes, ino ? json_integer((json_int_t)ino) : json_null()) < 0) {
			json_decref(inodes);
			return NULL;
		}
	}
	return json_pack("{s:s, s:o, s:o}", "type", nsi_type_name(row->type), "ns", inodes, "shared",
			 sharing_value(row->sharing));
}

int nsi_render_compare_json(const struct nsi_output *op, FILE *out)
{
	const struct nsi_comparison *c = op->cmp;
	const struct nsi_render_opts *o = op->opts;
	json_auto_t *doc = NULL;
	json_t *targets = json_array(), *types = json_array();

	for (size_t t = 0; targets && t < c->ntargets; t++)
		if (json_array_append_new(targets, compare_target(&c->targets[t])) < 0)
			goto nomem;
	for (size_t r = 0; types && r < c->nrows; r++)
		if (json_array_append_new(types, compare_row(c, &c->rows[r])) < 0)
			goto nomem;
	doc = json_pack("{s:i, s:{s:o, s:o, s:o}}", "schema", NSI_JSON_SCHEMA, "compare", "shared",
			sharing_value(c->overall), "targets", targets, "types", types);
	if (!doc)
		return -ENOMEM;
	return dump_document(doc, NULL, o, out);
nomem:
	json_decref(targets);
	json_decref(types);
	return -ENOMEM;
}
