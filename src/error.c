/*
 * The error object (error.h).  Messages are cut at NSI_ERROR_MAX bytes:
 * they quote what users and state files gave, which may be long.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nsinspect/error.h"

int nsi_error_set(struct nsi_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int nsi_error_errno(struct nsi_error *e, int code, const char *what)
{
	if (code == -ENOMEM)
		return nsi_error_set(e, code, "cannot allocate memory");
	return nsi_error_set(e, code, "%s: %s", what, strerror(-code));
}
