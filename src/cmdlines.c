/*
 * Command lines read by a child process (cmdlines.h says why).  The
 * reader goes through the processes in order and sends one record per
 * process over a pipe; the parent takes them as they come.  When no
 * record has come for a while and the reader is not running, it sleeps
 * in the kernel on the next process: a read of a command line never
 * sleeps that long otherwise.  The parent kills it, gives that process
 * its name, and starts a new reader on the rest.
 *
 * The kernel waits for the memory map lock killably, so a killed reader
 * usually dies at once; one stuck for good (a page of the process's
 * memory on a swap device that stopped answering) dies when its read
 * returns, and nobody waits for it.  The readers left behind are reaped
 * by later batches (a --watch runs many) and, as they are this process's
 * children, listed process-wide: the module's one static state, used
 * only by the thread that completes rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsinspect/cmdlines.h"
#include "nsinspect/debug.h"
#include "nsinspect/util.h"

/*
 * How long a reader may make no progress while not running.  A read
 * that pages the command line in from swap may sleep; one that sleeps
 * this long shows the name, which is the point.
 */
#define PATIENCE_MS 250
/* ... once one reader was stuck: a stalled file system often has many processes stuck on it */
#define PATIENCE_AFTER_STALL_MS 50
/* Readers left behind and not ended, at most; with that many, commands are names until one ends. */
#define STUCK_MAX 16
/* What one read(2) of the reader's pipe takes at least (the pipe holds 64 KiB). */
#define RECEIVE_CHUNK 4096
/* A comm is at most 16 bytes (64 for kernel threads on newer kernels). */
#define NAME_MAX_LEN 256

enum record_status {
	RECORD_COMMAND,	/* the text that follows is its command */
	RECORD_GONE,	/* not in its scanned namespaces any more */
	RECORD_FAILED,	/* could not be read (it has exited) */
};

/* What the reader sends per process, followed by @len bytes of NUL-terminated text. */
struct record {
	uint32_t index;
	uint32_t status;	/* enum record_status */
	uint32_t len;
};

static pid_t left_behind[STUCK_MAX];
static size_t nleft;

struct nsi_cmdlines {
	const struct nsi_procfs *pfs;
	struct nsi_proc *const *procs;
	const nsi_typemask *types;
	bool *wanted;	/* per process: its command is to be read here */
	size_t n;
	size_t next;	/* records are awaited from this process on */
	pid_t reader;	/* the running reader, 0 none */
	int fd;		/* the read end of its pipe, -1 none */
	char *in;	/* received, not taken yet */
	size_t inlen, incap;
};

void nsi_late_add(struct nsi_late *late, pid_t pid)
{
	if (late->count < NSI_LATE_NAMED)
		late->pids[late->count] = pid;
	late->count++;
}

