/*
 * --watch: a new inspection every interval until SIGINT or SIGTERM,
 * printing events, or with --metrics=FILE rewriting the file as the list
 * would write it.  Targets (-p, -c, NSIDs) are resolved anew in every
 * scan: a container that restarts is followed into its new namespaces.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

/*
 * Sleep for the --watch interval unless SIGINT or SIGTERM comes first.
 * They are blocked, so one that arrives during a scan waits here.
 */
static bool stop_requested(const sigset_t *stop, const struct timespec *interval)
{
	for (;;) {
		if (sigtimedwait(stop, NULL, interval) > 0)
			return true;
		if (errno == EAGAIN)
			return false;
	}
}

/*
 * Say once why a target names nothing now (a container stopped), and
 * again only when the reason changes; @said holds the last line of each.
 */
static void warn_targets(const struct nsi_request *req, const struct nsi_inspection *in, char **said)
{
	for (size_t i = 0; i < req->ntargets; i++) {
		const struct nsi_error *e = nsi_inspection_target_error(in, i);

		if (!e) {
			free(said[i]);
			said[i] = NULL;
		} else if (!said[i] || strcmp(said[i], e->msg) != 0) {
			nsi_warn("warning: %s", e->msg);
			free(said[i]);
			said[i] = strdup(e->msg);
		}
	}
}

/* One scan: its namespaces compared with the last scan's, the events printed. */
static int watch_scan(const struct nsi_request *req, struct nsi_watch *w, bool first, char **said,
		      struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	struct nsi_selection sel = { 0 };
	struct nsi_events ev = { 0 };
	struct nsi_columns cols;
	int r = nsi_inspection_new(req, &in, err);

	if (r == 0)
		r = nsi_inspection_rows(in, &sel, &cols, err);
	if (r == 0 && (r = nsi_watch_update(w, in, &sel, &ev)) < 0)
		nsi_error_errno(err, r, "");
	if (r == 0) {
		struct nsi_output o = { .opts = &req->render, .events = ev.v, .nevents = ev.n };

		r = nsi_format(NSI_FORMAT_WATCH)->render(&o, stdout);
		if (r < 0)
			nsi_error_set(err, r, "write error: %s", strerror(-r));
	}
	if (r == 0 && first)
		nsi_cli_warn_inspection(in, true);
	if (r == 0)
		warn_targets(req, in, said);
	nsi_events_done(&ev);
	nsi_selection_done(&sel);
	nsi_inspection_free(in);
	return r;
}

int nsi_run_watch(const struct nsi_request *req, struct nsi_error *err)
{
	_cleanup_free_ char **said = calloc(req->ntargets + 1, sizeof(*said));
	struct nsi_watch *w = NULL;
	sigset_t stop;
	bool first = true;
	int r = 0;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	if (req->metrics_file) {
		do
			r = nsi_run_list(req, err);
		while (r >= 0 && !stop_requested(&stop, &req->interval));
		return r < 0 ? r : NSI_EXIT_OK;
	}
	if (!said || nsi_watch_new(&w) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	do {
		r = watch_scan(req, w, first, said, err);
		first = false;
	} while (r == 0 && !stop_requested(&stop, &req->interval));
	nsi_watch_free(w);
	for (size_t i = 0; i < req->ntargets; i++)
		free(said[i]);
	return r < 0 ? r : NSI_EXIT_OK;
}
