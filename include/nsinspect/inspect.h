/*
 * The inspection: one per run (one per scan under --watch), used by every
 * mode.  It owns the inspected /proc, the model, the container registry
 * and the user cache, and gathers facts in one documented order:
 *
 *   scan      every process's namespace links (procfs.c)
 *   discover  bind mounts of nsfs files (mounts.c); with --deep threads,
 *             fds, sockets and every mount namespace (holders.c); the
 *             ancestors of user and pid namespaces (nsfs.c)
 *   resolve   the engines' state, when containers are shown or named
 *             (containers/), and every process's cgroup when a container
 *             is named that no state knows
 *
 * The modes that show the whole system (the list, --watch) scan at once;
 * --compare and --enter gather only what their targets need (a PID alone,
 * the engines' state), so that entering a process costs no scan.  Targets
 * are resolved by the pure resolver (target.h), which says what more it
 * needs; the rows are chosen by the pure selection (select.h) and then
 * completed here, so that only shown rows pay for their details.
 */
#ifndef NSINSPECT_INSPECT_H
#define NSINSPECT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "nsinspect/columns.h"
#include "nsinspect/error.h"
#include "nsinspect/format.h"
#include "nsinspect/model.h"
#include "nsinspect/procfs.h"
#include "nsinspect/request.h"
#include "nsinspect/select.h"
#include "nsinspect/target.h"

struct nsi_inspection;

/*
 * Start the inspection @req asks for: open "<sysroot>/proc", and for the
 * list and --watch, scan and discover.  @req must outlive it.  Returns 0
 * or -errno with @err.
 */
int nsi_inspection_new(const struct nsi_request *req, struct nsi_inspection **ret, struct nsi_error *err);
struct nsi_inspection *nsi_inspection_free(struct nsi_inspection *in);

/*
 * Resolve @n targets into @ret, gathering what the resolver asks for.
 * The answers stay valid until the next call.  0, or the first target's
 * error in @err.
 */
int nsi_inspection_resolve(struct nsi_inspection *in, const struct nsi_target *targets, size_t n,
			   struct nsi_resolved *ret, struct nsi_error *err);

/*
 * The rows of the request: its targets resolved, the rows selected and
 * completed for its format.  *ret_cols gets the columns to show: the
 * request's, and CONTAINER among the defaults when containers run.
 * Under --watch a target that names nothing in this scan leaves no rows
 * instead of failing (nsi_inspection_target_error says why).
 */
int nsi_inspection_rows(struct nsi_inspection *in, struct nsi_selection *ret, struct nsi_columns *ret_cols,
			struct nsi_error *err);

/* Why --watch's target @index names nothing in this scan, or NULL when it resolved. */
const struct nsi_error *nsi_inspection_target_error(const struct nsi_inspection *in, size_t index);

/*
 * Complete rows picked by the caller (--watch's new namespaces) for
 * @cols and what format entries need (NSI_FORMAT_NEEDS_*).  0 or -ENOMEM.
 */
int nsi_inspection_complete(struct nsi_inspection *in, struct nsi_selection *sel, const struct nsi_columns *cols,
			    unsigned int format_needs);

/* The ns_id of every row of @sel, for --watch's identity.  0 or -ENOMEM. */
int nsi_inspection_load_ids(struct nsi_inspection *in, struct nsi_selection *sel);

const struct nsi_scan_stats *nsi_inspection_stats(const struct nsi_inspection *in);

/* Every process the scan listed could be inspected (meaningful once it ran). */
bool nsi_inspection_saw_all(const struct nsi_inspection *in);

/* Seconds since the inspection started. */
double nsi_inspection_seconds(const struct nsi_inspection *in);

/* Lines about engines whose state could not be read ("docker: ..., ignoring"). */
const char *const *nsi_inspection_engine_warnings(const struct nsi_inspection *in, size_t *ret_count);

/*
 * Open a resolved namespace for setns(2): through its path, else through
 * what holds it (nsfs.c).  The fd, or -errno.
 */
int nsi_inspection_open_ns(struct nsi_inspection *in, const struct nsi_resolved *r);

/* Is @c's init process still @c's (after a pidfd pinned it)? */
bool nsi_inspection_container_current(const struct nsi_inspection *in, const struct nsi_container *c);

/*
 * Read @pid's executable link ("PID/exe") into @buf: what tells a process
 * that exec'd from its earlier self.  Length, or -errno.
 */
ssize_t nsi_inspection_exe(const struct nsi_inspection *in, pid_t pid, char *buf, size_t size);

#endif
