/*
 * The deep scan: per process, the thread list and the fd table.
 *
 * fds are identified by readlinkat() alone, which never touches the file
 * system the file lives on (a stat() of an fd on a hung NFS or FUSE
 * mount would hang us).  The link text already names nsfs files opened
 * through /proc ("net:[4026532177]") and sockets ("socket:[123]").  An
 * nsfs file opened through a bind mount shows the mount point instead;
 * for links naming a known nsfs mount point, the fd's mount id in
 * PID/fdinfo/FD, which the kernel writes without asking the file's file
 * system, must be that mount's: a FUSE file at the same path is not
 * mistaken for it, nor stat()ed (which a stalled FUSE daemon would hang
 * unkillably).  An fd whose bind mount was removed since reads "/": it
 * is told by fdinfo's inode and a statx() that cannot block
 * (detached_fd()).
 *
 * A socket's network namespace costs a pidfd_getfd() and an ioctl, so
 * the answer is cached per socket inode: a socket shared by a parent and
 * its children is asked about once.  Only sockets whose namespace is
 * not their process's are recorded; the others add nothing to what the
 * process itself holds.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "nsinspect/debug.h"
#include "nsinspect/holders.h"
#include "nsinspect/nsfs.h"
#include "nsinspect/util.h"

/* Socket inode -> network namespace inode (0: could not tell), open addressing. */
struct sock_cache {
	struct sock_entry {
		uint64_t sock;
		uint64_t netns;
	} *slots;
	size_t cap, used;
};

/* A known nsfs mount point and the namespace mounted there. */
struct mount_point {
	const char *path;	/* points into the model */
	unsigned int mnt_id;	/* 0: unknown */
	struct nsi_ns *ns;
};

struct deep_scan {
	struct nsi_model *m;
	int procfd;
	nsi_typemask types;
	bool live;
	struct mount_point *points;	/* sorted by path */
	size_t npoints;
	struct sock_cache sockets;
	struct nsi_holders_stats stats;
	dev_t nsfs_dev;		/* the nsfs device, once asked */
	bool nsfs_dev_known;
};

