/*
 * The /proc walk.  All reads go through one directory fd on
 * "<sysroot>/proc", so the same code runs on the live system and on a
 * fixture tree in tests/fixtures (where the ns entries are plain
 * symlinks with the kernel's link text).  readlinkat() on the per-process
 * "ns" directory fd is the cheapest way to learn a namespace's inode: it
 * does not materialise the nsfs dentry the way stat() does.
 *
 * Races are normal here: a process may exit between readdir() and
 * openat(), and a security module may hide a process even from root.
 * Both are skipped; only the hidden ones are counted, so that the caller
 * can say how much of the system it could not see.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "nsinspect/debug.h"
#include "nsinspect/parallel.h"
#include "nsinspect/procfs.h"
#include "nsinspect/util.h"

/* Enough for any command line an operator reads in a table. */
#define CMDLINE_MAX (64 * 1024)

struct nsi_procfs {
	int procfd;
	bool live;	/* the running system's /proc, not a sysroot */
};

int nsi_procfs_open(const char *sysroot, struct nsi_procfs **ret)
{
	_cleanup_free_ char *path = NULL;
	struct nsi_procfs *pfs;
	int fd;

	if (asprintf(&path, "%s/proc", sysroot ? sysroot : "") < 0)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	pfs = calloc(1, sizeof(*pfs));
	if (!pfs) {
		close(fd);
		return -ENOMEM;
	}
	pfs->procfd = fd;
	pfs->live = !sysroot || !*sysroot;
	*ret = pfs;
	return 0;
}

int nsi_procfs_dirfd(const struct nsi_procfs *pfs)
{
	return pfs->procfd;
}

bool nsi_procfs_is_live(const struct nsi_procfs *pfs)
{
	return pfs->live;
}

struct nsi_procfs *nsi_procfs_free(struct nsi_procfs *pfs)
{
	if (pfs) {
		close(pfs->procfd);
		free(pfs);
	}
	return NULL;
}

/*
 * Read the namespace links of one process.  Returns 0, or a tolerated
 * errno (see nsi_errno_is_tolerated) when the process must be skipped.
 */
static int read_process_ns(int procfd, const char *pidstr, nsi_typemask types, uint64_t ns[NSI_NTYPES])
{
	_cleanup_close_ int nsfd = -1;
	char path[32];
	unsigned int nread = 0, nmissing = 0;

	snprintf(path, sizeof(path), "%s/ns", pidstr);
	nsfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0)
		return -errno;

	for (int t = 0; t < NSI_NTYPES; t++) {
		char link[64];
		enum nsi_type lt;
		ssize_t n;

		ns[t] = 0;
		if (!(types & NSI_TYPE_BIT(t)))
			continue;
		n = readlinkat(nsfd, nsi_type_name((enum nsi_type)t), link, sizeof(link) - 1);
		if (n < 0) {
			if (nsi_errno_is_denied(-errno))
				return -errno;
			/* a zombie has no links; an old kernel lacks "time" */
			nmissing++;
			continue;
		}
		link[n] = '\0';
		if (nsi_parse_ns_link(link, &lt, &ns[t]) < 0 || lt != t) {
			DBG(PROC, "%s: unexpected link text '%s'", path, link);
			ns[t] = 0;
			continue;
		}
		nread++;
	}
	if (nread == 0 && nmissing > 0)
		return -ENOENT;
	return 0;
}

