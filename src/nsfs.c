/*
 * nsfs ioctls.  The answers can only differ per namespace, so they are
 * asked once per namespace, never per process (lsns 2.38 asks per
 * process).  The kernel says EPERM when the parent or owner lies outside
 * what we may see (the initial namespaces have none) and EINVAL for types
 * without parents: both mean "none", shown as 0 like lsns does.  Failing
 * to open the namespace at all (EACCES, the process exited, a fixture
 * tree's plain symlink) leaves the relation unknown, shown empty.
 *
 * The same ioctls find user and pid namespaces that no process is in but
 * that are still alive as ancestors (an `unshare -U` that only exec'd
 * another `unshare -U`): walking NS_GET_PARENT and NS_GET_USERNS up from
 * every user and pid namespace reaches them, and each one found is added
 * to the model with no processes.
 *
 * A namespace with no process is opened through whatever holds it (a
 * thread's link, an open fd, a socket, a bind mount), always checking
 * that the inode is still the one the scan saw.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "nsinspect/debug.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/util.h"

/* The relations the ioctls here answer, all at once. */
#define NSFS_RELATIONS (NSI_REL_PARENT | NSI_REL_OWNER | NSI_REL_OWNER_UID | NSI_REL_ID)

/* NS_GET_ID arrived in Linux 6.18; older headers do not have it. */
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 13, __u64)
#endif

/* A user or pid namespace chain deeper than this is not real (the kernel allows 32). */
#define MAX_DEPTH 64

/*
 * The inode of the namespace an fd-returning ioctl names: >0 found,
 * 0 none (EPERM/EINVAL), <0 -errno otherwise.  Hands the new fd to
 * *ret_fd when asked to, for a follow-up question.
 */
static long long related_ino(int fd, unsigned long request, int *ret_fd)
{
	_cleanup_close_ int rfd = ioctl(fd, request);
	struct stat st;

	if (rfd < 0)
		return errno == EPERM || errno == EINVAL ? 0 : -errno;
	if (fstat(rfd, &st) < 0)
		return -errno;
	if (ret_fd)
		*ret_fd = TAKE_FD(rfd);
	return (long long)st.st_ino;
}

static void set_relation(struct nsi_ns *ns, unsigned int bit, long long ino)
{
	ns->rel_tried |= bit;
	if (ino < 0)
		return;
	ns->rel_ok |= bit;
	if (bit == NSI_REL_PARENT)
		ns->parent_ino = (uint64_t)ino;
	else
		ns->owner_ino = (uint64_t)ino;
}

/* The namespace's 64-bit id and nsfs device, from the fd that was opened for it. */
static void load_id(int fd, struct nsi_ns *ns)
{
	__u64 id = 0;	/* as uid in relations_from_fd() */
	struct stat st;

	ns->rel_tried |= NSI_REL_ID;
	if (ioctl(fd, NS_GET_ID, &id) < 0 || fstat(fd, &st) < 0)
		return;
	ns->ns_id = id;
	ns->dev = st.st_dev;
	ns->rel_ok |= NSI_REL_ID;
}

/*
 * Ask the kernel about the namespace open at @fd.  The fds of its parent
 * and owner go to *ret_parentfd / *ret_ownerfd (-1 when there is none).
 */
static void relations_from_fd(int fd, struct nsi_ns *ns, int *ret_parentfd, int *ret_ownerfd)
{
	uid_t uid = 0;	/* set for tools (valgrind) that do not know what the ioctl writes */

	*ret_parentfd = *ret_ownerfd = -1;
	if (nsi_type_info(ns->type)->has_parent)
		set_relation(ns, NSI_REL_PARENT, related_ino(fd, NS_GET_PARENT, ret_parentfd));
	else
		set_relation(ns, NSI_REL_PARENT, 0);
	set_relation(ns, NSI_REL_OWNER, related_ino(fd, NS_GET_USERNS, ret_ownerfd));

	/* a user namespace's owner UID is its own creator's */
	ns->rel_tried |= NSI_REL_OWNER_UID;
	if (ioctl(ns->type == NSI_TYPE_USER ? fd : *ret_ownerfd, NS_GET_OWNER_UID, &uid) == 0) {
		ns->owner_uid = uid;
		ns->rel_ok |= NSI_REL_OWNER_UID;
	}
	load_id(fd, ns);
}

