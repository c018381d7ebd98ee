/*
 * Finding nsfs bind mounts in every mount namespace.
 *
 * The kernel source walks the mount namespaces themselves with
 * NS_MNT_GET_PREV/NEXT, starting at our own, so it also reaches mount
 * namespaces no process is in (a container's mount namespace kept by a
 * bind mount, or a leaked one); listmount() and statmount() then read
 * each table by the namespace's 64-bit id without parsing text.  On the
 * reference machine that took 3.9 ms for 210 namespaces where parsing
 * their mountinfo files took 20.8 ms.
 *
 * Where the ioctls are missing (before 6.12) or refused (not root in the
 * initial namespaces), libmount parses /proc/PID/mountinfo of the lowest
 * PID of each mount namespace the scan found: one file per namespace,
 * never one per process.  Namespaces with no process are out of reach
 * there.
 *
 * The installed kernel headers predate these APIs, so their numbers and
 * structures are spelled out below, as the kernel's uapi defines them.
 */
#include <errno.h>
#include <fcntl.h>
#include <dlfcn.h>
#include <libmount.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsinspect/debug.h"
#include "nsinspect/mounts.h"
#include "nsinspect/util.h"

#ifndef __NR_statmount
#define __NR_statmount 457
#endif
#ifndef __NR_listmount
#define __NR_listmount 458
#endif

struct nsi_mnt_ns_info {
	uint32_t size;
	uint32_t nr_mounts;
	uint64_t mnt_ns_id;
};

#define NSI_NS_MNT_GET_INFO _IOR(0xb7, 10, struct nsi_mnt_ns_info)
#define NSI_NS_MNT_GET_NEXT _IOR(0xb7, 11, struct nsi_mnt_ns_info)
#define NSI_NS_MNT_GET_PREV _IOR(0xb7, 12, struct nsi_mnt_ns_info)

struct nsi_mnt_id_req {
	uint32_t size;
	uint32_t mnt_ns_fd;
	uint64_t mnt_id;
	uint64_t param;
	uint64_t mnt_ns_id;
};

/* The head of struct statmount; strings follow at offset 512 + the field's value. */
struct nsi_statmount {
	uint32_t size, mnt_opts;
	uint64_t mask;
	uint32_t sb_dev_major, sb_dev_minor;
	uint64_t sb_magic;
	uint32_t sb_flags, fs_type;
	uint64_t mnt_id, mnt_parent_id;
	uint32_t mnt_id_old, mnt_parent_id_old;
	uint64_t mnt_attr, mnt_propagation, mnt_peer_group, mnt_master, propagate_from;
	uint32_t mnt_root, mnt_point;
	uint64_t mnt_ns_id;
	uint64_t spare[49];
	char str[];
};

#define STATMOUNT_SB_BASIC 0x1U
#define STATMOUNT_MNT_BASIC 0x2U
#define STATMOUNT_MNT_ROOT 0x8U
#define STATMOUNT_MNT_POINT 0x10U
#define LSMT_ROOT 0xffffffffffffffffULL
#define MNT_ID_REQ_SIZE_VER1 32

/* Mount ids listed per listmount() call. */
#define LIST_BATCH 512

/* listmount() and statmount() both take the mount namespace by id. */
static struct nsi_mnt_id_req mount_req(uint64_t mnt_ns_id, uint64_t mnt_id, uint64_t param)
{
	return (struct nsi_mnt_id_req){
		.size = MNT_ID_REQ_SIZE_VER1,
		.mnt_id = mnt_id,
		.param = param,
		.mnt_ns_id = mnt_ns_id,
	};
}

/* The ids of the mounts after @last (0: from the start), in id order. */
static long listmount_ids(uint64_t mnt_ns_id, uint64_t last, uint64_t *ids, size_t n)
{
	struct nsi_mnt_id_req req = mount_req(mnt_ns_id, LSMT_ROOT, last);

	return syscall(__NR_listmount, &req, ids, n, 0);
}

