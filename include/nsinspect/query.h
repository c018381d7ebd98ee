/*
 * -Q/--filter: lsns's row filter, the expression language of
 * scols-filter(5), evaluated here on the rows' typed values (Debian 12's
 * libsmartcols 2.38 has no filter API).
 *
 *	expr:  expr || expr | expr OR expr | expr && expr | expr AND expr
 *	     | !expr | NOT expr | ( expr ) | operand OP operand | operand
 *	OP:    == EQ != NE < LT <= LE > GT >= GE, =~ and !~ (a quoted regex)
 *	operand: a column (as -H names it, any case), an integer (with an
 *	       optional K, M, G, T, P, E, Z, Y or KiB ... suffix: powers of
 *	       1024), a float, "string" or 'string', true or false
 *
 * A column with no value (unknown, or none for that row) makes every
 * comparison false but != and !~, which it makes true; a column alone
 * is true when it has a value (a number: not 0).  A number compared with
 * a string column reads the column as a number (false when it is none);
 * a string compared with a number column compares its decimal text.
 * Keywords are matched in any case.
 */
#ifndef NSINSPECT_QUERY_H
#define NSINSPECT_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "nsinspect/columns.h"
#include "nsinspect/select.h"

struct nsi_query;

/*
 * Parse @text.  0 with *@ret; -EINVAL with *@ret_pos (the byte offset
 * of the fault) and *@ret_what (what was expected there, or what is
 * wrong); -ENOMEM.
 */
int nsi_query_parse(const char *text, struct nsi_query **ret, size_t *ret_pos, const char **ret_what);

struct nsi_query *nsi_query_free(struct nsi_query *q);

/* Add the columns @q reads to @cols (so that their values are loaded).  0 or -E2BIG. */
int nsi_query_columns(const struct nsi_query *q, struct nsi_columns *cols);

/* Does row @row (a process row when @process_view) match?  -ENOMEM on a failed allocation, else 1 or 0. */
int nsi_query_match(const struct nsi_query *q, const struct nsi_row *row, bool process_view);

#endif
