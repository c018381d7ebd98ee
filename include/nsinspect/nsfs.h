/*
 * The namespace hierarchy from the nsfs ioctls: the parent of a user or
 * pid namespace, the user namespace that owns any namespace, and the UID
 * that created a user namespace.  Asked once per shown namespace, through
 * its representative process's /proc/PID/ns/TYPE file or, for a namespace
 * no process is in, through one of its holders.
 */
#ifndef NSINSPECT_NSFS_H
#define NSINSPECT_NSFS_H

#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/model.h"

/*
 * Open @ns (O_RDONLY|O_CLOEXEC) through its lowest-PID process or one of
 * its holders, checking the inode.  Returns the fd or -1.
 */
int nsi_nsfs_open(int procfd, const struct nsi_ns *ns);

/*
 * Open the namespace file at @path (a bind mount, /proc/PID/ns/net):
 * looked at through O_PATH first, so that a FIFO or a device node there
 * is never opened, then opened for setns() and the ioctls.  Returns the
 * fd with its type and inode; -ENOTTY when it is no namespace file; or
 * another -errno.
 */
int nsi_nsfs_open_path(const char *path, enum nsi_type *ret_type, uint64_t *ret_ino);

/*
 * The network namespace of socket @sockfd of the process behind @pidfd,
 * through a copy of the socket (pidfd_getfd + SIOCGSKNS): an fd, or -1.
 */
int nsi_nsfs_socket_netns(int pidfd, int sockfd);

/*
 * Fill what @wanted (enum nsi_relation) asks of ns->parent_ino,
 * owner_ino, owner_uid, ns_id and dev, as far as the kernel answers, by
 * opening it with nsi_nsfs_open(); what one open answers is read at
 * once.  Failures leave the fields unknown; nothing here is fatal.
 */
void nsi_nsfs_load_relations(int procfd, struct nsi_ns *ns, unsigned int wanted);

/*
 * Walk NS_GET_PARENT and NS_GET_USERNS up from every user and pid
 * namespace in @m and add the ancestors no process is in (with no
 * processes).  Loads the relations of every namespace it visits.
 * Call before nsi_model_finish().  Returns 0 or -ENOMEM.
 */
int nsi_nsfs_discover_ancestors(int procfd, struct nsi_model *m);

#endif
