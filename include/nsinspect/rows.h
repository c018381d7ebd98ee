/*
 * Completing the rows a selection picked: what their columns need read
 * (a process's stat, cmdline and owner; a namespace's nsfs relations and
 * NETNSID; the container of each row) and, for the trees, the parent of
 * each row.  Only shown rows pay for this.  The inspection (inspect.h)
 * calls it; renderers then read the rows and nothing else.
 */
#ifndef NSINSPECT_ROWS_H
#define NSINSPECT_ROWS_H

#include "nsinspect/containers.h"
#include "nsinspect/model.h"
#include "nsinspect/procfs.h"
#include "nsinspect/select.h"
#include "nsinspect/users.h"

/* What the rows must have read. */
struct nsi_row_needs {
	unsigned int details;		/* enum nsi_detail */
	unsigned int relations;		/* enum nsi_relation */
	enum nsi_tree tree;		/* the parent links to make */
};

/*
 * Read what @needs says for every row of @s (with @containers, the
 * container of every row; with @users, user names), then link each row
 * to its parent row as needs->tree says (reading PPIDs up the process
 * tree as needed).  Returns 0 or -ENOMEM.
 */
int nsi_rows_complete(struct nsi_selection *s, const struct nsi_model *m, struct nsi_procfs *pfs,
		      const struct nsi_row_needs *needs, struct nsi_containers *containers, struct nsi_users *users);

#endif
