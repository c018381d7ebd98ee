/*
 * --watch: a new inspection every interval until SIGINT or SIGTERM,
 * printing events, or with --metrics=FILE rewriting the file as the list
 * would write it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
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

/* One scan: its namespaces compared with the last scan's, the events printed. */
static int watch_scan(const struct nsi_request *req, struct nsi_watch *w, bool first, struct nsi_error *err)
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
	nsi_events_done(&ev);
	nsi_selection_done(&sel);
	nsi_inspection_free(in);
	return r;
}

int nsi_run_watch(const struct nsi_request *req, struct nsi_error *err)
{
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
	if (nsi_watch_new(&w) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	do {
		r = watch_scan(req, w, first, err);
		first = false;
	} while (r == 0 && !stop_requested(&stop, &req->interval));
	nsi_watch_free(w);
	return r < 0 ? r : NSI_EXIT_OK;
}