static long statmount_one(uint64_t mnt_ns_id, uint64_t mnt_id, uint64_t mask, struct nsi_statmount *buf,
			  size_t bufsz)
{
	struct nsi_mnt_id_req req = mount_req(mnt_ns_id, mnt_id, mask);

	return syscall(__NR_statmount, &req, buf, bufsz, 0);
}

enum nsi_mount_source nsi_mounts_probe(const char *sysroot, bool every_mntns)
{
	_cleanup_close_ int fd = -1, next = -1;
	struct nsi_mnt_ns_info info = { .size = sizeof(info) };
	uint64_t id;

	if (sysroot && *sysroot)
		return NSI_MOUNTS_MOUNTINFO;
	fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, NSI_NS_MNT_GET_INFO, &info) < 0)
		goto mountinfo;
	if (listmount_ids(info.mnt_ns_id, 0, &id, 1) < 0)
		goto mountinfo;
	if (!every_mntns)
		return NSI_MOUNTS_KERNEL;
	/* walking is for root in the initial namespaces: EPERM otherwise */
	next = ioctl(fd, NSI_NS_MNT_GET_NEXT, &info);
	if (next < 0 && errno == ENOENT)
		next = ioctl(fd, NSI_NS_MNT_GET_PREV, &info);
	if (next >= 0 || errno == ENOENT)
		return NSI_MOUNTS_KERNEL;
mountinfo:
	DBG(NS, "nsfs mounts: reading mountinfo files (%m)");
	return NSI_MOUNTS_MOUNTINFO;
}

const char *nsi_mounts_ipnetns_name(const char *path)
{
	static const char *const dirs[] = { "/run/netns/", "/var/run/netns/" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		size_t n = strlen(dirs[i]);

		if (strncmp(path, dirs[i], n) == 0 && path[n] && !strchr(path + n, '/'))
			return path + n;
	}
	return NULL;
}

/*
 * One nsfs mount: @root is the mount's root as the kernel prints it
 * ("net:[4026532177]"), @point where it is mounted in mount namespace
 * @mntns, as process @pid sees it (0: us); @mnt_id its id (0: unknown).
 */
static int record_mount(struct nsi_model *m, nsi_typemask types, const char *root, const char *point,
			uint64_t mntns, pid_t pid, unsigned int mnt_id)
{
	struct nsi_holder h = { .kind = NSI_HOLDER_MOUNT, .pid = pid, .mntns = mntns, .mnt_id = mnt_id,
				.path = (char *)point };
	enum nsi_type type;
	struct nsi_ns *ns;
	uint64_t ino;

	if (nsi_parse_ns_link(root, &type, &ino) < 0) {
		DBG(NS, "nsfs mount %s: unexpected root '%s'", point, root);
		return 0;
	}
	if (!(types & NSI_TYPE_BIT(type)))
		return 0;
	ns = nsi_model_add_namespace(m, type, ino);
	if (!ns)
		return -ENOMEM;
	DBG(NS, "%s is %s namespace %llu", point, nsi_type_name(type), (unsigned long long)ino);
	return nsi_model_add_holder(ns, &h);
}

/* ---- the kernel source ---- */

struct kernel_walk {
	struct nsi_model *m;
	nsi_typemask types;
	uint64_t self_mntns;		/* inode of our own mount namespace */
	struct nsi_statmount *buf;	/* grows on EOVERFLOW */
	size_t bufsz;
};

/* statmount() one mount into w->buf, growing it as needed: 0, or -errno. */
static int stat_mount(struct kernel_walk *w, uint64_t mnt_ns_id, uint64_t mnt_id, uint64_t mask)
{
	for (;;) {
		void *n;

		if (statmount_one(mnt_ns_id, mnt_id, mask, w->buf, w->bufsz) == 0)
			return 0;
		if (errno != EOVERFLOW || w->bufsz >= 1024 * 1024)
			return -errno;
		n = realloc(w->buf, w->bufsz * 2);
		if (!n)
			return -ENOMEM;
		w->buf = n;
		w->bufsz *= 2;
	}
}