static size_t sock_slot(const struct sock_cache *c, uint64_t sock)
{
	size_t i = (size_t)((sock * 0x9e3779b97f4a7c15ULL) >> 32) & (c->cap - 1);

	while (c->slots[i].sock && c->slots[i].sock != sock)
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* The cached namespace of @sock: true when cached. */
static bool sock_cache_get(const struct sock_cache *c, uint64_t sock, uint64_t *ret_netns)
{
	size_t i;

	if (!c->cap)
		return false;
	i = sock_slot(c, sock);
	*ret_netns = c->slots[i].netns;
	return c->slots[i].sock == sock;
}

static int sock_cache_put(struct sock_cache *c, uint64_t sock, uint64_t netns)
{
	if ((c->used + 1) * 2 > c->cap) {
		struct sock_cache n = { .cap = c->cap ? c->cap * 2 : 1024 };

		n.slots = calloc(n.cap, sizeof(*n.slots));
		if (!n.slots)
			return -ENOMEM;
		for (size_t i = 0; i < c->cap; i++)
			if (c->slots[i].sock)
				n.slots[sock_slot(&n, c->slots[i].sock)] = c->slots[i];
		n.used = c->used;
		free(c->slots);
		*c = n;
	}
	c->slots[sock_slot(c, sock)] = (struct sock_entry){ .sock = sock, .netns = netns };
	c->used++;
	return 0;
}

/* The process being scanned, and a pidfd of it once a socket needed one. */
struct proc_visit {
	const struct nsi_proc *p;
	int pidfd;
};

static int add_holder(struct deep_scan *d, enum nsi_type type, uint64_t ino, const struct nsi_holder *h)
{
	struct nsi_ns *ns;

	if (!(d->types & NSI_TYPE_BIT(type)))
		return 0;
	ns = nsi_model_add_namespace(d->m, type, ino);
	if (!ns)
		return -ENOMEM;
	return nsi_model_add_holder(ns, h);
}

/* ---- threads ---- */

/* Record the namespaces in which thread @tid differs from its process. */
static int scan_thread(struct deep_scan *d, struct proc_visit *v, int taskfd, const char *tid)
{
	const struct nsi_proc *p = v->p;
	char path[32];
	_cleanup_close_ int nsfd = -1;
	struct nsi_holder h = { .kind = NSI_HOLDER_THREAD, .pid = p->pid };

	if (nsi_parse_pid(tid, &h.id) < 0 || h.id == p->pid)
		return 0;
	d->stats.threads++;
	snprintf(path, sizeof(path), "%d/ns", (int)h.id);
	nsfd = openat(taskfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0)
		return 0;	/* exited */
	for (int t = 0; t < NSI_NTYPES; t++) {
		char link[64];
		enum nsi_type lt;
		uint64_t ino;
		ssize_t n;
		int r;

		if (!(d->types & NSI_TYPE_BIT(t)))
			continue;
		n = readlinkat(nsfd, nsi_type_name((enum nsi_type)t), link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		if (nsi_parse_ns_link(link, &lt, &ino) < 0 || lt != t || ino == p->ns[t])
			continue;
		DBG(NS, "thread %d of %d is in %s", h.id, (int)p->pid, link);
		r = add_holder(d, lt, ino, &h);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- fds ---- */

static int cmp_point(const void *a, const void *b)
{
	return strcmp(((const struct mount_point *)a)->path, ((const struct mount_point *)b)->path);
}

/* Index the nsfs mount points the mount scan found, by path. */
static int index_mount_points(struct deep_scan *d)
{
	size_t nns, n = 0;
	struct nsi_ns *const *all = nsi_model_namespaces(d->m, &nns);

	for (size_t i = 0; i < nns; i++)
		n += all[i]->nholders;
	d->points = calloc(n ? n : 1, sizeof(*d->points));
	if (!d->points)
		return -ENOMEM;
	for (size_t i = 0; i < nns; i++)
		for (size_t h = 0; h < all[i]->nholders; h++)
			if (all[i]->holders[h].kind == NSI_HOLDER_MOUNT)
				d->points[d->npoints++] = (struct mount_point){ all[i]->holders[h].path,
										all[i]->holders[h].mnt_id, all[i] };
	qsort(d->points, d->npoints, sizeof(*d->points), cmp_point);
	return 0;
}

/* The mount id of fd @fd of @pid, from its fdinfo: 0 when it cannot be read. */
/*
 * The mount id and inode of fd @fd of @pid from its fdinfo, which the
 * kernel writes without asking the file's file system.  0, or -ENOENT
 * (closed meanwhile, or a kernel without the field: 0 in it).
 */
static int fd_info(const struct deep_scan *d, pid_t pid, const char *fd, unsigned int *ret_mnt_id, uint64_t *ret_ino)
{
	char path[64], buf[256];
	unsigned long long id = 0, ino = 0;
	const char *line;

	snprintf(path, sizeof(path), "%d/fdinfo/%s", (int)pid, fd);
	if (nsi_read_file_at(d->procfd, path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	line = strstr(buf, "\nmnt_id:");
	if (line)
		id = strtoull(line + strlen("\nmnt_id:"), NULL, 10);
	line = strstr(buf, "\nino:");
	if (line)
		ino = strtoull(line + strlen("\nino:"), NULL, 10);
	*ret_mnt_id = id > UINT_MAX ? 0 : (unsigned int)id;
	*ret_ino = ino;
	return 0;
}

/* Namespace inodes are numbered from here (the kernel's proc inode range): a file below is none. */
#define NS_INO_FIRST 0xF0000000ULL

/*
 * An fd whose link is "/": the root of a mount, which may be a bind mount
 * of an nsfs file that was unmounted since (ip netns del after the open);
 * lsns finds that namespace, so do we.  Asked only when fdinfo's inode is
 * in the namespaces' range, and then with statx(AT_STATX_DONT_SYNC),
 * which FUSE and NFS answer from their cache without a request: only a
 * file on nsfs is opened.
 */
static int detached_fd(struct deep_scan *d, const char *fd, const struct nsi_holder *h)
{
	char path[64];
	struct statx stx;
	unsigned int mnt_id;
	enum nsi_type type;
	uint64_t ino;
	int nsfd;

	if (fd_info(d, h->pid, fd, &mnt_id, &ino) < 0 || ino < NS_INO_FIRST)
		return 0;
	if (!d->nsfs_dev_known) {
		d->nsfs_dev_known = true;
		if (statx(d->procfd, "self/ns/net", AT_STATX_DONT_SYNC, STATX_INO, &stx) == 0)
			d->nsfs_dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
	}
	snprintf(path, sizeof(path), "%d/fd/%s", (int)h->pid, fd);
	if (!d->nsfs_dev || statx(d->procfd, path, AT_STATX_DONT_SYNC, STATX_INO, &stx) < 0 ||
	    makedev(stx.stx_dev_major, stx.stx_dev_minor) != d->nsfs_dev || stx.stx_ino != ino)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)h->pid, fd);
	nsfd = nsi_nsfs_open_path(path, &type, &ino);
	if (nsfd < 0)
		return 0;
	close(nsfd);
	DBG(NS, "fd %s of %d: %s namespace %llu, its mount gone", fd, (int)h->pid, nsi_type_name(type),
	    (unsigned long long)ino);
	return add_holder(d, type, ino, h);
}

/* An fd whose link is a path: an nsfs file only if opened through a known nsfs mount, by its mount id. */
static int path_fd(struct deep_scan *d, const char *fd, const char *link, const struct nsi_holder *h)
{
	struct mount_point key = { .path = link }, *mp;
	unsigned int mnt_id;

	uint64_t ino;

	mp = bsearch(&key, d->points, d->npoints, sizeof(*d->points), cmp_point);
	if (!mp)
		return strcmp(link, "/") == 0 ? detached_fd(d, fd, h) : 0;
	if (fd_info(d, h->pid, fd, &mnt_id, &ino) < 0)
		mnt_id = 0;
	/* the points of one path are side by side: from the first, find the one with this mount id */
	while (mp > d->points && strcmp(mp[-1].path, link) == 0)
		mp--;
	for (; mnt_id && mp < d->points + d->npoints && strcmp(mp->path, link) == 0; mp++)
		if (mp->mnt_id == mnt_id)
			return add_holder(d, mp->ns->type, mp->ns->ino, h);
	DBG(NS, "fd %s of %d: %s is not on a known nsfs mount (mount id %u)", fd, (int)h->pid, link, mnt_id);
	return 0;
}

/* The network namespace of socket @fd of @p, through a copy of it: 0 if it cannot be told. */
static uint64_t ask_socket_netns(int *pidfd, const struct nsi_proc *p, int fd)
{
	_cleanup_close_ int netns = -1;
	struct stat st;

	if (*pidfd < 0)
		*pidfd = pidfd_open(p->pid, 0);
	if (*pidfd < 0)
		return 0;
	netns = nsi_nsfs_socket_netns(*pidfd, fd);
	if (netns < 0 || fstat(netns, &st) < 0)
		return 0;
	return st.st_ino;
}

static int socket_fd(struct deep_scan *d, int *pidfd, const struct nsi_proc *p, uint64_t sock,
		     const struct nsi_holder *h)
{
	uint64_t netns;

	if (!d->live || !(d->types & NSI_TYPE_BIT(NSI_TYPE_NET)))
		return 0;
	if (!sock_cache_get(&d->sockets, sock, &netns)) {
		d->stats.sockets++;
		netns = ask_socket_netns(pidfd, p, h->id);
		if (sock_cache_put(&d->sockets, sock, netns) < 0)
			return -ENOMEM;
	}
	if (!netns || netns == p->ns[NSI_TYPE_NET])
		return 0;
	DBG(NS, "socket fd %d of %d is in net namespace %llu", h->id, (int)p->pid, (unsigned long long)netns);
	return add_holder(d, NSI_TYPE_NET, netns, h);
}

bool nsi_parse_socket_link(const char *link, uint64_t *ret_ino)
{
	unsigned long long ino;
	char *end;

	if (strncmp(link, "socket:[", 8) != 0 || !isdigit((unsigned char)link[8]))
		return false;
	errno = 0;
	ino = strtoull(link + 8, &end, 10);
	if (errno || strcmp(end, "]") != 0 || ino == 0)
		return false;
	*ret_ino = ino;
	return true;
}

static int scan_fd(struct deep_scan *d, struct proc_visit *v, int fddir, const char *name)
{
	const struct nsi_proc *p = v->p;
	struct nsi_holder h = { .kind = NSI_HOLDER_FD, .pid = p->pid };
	unsigned long long fdnum;
	char link[4096];
	enum nsi_type type;
	uint64_t ino;
	ssize_t n;

	if (nsi_parse_u64(name, &fdnum) < 0 || fdnum > INT_MAX)
		return 0;
	h.id = (int)fdnum;
	d->stats.fds++;
	n = readlinkat(fddir, name, link, sizeof(link) - 1);
	if (n < 0)
		return 0;	/* closed meanwhile */
	link[n] = '\0';
	if (link[0] == '/')
		return d->live ? path_fd(d, name, link, &h) : 0;
	if (nsi_parse_socket_link(link, &ino)) {
		h.kind = NSI_HOLDER_SOCKET;
		return socket_fd(d, &v->pidfd, p, ino, &h);
	}
	if (nsi_parse_ns_link(link, &type, &ino) < 0)
		return 0;	/* pipe:, anon_inode:, ... */
	return add_holder(d, type, ino, &h);
}

typedef int (*entry_fn)(struct deep_scan *d, struct proc_visit *v, int dirfd, const char *name);

/* Call @fn on each entry of "PID/@sub" ("task" or "fd"); a process that has gone has none. */
static int for_each_entry(struct deep_scan *d, struct proc_visit *v, const char *sub, entry_fn fn)
{
	_cleanup_closedir_ DIR *dir = NULL;
	struct dirent *de;
	char path[32];
	int fd, r = 0;

	snprintf(path, sizeof(path), "%d/%s", (int)v->p->pid, sub);
	fd = openat(d->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	while (r == 0 && (de = readdir(dir)))
		if (de->d_name[0] != '.')
			r = fn(d, v, dirfd(dir), de->d_name);
	return r;
}

int nsi_holders_scan(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *m,
		     struct nsi_holders_stats *ret_stats)
{
	struct deep_scan d = {
		.m = m,
		.procfd = nsi_procfs_dirfd(pfs),
		.types = types,
		.live = nsi_procfs_is_live(pfs),
	};
	struct nsi_proc *const *procs;
	size_t nprocs;
	int r;

	r = index_mount_points(&d);
	procs = nsi_model_processes(m, &nprocs);
	for (size_t i = 0; r == 0 && i < nprocs; i++) {
		struct proc_visit v = { .p = procs[i], .pidfd = -1 };

		r = for_each_entry(&d, &v, "task", scan_thread);
		if (r == 0)
			r = for_each_entry(&d, &v, "fd", scan_fd);
		if (v.pidfd >= 0)
			close(v.pidfd);
	}
	free(d.points);
	free(d.sockets.slots);
	if (r < 0)
		return r;
	/* sockets are asked about through pidfds: never on a sysroot */
	nsi_model_mark_scanned(m, NSI_HOLDER_BIT(NSI_HOLDER_THREAD) | NSI_HOLDER_BIT(NSI_HOLDER_FD) |
					  (d.live ? NSI_HOLDER_BIT(NSI_HOLDER_SOCKET) : 0));
	DBG(NS, "deep scan: %u threads, %u fds, %u sockets asked", d.stats.threads, d.stats.fds,
	    d.stats.sockets);
	if (ret_stats)
		*ret_stats = d.stats;
	return 0;
}
