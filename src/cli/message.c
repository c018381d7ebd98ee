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

static void put_safe(const char *s, FILE *out)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t len = nsi_utf8_seq_len(u, n - i);

		if (len == 0 || nsi_utf8_is_control(u, len)) {
			size_t bad = len ? len : 1;

			for (size_t k = 0; k < bad; k++)
				fprintf(out, "\\x%02x", u[k]);
			i += bad;
			continue;
		}
		fwrite(u, 1, len, out);
		i += len;
	}
}

/* "nsinspect: TEXT[: strerror(errnum)]\n"; errnum 0 for none. */
static void __attribute__((format(printf, 2, 0))) vmessage(int errnum, const char *fmt, va_list ap)
{
	char *text = NULL;

	fflush(stdout);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	if (vasprintf(&text, fmt, ap) < 0)
		fputs(fmt, stderr);
	else
		put_safe(text, stderr);
	free(text);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void nsi_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(0, fmt, ap);
	va_end(ap);
}

void nsi_warn_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage(errnum, fmt, ap);
	va_end(ap);
}