/* The process through which paths of mount namespace @ino can be opened. */
static pid_t viewer_of(const struct kernel_walk *w, uint64_t ino)
{
	const struct nsi_ns *ns;

	if (ino == w->self_mntns)
		return 0;
	ns = nsi_model_find_ns(w->m, NSI_TYPE_MNT, ino);
	return ns && ns->lowest ? ns->lowest->pid : -1;
}

/*
 * One mount: first only its superblock (cheap, no path to build), and
 * the root and mount point only for nsfs, which few mounts are.
 */
static int scan_mount(struct kernel_walk *w, uint64_t mnt_ns_id, uint64_t mntns_ino, uint64_t mnt_id)
{
	const struct nsi_statmount *sm = w->buf;
	int r = stat_mount(w, mnt_ns_id, mnt_id, STATMOUNT_SB_BASIC);

	if (r == 0 && sm->sb_magic == NSFS_MAGIC)
		r = stat_mount(w, mnt_ns_id, mnt_id, STATMOUNT_MNT_BASIC | STATMOUNT_MNT_ROOT | STATMOUNT_MNT_POINT);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return 0;	/* unmounted since listmount() */
	sm = w->buf;
	if (!(sm->mask & STATMOUNT_MNT_ROOT) || !(sm->mask & STATMOUNT_MNT_POINT))
		return 0;
	return record_mount(w->m, w->types, sm->str + sm->mnt_root, sm->str + sm->mnt_point, mntns_ino,
			    viewer_of(w, mntns_ino), (sm->mask & STATMOUNT_MNT_BASIC) ? sm->mnt_id_old : 0);
}

/* Every mount of one mount namespace, in batches of LIST_BATCH ids. */
static int scan_mntns_kernel(struct kernel_walk *w, int fd, uint64_t mnt_ns_id)
{
	uint64_t ids[LIST_BATCH], last = 0;
	struct stat st;
	long n;

	if (fstat(fd, &st) < 0)
		return 0;
	if (w->types & NSI_TYPE_BIT(NSI_TYPE_MNT)) {
		bool known = nsi_model_find_ns(w->m, NSI_TYPE_MNT, st.st_ino);
		struct nsi_ns *ns = nsi_model_add_namespace(w->m, NSI_TYPE_MNT, st.st_ino);

		if (!ns)
			return -ENOMEM;
		ns->walked |= !known;
	}
	do {
		n = listmount_ids(mnt_ns_id, last, ids, LIST_BATCH);
		if (n < 0) {
			DBG(NS, "listmount of mount namespace %llu: %m", (unsigned long long)st.st_ino);
			return 0;	/* gone since the walk reached it */
		}
		for (long i = 0; i < n; i++) {
			int r = scan_mount(w, mnt_ns_id, st.st_ino, ids[i]);

			if (r < 0)
				return r;
		}
		if (n > 0)
			last = ids[n - 1];
	} while (n == LIST_BATCH);
	return 0;
}

/* Walk from @start in one direction (NEXT or PREV) until the kernel says ENOENT. */
static int walk_direction(struct kernel_walk *w, int start, unsigned long request)
{
	_cleanup_close_ int cur = -1;
	int from = start;

	for (;;) {
		struct nsi_mnt_ns_info info = { .size = sizeof(info) };
		int next = ioctl(from, request, &info), r;

		if (next < 0)
			return 0;	/* ENOENT at the end; EPERM cannot start mid-walk */
		close(cur);
		cur = from = next;
		r = scan_mntns_kernel(w, cur, info.mnt_ns_id);
		if (r < 0)
			return r;
	}
}

