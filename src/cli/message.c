/*
 * Error and warning lines on standard error, like err(3) and warn(3),
 * but made safe for a terminal: the text they quote comes from outside
 * (container names from state files, cgroup paths, arguments), and a name
 * with ESC, CSI or a newline must neither drive the terminal nor split
 * the one line an error is.  Control characters and bytes that are not
 * UTF-8 are written as the text \xHH, as libsmartcols writes them in
 * tables.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nsinspect/util.h"

/* Control characters and bytes that are not UTF-8 as the text \xHH, as libsmartcols writes them. */
static const struct nsi_escape line_escape = { .hex_prefix = "\\x", .backslash_x_as_hex = true };

/* -q: no warning lines, only errors */
static bool quiet;

/* "nsinspect: [PREFIX]TEXT[: strerror(errnum)]\n"; errnum 0 for none. */
static void __attribute__((format(printf, 3, 0))) vmessage(const char *prefix, int errnum, const char *fmt, va_list ap)
{
	char *text = NULL;

	fflush(stdout);
	fprintf(stderr, "%s: %s", program_invocation_short_name, prefix);
	if (vasprintf(&text, fmt, ap) < 0)
		fputs(fmt, stderr);
	else
		nsi_put_escaped(stderr, text, &line_escape);
	free(text);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void nsi_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", 0, fmt, ap);
	va_end(ap);
}

void nsi_cli_set_quiet(bool on)
{
	quiet = on;
}

void nsi_warning(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmessage("warning: ", 0, fmt, ap);
	va_end(ap);
}

void nsi_warn_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage("", errnum, fmt, ap);
	va_end(ap);
}
