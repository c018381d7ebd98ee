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
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "nsinspect/debug.h"
#include "nsinspect/parallel.h"
#include "nsinspect/procfs.h"
#include "nsinspect/util.h"

/* /proc/PID/status is about 1.5 KiB; Uid is its ninth line */
#define STATUS_MAX 4096

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

ssize_t nsi_procfs_read(const struct nsi_procfs *pfs, const char *path, char *buf, size_t bufsz)
{
	return nsi_read_proc_file_at(pfs->procfd, !pfs->live, path, buf, bufsz);
}

int nsi_procfs_open_file(const struct nsi_procfs *pfs, const char *path, off_t max)
{
	int fd;

	if (!pfs->live)
		return nsi_open_regular_at(pfs->procfd, path, max);
	fd = openat(pfs->procfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	return fd < 0 ? -errno : fd;
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
 * The inode of the @type namespace link at @path below @dirfd: 0, -errno
 * of the readlink, or -EBADMSG for text that is not a @type link.
 */
static int read_ns_link(int dirfd, const char *path, enum nsi_type type, uint64_t *ret_ino)
{
	char link[64];
	enum nsi_type lt;
	ssize_t n = readlinkat(dirfd, path, link, sizeof(link) - 1);

	if (n < 0)
		return -errno;
	link[n] = '\0';
	return nsi_parse_ns_link(link, &lt, ret_ino) < 0 || lt != type ? -EBADMSG : 0;
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

	/* O_PATH: only a base for readlinkat(), and cheaper to open and close */
	snprintf(path, sizeof(path), "%s/ns", pidstr);
	nsfd = openat(procfd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0)
		return -errno;

	for (int t = 0; t < NSI_NTYPES; t++) {
		int r;

		ns[t] = 0;
		if (!(types & NSI_TYPE_BIT(t)))
			continue;
		r = read_ns_link(nsfd, nsi_type_name((enum nsi_type)t), (enum nsi_type)t, &ns[t]);
		if (r < 0 && nsi_errno_is_denied(r))
			return r;
		if (r == -EBADMSG) {
			DBG(PROC, "%s/%s: unexpected link text", path, nsi_type_name((enum nsi_type)t));
			ns[t] = 0;
		} else if (r < 0) {
			nmissing++;	/* a zombie keeps only user and pid; an old kernel lacks "time" */
		} else {
			nread++;
		}
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

/* Below this many processes a thread costs more than it saves. */
#define SCAN_THREAD_MIN_PROCS 256
/* Listed PIDs are published to the readers this many at a time. */
#define SCAN_PUBLISH_EVERY 128

/*
 * The scan's items, in blocks that never move once written, so that the
 * readers can work on published ones while more are listed.  Block b
 * holds FIRST_BLOCK << b items, so a few blocks cover any /proc (13 hold
 * 8 million; a PID is at most 2^22, PID_MAX_LIMIT) and a small system
 * allocates one small block.
 */
#define FIRST_BLOCK 1024
#define MAX_BLOCKS 13

struct scan_slot {
	struct nsi_proc *proc;
	int err;	/* 0 or the negative errno that skips the process */
};

struct scan_job {
	int procfd;
	nsi_typemask types;
	struct scan_slot *blocks[MAX_BLOCKS];	/* owned */
	size_t n;				/* slots written */
};

/* The block of item @i: floor(log2(i / FIRST_BLOCK + 1)). */
static unsigned int block_of(size_t i)
{
	return 63 - (unsigned int)__builtin_clzll((unsigned long long)(i / FIRST_BLOCK + 1));
}

static struct scan_slot *slot(const struct scan_job *job, size_t i)
{
	unsigned int b = block_of(i);

	/* the blocks before hold FIRST_BLOCK * (2^b - 1) items */
	return &job->blocks[b][i - FIRST_BLOCK * ((1ULL << b) - 1)];
}

static int add_slot(struct scan_job *job, struct nsi_model *model, pid_t pid)
{
	unsigned int b = block_of(job->n);

	if (b >= MAX_BLOCKS)
		return -E2BIG;
	if (!job->blocks[b] && !(job->blocks[b] = calloc((size_t)FIRST_BLOCK << b, sizeof(struct scan_slot))))
		return -ENOMEM;
	if (!(slot(job, job->n)->proc = nsi_model_new_process(model, pid)))
		return -ENOMEM;
	job->n++;
	return 0;
}

static void scan_job_done(struct scan_job *job)
{
	for (size_t b = 0; b < MAX_BLOCKS; b++)
		free(job->blocks[b]);
}

static void scan_one(void *ctx, size_t i)
{
	struct scan_job *job = ctx;
	struct scan_slot *sl = slot(job, i);
	char pidstr[16];

	snprintf(pidstr, sizeof(pidstr), "%d", (int)sl->proc->pid);
	sl->err = read_process_ns(job->procfd, pidstr, job->types, sl->proc->ns);
}

/*
 * List every PID in the proc directory, in directory order (ascending),
 * into @job, publishing them to @feed as they come: the readers start
 * while the rest of a big /proc is still being listed.
 */
static int list_pids(struct scan_job *job, struct nsi_model *model, struct nsi_feed *feed)
{
	_cleanup_closedir_ DIR *dir = NULL;
	struct dirent *de;
	int fd;

	/* fdopendir() takes the fd; keep procfd for the later reads */
	fd = openat(job->procfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
		int r;

		if (!is_pid_name(de->d_name) || nsi_parse_pid(de->d_name, &pid) < 0)
			continue;
		r = add_slot(job, model, pid);
		if (r < 0)
			return r;
		if (job->n % SCAN_PUBLISH_EVERY == 0)
			nsi_feed_publish(feed, job->n);
	}
	if (errno)
		return -errno;
	nsi_feed_publish(feed, job->n);
	return 0;
}

int nsi_procfs_scan(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *model,
		    struct nsi_scan_stats *ret_stats)
{
	struct nsi_scan_stats st = { 0 };
	struct scan_job job = { .procfd = pfs->procfd, .types = types };
	struct nsi_feed feed;
	unsigned int nthreads;
	int r;

	/* the links are read in parallel, from the first PIDs listed on */
	nsi_feed_init(&feed, SCAN_THREAD_MIN_PROCS, scan_one, &job);
	r = list_pids(&job, model, &feed);
	nthreads = nsi_feed_finish(&feed);
	DBG(PROC, "scan: %zu processes read by %u threads", job.n, nthreads);

	/* linking records into namespaces is not parallel */
	for (size_t i = 0; r == 0 && i < job.n; i++) {
		const struct scan_slot *sl = slot(&job, i);

		st.seen++;
		if (sl->err < 0) {
			if (nsi_errno_is_denied(sl->err) && st.denied < NSI_DENIED_NAMED)
				st.denied_pids[st.denied] = sl->proc->pid;
			if (nsi_errno_is_denied(sl->err))
				st.denied++;
			else
				st.gone++;
			DBG(PROC, "skip %d: %s", (int)sl->proc->pid, strerror(-sl->err));
			continue;
		}
		if (nsi_model_link_process(model, sl->proc) < 0)
			r = -ENOMEM;
		st.added++;
	}
	scan_job_done(&job);
	if (r < 0)
		return r;
	DBG(PROC, "scan: %u seen, %u added, %u gone, %u denied", st.seen, st.added, st.gone, st.denied);
	*ret_stats = st;
	return 0;
}

/* What "PID/status" says of a process: 0 with the fact, or -ENOMEM. */
static void probe_status(const struct nsi_procfs *pfs, const char *pidstr, pid_t pid, struct nsi_pid_fact *fact)
{
	char path[32], buf[STATUS_MAX];
	char state = 0;
	pid_t tgid = 0;
	ssize_t n;

	*fact = (struct nsi_pid_fact){ .pid = pid, .state = NSI_PID_LIVE };
	snprintf(path, sizeof(path), "%s/status", pidstr);
	n = nsi_procfs_read(pfs, path, buf, sizeof(buf));
	if (n < 0) {
		fact->state = nsi_errno_is_denied((int)n) ? NSI_PID_DENIED : NSI_PID_MISSING;
		return;
	}
	if (nsi_parse_status_task(buf, &state, &tgid) < 0)
		DBG(PROC, "%s: no State or Tgid line", path);
	if (state == 'Z')
		fact->state = NSI_PID_ZOMBIE;
	else if (state == 'X')
		fact->state = NSI_PID_MISSING;
	else if (tgid > 0 && tgid != pid) {
		fact->state = NSI_PID_THREAD;
		fact->tgid = tgid;
	}
}

int nsi_procfs_read_one(struct nsi_procfs *pfs, pid_t pid, nsi_typemask types, struct nsi_model *model,
			struct nsi_pid_fact *ret)
{
	char pidstr[16];
	uint64_t ns[NSI_NTYPES];
	int r;

	snprintf(pidstr, sizeof(pidstr), "%d", (int)pid);
	probe_status(pfs, pidstr, pid, ret);
	if (ret->state != NSI_PID_LIVE || nsi_model_find_process(model, pid))
		return 0;
	r = read_process_ns(pfs->procfd, pidstr, types, ns);
	if (r < 0) {
		DBG(PROC, "%d alone: %s", (int)pid, strerror(-r));
		ret->state = nsi_errno_is_denied(r) ? NSI_PID_DENIED : NSI_PID_MISSING;
		return 0;
	}
	return nsi_model_add_process(model, pid, ns) ? 0 : -ENOMEM;
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

/* The decimal number after the blanks at *@p, moving *@p past it: 0 or -EINVAL. */
static int status_number(const char **p, unsigned long long *ret)
{
	char digits[24];
	size_t len;

	*p += strspn(*p, " \t");
	len = strspn(*p, "0123456789");
	if (len == 0 || len >= sizeof(digits))
		return -EINVAL;
	memcpy(digits, *p, len);
	digits[len] = '\0';
	*p += len;
	return nsi_parse_u64(digits, ret);
}

/* The text after "@key:" of @status's line @key, or NULL. */
static const char *status_value(const char *status, const char *key)
{
	size_t n = strlen(key);
	const char *line = status;

	while (line && !(strncmp(line, key, n) == 0 && line[n] == ':'))
		line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL;
	return line ? line + n + 1 : NULL;
}

int nsi_parse_status_task(const char *status, char *ret_state, pid_t *ret_tgid)
{
	const char *state = status_value(status, "State"), *tgid = status_value(status, "Tgid");
	unsigned long long t;

	if (!state || !tgid)
		return -EINVAL;
	state += strspn(state, " \t");
	if (*state < 'A' || *state > 'Z' || status_number(&tgid, &t) < 0 || t == 0 || t > INT32_MAX)
		return -EINVAL;
	*ret_state = *state;
	*ret_tgid = (pid_t)t;
	return 0;
}

int nsi_parse_status_uid(const char *status, uid_t *ret)
{
	const char *line = status_value(status, "Uid");
	unsigned long long real, effective;

	if (!line)
		return -EINVAL;
	/* "Uid:\treal\teffective\tsaved\tfs"; (uid_t)-1 is no UID */
	if (status_number(&line, &real) < 0 || status_number(&line, &effective) < 0 ||
	    effective >= UINT32_MAX || !strchr(" \t\n", *line))
		return -EINVAL;
	*ret = (uid_t)effective;
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

static int load_ppid(const struct nsi_procfs *pfs, const char *pid, struct nsi_proc *p)
{
	char path[32], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stat", pid);
	n = nsi_procfs_read(pfs, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (nsi_parse_stat_ppid(buf, &p->ppid) < 0) {
		DBG(PROC, "%s: cannot parse", path);
		return -EINVAL;
	}
	return 0;
}

/*
 * A dump's UID: the effective one of "Uid:" in PID/status.  Copying a
 * /proc tree (git, tar as an ordinary user) does not keep the owners of
 * its directories, so a dump says the UID in the text the kernel wrote.
 */
static int load_dump_uid(const struct nsi_procfs *pfs, const char *pid, struct nsi_proc *p)
{
	char path[32], buf[STATUS_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/status", pid);
	n = nsi_procfs_read(pfs, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (nsi_parse_status_uid(buf, &p->uid) < 0) {
		DBG(PROC, "%s: no Uid line", path);
		return -EINVAL;
	}
	return 0;
}

static int load_uid(const struct nsi_procfs *pfs, const char *pid, struct nsi_proc *p)
{
	struct stat st;

	if (!pfs->live)
		return load_dump_uid(pfs, pid, p);
	/* the owner of /proc/PID, as lsns shows it */
	if (fstatat(pfs->procfd, pid, &st, 0) < 0)
		return -errno;
	p->uid = st.st_uid;
	return 0;
}

ssize_t nsi_procfs_read_comm(const struct nsi_procfs *pfs, pid_t pid, char *buf, size_t bufsz)
{
	char path[32];
	ssize_t n;

	snprintf(path, sizeof(path), "%d/comm", (int)pid);
	n = nsi_procfs_read(pfs, path, buf, bufsz);
	if (n < 0)
		return n;
	buf[strcspn(buf, "\n")] = '\0';
	return (ssize_t)strlen(buf);
}

ssize_t nsi_procfs_read_command(const struct nsi_procfs *pfs, pid_t pid, char *buf, size_t bufsz)
{
	char path[32];
	ssize_t n;

	snprintf(path, sizeof(path), "%d/cmdline", (int)pid);
	n = nsi_procfs_read(pfs, path, buf, bufsz);
	if (n >= 0)
		n = (ssize_t)nsi_cmdline_to_line(buf, (size_t)n);
	/* kernel threads and zombies have no command line */
	return n > 0 ? n : nsi_procfs_read_comm(pfs, pid, buf, bufsz);
}

int nsi_proc_set_command(struct nsi_proc *p, const char *text)
{
	free(p->command);
	p->command = strdup(text);
	if (!p->command)
		return -ENOMEM;
	p->details_ok |= NSI_DETAIL_COMMAND;
	return 0;
}

static int load_command(const struct nsi_procfs *pfs, const char *pid __attribute__((unused)), struct nsi_proc *p)
{
	_cleanup_free_ char *buf = malloc(NSI_CMDLINE_MAX);
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	n = nsi_procfs_read_command(pfs, p->pid, buf, NSI_CMDLINE_MAX);
	if (n < 0)
		return (int)n;
	p->command = strdup(buf);
	return p->command ? 0 : -ENOMEM;
}

bool nsi_procfs_still_scanned(const struct nsi_procfs *pfs, const struct nsi_proc *p, nsi_typemask types)
{
	if (!pfs->live)
		return true;	/* a dump does not change */
	for (int t = 0; t < NSI_NTYPES; t++) {
		char path[48];
		uint64_t ino = 0;

		if (!(types & NSI_TYPE_BIT(t)) || !p->ns[t])
			continue;
		/* one readlink through the path: a row has one or two types to check */
		snprintf(path, sizeof(path), "%d/ns/%s", (int)p->pid, nsi_type_name((enum nsi_type)t));
		if (read_ns_link(pfs->procfd, path, (enum nsi_type)t, &ino) < 0 || ino != p->ns[t])
			return false;
	}
	return true;
}

void nsi_proc_forget_details(struct nsi_proc *p)
{
	p->details_ok = 0;
	free(p->command);
	p->command = NULL;
	p->user = NULL;
}

int nsi_procfs_load_details(struct nsi_procfs *pfs, struct nsi_proc *p, unsigned int mask)
{
	static const struct {
		unsigned int bit;
		int (*load)(const struct nsi_procfs *pfs, const char *pid, struct nsi_proc *p);
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
		r = loaders[i].load(pfs, pid, p);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			DBG(PROC, "%s: detail %#x unknown: %s", pid, loaders[i].bit, strerror(-r));
		else
			p->details_ok |= loaders[i].bit;
	}
	return 0;
}
