/*
 * Table, list, raw and tree output through libsmartcols.  Every line is
 * created flat in row order and then attached to its parent, so siblings
 * keep the sort order of the rows whatever order parents come in.
 * Cell text from outside is escaped here, as nsi_put_escaped() does for
 * every other output: libsmartcols would escape the controls (a command
 * line with terminal escape sequences shows as \x1b text) but prints
 * format characters such as U+202E RIGHT-TO-LEFT OVERRIDE raw.  Our own
 * colours (colors.c decides) are cell attributes, printed around the text.
 */
#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "nsinspect/debug.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"

static void table_unrefp(struct libscols_table **tb)
{
	scols_unref_table(*tb);
}
#define _cleanup_table_ __attribute__((cleanup(table_unrefp)))

/* Raw output is for scripts: never coloured, whatever --color says. */
static bool colors_apply(const struct nsi_render_opts *o)
{
	return o->colors && o->colors->on && !o->raw;
}

/* Print @tb and flush: 0, or the write's -errno. */
static int print_table(struct libscols_table *tb, FILE *out)
{
	if (scols_print_table(tb) < 0)
		return ferror(out) && errno ? -errno : -EIO;
	return nsi_flush_output(out);
}

static struct libscols_table *new_table(const struct nsi_render_opts *o, FILE *out)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_set_stream(tb, out);
	scols_table_enable_colors(tb, colors_apply(o));
	scols_table_enable_noheadings(tb, o->noheadings);
	scols_table_enable_raw(tb, o->raw);
	/* we escape cells ourselves (cell_escape); raw output libsmartcols escapes */
	scols_table_enable_noencoding(tb, !o->raw);
	scols_table_enable_nowrap(tb, o->nowrap);
	return tb;
}


/*
 * The column that draws the tree: COMMAND for the process tree (as in
 * lsns), NS for the namespace hierarchies; NSI_NCOLS for none.
 */
static enum nsi_col tree_column(enum nsi_tree tree, const struct nsi_columns *cols)
{
	if (tree == NSI_TREE_NONE)
		return NSI_NCOLS;
	if (tree != NSI_TREE_PROCESS && nsi_columns_has(cols, COL_NS))
		return COL_NS;
	return nsi_columns_has(cols, COL_COMMAND) ? COL_COMMAND : NSI_NCOLS;
}

/* Give @ce the colour of @role, if colours are on. */
static int set_color(struct libscols_cell *ce, const struct nsi_render_opts *o, enum nsi_color_role role)
{
	const char *seq = colors_apply(o) ? nsi_color(o->colors, role) : NULL;

	return seq ? scols_cell_set_color(ce, seq) : 0;
}

/* The colour a cell of @col in @row has, if any: NSI_NCOLOR_ROLES for none. */
static enum nsi_color_role cell_role(enum nsi_col col, const struct nsi_row *row, bool process_view)
{
	if (col == COL_NS && !process_view && row->ns->nprocs == 0 && !row->ns->procs_unknown)
		return NSI_COLOR_PERSISTENT;
	if (col == COL_CONTAINER || col == COL_CONTAINER_ID)
		return NSI_COLOR_CONTAINER;
	return NSI_NCOLOR_ROLES;
}

/* --compare's SHARED cell: yes in one colour, no in another, unknown in none. */
static enum nsi_color_role sharing_role(enum nsi_sharing s)
{
	return s == NSI_SHARED ? NSI_COLOR_SHARED : s == NSI_DIFFERENT ? NSI_COLOR_DIFFERS : NSI_NCOLOR_ROLES;
}

/*
 * Cell text as nsi_put_escaped() writes it: controls, format characters
 * and what the locale cannot print as \xHH, and "\x" itself as \x5cx
 * (libsmartcols' own rules, so the output is as before for all else, and
 * an escape is never ambiguous).  libsmartcols' encoding is off for
 * these tables (new_table()); raw output is left to it, and it escapes
 * format characters there.
 */
static const struct nsi_escape cell_escape = {
	.hex_prefix = "\\x", .backslash_x_as_hex = true, .unprintable_as_hex = true
};

/* Whether @text has bytes that cell_text() writes other than as they are. */
static bool needs_cell_escape(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p >= 0x7f || *p < 0x20 || *p == '\\')
			return true;
	return false;
}

/* @text escaped by cell_escape; NULL without memory. */
static char *cell_text(const char *text)
{
	char *copy = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&copy, &size);

	if (!f)
		return NULL;
	nsi_put_escaped(f, text, &cell_escape);
	if (fclose(f) != 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

/* A column whose heading has the header colour. */
static struct libscols_column *new_column(struct libscols_table *tb, const char *name, double whint, int flags,
					  const struct nsi_render_opts *o)
{
	bool escape = !o->raw && needs_cell_escape(name);
	_cleanup_free_ char *text = escape ? cell_text(name) : NULL;
	struct libscols_column *cl = escape && !text ? NULL : scols_table_new_column(tb, text ? text : name, whint, flags);

	if (cl && set_color(scols_column_get_header(cl), o, NSI_COLOR_HEADER) < 0)
		return NULL;
	return cl;
}

/* The display width of @s, as libsmartcols prints it: a control byte as \xHH. */
static size_t safe_width(const char *s, size_t n)
{
	mbstate_t st = { 0 };
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t len = mbrtowc(&wc, s + i, n - i, &st);
		int cw;

		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			w += 4;
			i++;
			memset(&st, 0, sizeof(st));
			continue;
		}
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 4;
		i += len;
	}
	return w;
}

