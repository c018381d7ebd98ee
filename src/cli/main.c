/*
 * nsinspect: list Linux namespaces.  main() turns the command line into
 * one read-only request (options.c, or enter.c for --enter), runs its
 * mode, and is the one place that turns a failure into its message and
 * exit status: every other function returns an error.
 */
#include <libsmartcols.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "nsinspect/debug.h"
#include "nsinspect/util.h"

/* The status a failure exits with: --compare answers "differ" with 1, --enter leaves the low ones to the command. */
static int failure_status(enum nsi_mode mode)
{
	switch (mode) {
	case NSI_MODE_COMPARE:
		return NSI_EXIT_COMPARE_FAILURE;
	case NSI_MODE_ENTER:
		return NSI_EXIT_ENTER_FAILED;
	default:
		return NSI_EXIT_FAILURE;
	}
}

/*
 * The mode the command line asks for, known before parsing it, so that
 * an error in any option before --compare is reported with its status.
 */
static enum nsi_mode requested_mode(int argc, char **argv)
{
	if (nsi_cli_enter_requested(argc, argv))
		return NSI_MODE_ENTER;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		size_t n = strlen(argv[i]);

		if (n >= 5 && strncmp(argv[i], "--compare", n) == 0)
			return NSI_MODE_COMPARE;
	}
	return NSI_MODE_LIST;
}

static int run(const struct nsi_request *req, struct nsi_error *err)
{
	switch (req->mode) {
	case NSI_MODE_COLUMNS:
		return nsi_run_columns(req, err);
	case NSI_MODE_COMPARE:
		return nsi_run_compare(req, err);
	case NSI_MODE_WATCH:
		return nsi_run_watch(req, err);
	case NSI_MODE_ENTER:
		return nsi_run_enter(req, err);
	default:
		return nsi_run_list(req, err);
	}
}

int main(int argc, char **argv)
{
	enum nsi_mode mode = requested_mode(argc, argv);
	struct nsi_cli cli = { 0 };
	struct nsi_error err = { 0 };
	int r;

	setlocale(LC_ALL, "");
	if (nsi_debug_init() > 0)
		return NSI_EXIT_OK;	/* NSINSPECT_DEBUG=help: the masks were listed */
	/* LIBSMARTCOLS_DEBUG and LIBSMARTCOLS_DEBUG_PADDING, as for lsns */
	scols_init_debug(0);
	r = mode == NSI_MODE_ENTER ? nsi_cli_parse_enter(argc, argv, &cli, &err) : nsi_cli_parse(argc, argv, &cli, &err);
	nsi_cli_set_quiet(cli.quiet);
	if (r == 0)
		r = run(&cli.req, &err);
	else if (r > 0)
		r = NSI_EXIT_OK;	/* --help, --version */
	/* as util-linux's close_stdout(): what stdio still holds must reach its file */
	if (r >= 0 && err.code == 0) {
		int w = nsi_flush_output(stdout);

		if (w < 0)
			r = nsi_error_set(&err, w, "write error: %s", strerror(-w));
	}
	nsi_cli_done(&cli);
	if (r >= 0)
		return r;
	nsi_warn("%s", err.msg);
	if (err.code == NSI_EUSAGE)
		fputs("Try 'nsinspect --help' for more information.\n", stderr);
	return failure_status(mode);
}