/* Is @fd the namespace @ns?  Safe on an O_PATH fd. */
static bool same_inode(int fd, const struct nsi_ns *ns)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_ino == ns->ino;
}

/*
 * Open a path that should lead to @ns.  A holder's path (a bind mount, a
 * process's fd) may have been replaced since the scan, even by a FIFO or
 * a device that open() would disturb: look at it through O_PATH first,
 * and only then open it for the ioctls and confirm its type.  The same
 * check catches a PID or fd number reused since the scan.
 */
static int open_checked(int procfd, const char *path, const struct nsi_ns *ns)
{
	_cleanup_close_ int pathfd = openat(procfd, path, O_PATH | O_CLOEXEC);
	char self[64];
	int fd;

	if (pathfd < 0 || !same_inode(pathfd, ns))
		return -1;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pathfd);
	fd = open(self, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && ioctl(fd, NS_GET_NSTYPE) != nsi_typemask_clone_flags(NSI_TYPE_BIT(ns->type))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Open a /proc namespace link ("PID/ns/net"): it can only lead to a namespace. */
static int open_ns_link(int procfd, const char *path, const struct nsi_ns *ns)
{
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && !same_inode(fd, ns)) {
		close(fd);
		return -1;
	}
	return fd;
}

int nsi_nsfs_open_path(const char *path, enum nsi_type *ret_type, uint64_t *ret_ino)
{
	_cleanup_close_ int pathfd = open(path, O_PATH | O_CLOEXEC);
	char self[64];
	struct statfs sfs;
	struct stat st;
	enum nsi_type type;
	int fd, flag;

	if (pathfd < 0)
		return -errno;
	/* only an nsfs file is opened for real: never a FIFO, a device or a file of another filesystem */
	if (fstatfs(pathfd, &sfs) < 0 || sfs.f_type != NSFS_MAGIC || fstat(pathfd, &st) < 0)
		return -ENOTTY;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pathfd);
	fd = open(self, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	flag = ioctl(fd, NS_GET_NSTYPE);
	type = flag < 0 ? NSI_TYPE_INVALID : nsi_type_from_clone_flag(flag);
	if (type == NSI_TYPE_INVALID) {
		close(fd);
		return -ENOTTY;
	}
	*ret_type = type;
	*ret_ino = st.st_ino;
	return fd;
}

int nsi_nsfs_socket_netns(int pidfd, int sockfd)
{
	_cleanup_close_ int copy = pidfd_getfd(pidfd, sockfd, 0);

	return copy < 0 ? -1 : ioctl(copy, SIOCGSKNS);
}

/* The network namespace of socket @sockfd of process @pid, if it is @ns. */
static int open_socket_netns(pid_t pid, int sockfd, const struct nsi_ns *ns)
{
	_cleanup_close_ int pidfd = pidfd_open(pid, 0);
	int fd;

	if (pidfd < 0)
		return -1;
	fd = nsi_nsfs_socket_netns(pidfd, sockfd);
	if (fd >= 0 && !same_inode(fd, ns)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Open the namespace through one holder; -1 when that one cannot serve. */
static int open_via_holder(int procfd, const struct nsi_ns *ns, const struct nsi_holder *h)
{
	char path[PATH_MAX];

	switch (h->kind) {
	case NSI_HOLDER_THREAD:
		snprintf(path, sizeof(path), "%d/task/%d/ns/%s", (int)h->pid, h->id, nsi_type_name(ns->type));
		return open_ns_link(procfd, path, ns);
	case NSI_HOLDER_FD:
		snprintf(path, sizeof(path), "%d/fd/%d", (int)h->pid, h->id);
		break;
	case NSI_HOLDER_SOCKET:
		return open_socket_netns(h->pid, h->id, ns);
	case NSI_HOLDER_MOUNT:
		/* the mount point as a process of the mount's namespace sees it (0: ourselves) */
		if (h->pid < 0)
			return -1;
		if (h->pid == 0)
			snprintf(path, sizeof(path), "self/root%s", h->path);
		else
			snprintf(path, sizeof(path), "%d/root%s", (int)h->pid, h->path);
		break;
	default:
		return -1;
	}
	return open_checked(procfd, path, ns);
}

int nsi_nsfs_open(int procfd, const struct nsi_ns *ns)
{
	char path[64];
	int fd = -1;

	if (ns->lowest) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->lowest->pid, nsi_type_name(ns->type));
		fd = open_ns_link(procfd, path, ns);
	}
	for (size_t i = 0; fd < 0 && i < ns->nholders; i++)
		fd = open_via_holder(procfd, ns, &ns->holders[i]);
	if (fd < 0)
		DBG(NS, "%s namespace %llu: cannot open it", nsi_type_name(ns->type), (unsigned long long)ns->ino);
	return fd;
}

