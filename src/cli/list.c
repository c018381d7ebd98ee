/*
 * The list (and -H): one inspection, its rows, printed in the format the
 * request names; --metrics=FILE replaces a file instead of printing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/debug.h"
#include "nsinspect/util.h"

/* Room for "1, 2, 3, 4, 5, ..." of up to eight PIDs. */
#define PID_LIST_MAX (8 * 12 + 8)

/* "1, 2, 3" of the first @named of @count PIDs, ", ..." after them when there are more. */
static void pid_list(char buf[PID_LIST_MAX], const pid_t *pids, unsigned int count, unsigned int named)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < count && i < named && i < 8; i++)
		len += (size_t)snprintf(buf + len, PID_LIST_MAX - len, "%s%d", i ? ", " : "", (int)pids[i]);
	if (count > named)
		snprintf(buf + len, PID_LIST_MAX - len, ", ...");
}

/* The one warning line about processes we may not inspect, naming the first few; and the engines'. */
void nsi_cli_warn_inspection(const struct nsi_inspection *in, bool processes)
{
	const struct nsi_scan_stats *st = nsi_inspection_stats(in);
	const char *const *lines;
	size_t n;

	if (processes && st->denied) {
		char pids[PID_LIST_MAX];

		pid_list(pids, st->denied_pids, st->denied, NSI_DENIED_NAMED);
		nsi_warning("%u of %u processes could not be inspected (permission denied): PID %s",
			 st->denied, st->seen, pids);
	}
	lines = nsi_inspection_engine_warnings(in, &n);
	for (size_t i = 0; i < n; i++)
		nsi_warning("%s", lines[i]);
}

/* The one warning line about command lines that did not come in time. */
void nsi_cli_warn_late(const struct nsi_late *late)
{
	char pids[PID_LIST_MAX];

	if (!late->count)
		return;
	pid_list(pids, late->pids, late->count, NSI_LATE_NAMED);
	if (late->count == 1)
		nsi_warning("PID %s: its command line could not be read in time (its memory is locked, or "
			 "on a stalled file system): COMMAND shows its name", pids);
	else
		nsi_warning("%u processes' command lines could not be read in time (their memory is locked, "
			 "or on a stalled file system): PID %s: COMMAND shows their names", late->count, pids);
}

int nsi_cli_print_rows(const struct nsi_request *req, struct nsi_inspection *in, enum nsi_format_id format,
		       FILE *out, long write_failures, struct nsi_error *err)
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
		.write_failures_counted = write_failures >= 0,
		.write_failures = write_failures >= 0 ? (unsigned long)write_failures : 0,
	};
	DBG(INIT, "stage: output");
	r = nsi_format(format)->render(&o, out);
	nsi_cli_warn_late(&sel.late);
	nsi_selection_done(&sel);
	if (r < 0)
		return r == -ENOMEM ? nsi_error_errno(err, r, "") : nsi_error_set(err, r, "write error: %s", strerror(-r));
	return 0;
}

/* Make the temporary file @tmp (a mkstemp() template): its fd, or -errno.  A stop from then on removes it. */
static int make_temporary(char *tmp)
{
	sigset_t stops, old;
	int fd;

	/* no stop between making the file and naming it for removal */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigprocmask(SIG_BLOCK, &stops, &old);
	fd = mkstemp(tmp);
	if (fd >= 0)
		nsi_stop_set_temporary(tmp);
	else
		fd = -errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

/* Flush @f (of @fd) to disk and close it: 0 or -errno. */
static int finish_file(FILE *f, int fd)
{
	int r = nsi_flush_output(f);

	/* on disk before the rename: a crash leaves the old file or the new one, never an empty one */
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	return r;
}

/*
 * --metrics=FILE for the textfile collector, which may read at any time:
 * write a temporary file beside FILE (not named *.prom, so the collector
 * skips it), flush it to disk, and rename it over FILE.  A stop (stop.c)
 * removes the temporary file; so does a failure, which leaves FILE as it
 * was.  *@ret_file_error says a failure was the file's, not the
 * inspection's.
 */
static int write_metrics_file(const struct nsi_request *req, struct nsi_inspection *in, long failures,
			      bool *ret_file_error, struct nsi_error *err)
{
	const char *path = req->metrics_file;
	_cleanup_free_ char *tmp = NULL;
	FILE *f = NULL;
	int fd, r;

	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return nsi_error_errno(err, -ENOMEM, "");
	*ret_file_error = true;
	fd = r = make_temporary(tmp);
	if (fd >= 0 && !(f = fdopen(fd, "w"))) {
		r = -errno;
		close(fd);
	}
	/* node_exporter usually runs as another user */
	if (f && fchmod(fd, 0644) < 0)
		r = -errno;
	if (f && r >= 0) {
		r = nsi_cli_print_rows(req, in, NSI_FORMAT_METRICS, f, failures, err);
		/* a failed write is the file's; anything else, the inspection's */
		*ret_file_error = r == 0 || ferror(f);
	}
	if (f) {
		int closed = finish_file(f, fd);

		r = r < 0 ? r : closed;
	}
	if (r >= 0 && rename(tmp, path) < 0)
		r = -errno;
	if (fd >= 0 && r < 0)
		unlink(tmp);
	nsi_stop_set_temporary(NULL);
	/* the file is named, whatever stage of writing it failed */
	if (r < 0 && (err->code == 0 || *ret_file_error))
		nsi_error_set(err, r, "cannot write %s: %s", path, strerror(-r));
	return r < 0 ? r : 0;
}

int nsi_cli_write_metrics(const struct nsi_request *req, long failures, bool *ret_write_failed, struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	int r = nsi_inspection_new(req, &in, err);

	*ret_write_failed = false;
	if (r == 0)
		r = write_metrics_file(req, in, failures, ret_write_failed, err);
	DBG(INIT, "stage: done");
	/* --metrics reports them as nsinspect_scan_errors: a warning each run would be noise */
	if (r == 0)
		nsi_cli_warn_inspection(in, false);
	nsi_inspection_free(in);
	return r;
}

int nsi_run_list(const struct nsi_request *req, struct nsi_error *err)
{
	struct nsi_inspection *in = NULL;
	bool write_failed;
	int r;

	if (req->metrics_file) {
		/* killed while writing, it leaves no temporary file behind */
		nsi_stop_install(-1);
		r = nsi_cli_write_metrics(req, -1, &write_failed, err);
		return r < 0 ? r : NSI_EXIT_OK;
	}
	r = nsi_inspection_new(req, &in, err);
	if (r == 0)
		r = nsi_cli_print_rows(req, in, req->format, stdout, -1, err);
	DBG(INIT, "stage: done");
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