static int scan_kernel(struct nsi_model *m, nsi_typemask types, bool every_mntns)
{
	struct kernel_walk w = { .m = m, .types = types, .bufsz = 4096 };
	struct nsi_mnt_ns_info info = { .size = sizeof(info) };
	_cleanup_close_ int self = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	struct stat st;
	int r;

	if (self < 0 || fstat(self, &st) < 0 || ioctl(self, NSI_NS_MNT_GET_INFO, &info) < 0)
		return 0;
	w.self_mntns = st.st_ino;
	w.buf = malloc(w.bufsz);
	if (!w.buf)
		return -ENOMEM;
	r = scan_mntns_kernel(&w, self, info.mnt_ns_id);
	if (r == 0 && every_mntns)
		r = walk_direction(&w, self, NSI_NS_MNT_GET_PREV);
	if (r == 0 && every_mntns)
		r = walk_direction(&w, self, NSI_NS_MNT_GET_NEXT);
	free(w.buf);
	return r;
}

/* ---- the mountinfo source ---- */

/*
 * libmount is loaded only when mountinfo is read (older kernels,
 * unprivileged runs, --sysroot): linked, it and what it pulls in
 * (libblkid, libselinux, libpcre2) cost every run 0.8 ms of start-up and
 * 560 KiB of memory, measured with an empty main().
 */
static struct {
	bool tried;
	__typeof__(mnt_new_table) *new_table;
	__typeof__(mnt_new_iter) *new_iter;
	__typeof__(mnt_table_parse_stream) *table_parse_stream;
	__typeof__(mnt_table_next_fs) *table_next_fs;
	__typeof__(mnt_fs_get_root) *fs_get_root;
	__typeof__(mnt_fs_get_target) *fs_get_target;
	__typeof__(mnt_fs_get_fstype) *fs_get_fstype;
	__typeof__(mnt_fs_get_id) *fs_get_id;
	__typeof__(mnt_free_iter) *free_iter;
	__typeof__(mnt_unref_table) *unref_table;
} libmount;

/* Load libmount once; -ELIBACC when it or a symbol is missing. */
static int load_libmount(void)
{
	static void *lib;

	if (!libmount.tried) {
		libmount.tried = true;
		lib = dlopen("libmount.so.1", RTLD_NOW | RTLD_LOCAL);
		if (!lib) {
			DBG(NS, "libmount: %s", dlerror());
			return -ELIBACC;
		}
#define LOAD(field, sym) (libmount.field = (__typeof__(sym) *)dlsym(lib, #sym))
		if (!LOAD(new_table, mnt_new_table) || !LOAD(new_iter, mnt_new_iter) ||
		    !LOAD(table_parse_stream, mnt_table_parse_stream) || !LOAD(table_next_fs, mnt_table_next_fs) ||
		    !LOAD(fs_get_root, mnt_fs_get_root) || !LOAD(fs_get_target, mnt_fs_get_target) ||
		    !LOAD(fs_get_fstype, mnt_fs_get_fstype) || !LOAD(fs_get_id, mnt_fs_get_id) ||
		    !LOAD(free_iter, mnt_free_iter) ||
		    !LOAD(unref_table, mnt_unref_table)) {
			DBG(NS, "libmount: %s", dlerror());
			dlclose(lib);
			lib = NULL;
		}
#undef LOAD
	}
	return lib ? 0 : -ELIBACC;
}

/* A dump's mountinfo bigger than this is refused: 256 MiB is over a million mounts. */
#define MOUNTINFO_DUMP_MAX ((off_t)256 << 20)

/*
 * The nsfs lines of "@pid/mountinfo" (@pid may be "self"), the mount
 * table of mount namespace @mntns_ino (0: unknown) as process @viewer
 * sees it (0: us).
 */