/*
 * Open the namespace for the relations in @bits.  When that fails they
 * are marked tried, so the namespace is not asked again and they stay
 * unknown.
 */
static int open_for_relations(int procfd, struct nsi_ns *ns, unsigned int bits)
{
	int fd = nsi_nsfs_open(procfd, ns);

	if (fd < 0)
		ns->rel_tried |= bits;
	return fd;
}

void nsi_nsfs_load_relations(int procfd, struct nsi_ns *ns, unsigned int wanted)
{
	_cleanup_close_ int fd = -1, parentfd = -1, ownerfd = -1;

	wanted &= NSFS_RELATIONS & ~ns->rel_tried;
	if (!wanted)
		return;
	/* --watch asks for the id alone, every scan: one ioctl, not five */
	if (wanted == NSI_REL_ID) {
		fd = open_for_relations(procfd, ns, NSI_REL_ID);
		if (fd >= 0)
			load_id(fd, ns);
		return;
	}
	fd = open_for_relations(procfd, ns, NSFS_RELATIONS);
	if (fd >= 0)
		relations_from_fd(fd, ns, &parentfd, &ownerfd);
}

static int walk_up(struct nsi_model *m, int fd, struct nsi_ns *ns, unsigned int depth);

/* Follow one relation of @ns: add the related namespace if the model lacks it. */
static int follow(struct nsi_model *m, int relfd, enum nsi_type type, uint64_t ino, unsigned int depth)
{
	struct nsi_ns *rel;

	if (relfd < 0 || ino == 0 || nsi_model_find_ns(m, type, ino))
		return 0;	/* known namespaces are walked from their own processes */
	rel = nsi_model_add_namespace(m, type, ino);
	if (!rel)
		return -ENOMEM;
	DBG(NS, "%s namespace %llu has no process: an ancestor", nsi_type_name(type), (unsigned long long)ino);
	return walk_up(m, relfd, rel, depth + 1);
}

static int walk_up(struct nsi_model *m, int fd, struct nsi_ns *ns, unsigned int depth)
{
	_cleanup_close_ int parentfd = -1, ownerfd = -1;
	int r;

	if (depth > MAX_DEPTH)
		return 0;
	relations_from_fd(fd, ns, &parentfd, &ownerfd);
	if (ns->rel_ok & NSI_REL_PARENT) {
		r = follow(m, parentfd, ns->type, ns->parent_ino, depth);
		if (r < 0)
			return r;
	}
	if (ns->rel_ok & NSI_REL_OWNER)
		return follow(m, ownerfd, NSI_TYPE_USER, ns->owner_ino, depth);
	return 0;
}

int nsi_nsfs_discover_ancestors(int procfd, struct nsi_model *m)
{
	size_t n, nscanned;

	/* ancestors appended during the loop are walked by walk_up itself */
	nsi_model_namespaces(m, &nscanned);
	for (size_t i = 0; i < nscanned; i++) {
		/* re-read the array each time: adding namespaces may move it */
		struct nsi_ns *ns = nsi_model_namespaces(m, &n)[i];
		_cleanup_close_ int fd = -1;
		int r;

		if (!nsi_type_info(ns->type)->has_parent || (ns->rel_tried & NSI_REL_PARENT))
			continue;
		fd = open_for_relations(procfd, ns, NSFS_RELATIONS);
		if (fd < 0)
			continue;
		r = walk_up(m, fd, ns, 0);
		if (r < 0)
			return r;
	}
	return 0;
}

