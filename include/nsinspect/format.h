/*
 * Output formats, one const table of them (src/render/formats.c): each
 * entry names a format, says what it renders (the rows of an inspection,
 * a comparison, watch events, the column list) and what its rows need
 * completed, and points at the function that writes it.  Adding a format
 * is one file in src/render/ and one entry.  A renderer reads what it is
 * given and nothing else: no /proc, no engine state.
 */
#ifndef NSINSPECT_FORMAT_H
#define NSINSPECT_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "nsinspect/colors.h"
#include "nsinspect/columns.h"
#include "nsinspect/compare.h"
#include "nsinspect/procfs.h"
#include "nsinspect/select.h"

enum nsi_format_id {
	NSI_FORMAT_TREE,	/* rows: a libsmartcols tree (the default) */
	NSI_FORMAT_LIST,	/* rows: a table (-l) */
	NSI_FORMAT_RAW,		/* rows: raw text (-r) */
	NSI_FORMAT_JSON,	/* rows: one JSON document (-J) */
	NSI_FORMAT_JSON_LINES,	/* rows: a JSON object per line (--json-lines) */
	NSI_FORMAT_METRICS,	/* rows: Prometheus text (--metrics) */
	NSI_FORMAT_GRAPH,	/* rows: Graphviz DOT of the hierarchy (--graph) */
	NSI_FORMAT_COMPARE,	/* a comparison as a table (--compare) */
	NSI_FORMAT_COMPARE_JSON,	/* ... as JSON (--compare -J) */
	NSI_FORMAT_WATCH,	/* watch events, a JSON line each (--watch) */
	NSI_FORMAT_COLUMNS,	/* the column list as a table (-H) */
	NSI_FORMAT_COLUMNS_JSON,	/* ... as JSON (-H -J) */
	NSI_NFORMATS,
};

struct nsi_render_opts {
	unsigned int noheadings : 1;
	unsigned int raw : 1;
	unsigned int notruncate : 1;
	unsigned int nowrap : 1;
	unsigned int json_lines : 1;	/* JSON: each row object on a line of its own */
	enum nsi_tree tree;
	const struct nsi_colors *colors;	/* tables, lists and trees; NULL: none */
};

/* What a renderer is given; each format reads the part its kind names. */
struct nsi_output {
	const struct nsi_render_opts *opts;
	/* rows */
	const struct nsi_selection *sel;
	const struct nsi_columns *cols;
	const struct nsi_scan_stats *stats;
	bool complete;			/* every process could be inspected */
	nsi_typemask types;		/* -t: metrics count each of them, even at 0 */
	double duration;		/* seconds the inspection took */
	bool write_failures_counted;	/* metrics: by --watch --metrics=FILE ... */
	unsigned long write_failures;	/* ... its rewrites that failed so far */
	/* a comparison */
	const struct nsi_comparison *cmp;
	/* watch events, JSON objects in the order to print */
	json_t *const *events;
	size_t nevents;
};

enum nsi_format_kind {
	NSI_RENDERS_ROWS,
	NSI_RENDERS_COMPARISON,
	NSI_RENDERS_EVENTS,
	NSI_RENDERS_COLUMNS,
};

/* What the rows must have had completed for a format, besides its columns. */
enum {
	NSI_FORMAT_NEEDS_TREE = 1 << 0,		/* parent links as opts->tree says */
	NSI_FORMAT_NEEDS_HIERARCHY = 1 << 1,	/* every row's parent and owner (the graph) */
	NSI_FORMAT_NEEDS_CONTAINERS = 1 << 2,	/* every row's container (metrics labels, graph clusters) */
};

struct nsi_format {
	const char *name;
	enum nsi_format_kind kind;
	unsigned int needs;	/* NSI_FORMAT_NEEDS_* */
	int (*render)(const struct nsi_output *o, FILE *out);	/* 0, -ENOMEM or -errno of the write */
};

const struct nsi_format *nsi_format(enum nsi_format_id id);

#endif
