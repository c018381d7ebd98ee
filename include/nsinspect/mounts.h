/*
 * nsfs bind mounts: `ip netns add blue` keeps a network namespace alive
 * by mounting its nsfs file on /run/netns/blue, container engines do the
 * same under /run/docker/netns and elsewhere.  Every mount found becomes
 * a NSI_HOLDER_MOUNT of its namespace, which is added to the model if no
 * process is in it.
 */
#ifndef NSINSPECT_MOUNTS_H
#define NSINSPECT_MOUNTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "nsinspect/model.h"
#include "nsinspect/nstype.h"
#include "nsinspect/procfs.h"

enum nsi_mount_source {
	/*
	 * NS_MNT_GET_NEXT walks every mount namespace (also those no process
	 * is in) and listmount()/statmount() read each one's table: Linux
	 * 6.12+, root in the initial pid and user namespaces.
	 */
	NSI_MOUNTS_KERNEL,
	/* /proc/PID/mountinfo of one process per mount namespace, via libmount */
	NSI_MOUNTS_MOUNTINFO,
};

/*
 * Which source works here, for our own mount namespace or for all of
 * them.  A fixture tree (sysroot) always uses mountinfo; so does a
 * kernel without statmount(), or a caller that may not walk them all.
 */
enum nsi_mount_source nsi_mounts_probe(const char *sysroot, bool every_mntns);

/*
 * Find the nsfs mounts holding namespaces of @types: in our own mount
 * namespace, or with @every_mntns in all of them.  Reading a mount
 * table costs about 2 us per mount, so every mount namespace of a busy
 * host (hundreds of containers with dozens of mounts each) costs as
 * much as the /proc scan itself: that is for --deep.
 *
 * With @every_mntns, the kernel source adds the mount namespaces no
 * process is in (when @types has mnt); the mountinfo source needs the
 * model's mount namespaces, so the scan must have read the mnt links.
 * Mount namespaces that cannot be read are skipped.  Returns 0 or
 * -ENOMEM.
 */
int nsi_mounts_scan(struct nsi_procfs *pfs, enum nsi_mount_source src, nsi_typemask types, bool every_mntns,
		    struct nsi_model *m);

/*
 * The mountinfo source's parser: record the nsfs mounts of the
 * mountinfo text in @f (@name labels debug messages), the table of mount
 * namespace @mntns_ino (0: unknown) as process @viewer sees it (0: us).
 * Lines libmount cannot parse are skipped.  Returns 0, -ENOMEM, or
 * -ELIBACC when libmount (loaded on first use) is missing; public
 * for tests/fuzz.
 */
int nsi_mounts_parse_mountinfo(struct nsi_model *m, nsi_typemask types, FILE *f, const char *name, uint64_t mntns_ino,
			       pid_t viewer);

/* The name `ip netns` gives a mount point ("/run/netns/blue" -> "blue"), or NULL. */
const char *nsi_mounts_ipnetns_name(const char *path);

#endif
