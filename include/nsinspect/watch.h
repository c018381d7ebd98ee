/*
 * --watch: scan again and again and report one event per change: a
 * namespace appeared, disappeared, or its process count, its holders or
 * the process that represents it (its PID, or its command after an
 * exec) changed.  The state kept between scans is one small record per
 * namespace that exists now, so memory follows the host, not the time
 * nsinspect has been running.
 *
 * A namespace is known by its type, inode and, where the kernel has it
 * (Linux 6.18+), its NS_GET_ID id: inodes are reused within milliseconds,
 * so a namespace that died and a new one that got its inode between two
 * scans are reported as a disappearance and an appearance.  Identity
 * never falls back to the inode alone when one scan read the id and the
 * other could not: that is reported as a disappearance and an
 * appearance too, the unread id null.
 */
#ifndef NSINSPECT_WATCH_H
#define NSINSPECT_WATCH_H

#include <jansson.h>
#include <stddef.h>

#include "nsinspect/inspect.h"
#include "nsinspect/select.h"

struct nsi_watch;

int nsi_watch_new(struct nsi_watch **ret);
struct nsi_watch *nsi_watch_free(struct nsi_watch *w);

/* The events of one scan: JSON objects, in the order to print (docs/json.md). */
struct nsi_events {
	json_t **v;
	size_t n;
};

void nsi_events_done(struct nsi_events *e);

/*
 * Compare the namespaces of @sel (the rows of one scan by @in) with the
 * previous scan's, into @ret.  The first call gives a "present" event
 * for every namespace.  Containers and commands are read only for
 * namespaces that appeared or whose process changed.  0 or -ENOMEM.
 */
int nsi_watch_update(struct nsi_watch *w, struct nsi_inspection *in, struct nsi_selection *sel,
		     struct nsi_events *ret);

#endif