static bool is_pid_name(const char *s)
{
	if (!isdigit((unsigned char)*s) || *s == '0')
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Every PID in the proc directory, in directory order (ascending). */
static int list_pids(int procfd, pid_t **ret, size_t *ret_n)
{
	_cleanup_closedir_ DIR *dir = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int fd;

	/* fdopendir() takes the fd; keep procfd for the later reads */
	fd = openat(procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		int r = -errno;

		close(fd);
		return r;
	}
	while ((errno = 0, de = readdir(dir))) {
		pid_t pid;

		if (!is_pid_name(de->d_name) || nsi_parse_pid(de->d_name, &pid) < 0)
			continue;
		if (n == cap) {
			pid_t *v = reallocarray(pids, cap ? cap * 2 : 1024, sizeof(*v));

			if (!v)
				return -ENOMEM;
			pids = v;
			cap = cap ? cap * 2 : 1024;
		}
		pids[n++] = pid;
	}
	if (errno)
		return -errno;
	*ret = TAKE_PTR(pids);
	*ret_n = n;
	return 0;
}

/* Below this many processes a thread costs more than it saves. */
#define SCAN_THREAD_MIN_PROCS 256

/* One scan's shared state: each process's record and result are its own. */
struct scan_job {
	int procfd;
	nsi_typemask types;
	struct nsi_proc **procs;
	int *errs;		/* per process: 0 or the negative errno that skips it */
};

static void scan_one(void *ctx, size_t i)
{
	struct scan_job *job = ctx;
	char pidstr[16];

	snprintf(pidstr, sizeof(pidstr), "%d", (int)job->procs[i]->pid);
	job->errs[i] = read_process_ns(job->procfd, pidstr, job->types, job->procs[i]->ns);
}

int nsi_procfs_scan(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *model,
		    struct nsi_scan_stats *ret_stats)
{
	struct nsi_scan_stats st = { 0 };
	_cleanup_free_ struct nsi_proc **procs = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	_cleanup_free_ int *errs = NULL;
	struct scan_job job = { .procfd = pfs->procfd, .types = types };
	unsigned int nthreads;
	size_t n = 0;
	int r;

	r = list_pids(pfs->procfd, &pids, &n);
	if (r < 0)
		return r;
	procs = calloc(n ? n : 1, sizeof(*procs));
	errs = calloc(n ? n : 1, sizeof(*errs));
	if (!procs || !errs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!(procs[i] = nsi_model_new_process(model, pids[i])))
			return -ENOMEM;

	/* the links are read in parallel; linking records into namespaces is not */
	job.procs = procs;
	job.errs = errs;
	nthreads = nsi_parallel_for(n, SCAN_THREAD_MIN_PROCS, scan_one, &job);
	DBG(PROC, "scan: %zu processes read by %u threads", n, nthreads);

	st.seen = (unsigned int)n;
	for (size_t i = 0; i < n; i++) {
		if (errs[i] < 0) {
			if (nsi_errno_is_denied(errs[i]))
				st.denied++;
			else
				st.gone++;
			DBG(PROC, "skip %d: %s", (int)pids[i], strerror(-errs[i]));
			continue;
		}
		if (nsi_model_link_process(model, procs[i]) < 0)
			return -ENOMEM;
		st.added++;
	}
	DBG(PROC, "scan: %u seen, %u added, %u gone, %u denied", st.seen, st.added, st.gone, st.denied);
	*ret_stats = st;
	return 0;
}

int nsi_procfs_probe(struct nsi_procfs *pfs, pid_t pid)
{
	char path[32];
	uint64_t ns[NSI_NTYPES];
	int r;

	snprintf(path, sizeof(path), "%d", (int)pid);
	r = read_process_ns(pfs->procfd, path, NSI_TYPEMASK_ALL, ns);
	if (!nsi_errno_is_gone(r))
		return r;
	/* a zombie keeps its /proc directory but has no namespaces */
	return faccessat(pfs->procfd, path, F_OK, 0) == 0 ? -ECHILD : -ESRCH;
}

int nsi_parse_stat_ppid(const char *stat, pid_t *ret)
{
	/* comm may hold spaces and ')': the last ')' ends it */
	const char *p = strrchr(stat, ')');
	long ppid;
	char state, *end;

	if (!p || p[1] != ' ' || !p[2] || p[3] != ' ')
		return -EINVAL;
	state = p[2];
	if (!isalpha((unsigned char)state))
		return -EINVAL;
	errno = 0;
	ppid = strtol(p + 4, &end, 10);
	if (errno || end == p + 4 || (*end != ' ' && *end != '\0') || ppid < 0 || ppid > INT_MAX)
		return -EINVAL;
	*ret = (pid_t)ppid;
	return 0;
}

size_t nsi_cmdline_to_line(char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[len] = '\0';
	return len;
}

static int load_ppid(int procfd, const char *pid, struct nsi_proc *p)
{
	char path[32], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stat", pid);
	n = nsi_read_file_at(procfd, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (nsi_parse_stat_ppid(buf, &p->ppid) < 0) {
		DBG(PROC, "%s: cannot parse", path);
		return -EINVAL;
	}
	return 0;
}

static int load_uid(int procfd, const char *pid, struct nsi_proc *p)
{
	struct stat st;

	/* the owner of /proc/PID, as lsns shows it */
	if (fstatat(procfd, pid, &st, 0) < 0)
		return -errno;
	p->uid = st.st_uid;
	return 0;
}

static int load_command(int procfd, const char *pid, struct nsi_proc *p)
{
	_cleanup_free_ char *buf = malloc(CMDLINE_MAX);
	char path[32];
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/cmdline", pid);
	n = nsi_read_file_at(procfd, path, buf, CMDLINE_MAX);
	if (n >= 0)
		n = (ssize_t)nsi_cmdline_to_line(buf, (size_t)n);
	if (n <= 0) {
		/* kernel threads and zombies have no command line */
		snprintf(path, sizeof(path), "%s/comm", pid);
		n = nsi_read_file_at(procfd, path, buf, 256);
		if (n < 0)
			return (int)n;
		buf[strcspn(buf, "\n")] = '\0';
	}
	p->command = strdup(buf);
	return p->command ? 0 : -ENOMEM;
}

int nsi_procfs_load_details(struct nsi_procfs *pfs, struct nsi_proc *p, unsigned int mask)
{
	static const struct {
		unsigned int bit;
		int (*load)(int procfd, const char *pid, struct nsi_proc *p);
	} loaders[] = {
		{ NSI_DETAIL_PPID, load_ppid },
		{ NSI_DETAIL_UID, load_uid },
		{ NSI_DETAIL_COMMAND, load_command },
	};
	char pid[16];

	mask &= ~p->details_tried;
	if (!mask)
		return 0;
	snprintf(pid, sizeof(pid), "%d", (int)p->pid);
	for (size_t i = 0; i < ARRAY_SIZE(loaders); i++) {
		int r;

		if (!(mask & loaders[i].bit))
			continue;
		p->details_tried |= loaders[i].bit;
		r = loaders[i].load(pfs->procfd, pid, p);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			DBG(PROC, "%s: detail %#x unknown: %s", pid, loaders[i].bit, strerror(-r));
		else
			p->details_ok |= loaders[i].bit;
	}
	return 0;
}
