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

/*
 * Walk NS_GET_PARENT and NS_GET_USERNS up from every user and pid
 * namespace in @m and add the ancestors no process is in (with no
 * processes).  Loads the relations of every namespace it visits.
 * Call before nsi_model_finish().  Returns 0 or -ENOMEM.
 */
int nsi_nsfs_discover_ancestors(int procfd, struct nsi_model *m);

#endif