/* The widest item of a list cell (items end at NSI_LIST_SEP). */
static size_t list_chunksize(const struct libscols_column *cl, const char *data, void *userdata)
{
	size_t widest = 0;

	while (data && *data) {
		const char *end = strchr(data, NSI_LIST_SEP);
		size_t n = end ? (size_t)(end - data) : strlen(data), w = safe_width(data, n);

		widest = w > widest ? w : widest;
		data = end ? end + 1 : NULL;
	}
	return widest;
}

/* The item after the one at @data, which ends there. */
static char *list_nextchunk(const struct libscols_column *cl, char *data, void *userdata)
{
	char *end = data ? strchr(data, NSI_LIST_SEP) : NULL;

	if (!end)
		return NULL;
	*end = '\0';
	return end + 1;
}

/* A column; one that lists items (SCOLS_FL_WRAP) shows one per line. */
static struct libscols_column *add_column(struct libscols_table *tb, const struct nsi_colinfo *ci, int flags,
					  const struct nsi_render_opts *o)
{
	struct libscols_column *cl;

	if (o->raw || o->nowrap)
		flags &= ~SCOLS_FL_WRAP;
	cl = new_column(tb, ci->name, ci->whint, flags, o);
	if (cl && (flags & SCOLS_FL_WRAP))
		scols_column_set_wrapfunc(cl, list_chunksize, list_nextchunk, NULL);
	return cl;
}

