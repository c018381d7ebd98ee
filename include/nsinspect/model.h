/*
 * The namespace model: every process the scan saw, and every namespace
 * keyed by (type, inode), counting its member processes and naming the
 * lowest-PID one.  It is the only structure the stages share; renderers
 * read it, never /proc.
 */
#ifndef NSINSPECT_MODEL_H
#define NSINSPECT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/nstype.h"

struct nsi_container;

/* Per-process details read on demand, for processes that are shown. */
enum nsi_detail {
	NSI_DETAIL_PPID = 1 << 0,
	NSI_DETAIL_UID = 1 << 1,
	NSI_DETAIL_COMMAND = 1 << 2,
};

struct nsi_proc {
	pid_t pid;
	uint64_t ns[NSI_NTYPES];		/* inode per type, 0 = not read */

	unsigned int details_tried;	/* enum nsi_detail bits we tried to read */
	unsigned int details_ok;	/* ... and those that were read */
	pid_t ppid;
	uid_t uid;
	const char *user;		/* the name of uid, in the inspection's user cache */
	char *command;			/* owned */
	const struct nsi_container *container;	/* valid once container_tried */
	bool container_tried;
};

/* What the kernel says about a namespace (nsfs ioctls, netlink), read on demand. */
enum nsi_relation {
	NSI_REL_PARENT = 1 << 0,	/* parent_ino known (0: has none we can see) */
	NSI_REL_OWNER = 1 << 1,		/* owner_ino known (0: has none we can see) */
	NSI_REL_OWNER_UID = 1 << 2,	/* owner_uid known */
	NSI_REL_NETNSID = 1 << 3,	/* netnsid known (network namespaces) */
	NSI_REL_ID = 1 << 4,		/* ns_id (NS_GET_ID, Linux 6.18+) and dev known */
};

/*
 * What keeps a namespace alive besides its member processes.  Processes
 * are counted in nsi_ns->nprocs and child namespaces in nchildren; the
 * other kinds are recorded one by one, so that an operator can find and
 * release them.
 */
enum nsi_holder_kind {
	NSI_HOLDER_THREAD,	/* a thread that entered it alone: pid, id = TID */
	NSI_HOLDER_FD,		/* an open nsfs file: pid, id = fd number */
	NSI_HOLDER_SOCKET,	/* a socket made in it, held elsewhere: pid, id = fd */
	NSI_HOLDER_MOUNT,	/* a bind mount of its nsfs file: path, mntns */
	NSI_HOLDER_CHILD,	/* counted only: a child user or pid namespace */
	NSI_NHOLDER_KINDS,
};

#define NSI_HOLDER_BIT(kind) (1U << (kind))

struct nsi_holder {
	enum nsi_holder_kind kind;
	pid_t pid;		/* THREAD, FD, SOCKET: the process holding it */
	int id;			/* THREAD: TID; FD, SOCKET: fd number */
	uint64_t mntns;		/* MOUNT: inode of the mount namespace, 0 unknown */
	unsigned int mnt_id;	/* MOUNT: the mount's id as mountinfo and fdinfo give it, 0 unknown */
	char *path;		/* MOUNT: mount point, owned */
};

struct nsi_ns {
	enum nsi_type type;
	uint64_t ino;
	unsigned int nprocs;		/* of the processes that could be inspected */
	bool procs_unknown;		/* none seen, but some processes could not be inspected, or
					   a mount namespace met only by the kernel's walk has no holder */
	bool walked;			/* a mount namespace the walk found that the /proc pass did not */
	unsigned int rel_tried;		/* enum nsi_relation: asked the kernel */
	unsigned int rel_ok;		/* ... and got an answer */
	uint64_t parent_ino;		/* parent user/pid namespace */
	uint64_t owner_ino;		/* owning user namespace */
	uid_t owner_uid;		/* creator of the (owning) user namespace */
	const char *owner_user;		/* its name, in the inspection's user cache; NULL unread */
	int32_t netnsid;		/* peer id as seen from our netns, -1 unassigned */
	uint64_t ns_id;			/* the kernel's id, never reused (unlike the inode) */
	dev_t dev;			/* the nsfs device */
	struct nsi_proc *lowest;	/* member with the lowest PID, non-owning */
	struct nsi_holder *holders;	/* owned array */
	size_t nholders, holders_cap;
	unsigned int nchildren;		/* child namespaces found (see holders_scanned) */
	unsigned int holders_scanned;	/* NSI_HOLDER_BIT()s of the kinds that were looked for */
	const struct nsi_container *container;	/* set for shown namespaces when asked */
	struct nsi_ns *hash_next;	/* item in the model's hash bucket */
};

struct nsi_model;

int nsi_model_new(struct nsi_model **ret);
struct nsi_model *nsi_model_free(struct nsi_model *m);

/*
 * Record a process with its namespace inodes (0 for a type not read).
 * Returns the new record or NULL when out of memory.
 */
struct nsi_proc *nsi_model_add_process(struct nsi_model *m, pid_t pid, const uint64_t ns[NSI_NTYPES]);

/*
 * The same in two steps, for a scan that fills p->ns in other threads:
 * a zeroed record, not yet in the model (NULL when out of memory); then
 * linking it into its namespaces (0 or -ENOMEM), in the calling thread.
 * A record never linked is simply unused until the model is freed.
 */
struct nsi_proc *nsi_model_new_process(struct nsi_model *m, pid_t pid);
int nsi_model_link_process(struct nsi_model *m, struct nsi_proc *p);

/* Add a namespace no process is in.  NULL when out of memory. */
struct nsi_ns *nsi_model_add_namespace(struct nsi_model *m, enum nsi_type type, uint64_t ino);

/*
 * Record a holder of @ns (the path is copied).  The same mount point of
 * the same mount namespace, recorded twice (stacked mounts), is one after
 * nsi_model_finish().  Returns 0 or -ENOMEM.
 */
int nsi_model_add_holder(struct nsi_ns *ns, const struct nsi_holder *h);

/* The holder kinds (NSI_HOLDER_BIT) that some stage looked for everywhere. */
void nsi_model_mark_scanned(struct nsi_model *m, unsigned int kinds);

/*
 * Some processes could not be inspected: a namespace in which none was
 * seen may still have some, so its count is unknown, not 0.
 */
void nsi_model_set_incomplete(struct nsi_model *m, bool incomplete);

/*
 * Call after the scan and discovery stages, and again after any later
 * addition: counts child namespaces, notes what was scanned in every
 * namespace, sorts processes and namespaces for lookup and output.
 */
int nsi_model_finish(struct nsi_model *m);

struct nsi_proc *nsi_model_find_process(const struct nsi_model *m, pid_t pid);
struct nsi_ns *nsi_model_find_ns(const struct nsi_model *m, enum nsi_type type, uint64_t ino);

/* Find a namespace by inode alone, whatever its type (what users type). */
struct nsi_ns *nsi_model_find_ino(const struct nsi_model *m, uint64_t ino);

/* All namespaces, sorted by inode then type (valid after nsi_model_finish). */
struct nsi_ns *const *nsi_model_namespaces(const struct nsi_model *m, size_t *ret_count);

/* All processes, sorted by PID (valid after nsi_model_finish). */
struct nsi_proc *const *nsi_model_processes(const struct nsi_model *m, size_t *ret_count);

#endif
