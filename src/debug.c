/*
 * Run-time debug masks.  Unlike lsns, the mask names work: each area has
 * a name, so NSINSPECT_DEBUG=proc prints just the /proc walk.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsinspect/debug.h"

int nsi_debug_mask;

static const struct {
	const char *name;
	int mask;
} debug_names[] = {
	{ "init", NSI_DEBUG_INIT },
	{ "proc", NSI_DEBUG_PROC },
	{ "ns", NSI_DEBUG_NS },
	{ "render", NSI_DEBUG_RENDER },
	{ "container", NSI_DEBUG_CONTAINER },
	{ "all", NSI_DEBUG_ALL },
};

int nsi_debug_parse_mask(const char *str)
{
	char *end;
	long num = strtol(str, &end, 0);
	int mask = 0;

	if (*str && *end == '\0')
		return (int)(num & NSI_DEBUG_ALL);

	while (*str) {
		size_t len = strcspn(str, ",");

		for (size_t i = 0; i < sizeof(debug_names) / sizeof(debug_names[0]); i++)
			if (strlen(debug_names[i].name) == len &&
			    strncmp(debug_names[i].name, str, len) == 0)
				mask |= debug_names[i].mask;
		str += len;
		if (*str == ',')
			str++;
	}
	return mask;
}

void nsi_debug_init(void)
{
	const char *env = getenv("NSINSPECT_DEBUG");

	if (env)
		nsi_debug_mask = nsi_debug_parse_mask(env);
}

void nsi_debug_print(const char *area, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%d: nsinspect: %8s: ", (int)getpid(), area);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
