/*
 * Joining namespaces for --enter.  See enter.h for the race-free recipe.
 *
 * PIDFD_GET_*_NAMESPACE (Linux 6.11) gives a process's namespaces
 * straight from its pidfd.  On older kernels /proc/PID/ns/TYPE is opened
 * instead; the PID may have been reused between pidfd_open() and that
 * open, so afterwards the pidfd must still name a live process: a PID
 * is not reused while its process (even as a zombie) is not reaped, and
 * the pidfd's process is the one we looked up.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsinspect/debug.h"
#include "nsinspect/enter.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/util.h"

void nsi_enter_init(struct nsi_enter_target *t)
{
	memset(t, 0, sizeof(*t));
	t->pidfd = -1;
	for (int i = 0; i < NSI_NTYPES; i++)
		t->nsfd[i] = -1;
}

void nsi_enter_done(struct nsi_enter_target *t)
{
	if (t->pidfd >= 0)
		close(t->pidfd);
	for (int i = 0; i < NSI_NTYPES; i++)
		if (t->nsfd[i] >= 0)
			close(t->nsfd[i]);
	nsi_enter_init(t);
}

static int set_ns(struct nsi_enter_target *t, enum nsi_type type, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	t->nsfd[type] = fd;
	t->ino[type] = st.st_ino;
	return 0;
}

/*
 * Is the pidfd's process not yet reaped?  Until it is, its PID cannot
 * name another process, so what /proc/PID showed was this one's.
 */
static int pidfd_alive(int pidfd)
{
	if (pidfd_send_signal(pidfd, 0, NULL, 0) < 0)
		return -errno;
	return 0;
}

int nsi_enter_check_alive(const struct nsi_enter_target *t)
{
	return t->pidfd >= 0 ? pidfd_alive(t->pidfd) : -ESRCH;
}

/* One namespace of the process: through the pidfd, else through /proc checked afterwards. */
static int open_process_ns(struct nsi_enter_target *t, enum nsi_type type)
{
	char path[64];
	int fd = ioctl(t->pidfd, nsi_type_info(type)->pidfd_ioctl, 0);

	if (fd >= 0)
		return set_ns(t, type, fd);
	if (errno != ENOTTY && errno != EINVAL)
		return -errno;	/* ESRCH: exited, also as a zombie; EACCES/EPERM */
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)t->pid, nsi_type_name(type));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ECHILD : -errno;
	return set_ns(t, type, fd);
}

int nsi_enter_from_pid(pid_t pid, nsi_typemask types, struct nsi_enter_target *t)
{
	int r;

	nsi_enter_init(t);
	t->pid = pid;
	t->pidfd = pidfd_open(pid, 0);
	if (t->pidfd < 0)
		return -errno;
	for (int type = 0; type < NSI_NTYPES; type++) {
		if (!(types & NSI_TYPE_BIT(type)))
			continue;
		r = open_process_ns(t, (enum nsi_type)type);
		if (r == -ENOENT)
			continue;	/* a kernel without this type */
		if (r == -ESRCH)
			r = -ECHILD;	/* the pidfd exists, so the process did */
		if (r < 0)
			return r;
	}
	/* the /proc fallback read the PID: it must still be this process */
	r = pidfd_alive(t->pidfd);
	return r == -ESRCH ? -ECHILD : r;
}

int nsi_enter_from_nsfd(int fd, struct nsi_enter_target *t)
{
	int flag = ioctl(fd, NS_GET_NSTYPE);
	enum nsi_type type = flag < 0 ? NSI_TYPE_INVALID : nsi_type_from_clone_flag(flag);

	nsi_enter_init(t);
	if (type != NSI_TYPE_INVALID)
		return set_ns(t, type, fd);
	close(fd);
	return -ENOTTY;
}

