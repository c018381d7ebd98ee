/*
 * --watch: scan again and again and print one JSON line per change: a
 * namespace appeared, disappeared, or its process count or holders
 * changed.  The state kept between scans is one small record per
 * namespace that exists now, so memory follows the host, not the time
 * nsinspect has been running.
 *
 * A namespace is known by its type, inode and, where the kernel has it
 * (Linux 6.18+), its NS_GET_ID id: inodes are reused within milliseconds,
 * so a namespace that died and a new one that got its inode between two
 * scans are reported as a disappearance and an appearance.
 */
#ifndef NSINSPECT_WATCH_H
#define NSINSPECT_WATCH_H

#include <stdio.h>

#include "nsinspect/containers.h"
#include "nsinspect/procfs.h"
#include "nsinspect/select.h"

struct nsi_watch;

int nsi_watch_new(const struct nsi_engine_roots *roots, struct nsi_watch **ret);
struct nsi_watch *nsi_watch_free(struct nsi_watch *w);

/*
 * Compare the namespaces of @sel (the rows of one scan of @m) with the
 * previous scan's and print the events as JSON lines on @out.  The first
 * call prints a "present" line for every namespace.  Containers and
 * commands are looked up only for namespaces that appeared.  Returns 0,
 * -ENOMEM or -EIO.
 */
int nsi_watch_update(struct nsi_watch *w, struct nsi_selection *sel, const struct nsi_model *m,
		     struct nsi_procfs *pfs, FILE *out);

#endif
