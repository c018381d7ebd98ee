/*
 * The renderers behind the format table (format.h): libsmartcols tables
 * (table, list, raw, tree), jansson JSON, Prometheus text and Graphviz
 * DOT, and the JSON helpers --watch's events share.  They read what the
 * nsi_output gives them, never /proc.
 */
#ifndef NSINSPECT_RENDER_H
#define NSINSPECT_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "nsinspect/format.h"

/* Version of the JSON layout; see docs/json.md for the compatibility rules. */
#define NSI_JSON_SCHEMA 1

/* Rows as a table, list, raw text or tree, as o->opts says.  0, -ENOMEM or the write's -errno. */
int nsi_render_table(const struct nsi_output *o, FILE *out);

/*
 * Rows as one JSON document, printed whole or not at all; with
 * opts->json_lines each row object compact on its own line instead.
 */
int nsi_render_json(const struct nsi_output *o, FILE *out);

/* Rows as the Prometheus text format. */
int nsi_render_metrics(const struct nsi_output *o, FILE *out);

/* The rows' namespaces as a Graphviz DOT graph of owners, parents and containers. */
int nsi_render_graph(const struct nsi_output *o, FILE *out);

/*
 * --compare as a table: TYPE, one column per target (headed by the
 * target as typed), SHARED.  An inode that could not be read is empty.
 */
int nsi_render_compare_table(const struct nsi_output *o, FILE *out);

/* --compare as JSON: {"schema": 1, "compare": {...}} (docs/json.md), one line with json_lines. */
int nsi_render_compare_json(const struct nsi_output *o, FILE *out);

/* --watch's events, one compact JSON object per line. */
int nsi_render_events(const struct nsi_output *o, FILE *out);

/* --list-columns as a table (honouring noheadings and raw), and as JSON. */
int nsi_render_column_list(const struct nsi_output *o, FILE *out);
int nsi_render_column_list_json(const struct nsi_output *o, FILE *out);

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
 * controls as \u escapes, which jansson leaves raw.  Returns 0 or the
 * write's -errno.
 */
int nsi_json_print(const json_t *j, size_t flags, FILE *out);

/* Name of a JSON type as --list-columns prints it. */
const char *nsi_json_type_name(enum nsi_json_type t);

#endif