/* Reap the readers left behind that have ended since. */
static void reap_left_behind(void)
{
	size_t kept = 0;

	for (size_t i = 0; i < nleft; i++)
		if (waitpid(left_behind[i], NULL, WNOHANG) == 0)
			left_behind[kept++] = left_behind[i];
	nleft = kept;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Close every fd above stderr but @a and @b (@a < @b). */
static void close_all_but(int a, int b)
{
	if (a > 3)
		close_range(3, (unsigned int)a - 1, 0);
	if (b > a + 1)
		close_range((unsigned int)a + 1, (unsigned int)b - 1, 0);
	close_range((unsigned int)b + 1, ~0U, 0);
}

/*
 * The reader's process: it may outlive us stuck, so it holds nothing of
 * the user's (no stdout of a pipeline that would then never end), dies
 * with us, and takes SIGINT and SIGTERM as any process does (not our
 * handlers, which remove our files).
 */
static void become_reader(int out, int procfd, const sigset_t *mask)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigaction(SIGPIPE, &dfl, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (int fd = 0; fd <= 2; fd++)
		if (fd != out && fd != procfd && (null < 0 || dup2(null, fd) < 0))
			close(fd);
	close_all_but(procfd < out ? procfd : out, procfd < out ? out : procfd);
}

static void __attribute__((noreturn)) run_reader(const struct nsi_cmdlines *c, size_t from, int out)
{
	char *text = malloc(NSI_CMDLINE_MAX);

	if (!text)
		_exit(1);
	for (size_t i = from; i < c->n; i++) {
		struct nsi_proc *p = c->procs[i];
		struct record rec = { .index = (uint32_t)i, .status = RECORD_FAILED };
		ssize_t n;

		if (!c->wanted[i])
			continue;
		n = nsi_procfs_read_command(c->pfs, p->pid, text, NSI_CMDLINE_MAX);
		if (n >= 0 && !nsi_procfs_still_scanned(c->pfs, p, c->types[i]))
			rec.status = RECORD_GONE;
		else if (n >= 0) {
			rec.status = RECORD_COMMAND;
			rec.len = (uint32_t)n + 1;
		}
		if (write_all(out, &rec, sizeof(rec)) < 0 || write_all(out, text, rec.len) < 0)
			break;	/* we are gone */
	}
	free(text);
	_exit(0);
}

/* Fork a reader for the processes from @from on.  0 or -errno (-EBUSY: too many left behind). */
static int start_reader(struct nsi_cmdlines *c, size_t from)
{
	sigset_t stops, old;
	int pipefd[2];
	pid_t parent = getpid(), child;

	if (nleft == STUCK_MAX)
		return -EBUSY;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	/* no stop of ours runs in the child before it drops our handlers */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigprocmask(SIG_BLOCK, &stops, &old);
	child = fork();
	if (child == 0) {
		close(pipefd[0]);
		become_reader(pipefd[1], nsi_procfs_dirfd(c->pfs), &old);
		if (getppid() != parent)
			_exit(1);
		run_reader(c, from, pipefd[1]);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(pipefd[1]);
	if (child < 0) {
		close(pipefd[0]);
		return -errno;
	}
	c->reader = child;
	c->fd = pipefd[0];
	return 0;
}

/* Reap the reader, which has sent everything or died. */
static void end_reader(struct nsi_cmdlines *c)
{
	close(c->fd);
	c->fd = -1;
	while (waitpid(c->reader, NULL, 0) < 0 && errno == EINTR)
		;
	c->reader = 0;
}

/* Leave the stuck reader behind, killed: it dies once its read returns. */
static void leave_reader(struct nsi_cmdlines *c)
{
	kill(c->reader, SIGKILL);
	left_behind[nleft++] = c->reader;	/* room: no reader starts without it */
	close(c->fd);
	c->fd = -1;
	c->reader = 0;
}

/* Is the reader running (or waiting for a CPU), not asleep in the kernel? */
static bool reader_running(const struct nsi_cmdlines *c)
{
	char path[32], status[4096], state;
	pid_t tgid;

	snprintf(path, sizeof(path), "%d/status", (int)c->reader);
	if (nsi_procfs_read(c->pfs, path, status, sizeof(status)) < 0 ||
	    nsi_parse_status_task(status, &state, &tgid) < 0)
		return false;
	return state == 'R';
}

/* Give process @i its name, read here: that never waits on its memory. */
static int give_name(struct nsi_cmdlines *c, size_t i, bool *gone)
{
	struct nsi_proc *p = c->procs[i];
	char name[NAME_MAX_LEN];

	if (nsi_procfs_read_comm(c->pfs, p->pid, name, sizeof(name)) < 0)
		return 0;
	if (!nsi_procfs_still_scanned(c->pfs, p, c->types[i])) {
		gone[i] = true;
		return 0;
	}
	return nsi_proc_set_command(p, name);
}

static int take_record(struct nsi_cmdlines *c, const struct record *rec, const char *text, bool *gone)
{
	size_t i = rec->index;

	if (i >= c->n || !c->wanted[i])
		return 0;	/* not ours to take: cannot happen */
	c->next = i + 1;
	if (rec->status == RECORD_GONE)
		gone[i] = true;
	else if (rec->status == RECORD_COMMAND && rec->len > 0 && text[rec->len - 1] == '\0')
		return nsi_proc_set_command(c->procs[i], text);
	else
		DBG(PROC, "%d: command unknown: it could not be read", (int)c->procs[i]->pid);
	return 0;
}

/* Take the records received whole. */
static int take_records(struct nsi_cmdlines *c, bool *gone)
{
	size_t off = 0;
	int r = 0;

	while (r == 0 && c->inlen - off >= sizeof(struct record)) {
		struct record rec;

		memcpy(&rec, c->in + off, sizeof(rec));
		if (c->inlen - off - sizeof(rec) < rec.len)
			break;
		r = take_record(c, &rec, c->in + off + sizeof(rec), gone);
		off += sizeof(rec) + rec.len;
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
	return r;
}

/* Read what the reader sent: the bytes read, 0 at its end, or -errno. */
static ssize_t receive(struct nsi_cmdlines *c)
{
	ssize_t n;

	/* small: a record is a command line, rarely more than a few hundred bytes; it grows for long ones */
	if (c->incap - c->inlen < RECEIVE_CHUNK) {
		size_t cap = c->incap ? c->incap * 2 : 2 * RECEIVE_CHUNK;
		char *in = realloc(c->in, cap);

		if (!in)
			return -ENOMEM;
		c->in = in;
		c->incap = cap;
	}
	do
		n = read(c->fd, c->in + c->inlen, c->incap - c->inlen);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		c->inlen += (size_t)n;
	return n < 0 ? -errno : n;
}

/* The first process at or after @i that a reader reads, or c->n. */
static size_t next_read(const struct nsi_cmdlines *c, size_t i)
{
	while (i < c->n && !c->wanted[i])
		i++;
	return i;
}

/* Wait for the running reader once: take what it sent, or leave it behind if it is stuck. */
static int await_reader(struct nsi_cmdlines *c, bool *gone, struct nsi_late *late)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	/* readers left behind: this batch's, or earlier ones that have not ended */
	int patience = nleft ? PATIENCE_AFTER_STALL_MS : PATIENCE_MS;
	int r = poll(&pfd, 1, patience);
	size_t at = next_read(c, c->next);
	ssize_t n;

	if (r < 0 && errno == EINTR)
		return 0;
	if (r > 0) {
		n = receive(c);
		if (n > 0)
			return take_records(c, gone);
		if (n == -ENOMEM)
			return -ENOMEM;
		/* it ended (killed by someone) before it sent this one: a new reader goes on after it */
		end_reader(c);
		c->next = at + 1;
		return at < c->n ? give_name(c, at, gone) : 0;
	}
	if (r == 0 && reader_running(c))
		return 0;
	DBG(PROC, "%d: its command line did not come in %d ms: showing its name", (int)c->procs[at]->pid, patience);
	leave_reader(c);
	nsi_late_add(late, c->procs[at]->pid);
	c->next = at + 1;
	return give_name(c, at, gone);
}

static struct nsi_cmdlines *cmdlines_free(struct nsi_cmdlines *c)
{
	if (!c)
		return NULL;
	if (c->fd >= 0)
		end_reader(c);
	free(c->wanted);
	free(c->in);
	free(c);
	return NULL;
}

int nsi_cmdlines_start(const struct nsi_procfs *pfs, struct nsi_proc *const *procs, const nsi_typemask *types,
		       size_t n, struct nsi_cmdlines **ret)
{
	struct nsi_cmdlines *c = calloc(1, sizeof(*c));
	bool *wanted = calloc(n ? n : 1, sizeof(*wanted));
	size_t reads = 0;
	int r;

	if (!c || !wanted) {
		free(c);
		free(wanted);
		return -ENOMEM;
	}
	*c = (struct nsi_cmdlines){ .pfs = pfs, .procs = procs, .types = types, .wanted = wanted, .n = n, .fd = -1 };
	reap_left_behind();
	for (size_t i = 0; i < n; i++) {
		if (procs[i]->details_tried & NSI_DETAIL_COMMAND)
			continue;
		procs[i]->details_tried |= NSI_DETAIL_COMMAND;
		wanted[i] = true;
		reads++;
	}
	if (reads && (r = start_reader(c, 0)) < 0)
		DBG(PROC, "cannot start a command line reader: %s; trying again later", strerror(-r));
	*ret = c;
	return 0;
}

int nsi_cmdlines_finish(struct nsi_cmdlines *c, bool *ret_gone, struct nsi_late *late)
{
	int r = 0;

	while (r == 0 && next_read(c, c->next) < c->n) {
		if (c->fd < 0 && (r = start_reader(c, next_read(c, c->next))) < 0) {
			/* no reader: the rest show their names */
			DBG(PROC, "cannot start a command line reader: %s", strerror(-r));
			r = 0;
			for (size_t i = next_read(c, c->next); r == 0 && i < c->n; i = next_read(c, i + 1))
				r = give_name(c, i, ret_gone);
			break;
		}
		r = await_reader(c, ret_gone, late);
	}
	cmdlines_free(c);
	return r;
}
