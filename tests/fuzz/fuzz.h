/*
 * Shared by the libFuzzer harnesses in this directory.  Each harness is
 * one fuzz_<name>.c defining LLVMFuzzerTestOneInput() for one parser of
 * outside data; it is linked either with libFuzzer (clang, NSI_FUZZ=ON)
 * or with replay_main.c, which runs it over the saved corpus as a plain
 * regression test.  A harness aborts when a parser breaks a promise its
 * header makes, so that a wrong answer is a finding, not just a crash.
 */
#ifndef NSI_FUZZ_H
#define NSI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/debug.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* NSINSPECT_DEBUG works in a harness too, to see why an input is refused. */
static inline void fuzz_init(void)
{
	static int done;

	if (!done) {
		nsi_debug_init();
		done = 1;
	}
}

/*
 * The input as a C string, cut at its first NUL: the text a reader
 * gets from a NUL-terminated buffer.  Free it.
 */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Harnesses that need several files take them from one input separated
 * by lines "%%" (a separator no JSON or pid file contains, and one a
 * person can type when writing a corpus file).  Fills at most @max parts
 * and returns how many there were; missing parts are empty.
 */
#define FUZZ_SEPARATOR "\n%%\n"

static inline size_t fuzz_split(const uint8_t *data, size_t size, const uint8_t **parts, size_t *lens, size_t max)
{
	size_t n = 0, seplen = strlen(FUZZ_SEPARATOR);

	for (size_t i = 0; i < max; i++) {
		parts[i] = data + size;
		lens[i] = 0;
	}
	while (n < max) {
		const uint8_t *sep = n + 1 < max ? memmem(data, size, FUZZ_SEPARATOR, seplen) : NULL;

		parts[n] = data;
		lens[n++] = sep ? (size_t)(sep - data) : size;
		if (!sep)
			break;
		size -= (size_t)(sep - data) + seplen;
		data = sep + seplen;
	}
	return n;
}

#endif
