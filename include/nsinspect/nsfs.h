/*
 * The namespace hierarchy from the nsfs ioctls: the parent of a user or
 * pid namespace, the user namespace that owns any namespace, and the UID
 * that created a user namespace.  Asked once per shown namespace, through
 * its representative process's /proc/PID/ns/TYPE file.
 */
#ifndef NSINSPECT_NSFS_H
#define NSINSPECT_NSFS_H

#include <sys/types.h>

#include "nsinspect/model.h"

/*
 * Fill ns->parent_ino, owner_ino and owner_uid (as far as the kernel
 * answers) by opening "PID/ns/TYPE" below @procfd.  Failures leave the
 * fields unknown; nothing here is fatal.
 */
void nsi_nsfs_load_relations(int procfd, struct nsi_ns *ns);

#endif