static int add_columns(struct libscols_table *tb, const struct nsi_columns *cols, const struct nsi_render_opts *o,
		       int *ret_has_tree)
{
	*ret_has_tree = 0;
	for (size_t i = 0; i < cols->n; i++) {
		const struct nsi_colinfo *ci = nsi_column_info(cols->ids[i]);
		int flags = ci->flags;

		if (o->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		if (cols->ids[i] == tree_column(o->tree, cols) && !*ret_has_tree) {
			/* tree art needs left-aligned text */
			flags &= ~SCOLS_FL_RIGHT;
			flags |= SCOLS_FL_TREE;
			*ret_has_tree = 1;
		}
		if (!add_column(tb, ci, flags, o))
			return -ENOMEM;
	}
	return 0;
}

/* Set one cell, escaped (raw output libsmartcols escapes). */
static int set_cell(struct libscols_line *ln, size_t i, const char *text, const struct nsi_render_opts *o)
{
	char *copy;

	if (o->raw || !needs_cell_escape(text))
		return scols_line_set_data(ln, i, text);
	copy = cell_text(text);
	return copy ? scols_line_refer_data(ln, i, copy) : -ENOMEM;
}

/* A list cell being written: items escaped (unless raw), @sep between them. */
struct list_cell {
	FILE *f;
	char sep;
	bool raw, first;
};

static int put_list_item(const char *item, void *ctx)
{
	struct list_cell *c = ctx;

	if (!c->first)
		fputc(c->sep, c->f);
	c->first = false;
	if (c->raw)
		fputs(item, c->f);
	else
		nsi_put_escaped(c->f, item, &cell_escape);
	return 0;
}

/*
 * Set a list column's cell (NSFS, IPNETNS) from its items, never by
 * splitting text, since an item may hold any byte: one item per line, or
 * on one line (raw, -W) separated by commas.
 */
static int set_list_cell(struct libscols_line *ln, size_t i, enum nsi_col col, const struct nsi_ns *ns,
			 const struct nsi_render_opts *o)
{
	struct list_cell c = { .sep = o->raw || o->nowrap ? ',' : NSI_LIST_SEP, .raw = o->raw, .first = true };
	char *copy = NULL;
	size_t size = 0;
	int r;

	c.f = open_memstream(&copy, &size);
	if (!c.f)
		return -ENOMEM;
	r = nsi_column_items(col, ns, put_list_item, &c);
	if (fclose(c.f) != 0 || r < 0) {
		free(copy);
		return -ENOMEM;
	}
	return scols_line_refer_data(ln, i, copy);
}

static int fill_line(struct libscols_line *ln, const struct nsi_row *row, bool process_view,
		     const struct nsi_columns *cols, const struct nsi_render_opts *o)
{
	for (size_t i = 0; i < cols->n; i++) {
		enum nsi_col col = cols->ids[i];
		struct nsi_value v = { .kind = NSI_VALUE_NONE };
		bool set = false;
		int r = 0;

		if (nsi_column_info(col)->json == NSI_JSON_ARRAY) {
			/* its items, never text; a namespace with no holder has none (and needs no memstream) */
			set = row->ns && nsi_column_applies(col, row->ns) && row->ns->nholders;
			if (set)
				r = set_list_cell(ln, i, col, row->ns, o);
		} else {
			const char *text;

			nsi_column_value(col, row, process_view, &v);
			text = nsi_value_text(&v);
			set = text != NULL;
			if (set)
				r = set_cell(ln, i, text, o);
		}
		if (set && r == 0)
			r = set_color(scols_line_get_cell(ln, i), o, cell_role(col, row, process_view));
		nsi_value_clear(&v);
		if (r < 0)
			return -ENOMEM;
	}
	return 0;
}

int nsi_render_table(const struct nsi_output *op, FILE *out)
{
	const struct nsi_selection *s = op->sel;
	const struct nsi_columns *cols = op->cols;
	const struct nsi_render_opts *o = op->opts;
	_cleanup_table_ struct libscols_table *tb = new_table(o, out);
	_cleanup_free_ struct libscols_line **lines = NULL;
	int has_tree, r;

	if (!tb)
		return -ENOMEM;
	r = add_columns(tb, cols, o, &has_tree);
	if (r < 0)
		return r;
	lines = calloc(s->nrows ? s->nrows : 1, sizeof(*lines));
	if (!lines)
		return -ENOMEM;

	for (size_t i = 0; i < s->nrows; i++) {
		lines[i] = scols_table_new_line(tb, NULL);
		if (!lines[i])
			return -ENOMEM;
		r = fill_line(lines[i], &s->rows[i], s->process_view, cols, o);
		if (r < 0)
			return r;
	}
	if (has_tree)
		for (size_t i = 0; i < s->nrows; i++)
			if (s->rows[i].parent >= 0 && scols_line_add_child(lines[s->rows[i].parent], lines[i]) < 0)
				return -ENOMEM;

	DBG(RENDER, "table: %zu rows, %zu columns, tree=%d", s->nrows, cols->n, has_tree);
	return print_table(tb, out);
}

const char *nsi_json_type_name(enum nsi_json_type t)
{
	static const char *const names[] = {
		[NSI_JSON_STRING] = "string",
		[NSI_JSON_NUMBER] = "number",
		[NSI_JSON_ARRAY] = "array",
		[NSI_JSON_OBJECT] = "object",
	};

	return names[t];
}

int nsi_render_column_list(const struct nsi_output *op, FILE *out)
{
	const struct nsi_render_opts *o = op->opts;
	_cleanup_table_ struct libscols_table *tb = new_table(o, out);

	if (!tb)
		return -ENOMEM;
	if (!new_column(tb, "NAME", 0, 0, o) || !new_column(tb, "TYPE", 0, 0, o) ||
	    !new_column(tb, "DESCRIPTION", 0, 0, o))
		return -ENOMEM;
	for (int c = 0; c < NSI_NCOLS; c++) {
		const struct nsi_colinfo *ci = nsi_column_info((enum nsi_col)c);
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, ci->name) < 0 ||
		    scols_line_set_data(ln, 1, nsi_json_type_name(ci->json)) < 0 ||
		    scols_line_set_data(ln, 2, ci->help) < 0)
			return -ENOMEM;
	}
	return print_table(tb, out);
}

static int set_inode_cell(struct libscols_line *ln, size_t i, uint64_t ino)
{
	char buf[32];

	if (!ino)
		return 0;
	snprintf(buf, sizeof(buf), "%" PRIu64, ino);
	return scols_line_set_data(ln, i, buf);
}

int nsi_render_compare_table(const struct nsi_output *op, FILE *out)
{
	const struct nsi_comparison *c = op->cmp;
	const struct nsi_render_opts *o = op->opts;
	_cleanup_table_ struct libscols_table *tb = new_table(o, out);

	if (!tb || !new_column(tb, "TYPE", 0, 0, o))
		return -ENOMEM;
	for (size_t t = 0; t < c->ntargets; t++)
		if (!new_column(tb, c->targets[t].arg, 10, SCOLS_FL_RIGHT, o))
			return -ENOMEM;
	if (!new_column(tb, "SHARED", 0, 0, o))
		return -ENOMEM;

	for (size_t r = 0; r < c->nrows; r++) {
		const struct nsi_compare_row *row = &c->rows[r];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, nsi_type_name(row->type)) < 0)
			return -ENOMEM;
		for (size_t t = 0; t < c->ntargets; t++)
			if (set_inode_cell(ln, t + 1, c->targets[t].ns[row->type]) < 0)
				return -ENOMEM;
		if (scols_line_set_data(ln, c->ntargets + 1, nsi_sharing_name(row->sharing)) < 0 ||
		    set_color(scols_line_get_cell(ln, c->ntargets + 1), o, sharing_role(row->sharing)) < 0)
			return -ENOMEM;
	}
	return print_table(tb, out);
}
