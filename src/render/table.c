/*
 * Table, list, raw and tree output through libsmartcols.  Every line is
 * created flat in row order and then attached to its parent, so siblings
 * keep the sort order of the rows whatever order parents come in.
 * libsmartcols escapes unsafe characters in cell data, so a command line
 * with terminal escape sequences is printed as \x1b text; our own colours
 * (colors.c decides) are cell attributes, printed around that text.
 */
#include <errno.h>
#include <inttypes.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

/* A column whose heading has the header colour. */
static struct libscols_column *new_column(struct libscols_table *tb, const char *name, double whint, int flags,
					  const struct nsi_render_opts *o)
{
	struct libscols_column *cl = scols_table_new_column(tb, name, whint, flags);

	if (cl && set_color(scols_column_get_header(cl), o, NSI_COLOR_HEADER) < 0)
		return NULL;
	return cl;
}

/* A column; one that lists items (SCOLS_FL_WRAP) shows one per line. */
static struct libscols_column *add_column(struct libscols_table *tb, const struct nsi_colinfo *ci, int flags,
					  const struct nsi_render_opts *o)
{
	struct libscols_column *cl;

	if (o->raw || o->nowrap)
		flags &= ~SCOLS_FL_WRAP;
	cl = new_column(tb, ci->name, ci->whint, flags, o);
	if (cl && (flags & SCOLS_FL_WRAP)) {
		/* break at our newlines, and do not escape them */
		scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, NULL);
		scols_column_set_safechars(cl, "\n");
	}
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

/* Set one cell; a list on one line (raw, -W) separates its items with commas. */
static int set_cell(struct libscols_line *ln, size_t i, const char *text, const struct nsi_render_opts *o)
{
	char *copy;

	if (!strchr(text, '\n') || !(o->raw || o->nowrap))
		return scols_line_set_data(ln, i, text);
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (char *p = copy; (p = strchr(p, '\n'));)
		*p = ',';
	return scols_line_refer_data(ln, i, copy);
}

static int fill_line(struct libscols_line *ln, const struct nsi_row *row, bool process_view,
		     const struct nsi_columns *cols, const struct nsi_render_opts *o)
{
	for (size_t i = 0; i < cols->n; i++) {
		struct nsi_value v;
		const char *text;
		int r = 0;

		nsi_column_value(cols->ids[i], row, process_view, &v);
		text = nsi_value_text(&v);
		if (text)
			r = set_cell(ln, i, text, o);
		if (text && r == 0)
			r = set_color(scols_line_get_cell(ln, i), o, cell_role(cols->ids[i], row, process_view));
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
