/*
 * Run-time debug masks.  Unlike lsns, the mask names work: each area has
 * a name, so NSINSPECT_DEBUG=proc prints just the /proc walk.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nsinspect/debug.h"

int nsi_debug_mask;

/* when the mask was read: every message says how long after that it came */
static struct timespec debug_start;

static const struct {
	const char *name;
	int mask;
	const char *help;
} debug_names[] = {
	{ "init", NSI_DEBUG_INIT, "the stages of a run, with their times" },
	{ "proc", NSI_DEBUG_PROC, "the /proc walk and the processes' details" },
	{ "ns", NSI_DEBUG_NS, "namespaces: nsfs ioctls, mounts, holders, --watch" },
	{ "render", NSI_DEBUG_RENDER, "the output" },
	{ "container", NSI_DEBUG_CONTAINER, "container engines and their state" },
	{ "all", NSI_DEBUG_ALL, "all of them" },
};

/* NSINSPECT_DEBUG=help, as util-linux's debug masks answer it */
static void print_masks(void)
{
	fputs("Available \"NSINSPECT_DEBUG=<name>[,...]|<mask>\" debug masks:\n", stderr);
	for (size_t i = 0; i < sizeof(debug_names) / sizeof(debug_names[0]); i++)
		fprintf(stderr, "   %-10s [0x%04x] : %s\n", debug_names[i].name, (unsigned int)debug_names[i].mask,
			debug_names[i].help);
}

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

int nsi_debug_init(void)
{
	const char *env = getenv("NSINSPECT_DEBUG");

	if (env && strcmp(env, "help") == 0) {
		print_masks();
		return 1;
	}
	if (env)
		nsi_debug_mask = nsi_debug_parse_mask(env);
	clock_gettime(CLOCK_MONOTONIC, &debug_start);
	return 0;
}

void nsi_debug_print(const char *area, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(stderr, "%d: nsinspect: %8s: %9.3f ms: ", (int)getpid(), area,
		(double)(now.tv_sec - debug_start.tv_sec) * 1e3 + (double)(now.tv_nsec - debug_start.tv_nsec) / 1e6);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
