/*
 * Debug messages, always compiled in and switched on at run time with
 * NSINSPECT_DEBUG=init,proc,ns,render,container|all|<number>.  The mask
 * is the one process-wide setting: it is read once in main() before
 * anything runs.  Each message says when it came, in milliseconds since
 * then, so that the debug output is also a profile of the stages.
 */
#ifndef NSINSPECT_DEBUG_H
#define NSINSPECT_DEBUG_H

#include <stdio.h>

enum {
	NSI_DEBUG_INIT = 1 << 0,
	NSI_DEBUG_PROC = 1 << 1,
	NSI_DEBUG_NS = 1 << 2,
	NSI_DEBUG_RENDER = 1 << 3,
	NSI_DEBUG_CONTAINER = 1 << 4,
	NSI_DEBUG_ALL = 0xffff,
};

extern int nsi_debug_mask;

/*
 * Parse a mask given as a comma list of names or as a number.  Unknown
 * names are ignored so that an old binary runs with a newer setting.
 */
int nsi_debug_parse_mask(const char *str);

/* Read NSINSPECT_DEBUG.  1 when it was "help" and the masks were listed on stderr, else 0. */
int nsi_debug_init(void);

void nsi_debug_print(const char *area, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define DBG(area, ...)                                                  \
	do {                                                            \
		if (nsi_debug_mask & NSI_DEBUG_##area)                  \
			nsi_debug_print(#area, __VA_ARGS__);            \
	} while (0)

#endif
