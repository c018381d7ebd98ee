/*
 * The column table: one entry per output column with its name, width
 * hint, libsmartcols flags, JSON type, help text and the per-process
 * details it needs read.  -o, --list-columns, both renderers and the
 * completions' check all use this one table.
 */
#ifndef NSINSPECT_COLUMNS_H
#define NSINSPECT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "nsinspect/model.h"

enum nsi_col {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_PNS,
	COL_ONS,
	COL_OWNER,
	COL_NSFS,
	COL_IPNETNS,
	COL_NETNSID,
	COL_NS_ID,
	COL_NS_DEV,
	COL_HOLDERS,
	COL_CONTAINER,
	COL_CONTAINER_ID,
	COL_ENGINE,
	COL_POD,
	COL_POD_NAMESPACE,
	COL_IMAGE,
	NSI_NCOLS,
};

enum nsi_json_type {
	NSI_JSON_STRING,
	NSI_JSON_NUMBER,
	NSI_JSON_ARRAY,		/* of strings: the column's items (nsi_column_items) */
	NSI_JSON_OBJECT,	/* built by the JSON renderer (HOLDERS) */
};

struct nsi_colinfo {
	const char *name;
	double whint;		/* libsmartcols width hint */
	int flags;		/* SCOLS_FL_* (SCOLS_FL_WRAP: one item per line) */
	enum nsi_json_type json;
	unsigned int details;	/* enum nsi_detail bits the value needs */
	unsigned int relations;	/* enum nsi_relation bits the value needs */
	bool net_only;		/* means nothing for other types: null in JSON */
	bool container;		/* needs the container of the row (containers.h) */
	const char *help;
};

const struct nsi_colinfo *nsi_column_info(enum nsi_col col);

/* Case-insensitive lookup; NSI_NCOLS when unknown. */
enum nsi_col nsi_column_from_name(const char *name, size_t len);

/* A column list as chosen by -o; at most NSI_MAX_COLUMNS entries. */
#define NSI_MAX_COLUMNS 64
struct nsi_columns {
	enum nsi_col ids[NSI_MAX_COLUMNS];
	size_t n;
};

/*
 * Parse "-o LIST".  A LIST starting with '+' appends to @cols (which the
 * caller fills with the defaults first), otherwise replaces it.  On an
 * unknown name returns -EINVAL with *ret_bad/ret_badlen pointing at it;
 * -E2BIG for too many columns.
 */
int nsi_columns_parse(struct nsi_columns *cols, const char *list, const char **ret_bad, size_t *ret_badlen);

int nsi_columns_add(struct nsi_columns *cols, enum nsi_col col);
bool nsi_columns_has(const struct nsi_columns *cols, enum nsi_col col);

/* The union of details the columns need. */
unsigned int nsi_columns_details(const struct nsi_columns *cols);

/* The union of namespace relations the columns need. */
unsigned int nsi_columns_relations(const struct nsi_columns *cols);

/* Does any column show what container a row belongs to? */
bool nsi_columns_need_containers(const struct nsi_columns *cols);

/*
 * One cell's value.  A row is a namespace (shown through its lowest-PID
 * process) or, in the process view, a process and the namespace it was
 * selected by.
 */
struct nsi_value {
	enum { NSI_VALUE_NONE, NSI_VALUE_NUMBER, NSI_VALUE_STRING } kind;
	long long num;
	const char *text;	/* shown instead in text output ("unassigned", a short id) */
	const char *str;	/* points into the model, a user cache, buf or alloc */
	char buf[64];
	char *alloc;		/* text built for this cell; nsi_value_clear() frees it */
};

struct nsi_row;

/*
 * The value of @col in @row, a process row when @process_view.  A list
 * column (NSFS, IPNETNS) has none here: its items are nsi_column_items().
 */
void nsi_column_value(enum nsi_col col, const struct nsi_row *row, bool process_view, struct nsi_value *ret);

/* Does @col mean anything for a row of namespace @ns (NETNSID only for network namespaces)? */
bool nsi_column_applies(enum nsi_col col, const struct nsi_ns *ns);

/*
 * Between the items of a table's list cell (NSFS, IPNETNS), where it
 * breaks the lines: the ASCII record separator.  Items are escaped
 * before (a newline as \x0a, as lsns does; this byte as \x1e), so none
 * holds it and a newline never splits an item.
 */
#define NSI_LIST_SEP '\x1e'

/*
 * The items of a list column (NSFS, IPNETNS) of @ns, each once, in the
 * order found: @fn is called with each until it returns non-zero, which
 * is returned; 0, or -ENOMEM.  JSON builds its arrays from these, never
 * by splitting text: a mount point may hold a newline.
 */
int nsi_column_items(enum nsi_col col, const struct nsi_ns *ns, int (*fn)(const char *item, void *ctx), void *ctx);

/* Format any value as text (numbers in decimal); NULL for NONE. */
const char *nsi_value_text(struct nsi_value *v);

/* Release what nsi_column_value() allocated for @v. */
void nsi_value_clear(struct nsi_value *v);

#endif
