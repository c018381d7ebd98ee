/*
 * The unit tests' one assertion: CHECK(cond) counts a check and, when
 * cond is false, a failure with its file and line; each test's main()
 * prints the counts and exits 1 after any failure, for ctest.
 */
#ifndef NSI_TEST_CHECK_H
#define NSI_TEST_CHECK_H

#include <stdio.h>

static int failures, checks;

#define CHECK(cond)                                                                 \
	do {                                                                        \
		checks++;                                                           \
		if (!(cond)) {                                                      \
			failures++;                                                 \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                   \
	} while (0)

#endif
