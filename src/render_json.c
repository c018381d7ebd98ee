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
#include <string.h>

#include "nsinspect/render.h"
#include "nsinspect/util.h"

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

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
		size_t len = utf8_seq_len((const unsigned char *)s + i, n - i);

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

/* A list column's lines as an array of strings ([] for none). */
static json_t *json_lines(struct nsi_value *v)
{
	json_t *arr = json_array();
	const char *p = v->kind == NSI_VALUE_STRING ? v->str : "";

	while (arr && *p) {
		size_t n = strcspn(p, "\n");
		_cleanup_free_ char *line = strndup(p, n);

		if (!line || json_array_append_new(arr, nsi_json_text(line)) < 0) {
			json_decref(arr);
			return NULL;
		}
		p += n + (p[n] == '\n');
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
static json_t *holders_object(const struct nsi_ns *ns)
{
	bool has_children = ns->type == NSI_TYPE_USER || ns->type == NSI_TYPE_PID;

	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "processes", (int)ns->nprocs, "threads",
			 holder_list(ns, NSI_HOLDER_THREAD), "fds", holder_list(ns, NSI_HOLDER_FD), "sockets",
			 holder_list(ns, NSI_HOLDER_SOCKET), "mounts", holder_list(ns, NSI_HOLDER_MOUNT), "children",
			 has_children && (ns->holders_scanned & NSI_HOLDER_BIT(NSI_HOLDER_CHILD)) ?
				 json_integer(ns->nchildren) :
				 json_null());
}

static json_t *cell(enum nsi_col col, const struct nsi_row *row, struct nsi_users *users)
{
	enum nsi_json_type type = nsi_column_info(col)->json;
	struct nsi_value v;
	json_t *j;

	if (type == NSI_JSON_OBJECT)
		return row->ns ? holders_object(row->ns) : json_null();
	nsi_column_value(col, row->ns, row->proc, users, &v);
	if (type == NSI_JSON_ARRAY)
		j = nsi_column_applies(col, row->ns) ? json_lines(&v) : json_null();
	else
		j = json_value(&v);
	nsi_value_clear(&v);
	return j;
}

static json_t *row_object(const struct nsi_row *row, const struct nsi_columns *cols, struct nsi_users *users)
{
	json_auto_t *obj = json_object();

	if (!obj)
		return NULL;
	for (size_t i = 0; i < cols->n; i++) {
		char key[32];

		lower_key(nsi_column_info(cols->ids[i])->name, key, sizeof(key));
		if (json_object_set_new(obj, key, cell(cols->ids[i], row, users)) < 0)
			return NULL;
	}
	return json_incref(obj);
}

static int dump_document(json_t *doc, FILE *out)
{
	if (json_dumpf(doc, out, JSON_INDENT(3)) < 0 || fputc('\n', out) == EOF)
		return -EIO;
	if (fflush(out) != 0 || ferror(out))
		return -EIO;
	return 0;
}

static json_t *new_document(const char *key, json_t **ret_array)
{
	json_auto_t *doc = json_object();
	json_t *arr = json_array();

	if (!doc || !arr || json_object_set_new(doc, "schema", json_integer(NSI_JSON_SCHEMA)) < 0 ||
	    json_object_set_new(doc, key, arr) < 0)
		return NULL;
	*ret_array = arr;
	return json_incref(doc);
}

int nsi_render_json(const struct nsi_selection *s, const struct nsi_columns *cols, struct nsi_users *users,
		    FILE *out)
{
	json_t *arr;
	json_auto_t *doc = new_document(s->process_view ? "processes" : "namespaces", &arr);

	if (!doc)
		return -ENOMEM;
	for (size_t i = 0; i < s->nrows; i++)
		if (json_array_append_new(arr, row_object(&s->rows[i], cols, users)) < 0)
			return -ENOMEM;
	return dump_document(doc, out);
}

int nsi_render_column_list_json(FILE *out)
{
	json_t *arr;
	json_auto_t *doc = new_document("columns", &arr);

	if (!doc)
		return -ENOMEM;
	for (int c = 0; c < NSI_NCOLS; c++) {
		const struct nsi_colinfo *ci = nsi_column_info((enum nsi_col)c);
		json_t *o = json_pack("{s:s, s:s, s:s}", "name", ci->name, "type",
				      nsi_json_type_name(ci->json), "description", ci->help);

		if (json_array_append_new(arr, o) < 0)
			return -ENOMEM;
	}
	return dump_document(doc, out);
}
