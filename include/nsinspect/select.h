/*
 * Selection: which rows to show (-t, -p, -c, -P, NSID arguments), from
 * the model alone.  It is pure: no /proc, no engine state; what the rows
 * then need read is the inspection's (rows.h).  The result is a plain
 * array of rows with a parent index per row, so renderers need no model
 * knowledge.
 */
#ifndef NSINSPECT_SELECT_H
#define NSINSPECT_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/cmdlines.h"
#include "nsinspect/model.h"

/* How rows nest (-T): by process ancestry, owning user namespace, or parent namespace. */
enum nsi_tree {
	NSI_TREE_NONE,
	NSI_TREE_PROCESS,
	NSI_TREE_OWNER,
	NSI_TREE_PARENT,
};

struct nsi_filter {
	nsi_typemask types;
	bool persistent;			/* -P: only namespaces known to have no process */
	bool targeted;				/* targets were given: only what they name, nothing when none resolved */
	const struct nsi_proc *const *procs;	/* -p, -c: the namespaces of these processes */
	size_t nprocs;
	struct nsi_ns *const *namespaces;	/* NSID arguments: the processes in these */
	size_t nnamespaces;
	bool namespace_rows;			/* ... or (--watch) these namespaces themselves */
};

/*
 * One output row: a namespace, shown through its lowest-PID process; or
 * in the process view a process, with the namespace it was selected by.
 */
struct nsi_row {
	struct nsi_ns *ns;	/* the namespace; in the process view, the one the process was selected by */
	struct nsi_proc *proc;	/* NULL for a namespace no process is in */
	ssize_t parent;		/* index of the parent row, -1 for a root */
};

struct nsi_selection {
	struct nsi_row *rows;
	size_t nrows;
	bool process_view;	/* rows are processes (NSID arguments given) */
	struct nsi_late late;	/* rows' processes whose command lines did not come in time */
};

/* Pick the rows from @m.  Returns 0 or -ENOMEM. */
int nsi_select(struct nsi_model *m, const struct nsi_filter *f, struct nsi_selection *ret);

/*
 * The row of namespace (@type, @ino) in a namespace view, whose rows are
 * in the model's order (by inode, then type): its index, or -1.
 */
ssize_t nsi_selection_find_ns(const struct nsi_selection *s, enum nsi_type type, uint64_t ino);

/* The container row @i of @s is in: a process row's is its process's, a namespace row's its namespace's. */
const struct nsi_container *nsi_selection_container(const struct nsi_selection *s, size_t i);

/*
 * Keep the rows whose @keep is true, in their order; a row whose parent
 * goes hangs under its nearest kept ancestor, or becomes a root.  0, or
 * -ENOMEM with the rows unchanged.
 */
int nsi_selection_keep(struct nsi_selection *s, const bool *keep);

void nsi_selection_done(struct nsi_selection *s);

#endif
