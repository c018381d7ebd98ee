/*
 * The table of output formats (format.h).  A mode picks the entry, the
 * inspection completes what its rows need, and the entry's function
 * writes it.
 */
#include "nsinspect/format.h"
#include "nsinspect/render.h"

static const struct nsi_format formats[NSI_NFORMATS] = {
	[NSI_FORMAT_TREE] = { "tree", NSI_RENDERS_ROWS, NSI_FORMAT_NEEDS_TREE, nsi_render_table },
	[NSI_FORMAT_LIST] = { "list", NSI_RENDERS_ROWS, NSI_FORMAT_NEEDS_TREE, nsi_render_table },
	[NSI_FORMAT_RAW] = { "raw", NSI_RENDERS_ROWS, 0, nsi_render_table },
	[NSI_FORMAT_JSON] = { "json", NSI_RENDERS_ROWS, 0, nsi_render_json },
	[NSI_FORMAT_JSON_LINES] = { "json-lines", NSI_RENDERS_ROWS, 0, nsi_render_json },
	[NSI_FORMAT_METRICS] = { "metrics", NSI_RENDERS_ROWS, NSI_FORMAT_NEEDS_CONTAINERS, nsi_render_metrics },
	[NSI_FORMAT_GRAPH] = { "graph", NSI_RENDERS_ROWS, NSI_FORMAT_NEEDS_HIERARCHY | NSI_FORMAT_NEEDS_CONTAINERS,
			       nsi_render_graph },
	[NSI_FORMAT_COMPARE] = { "compare", NSI_RENDERS_COMPARISON, 0, nsi_render_compare_table },
	[NSI_FORMAT_COMPARE_JSON] = { "compare-json", NSI_RENDERS_COMPARISON, 0, nsi_render_compare_json },
	[NSI_FORMAT_WATCH] = { "watch", NSI_RENDERS_EVENTS, 0, nsi_render_events },
	[NSI_FORMAT_COLUMNS] = { "columns", NSI_RENDERS_COLUMNS, 0, nsi_render_column_list },
	[NSI_FORMAT_COLUMNS_JSON] = { "columns-json", NSI_RENDERS_COLUMNS, 0, nsi_render_column_list_json },
};

const struct nsi_format *nsi_format(enum nsi_format_id id)
{
	return &formats[id];
}