static int scan_mountinfo(struct nsi_model *m, nsi_typemask types, const struct nsi_procfs *pfs, const char *pid,
			  uint64_t mntns_ino, pid_t viewer)
{
	_cleanup_fclose_ FILE *f = NULL;
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "%s/mountinfo", pid);
	fd = nsi_procfs_open_file(pfs, path, MOUNTINFO_DUMP_MAX);
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		DBG(NS, "%s: %s", path, strerror(fd < 0 ? -fd : errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	return nsi_mounts_parse_mountinfo(m, types, f, path, mntns_ino, viewer);
}

int nsi_mounts_parse_mountinfo(struct nsi_model *m, nsi_typemask types, FILE *f, const char *name, uint64_t mntns_ino,
			       pid_t viewer)
{
	struct libmnt_table *tb = NULL;
	struct libmnt_iter *it = NULL;
	struct libmnt_fs *fs;
	int r = load_libmount();

	if (r < 0)
		return r;
	tb = libmount.new_table();
	it = libmount.new_iter(MNT_ITER_FORWARD);
	if (!tb || !it) {
		r = -ENOMEM;
		goto out;
	}
	if (libmount.table_parse_stream(tb, f, name) < 0) {
		DBG(NS, "%s: cannot parse", name);
		goto out;
	}
	while (r == 0 && libmount.table_next_fs(tb, it, &fs) == 0) {
		const char *root = libmount.fs_get_root(fs), *target = libmount.fs_get_target(fs);
		const char *fstype = libmount.fs_get_fstype(fs);

		if (root && target && fstype && strcmp(fstype, "nsfs") == 0)
			r = record_mount(m, types, root, target, mntns_ino, viewer, (unsigned int)libmount.fs_get_id(fs));
	}
out:
	if (it)
		libmount.free_iter(it);
	if (tb)
		libmount.unref_table(tb);
	return r;
}

static int scan_mountinfo_all(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *m)
{
	size_t n;

	nsi_model_namespaces(m, &n);
	for (size_t i = 0; i < n; i++) {
		/* re-read the array: recording a mount may add a namespace */
		const struct nsi_ns *ns = nsi_model_namespaces(m, &n)[i];
		char pid[16];
		int r;

		if (ns->type != NSI_TYPE_MNT || !ns->lowest)
			continue;
		snprintf(pid, sizeof(pid), "%d", (int)ns->lowest->pid);
		r = scan_mountinfo(m, types, pfs, pid, ns->ino, ns->lowest->pid);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Our own mount table.  On a sysroot, whose "self" is not a process of
 * the inspected system, the table of PID 1 stands for the host's.
 */
static int scan_mountinfo_own(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *m)
{
	const struct nsi_proc *init = NULL;
	const struct nsi_ns *mntns;
	struct nsi_proc *const *procs;
	struct stat st;
	size_t n;

	if (nsi_procfs_is_live(pfs)) {
		if (stat("/proc/self/ns/mnt", &st) < 0)
			st.st_ino = 0;
		return scan_mountinfo(m, types, pfs, "self", st.st_ino, 0);
	}
	/* not sorted before nsi_model_finish(): no bisection */
	procs = nsi_model_processes(m, &n);
	for (size_t i = 0; i < n && !init; i++)
		if (procs[i]->pid == 1)
			init = procs[i];
	if (!init)
		return 0;
	mntns = nsi_model_find_ns(m, NSI_TYPE_MNT, init->ns[NSI_TYPE_MNT]);
	return scan_mountinfo(m, types, pfs, "1", mntns ? mntns->ino : 0, 1);
}

int nsi_mounts_scan(struct nsi_procfs *pfs, enum nsi_mount_source src, nsi_typemask types, bool every_mntns,
		    struct nsi_model *m)
{
	int r;

	if (src == NSI_MOUNTS_KERNEL)
		r = scan_kernel(m, types, every_mntns);
	else if (every_mntns)
		r = scan_mountinfo_all(pfs, types, m);
	else
		r = scan_mountinfo_own(pfs, types, m);

	if (r == 0)
		nsi_model_mark_scanned(m, NSI_HOLDER_BIT(NSI_HOLDER_MOUNT));
	return r;
}
