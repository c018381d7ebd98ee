/*
 * The command line: options.c and enter.c turn argv into one read-only
 * request (request.h); the runners (list.c, compare.c, watch.c,
 * enter.c) run a mode on it and return an exit status or an error; only
 * main.c turns an error into its line on stderr and its exit status.
 * message.c writes every such line.
 */
#ifndef NSINSPECT_CLI_H
#define NSINSPECT_CLI_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "nsinspect/error.h"
#include "nsinspect/inspect.h"
#include "nsinspect/request.h"

/* Exit statuses, documented in nsinspect(8). */
enum {
	NSI_EXIT_OK = 0,
	NSI_EXIT_FAILURE = 1,
	NSI_EXIT_DIFFERENT = 1,		/* --compare: some type is not shared */
	NSI_EXIT_COMPARE_FAILURE = 2,	/* --compare: could not tell, as cmp(1) */
	NSI_EXIT_ENTER_FAILED = 125,	/* --enter: nothing was run, as env(1) */
	NSI_EXIT_CANNOT_RUN = 126,
	NSI_EXIT_NOT_FOUND = 127,
};

/* An option error: main() adds "Try 'nsinspect --help'" to its line. */
#define NSI_EUSAGE (-EBADRQC)

/*
 * One line on standard error, "nsinspect: TEXT", as warnx(3) writes it,
 * or with ": strerror(errno)" (the _errno form).  Control characters and
 * bytes that are not UTF-8 in TEXT are written as \xHH.
 */
void nsi_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nsi_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "nsinspect: warning: ..." unless -q said no warnings. */
void nsi_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nsi_cli_set_quiet(bool on);

/* What the parsers keep for the request to point into; freed by nsi_cli_done(). */
struct nsi_cli {
	struct nsi_request req;
	struct nsi_target *targets;
	size_t ntargets;
	bool quiet;		/* -q: no warnings */
	struct nsi_query *query;	/* -Q, owned; req.query points here */
};

/*
 * Parse argv into @cli->req.  Returns 0; 1 when --help or --version was
 * printed (exit 0); or an error in @err (NSI_EUSAGE for an option the
 * help explains).
 */
int nsi_cli_parse(int argc, char **argv, struct nsi_cli *cli, struct nsi_error *err);

/* --enter's command line into @cli->req (mode ENTER). */
int nsi_cli_parse_enter(int argc, char **argv, struct nsi_cli *cli, struct nsi_error *err);

/* Is this an --enter command line (whose options are nsenter's)? */
bool nsi_cli_enter_requested(int argc, char **argv);

/* Add a target parsed from @text as @role.  0, or -EINVAL / -ENOMEM with @err. */
int nsi_cli_add_target(struct nsi_cli *cli, const char *text, enum nsi_target_role role, struct nsi_error *err);

void nsi_cli_done(struct nsi_cli *cli);

struct option;
/* getopt_long()'s error @c (':' or '?') as a usage error naming the option as it was written. */
int nsi_cli_option_error(const struct option *opts, int c, char *const *argv, struct nsi_error *err);

/* The warnings of a run: processes that could not be inspected, engines whose state could not be read. */
void nsi_cli_warn_inspection(const struct nsi_inspection *in, bool processes);
/* ... and the processes whose command lines did not come in time (cmdlines.h). */
void nsi_cli_warn_late(const struct nsi_late *late);

/* The modes: each returns an exit status, or a negative errno with @err. */
int nsi_run_list(const struct nsi_request *req, struct nsi_error *err);
int nsi_run_columns(const struct nsi_request *req, struct nsi_error *err);
int nsi_run_compare(const struct nsi_request *req, struct nsi_error *err);
int nsi_run_watch(const struct nsi_request *req, struct nsi_error *err);
int nsi_run_enter(const struct nsi_request *req, struct nsi_error *err);

/*
 * SIGINT and SIGTERM end the process in every state (stop.c): with exit
 * status @status, or by the signal itself when @status is -1.
 */
void nsi_stop_install(int status);

/* A file to remove if a stop comes (NULL: none). */
void nsi_stop_set_temporary(const char *path);

/*
 * Write @buf to @fd a line per write(2), so a stop leaves whole lines
 * only: 0 or -errno.  A stop that comes during the write ends the
 * process as soon as the write returns.
 */
int nsi_stop_write(int fd, const char *buf, size_t len);

/*
 * Print the rows of @in as @req's format on @out: 0 or -errno (a write
 * error).  @write_failures: for metrics, the failed rewrites of
 * --watch --metrics=FILE so far; -1 when not counted.
 */
int nsi_cli_print_rows(const struct nsi_request *req, struct nsi_inspection *in, enum nsi_format_id format,
		       FILE *out, long write_failures, struct nsi_error *err);

/*
 * One inspection written to --metrics=FILE, @failures as in
 * nsi_cli_print_rows().  0 or -errno with @err; *@ret_write_failed says
 * the failure was FILE's (a full disk), which --watch outlives.
 */
int nsi_cli_write_metrics(const struct nsi_request *req, long failures, bool *ret_write_failed, struct nsi_error *err);

#endif
