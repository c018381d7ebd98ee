/*
 * The deep scan (--deep): threads and open file descriptors that keep
 * namespaces alive, beyond what /proc/PID/ns shows.
 *
 *  - a thread that entered a namespace alone (setns(2) or unshare(2) in
 *    one thread): /proc/PID/task/TID/ns differs from its process;
 *  - an open nsfs file (`exec 3</proc/PID/ns/net`, or opened through a
 *    bind mount);
 *  - a socket whose network namespace is not its process's (made there,
 *    then the process left): pidfd_getfd() + SIOCGSKNS, asked once per
 *    socket inode.
 *
 * It reads every thread and fd of every process, which is what makes it
 * too slow to be on by default on a busy host.
 */
#ifndef NSINSPECT_HOLDERS_H
#define NSINSPECT_HOLDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "nsinspect/model.h"
#include "nsinspect/nstype.h"
#include "nsinspect/procfs.h"

/* Statistics of one deep scan, for debugging and the benchmark. */
struct nsi_holders_stats {
	unsigned int threads;	/* threads other than the leaders, read */
	unsigned int fds;	/* fds read */
	unsigned int sockets;	/* sockets asked about (cache misses) */
};

/*
 * Record the threads, fds and sockets of every process in @m that hold
 * namespaces of @types, adding the namespaces they hold.  Run after the
 * mount scan: an fd opened through a bind mount is recognised by its
 * path.  Processes that exit or hide are skipped.  Returns 0 or -ENOMEM.
 */
int nsi_holders_scan(struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *m,
		     struct nsi_holders_stats *ret_stats);

/*
 * The inode of a socket fd's link text ("socket:[4779860]"); false for
 * any other text.  Public for tests/fuzz.
 */
bool nsi_parse_socket_link(const char *link, uint64_t *ret_ino);

#endif
