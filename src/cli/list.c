/*
 * The list (and -H): one inspection, its rows, printed in the format the
 * request names; --metrics=FILE replaces a file instead of printing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/debug.h"
#include "nsinspect/util.h"

/* The one warning line about processes we may not inspect, naming the first few; and the engines'. */
void nsi_cli_warn_inspection(const struct nsi_inspection *in, bool processes)
{
	const struct nsi_scan_stats *st = nsi_inspection_stats(in);
	const char *const *lines;
	size_t n;

	if (processes && st->denied) {
		char pids[NSI_DENIED_NAMED * 12 + 8] = "";
		size_t len = 0;

		for (unsigned int i = 0; i < st->denied && i < NSI_DENIED_NAMED; i++)
			len += (size_t)snprintf(pids + len, sizeof(pids) - len, "%s%d", i ? ", " : "",
						(int)st->denied_pids[i]);
		nsi_warn("warning: %u of %u processes could not be inspected (permission denied): PID %s%s",
			 st->denied, st->seen, pids, st->denied > NSI_DENIED_NAMED ? ", ..." : "");
	}
	lines = nsi_inspection_engine_warnings(in, &n);
	for (size_t i = 0; i < n; i++)
		nsi_warn("warning: %s", lines[i]);
}

int nsi_cli_print_rows(const struct nsi_request *req, struct nsi_inspection *in, enum nsi_format_id format,
		       FILE *out, struct nsi_error *err)
{
	struct nsi_selection sel = { 0 };
	struct nsi_columns cols;
	struct nsi_output o;
	int r = nsi_inspection_rows(in, &sel, &cols, err);

	if (r < 0)
		return r;
	o = (struct nsi_output){
		.opts = &req->render,
		.sel = &sel,
		.cols = &cols,
		.stats = nsi_inspection_stats(in),
		.complete = nsi_inspection_saw_all(in),
		.types = req->types,
		.duration = nsi_inspection_seconds(in),
	};
	DBG(INIT, "stage: output");
	r = nsi_format(format)->render(&o, out);
	nsi_selection_done(&sel);
	if (r < 0)
		return r == -ENOMEM ? nsi_error_errno(err, r, "") : nsi_error_set(err, r, "write error: %s", strerror(-r));
	return 0;
}

/*
 * --metrics=FILE for the textfile collector, which may read at any time:
 * write a temporary file beside FILE (not named *.prom, so the collector
 * skips it) and rename it over FILE.
 */
static int write_metrics_file(const struct nsi_request *req, struct nsi_inspection *in, struct nsi_error *err)
{
	const char *path = req->metrics_file;
	_cleanup_free_ char *tmp = NULL;
	FILE *f;
	int fd, r;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	fd = mkstemp(tmp);
	if (fd < 0)
		return nsi_error_set(err, -errno, "cannot write %s: %s", path, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		r = -errno;
		close(fd);
		unlink(tmp);
		return nsi_error_set(err, r, "cannot write %s: %s", path, strerror(-r));
	}
	/* node_exporter usually runs as another user */
	r = fchmod(fd, 0644) < 0 ? -errno : nsi_cli_print_rows(req, in, NSI_FORMAT_METRICS, f, err);
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		if (err->code == 0)
			nsi_error_set(err, r, "cannot write %s: %s", path, strerror(-r));
	}
	return r;
}

int nsi_run_list(const struct nsi_request *req, struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	int r = nsi_inspection_new(req, &in, err);

	if (r == 0 && req->metrics_file)
		r = write_metrics_file(req, in, err);
	else if (r == 0)
		r = nsi_cli_print_rows(req, in, req->format, stdout, err);
	DBG(INIT, "stage: done");
	/* --metrics reports them as nsinspect_scan_errors: a warning each run would be noise */
	if (r == 0)
		nsi_cli_warn_inspection(in, req->format != NSI_FORMAT_METRICS);
	nsi_inspection_free(in);
	return r < 0 ? r : NSI_EXIT_OK;
}

int nsi_run_columns(const struct nsi_request *req, struct nsi_error *err)
{
	struct nsi_output o = { .opts = &req->render };
	bool json = req->format == NSI_FORMAT_JSON || req->format == NSI_FORMAT_JSON_LINES;
	int r = nsi_format(json ? NSI_FORMAT_COLUMNS_JSON : NSI_FORMAT_COLUMNS)->render(&o, stdout);

	if (r < 0)
		return r == -ENOMEM ? nsi_error_errno(err, r, "") : nsi_error_set(err, r, "write error: %s", strerror(-r));
	return NSI_EXIT_OK;
}
