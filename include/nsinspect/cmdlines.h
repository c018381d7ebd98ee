/*
 * Command lines read under a deadline.  /proc/PID/cmdline is the one
 * detail whose read reads the process's memory: it waits for the
 * process's memory map lock and for the page itself, which may be on a
 * stalled FUSE or NFS file (the classic of a hung host: a process stuck
 * with its memory map locked, and every ps after it stuck too).  That
 * wait may be uninterruptible, so no thread of ours may do it: one thread
 * stuck in D state keeps the whole process from being reaped, and the
 * shell waits.  A child process reads them (cmdlines.c); a process whose
 * command line does not come in time shows its name (comm), which is read
 * without touching its memory.
 */
#ifndef NSINSPECT_CMDLINES_H
#define NSINSPECT_CMDLINES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsinspect/model.h"
#include "nsinspect/nstype.h"
#include "nsinspect/procfs.h"

/* The processes whose command lines came too late, the first few named. */
#define NSI_LATE_NAMED 5
struct nsi_late {
	unsigned int count;
	pid_t pids[NSI_LATE_NAMED];
};

struct nsi_cmdlines;

/*
 * Start reading the command lines of @procs (live /proc) in a child
 * process: the reads go on while the caller reads the other details.
 * Call it before the caller starts threads (it forks).  @types[i] are
 * the types @procs[i] was scanned in, checked after its read
 * (nsi_procfs_still_scanned()).  The arrays must stay until
 * nsi_cmdlines_finish().  Returns 0 or -ENOMEM.
 */
int nsi_cmdlines_start(const struct nsi_procfs *pfs, struct nsi_proc *const *procs, const nsi_typemask *types,
		       size_t n, struct nsi_cmdlines **ret);

/*
 * Wait for the command lines and give each process its command.  A
 * process that is not in its scanned namespaces any more gets
 * @ret_gone[i] set (its details are another process's): the caller
 * forgets them.  A reader that stops making progress is left behind and
 * the process it was reading shows its name; it is added to @late.
 * Frees @c.  Returns 0 or -ENOMEM.
 */
int nsi_cmdlines_finish(struct nsi_cmdlines *c, bool *ret_gone, struct nsi_late *late);

/* Add @pid to @late. */
void nsi_late_add(struct nsi_late *late, pid_t pid);

#endif
