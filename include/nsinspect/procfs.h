/*
 * The /proc walk.  One pass over the proc directory on a directory fd:
 * per process one openat("PID/ns") and one readlinkat() per requested
 * type, spread over up to four threads on a busy multi-CPU host.
 * Everything else (stat, cmdline, owner) is read later and only for the
 * processes that are shown.
 */
#ifndef NSINSPECT_PROCFS_H
#define NSINSPECT_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsinspect/model.h"
#include "nsinspect/nstype.h"

struct nsi_procfs;

/* The hidden PIDs a warning names; the rest are counted. */
#define NSI_DENIED_NAMED 5

struct nsi_scan_stats {
	unsigned int seen;	/* numeric entries in /proc */
	unsigned int added;	/* processes recorded in the model */
	unsigned int gone;	/* exited during the scan, or zombies */
	unsigned int denied;	/* hidden from us (EACCES/EPERM) */
	pid_t denied_pids[NSI_DENIED_NAMED];	/* the first of them, in PID order */
};

/*
 * Open "<sysroot>/proc" (sysroot NULL or "" means the real root).
 * Returns 0 or -errno.
 */
int nsi_procfs_open(const char *sysroot, struct nsi_procfs **ret);
struct nsi_procfs *nsi_procfs_free(struct nsi_procfs *pfs);

/* The directory fd of the proc root, for modules that read below it. */
int nsi_procfs_dirfd(const struct nsi_procfs *pfs);

/*
 * Is this the running system's /proc?  Only then may a PID be handed to
 * a system call (pidfd_open): a sysroot's PIDs name nothing real.
 */
bool nsi_procfs_is_live(const struct nsi_procfs *pfs);

/*
 * Read the file @path below the proc root ("PID/stat") in one read of at
 * most @bufsz - 1 bytes, NUL-terminated: the length or -errno.  A dump's
 * files must be regular (nsi_read_regular_at()): a FIFO there must not
 * hang the scan.
 */
ssize_t nsi_procfs_read(const struct nsi_procfs *pfs, const char *path, char *buf, size_t bufsz);

/* Open @path below the proc root for reading; in a dump, a regular file of at most @max bytes.  fd or -errno. */
int nsi_procfs_open_file(const struct nsi_procfs *pfs, const char *path, off_t max);

/* Walk every process, recording the namespaces of @types in @model. */
int nsi_procfs_scan(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *model,
		    struct nsi_scan_stats *ret_stats);

/* What a PID turned out to be, looked at alone. */
enum nsi_pid_state {
	NSI_PID_LIVE,		/* a process: recorded in the model unless it is hidden */
	NSI_PID_ZOMBIE,		/* it has exited and is not reaped */
	NSI_PID_THREAD,		/* a thread of another process (tgid) */
	NSI_PID_DENIED,		/* its namespaces are not ours to read */
	NSI_PID_MISSING,	/* no such process */
};

struct nsi_pid_fact {
	pid_t pid;
	enum nsi_pid_state state;
	pid_t tgid;		/* THREAD: its process */
};

/*
 * Look at @pid alone, from its status (a PID that readdir does not list
 * may still be a thread's), and when it is a process that @model lacks,
 * read its namespaces of @types into @model.  Returns 0 with *ret, or
 * -ENOMEM.
 */
int nsi_procfs_read_one(struct nsi_procfs *pfs, pid_t pid, nsi_typemask types, struct nsi_model *model,
			struct nsi_pid_fact *ret);

/*
 * Read the details in @mask (enum nsi_detail) that were not tried yet.
 * A process that has gone leaves its details unknown; that is not an
 * error.  Returns 0 or -ENOMEM.
 */
int nsi_procfs_load_details(struct nsi_procfs *pfs, struct nsi_proc *p, unsigned int mask);

/*
 * Is PID p->pid still in the namespaces of @types the scan saw it in?
 * Details are read after the scan: a PID that exited and was reused
 * meanwhile would lend another process's command line, UID and cgroup
 * to a row.  Asked after reading them (the namespace links again, of the
 * types of the rows the process stands for), so nothing read after a
 * reuse is kept.
 */
bool nsi_procfs_still_scanned(const struct nsi_procfs *pfs, const struct nsi_proc *p, nsi_typemask types);

/* Enough for any command line an operator reads in a table. */
#define NSI_CMDLINE_MAX (64 * 1024)

/*
 * @pid's command line as one line (arguments joined by spaces), or its
 * name where it has none (kernel threads, zombies), NUL-terminated in
 * @buf: the length or -errno.  Reading a live process's command line
 * reads its memory and may wait as long as that does (cmdlines.h).
 */
ssize_t nsi_procfs_read_command(const struct nsi_procfs *pfs, pid_t pid, char *buf, size_t bufsz);

/* @pid's name (comm): read without touching its memory, so it never waits on it.  Length or -errno. */
ssize_t nsi_procfs_read_comm(const struct nsi_procfs *pfs, pid_t pid, char *buf, size_t bufsz);

/* Set @p's command to a copy of @text.  0 or -ENOMEM. */
int nsi_proc_set_command(struct nsi_proc *p, const char *text);

/* Drop what was read of @p's details: they are unknown (see nsi_procfs_still_scanned()). */
void nsi_proc_forget_details(struct nsi_proc *p);

/* Parsers, public for the unit tests. */

/* The PPID from the text of /proc/PID/stat.  0 or -EINVAL. */
int nsi_parse_stat_ppid(const char *stat, pid_t *ret);

/* State (the letter: R, S, Z, ...) and Tgid of /proc/PID/status text.  0 or -EINVAL. */
int nsi_parse_status_task(const char *status, char *ret_state, pid_t *ret_tgid);

/*
 * The effective UID of the "Uid:" line of /proc/PID/status text (real,
 * effective, saved, fs).  0 or -EINVAL.
 */
int nsi_parse_status_uid(const char *status, uid_t *ret);

/*
 * Turn /proc/PID/cmdline contents (NUL-separated, possibly with a
 * trailing NUL) into one line in place; returns the new length.
 */
size_t nsi_cmdline_to_line(char *buf, size_t len);

#endif
