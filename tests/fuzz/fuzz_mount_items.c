/*
 * The nsfs and ipnetns text of mount points.  Any bytes but NUL and '/'
 * can be in a mount point's last component (a newline, the list
 * separator, controls, U+202E, bytes that are not UTF-8); they go through
 * mountinfo (escaped as the kernel escapes it), libmount and the model to
 * the NSFS and IPNETNS columns.  Each distinct mount point must come out
 * as exactly one item equal to it, its ip netns name as one IPNETNS item;
 * a table shows each item on one line with no raw control or format
 * character; JSON has one array element per item, the item itself when
 * it is UTF-8.  The input is up to 8 names separated by NUL bytes.
 */
#include <jansson.h>

#include "nsinspect/columns.h"
#include "nsinspect/format.h"
#include "nsinspect/model.h"
#include "nsinspect/mounts.h"
#include "nsinspect/render.h"
#include "nsinspect/select.h"
#include "nsinspect/util.h"

#include "fuzz.h"

#define MAX_POINTS 8
#define NAME_MAX_LEN 255
#define NETNS_INO 4026532000ULL

struct points {
	char path[MAX_POINTS][sizeof("/run/netns/") + NAME_MAX_LEN];
	size_t n;
};

/* Distinct /run/netns/NAME paths from the input's names ('/' becomes '_'). */
static void read_points(const uint8_t *data, size_t size, struct points *p)
{
	p->n = 0;
	for (size_t i = 0; i < size && p->n < MAX_POINTS;) {
		const uint8_t *end = memchr(data + i, '\0', size - i);
		size_t len = end ? (size_t)(end - (data + i)) : size - i;
		char *path = p->path[p->n];
		bool seen = false;
		size_t o = (size_t)sprintf(path, "/run/netns/");

		for (size_t k = 0; k < len && k < NAME_MAX_LEN; k++)
			path[o++] = data[i + k] == '/' ? '_' : (char)data[i + k];
		path[o] = '\0';
		for (size_t k = 0; k < p->n; k++)
			seen |= strcmp(p->path[k], path) == 0;
		if (len > 0 && !seen)
			p->n++;
		i += len + 1;
	}
}

/* The mountinfo text of @p: each point an nsfs mount of one netns, escaped as the kernel does. */
static FILE *mountinfo(const struct points *p, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		abort();
	for (size_t i = 0; i < p->n; i++) {
		fprintf(f, "%zu 25 0:4 net:[%llu] ", 40 + i, NETNS_INO);
		for (const char *c = p->path[i]; *c; c++)
			if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\\')
				fprintf(f, "\\%03o", (unsigned char)*c);
			else
				fputc(*c, f);
		fputs(" rw,nosuid - nsfs nsfs rw\n", f);
	}
	fclose(f);
	return fmemopen(*buf, *len, "r");
}

struct collected {
	const struct points *p;
	size_t n;
	size_t prefix;	/* of the paths, skipped: 11 for IPNETNS */
};

/* Items come in the order found, each equal to its mount point (or name). */
static int expect_item(const char *item, void *ctx)
{
	struct collected *c = ctx;

	FUZZ_CHECK(c->n < c->p->n);
	FUZZ_CHECK(strcmp(item, c->p->path[c->n] + c->prefix) == 0);
	c->n++;
	return 0;
}

/* @ns rendered by @render with columns NS and @col, as a string to free. */
static char *rendered(struct nsi_ns *ns, enum nsi_col col, int (*render)(const struct nsi_output *, FILE *))
{
	struct nsi_row row = { .ns = ns, .parent = -1 };
	struct nsi_selection sel = { .rows = &row, .nrows = 1 };
	struct nsi_columns cols = { .ids = { COL_NS, col }, .n = 2 };
	struct nsi_render_opts opts = { 0 };
	struct nsi_output op = { .opts = &opts, .sel = &sel, .cols = &cols, .complete = true };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	FUZZ_CHECK(f && render(&op, f) == 0);
	fclose(f);
	return text;
}

/* A table: a line per item under the header, nothing a terminal obeys or hides. */
static void check_table(struct nsi_ns *ns, enum nsi_col col, size_t nitems)
{
	char *text = rendered(ns, col, nsi_render_table);
	size_t n = strlen(text), lines = 0;

	for (size_t i = 0; i < n;) {
		size_t len = nsi_utf8_seq_len((const unsigned char *)text + i, n - i);

		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(text[i] == '\n' || !nsi_utf8_is_unsafe((const unsigned char *)text + i, len));
		lines += text[i] == '\n';
		i += len;
	}
	FUZZ_CHECK(lines == 1 + nitems);
	free(text);
}

/* JSON: one element per item, the item itself when it is UTF-8. */
static void check_json(struct nsi_ns *ns, enum nsi_col col, const struct collected *c)
{
	char *text = rendered(ns, col, nsi_render_json);
	json_t *doc = json_loads(text, 0, NULL);
	json_t *arr = json_object_get(json_array_get(json_object_get(doc, "namespaces"), 0), col == COL_NSFS ? "nsfs" : "ipnetns");

	FUZZ_CHECK(json_array_size(arr) == c->n);
	for (size_t i = 0; i < c->n; i++) {
		const char *want = c->p->path[i] + c->prefix;
		json_t *s = json_stringn(want, strlen(want));

		if (s)	/* valid UTF-8: given back exactly */
			FUZZ_CHECK(json_equal(s, json_array_get(arr, i)));
		json_decref(s);
	}
	json_decref(doc);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum nsi_col cols[] = { COL_NSFS, COL_IPNETNS };
	struct points p;
	struct nsi_model *m;
	struct nsi_ns *ns;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	fuzz_init();
	read_points(data, size, &p);
	if (p.n == 0)
		return 0;
	f = mountinfo(&p, &buf, &len);
	if (!f || nsi_model_new(&m) < 0)
		abort();
	FUZZ_CHECK(nsi_mounts_parse_mountinfo(m, NSI_TYPEMASK_ALL, f, "fuzz/mountinfo", 4026531841ULL, 0) == 0);
	fclose(f);
	free(buf);
	FUZZ_CHECK(nsi_model_finish(m) == 0);
	ns = nsi_model_find_ns(m, NSI_TYPE_NET, NETNS_INO);
	FUZZ_CHECK(ns);
	for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
		struct collected c = { .p = &p, .prefix = cols[k] == COL_IPNETNS ? strlen("/run/netns/") : 0 };

		FUZZ_CHECK(nsi_column_items(cols[k], ns, expect_item, &c) == 0);
		FUZZ_CHECK(c.n == p.n);
		check_table(ns, cols[k], c.n);
		check_json(ns, cols[k], &c);
	}
	nsi_model_free(m);
	return 0;
}
