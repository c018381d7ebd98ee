/*
 * nsfs ioctls.  The answers can only differ per namespace, so they are
 * asked once per shown namespace, never per process (lsns 2.38 asks per
 * process).  The kernel says EPERM when the parent or owner lies outside
 * what we may see (the initial namespaces have none) and EINVAL for types
 * without parents: both mean "none", shown as 0 like lsns does.  Failing
 * to open the namespace at all (EACCES, the process exited, a fixture
 * tree's plain symlink) leaves the relation unknown, shown empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "nsinspect/debug.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/util.h"

/*
 * The inode of the namespace an fd-returning ioctl names: >0 found,
 * 0 none (EPERM/EINVAL), <0 -errno otherwise.  Keeps the fd in *ret_fd
 * when asked to, for a follow-up question.
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

static void load_owner_uid(struct nsi_ns *ns, int userfd)
{
	uid_t uid;

	ns->rel_tried |= NSI_REL_OWNER_UID;
	if (userfd >= 0 && ioctl(userfd, NS_GET_OWNER_UID, &uid) == 0) {
		ns->owner_uid = uid;
		ns->rel_ok |= NSI_REL_OWNER_UID;
	}
}

void nsi_nsfs_load_relations(int procfd, struct nsi_ns *ns)
{
	_cleanup_close_ int fd = -1, ownerfd = -1;
	char path[64];
	long long owner;

	if (ns->rel_tried || !ns->lowest)
		return;
	snprintf(path, sizeof(path), "%d/ns/%s", (int)ns->lowest->pid, nsi_type_name(ns->type));
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		DBG(NS, "%s: %m: relations unknown", path);
		ns->rel_tried = NSI_REL_PARENT | NSI_REL_OWNER | NSI_REL_OWNER_UID;
		return;
	}
	if (ns->type == NSI_TYPE_USER || ns->type == NSI_TYPE_PID)
		set_relation(ns, NSI_REL_PARENT, related_ino(fd, NS_GET_PARENT, NULL));
	else
		set_relation(ns, NSI_REL_PARENT, 0);
	owner = related_ino(fd, NS_GET_USERNS, &ownerfd);
	set_relation(ns, NSI_REL_OWNER, owner);
	/* a user namespace's owner UID is its own creator's */
	load_owner_uid(ns, ns->type == NSI_TYPE_USER ? fd : ownerfd);
}
