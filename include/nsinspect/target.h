/*
 * Targets: the words a user gives to name a process, a container or a
 * namespace, with one grammar for every mode (-p, -c, NSID arguments,
 * --compare, --enter):
 *
 *	1234			a PID: a number up to 4194304 (PID_MAX_LIMIT)
 *	4026532300		a namespace inode: any larger number
 *	net:[4026532300]	a namespace of that type, as readlink prints it
 *	/run/netns/blue, ./x	an nsfs file (a bind mount, /proc/PID/ns/net)
 *	blue			an `ip netns` name, or a container:
 *	[ENGINE:][NAMESPACE/]NAME  a container by name, full id or id prefix;
 *				NAMESPACE is containerd's or the pod's Kubernetes
 *				namespace (containerd:team2/plain1, shop/web-0)
 *
 * Where a word came from says what it may be: -p takes processes, -c
 * containers, NSID arguments namespaces, --compare and --enter anything.
 *
 * Parsing is text only.  Resolving is pure too: it decides from the
 * facts an inspection gathered (inspect.h), and when more facts would
 * decide it, it says which, and the inspection gathers them and asks
 * again.  So the same words get the same answer, or the same error, in
 * every mode.
 */
#ifndef NSINSPECT_TARGET_H
#define NSINSPECT_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/containers.h"
#include "nsinspect/error.h"
#include "nsinspect/model.h"
#include "nsinspect/nstype.h"
#include "nsinspect/procfs.h"

/* The largest PID any kernel hands out (PID_MAX_LIMIT on 64-bit): larger numbers are inodes. */
#define NSI_PID_MAX_LIMIT 4194304

/* What a target may be, by where it was given. */
enum nsi_target_role {
	NSI_ROLE_TASK,		/* -p: a process */
	NSI_ROLE_CONTAINER,	/* -c: a container */
	NSI_ROLE_NAMESPACE,	/* NSID arguments: a namespace */
	NSI_ROLE_ANY,		/* --compare, --enter: any of them */
};

enum nsi_target_form {
	NSI_FORM_PID,
	NSI_FORM_INODE,
	NSI_FORM_LINK,		/* type:[inode] */
	NSI_FORM_PATH,
	NSI_FORM_REF,		/* a container, or (unqualified) an ip netns name */
};

struct nsi_target {
	const char *text;	/* as given; the target points into it */
	enum nsi_target_role role;
	enum nsi_target_form form;
	pid_t pid;		/* PID */
	uint64_t ino;		/* INODE, LINK */
	enum nsi_type type;	/* LINK; NSI_TYPE_INVALID otherwise */
	struct nsi_container_ref ref;	/* REF */
	bool qualified;		/* REF with ENGINE: or NAMESPACE/: a container, never an ip netns name */
};

/*
 * Parse @text given as @role.  Returns 0, or -EINVAL with @err saying
 * what is wrong ("invalid PID argument: 'x'").
 */
int nsi_target_parse(const char *text, enum nsi_target_role role, struct nsi_target *ret, struct nsi_error *err);

/* What an nsfs path turned out to be. */
struct nsi_path_fact {
	const char *path;
	int err;		/* 0, -ENOTTY (not a namespace file), or the error opening it */
	enum nsi_type type;
	uint64_t ino;
};

/* The facts the inspection can gather, each once (NSI_GATHER_* bits). */
enum {
	NSI_GATHER_PROCESS = 1 << 0,	/* one PID looked at alone (nsi_need.pid), recorded if it is a process */
	NSI_GATHER_SCAN = 1 << 1,	/* every process, bind mounts in our mount namespace, ancestors */
	NSI_GATHER_MOUNTS = 1 << 2,	/* the bind mounts in our mount namespace (ip netns names) */
	NSI_GATHER_CONTAINERS = 1 << 3,	/* the engines' state */
	NSI_GATHER_CGROUPS = 1 << 4,	/* every process's cgroup: containers known only from it */
	NSI_GATHER_DEEP = 1 << 5,	/* threads, fds, sockets and every mount namespace */
	NSI_GATHER_PATH = 1 << 6,	/* the target's path looked at */
};

struct nsi_need {
	unsigned int what;	/* NSI_GATHER_* bits */
	pid_t pid;		/* NSI_GATHER_PROCESS: which */
};

struct nsi_facts {
	const struct nsi_model *model;
	const struct nsi_containers *containers;	/* NULL until gathered */
	unsigned int gathered;				/* NSI_GATHER_* bits that were */
	const struct nsi_pid_fact *pids;		/* PIDs looked at alone */
	size_t npids;
	const struct nsi_path_fact *paths;
	size_t npaths;
	nsi_typemask types;	/* the types the scan read (-t) */
	bool incomplete;	/* some processes could not be inspected */
	bool engines_need_root;	/* the engines' state of this system, read by an ordinary user */
};

enum nsi_resolved_kind {
	NSI_RESOLVED_PROCESS,
	NSI_RESOLVED_CONTAINER,
	NSI_RESOLVED_NAMESPACE,
};

struct nsi_resolved {
	enum nsi_resolved_kind kind;
	const struct nsi_proc *proc;		/* PROCESS, CONTAINER: the process it stands for */
	const struct nsi_container *container;	/* CONTAINER */
	enum nsi_type type;			/* NAMESPACE */
	uint64_t ino;
	const struct nsi_ns *ns;		/* NAMESPACE in the model; NULL if only its path shows it */
	const char *path;			/* NAMESPACE given as a path */
};

/*
 * Decide what @t names from @f.  Returns 0 with *ret; -EAGAIN with
 * *ret_need, the facts that would decide it; or the final answer as an
 * error in @err: -ESRCH (no such process, not running), -ECHILD (a
 * zombie), -ENOENT (not found), -EEXIST (ambiguous), -EACCES, -EINVAL (a
 * thread, a target of the wrong kind), -ENOMEM.
 */
int nsi_resolve(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_resolved *ret,
		struct nsi_need *ret_need, struct nsi_error *err);

#endif
