/*
 * --compare: do these processes, containers or namespaces share their
 * namespaces?  A process or a container (its init process) has one
 * namespace of each type; a namespace target has its own type only.  For
 * every type asked for that every target has, the comparison holds each
 * target's inode and whether they are all the same.  A namespace that
 * could not be read (inode 0) makes the answer unknown unless two targets
 * already differ; a type no target has (the kernel lacks it) is left out.
 */
#ifndef NSINSPECT_COMPARE_H
#define NSINSPECT_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/model.h"
#include "nsinspect/nstype.h"

struct nsi_container;

enum nsi_sharing {
	NSI_SHARED,
	NSI_DIFFERENT,
	NSI_UNKNOWN,
};

struct nsi_compare_target {
	const char *arg;			/* as the user typed it */
	pid_t pid;				/* the process it stands for; 0 for a namespace */
	const struct nsi_container *container;	/* NULL unless the target is a container */
	nsi_typemask types;			/* the types it has: all, or a namespace's own */
	uint64_t ns[NSI_NTYPES];		/* its inode of each type, 0 unknown */
};

struct nsi_compare_row {
	enum nsi_type type;
	enum nsi_sharing sharing;
};

struct nsi_comparison {
	const struct nsi_compare_target *targets;
	size_t ntargets;
	struct nsi_compare_row rows[NSI_NTYPES];	/* in nsi_type order */
	size_t nrows;
	enum nsi_sharing overall;	/* DIFFERENT if any row is, else UNKNOWN if any row is */
};

/*
 * Compare the namespaces of @types of @ntargets targets (at least one).
 * c->nrows is 0 when the targets have no type of @types in common.
 */
void nsi_compare(struct nsi_comparison *c, const struct nsi_compare_target *targets, size_t ntargets,
		 nsi_typemask types);

/* "yes", "no", "unknown" as the table prints it. */
const char *nsi_sharing_name(enum nsi_sharing s);

#endif