/* Our own namespace of @type, by inode; 0 when unknown. */
static uint64_t own_ino(enum nsi_type type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", nsi_type_name(type));
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

void nsi_enter_drop_shared(struct nsi_enter_target *t)
{
	for (int type = 0; type < NSI_NTYPES; type++) {
		if (!t->ino[type] || nsi_enter_changes(t, (enum nsi_type)type))
			continue;
		close(t->nsfd[type]);
		t->nsfd[type] = -1;
		t->ino[type] = 0;
	}
}

nsi_typemask nsi_enter_types(const struct nsi_enter_target *t)
{
	nsi_typemask m = 0;

	for (int type = 0; type < NSI_NTYPES; type++)
		if (t->ino[type])
			m |= NSI_TYPE_BIT(type);
	return m;
}

bool nsi_enter_changes(const struct nsi_enter_target *t, enum nsi_type type)
{
	return t->ino[type] && t->ino[type] != own_ino(type);
}

/* One pass over the types of @types open on their own fds; @last: a failure is final. */
static int join_fds(const struct nsi_enter_target *t, nsi_typemask *types, bool last)
{
	for (int type = 0; type < NSI_NTYPES; type++) {
		if (!(*types & NSI_TYPE_BIT(type)) || (!last && type == NSI_TYPE_USER))
			continue;
		if (setns(t->nsfd[type], 0) == 0)
			*types &= ~NSI_TYPE_BIT(type);
		else if (last)
			return -errno;
		else
			DBG(NS, "%s namespace: %s, trying again after the user namespace",
			    nsi_type_name((enum nsi_type)type), strerror(errno));
	}
	return 0;
}

int nsi_enter_join(const struct nsi_enter_target *t)
{
	nsi_typemask types = nsi_enter_types(t), by_fd;
	int r;

	/* setns() refuses CLONE_NEWUSER for the user namespace we are in */
	if (!nsi_enter_changes(t, NSI_TYPE_USER))
		types &= ~NSI_TYPE_BIT(NSI_TYPE_USER);
	by_fd = t->pidfd >= 0 ? types & t->own_fds : types;
	if (t->pidfd >= 0 && (types & ~by_fd) && setns(t->pidfd, nsi_typemask_clone_flags(types & ~by_fd)) < 0)
		return -errno;
	/* the user namespace first when it gives us the rights, last when it takes them away */
	r = join_fds(t, &by_fd, false);
	return r < 0 ? r : join_fds(t, &by_fd, true);
}

int nsi_enter_set_fd(struct nsi_enter_target *t, enum nsi_type type, int fd)
{
	int flag = ioctl(fd, NS_GET_NSTYPE), r;

	if (flag < 0 || nsi_type_from_clone_flag(flag) != type) {
		close(fd);
		return -EINVAL;
	}
	if (t->nsfd[type] >= 0)
		close(t->nsfd[type]);
	t->nsfd[type] = -1;
	t->ino[type] = 0;
	r = set_ns(t, type, fd);
	if (r == 0)
		t->own_fds |= NSI_TYPE_BIT(type);
	return r;
}

int nsi_enter_user_parent(struct nsi_enter_target *t)
{
	int fd;

	if (t->nsfd[NSI_TYPE_USER] < 0)
		return -ENOENT;
	fd = ioctl(t->nsfd[NSI_TYPE_USER], NS_GET_PARENT);
	if (fd < 0)
		return -errno;
	return nsi_enter_set_fd(t, NSI_TYPE_USER, fd);
}

int nsi_enter_socket_net(struct nsi_enter_target *t, int fd)
{
	int ns;

	if (t->pidfd < 0)
		return -EINVAL;
	ns = nsi_nsfs_socket_netns(t->pidfd, fd);
	if (ns < 0)
		return errno == ENOTTY ? -ENOTSOCK : -errno;
	return nsi_enter_set_fd(t, NSI_TYPE_NET, ns);
}

int nsi_enter_verify(const struct nsi_enter_target *t, int procfd, enum nsi_type *ret_type)
{
	for (int type = 0; type < NSI_NTYPES; type++) {
		char path[64];
		struct stat st;
		const char *name = nsi_type_name((enum nsi_type)type);

		if (!t->ino[type])
			continue;
		snprintf(path, sizeof(path), "self/ns/%s", nsi_type_info((enum nsi_type)type)->joined_link);
		if (fstatat(procfd, path, &st, 0) < 0 || st.st_ino != t->ino[type]) {
			DBG(NS, "%s is not the %s namespace %llu aimed at", path, name,
			    (unsigned long long)t->ino[type]);
			*ret_type = (enum nsi_type)type;
			return -ESTALE;
		}
	}
	return 0;
}
