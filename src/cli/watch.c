/*
 * --watch: a new inspection every interval until SIGINT or SIGTERM,
 * printing events, or with --metrics=FILE rewriting the file as the list
 * would write it.  Targets (-p, -c, NSIDs) are resolved anew in every
 * scan: a container that restarts is followed into its new namespaces.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

/* Sleep for the --watch interval; SIGINT and SIGTERM end the process there too (stop.c). */
static void sleep_interval(const struct timespec *interval)
{
	struct timespec left = *interval;

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

/*
 * The events in memory first, then written a line per write(2): a
 * reader that stops reading blocks the write, never a stop (stop.c).
 */
static int print_events(const struct nsi_request *req, const struct nsi_events *ev, struct nsi_error *err)
{
	struct nsi_output o = { .opts = &req->render, .events = ev->v, .nevents = ev->n };
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return nsi_error_errno(err, -ENOMEM, "");
	r = nsi_format(NSI_FORMAT_WATCH)->render(&o, f);
	if (fclose(f) != 0 || r < 0)	/* a stream in memory fails only for memory */
		return nsi_error_errno(err, -ENOMEM, "");
	r = nsi_stop_write(STDOUT_FILENO, buf, len);
	return r < 0 ? nsi_error_set(err, r, "write error: %s", strerror(-r)) : 0;
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
			nsi_warning("%s", e->msg);
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
	/* before the events it is about: a stop after them must not lose it */
	if (r == 0)
		nsi_cli_warn_late(&sel.late);
	if (r == 0)
		r = print_events(req, &ev, err);
	if (r == 0 && first)
		nsi_cli_warn_inspection(in, true);
	if (r == 0)
		warn_targets(req, in, said);
	nsi_events_done(&ev);
	nsi_selection_done(&sel);
	nsi_inspection_free(in);
	return r;
}

/*
 * --watch --metrics=FILE, the DaemonSet's mode: a rewrite that fails (a
 * full disk) keeps the old file, is said once, counted in the next file
 * written, and tried again next interval.  The first write must work.
 */
static int watch_metrics(const struct nsi_request *req, struct nsi_error *err)
{
	unsigned long failures = 0;
	bool failing = false;

	for (bool first = true;; first = false) {
		struct nsi_error e = { 0 };
		bool write_failed = false;
		int r = nsi_cli_write_metrics(req, (long)failures, &write_failed, &e);

		/* the first write has no old file to keep: a path that cannot work is an error at once */
		if (r < 0 && (!write_failed || first)) {
			*err = e;
			return r;
		}
		if (r < 0) {
			failures++;
			if (!failing)
				nsi_warning("%s; the old file stays, trying again every interval", e.msg);
		} else if (failing) {
			nsi_warning("%s written again, after %lu failed rewrites", req->metrics_file, failures);
		}
		failing = r < 0;
		sleep_interval(&req->interval);
	}
}

int nsi_run_watch(const struct nsi_request *req, struct nsi_error *err)
{
	_cleanup_free_ char **said = calloc(req->ntargets + 1, sizeof(*said));
	struct nsi_watch *w = NULL;
	bool first = true;
	int r = 0;

	/* a stop is how --watch ends: exit 0, in whatever state it comes */
	nsi_stop_install(NSI_EXIT_OK);
	if (req->metrics_file)
		return watch_metrics(req, err);
	if (!said || nsi_watch_new(&w) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	for (;; first = false) {
		r = watch_scan(req, w, first, said, err);
		if (r < 0)
			break;
		sleep_interval(&req->interval);
	}
	nsi_watch_free(w);
	for (size_t i = 0; i < req->ntargets; i++)
		free(said[i]);
	return r;
}
