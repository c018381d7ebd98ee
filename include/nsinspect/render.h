/*
 * Renderers: libsmartcols tables (table, list, raw, tree) and jansson
 * JSON.  They read the selection and the model, never /proc.
 */
#ifndef NSINSPECT_RENDER_H
#define NSINSPECT_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "nsinspect/columns.h"
#include "nsinspect/select.h"
#include "nsinspect/users.h"

/* Version of the JSON layout; see docs/json.md for the compatibility rules. */
#define NSI_JSON_SCHEMA 1

struct nsi_render_opts {
	unsigned int noheadings : 1;
	unsigned int raw : 1;
	unsigned int notruncate : 1;
	unsigned int nowrap : 1;
	enum nsi_tree tree;
};

/* Returns 0, or -EIO when the output could not be written. */
int nsi_render_table(const struct nsi_selection *s, const struct nsi_columns *cols,
		     const struct nsi_render_opts *o, struct nsi_users *users, FILE *out);

/* Prints the whole document or nothing.  Returns 0, -ENOMEM or -EIO. */
int nsi_render_json(const struct nsi_selection *s, const struct nsi_columns *cols, struct nsi_users *users,
		    FILE *out);

/* --list-columns as a table (honouring noheadings and raw)... */
int nsi_render_column_list(const struct nsi_render_opts *o, FILE *out);

/* ... and as JSON. */
int nsi_render_column_list_json(FILE *out);

/*
 * Text from outside (command lines, container names, mount points) as a
 * JSON string: invalid UTF-8 bytes become U+FFFD.  NULL only when out of
 * memory.  Public for tests/fuzz.
 */
json_t *nsi_json_text(const char *s);

/* Name of a JSON type as --list-columns prints it. */
const char *nsi_json_type_name(enum nsi_json_type t);

#endif
