/*
 * The request: the command line, parsed once (src/cli/options.c) and
 * read-only from then on.  Every mode reads what it needs from it;
 * nothing writes into it after parsing: what a run learns (which
 * containers run, which processes a target stands for) lives in the
 * inspection and the rows, never here.
 */
#ifndef NSINSPECT_REQUEST_H
#define NSINSPECT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "nsinspect/colors.h"
#include "nsinspect/columns.h"
#include "nsinspect/containers.h"
#include "nsinspect/format.h"
#include "nsinspect/nstype.h"
#include "nsinspect/query.h"
#include "nsinspect/target.h"

enum nsi_mode {
	NSI_MODE_LIST,		/* the namespaces, or with NSIDs the processes in them */
	NSI_MODE_COLUMNS,	/* -H: the columns */
	NSI_MODE_COMPARE,	/* --compare */
	NSI_MODE_WATCH,		/* --watch: events, or with --metrics=FILE the file */
	NSI_MODE_ENTER,		/* --enter */
};

/* --enter's own options, as nsenter(1) has them. */
struct nsi_enter_opts {
	nsi_typemask types;	/* -m -u ...; 0: every type whose namespace differs from ours */
	const char *files[NSI_NTYPES];	/* --net=FILE ...: that type's namespace from FILE */
	const char *root_dir, *wd_dir;	/* -r DIR, -w DIR; NULL: the target's own */
	const char *wdns;	/* --wdns DIR: the directory to go to once inside */
	int net_socket;		/* -N FD: the netns of the target's socket FD; -1 none */
	bool env, user_parent, join_cgroup;
	bool root, wd, preserve_credentials, no_fork;
	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;
	char *const *command;	/* NULL: the user's shell */
};

struct nsi_request {
	enum nsi_mode mode;
	nsi_typemask types;		/* -t; every type when none was given */
	const struct nsi_target *targets;	/* -p, -c, NSID arguments, or --compare's and --enter's */
	size_t ntargets;
	bool persistent;		/* -P */
	bool deep;			/* --deep: threads, fds, every mount namespace */
	const struct nsi_query *query;	/* -Q: only the rows it matches; NULL all */

	struct nsi_columns cols;	/* -o, --output-all or the defaults */
	bool default_columns;		/* the defaults (or +LIST): CONTAINER joins when containers run */
	enum nsi_format_id format;
	struct nsi_render_opts render;
	struct nsi_colors colors;	/* render.colors points here */

	struct nsi_engine_roots roots;	/* --sysroot, --docker-root */
	bool mountinfo;			/* NSINSPECT_MOUNTS=mountinfo: never statmount() */
	const char *metrics_file;	/* --metrics=FILE, replaced atomically */
	struct timespec interval;	/* --watch=SECONDS */
	struct nsi_enter_opts enter;
};

#endif
