/*
 * Selection: which rows to show (-t, -p, NSID arguments) and how they
 * nest in the process tree view.  The result is a plain array of rows
 * with a parent index per row, so renderers need no model knowledge.
 */
#ifndef NSINSPECT_SELECT_H
#define NSINSPECT_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/model.h"
#include "nsinspect/procfs.h"

/* How rows nest (-T): by process ancestry, owning user namespace, or parent namespace. */
enum nsi_tree {
	NSI_TREE_NONE,
	NSI_TREE_PROCESS,
	NSI_TREE_OWNER,
	NSI_TREE_PARENT,
};

struct nsi_filter {
	nsi_typemask types;
	const pid_t *pids;	/* -p: namespaces of these processes */
	size_t npids;
	const uint64_t *nsids;	/* NSID arguments: processes of these namespaces */
	size_t nnsids;
	bool persistent;	/* -P: only namespaces no process is in */
};

/* One output row: a namespace (shown through ns->lowest) or a process. */
struct nsi_row {
	struct nsi_ns *ns;	/* NULL in the process view */
	struct nsi_proc *proc;	/* may be NULL only if the namespace has no member */
	ssize_t parent;		/* index of the parent row, -1 for a root */
};

struct nsi_selection {
	struct nsi_row *rows;
	size_t nrows;
	int process_view;	/* rows are processes (NSID arguments given) */
};

/*
 * Pick the rows.  Returns 0; -ESRCH when a PID of f->pids is not in the
 * model, -ENOENT when an NSID of f->nsids is not, with *ret_bad the
 * index of the offending argument; or -ENOMEM.
 */
int nsi_select(const struct nsi_model *m, const struct nsi_filter *f, struct nsi_selection *ret,
	       size_t *ret_bad);

struct nsi_containers;

/*
 * Read the per-process details in @details for every row's process and,
 * when @relations is set, each row namespace's nsfs relations and
 * NETNSID as asked; with @containers, the container of every row; then link
 * each row to its parent row as @tree says (reading PPIDs up the process
 * tree as needed).  Returns 0 or -ENOMEM.
 */
int nsi_selection_load(struct nsi_selection *s, const struct nsi_model *m, struct nsi_procfs *pfs,
		       unsigned int details, unsigned int relations, struct nsi_containers *containers,
		       enum nsi_tree tree);

void nsi_selection_done(struct nsi_selection *s);

#endif
