/*
 * Renderers: libsmartcols tables (table, list, raw, tree) and jansson
 * JSON.  They read the selection and the model, never /proc.
 */
#ifndef NSINSPECT_RENDER_H
#define NSINSPECT_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "nsinspect/colors.h"
#include "nsinspect/columns.h"
#include "nsinspect/compare.h"
#include "nsinspect/procfs.h"
#include "nsinspect/select.h"
#include "nsinspect/users.h"

/* Version of the JSON layout; see docs/json.md for the compatibility rules. */
#define NSI_JSON_SCHEMA 1

struct nsi_render_opts {
	unsigned int noheadings : 1;
	unsigned int raw : 1;
	unsigned int notruncate : 1;
	unsigned int nowrap : 1;
	unsigned int json_lines : 1;	/* JSON: each row object on a line of its own */
	enum nsi_tree tree;
	const struct nsi_colors *colors;	/* tables, lists and trees; NULL: none */
};

/* Returns 0, or -EIO when the output could not be written. */
int nsi_render_table(const struct nsi_selection *s, const struct nsi_columns *cols,
		     const struct nsi_render_opts *o, struct nsi_users *users, FILE *out);

/*
 * Prints the whole document or nothing; with o->json_lines, each row
 * object compact on its own line instead.  Returns 0, -ENOMEM or -EIO.
 */
int nsi_render_json(const struct nsi_selection *s, const struct nsi_columns *cols, const struct nsi_render_opts *o,
		    struct nsi_users *users, FILE *out);

/* --list-columns as a table (honouring noheadings and raw)... */
int nsi_render_column_list(const struct nsi_render_opts *o, FILE *out);

/* ... and as JSON. */
int nsi_render_column_list_json(const struct nsi_render_opts *o, FILE *out);

/*
 * --compare as a table: TYPE, one column per target (headed by the
 * target as typed), SHARED.  An inode that could not be read is empty.
 */
int nsi_render_compare_table(const struct nsi_comparison *c, const struct nsi_render_opts *o, FILE *out);

/* --compare as JSON: {"schema": 1, "compare": {...}} (docs/json.md), one line with o->json_lines. */
int nsi_render_compare_json(const struct nsi_comparison *c, const struct nsi_render_opts *o, FILE *out);

/* What --metrics reports: the selected namespaces and how the scan went. */
struct nsi_metrics {
	const struct nsi_selection *sel;	/* namespace view, containers loaded */
	nsi_typemask types;			/* -t: every one gets a count, even 0 */
	const struct nsi_scan_stats *stats;
	double duration;			/* seconds the scan took */
};

/* --metrics: the Prometheus text format.  Returns 0 or -EIO. */
int nsi_render_metrics(const struct nsi_metrics *mx, FILE *out);

/* The HOLDERS object of @ns, as docs/json.md describes it.  NULL on ENOMEM. */
json_t *nsi_json_holders(const struct nsi_ns *ns);

/*
 * Text from outside (command lines, container names, mount points) as a
 * JSON string: invalid UTF-8 bytes become U+FFFD.  NULL only when out of
 * memory.  Also used by --watch; tests/fuzz checks it.
 */
json_t *nsi_json_text(const char *s);

/* nsi_json_text(), or JSON null for NULL (an unknown value). */
json_t *nsi_json_text_or_null(const char *s);

/*
 * Write @j (json_dump flags) and a newline to @out, with DEL and the C1
 * controls as \u escapes, which jansson leaves raw.  Returns 0 or -EIO.
 */
int nsi_json_print(const json_t *j, size_t flags, FILE *out);

/* Name of a JSON type as --list-columns prints it. */
const char *nsi_json_type_name(enum nsi_json_type t);

#endif
