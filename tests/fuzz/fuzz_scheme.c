/*
 * A line of a terminal-colors.d scheme file (nsi_colors_parse_scheme_line):
 * the user's file, so anything.  A line it takes sets at most one colour,
 * to an escape sequence that fits its buffer.
 */
#include <string.h>

#include "nsinspect/colors.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_cstring(data, size);
	struct nsi_colors c = { .on = true };
	int changed = 0;

	fuzz_init();
	if (nsi_colors_parse_scheme_line(&c, line) == 0)
		for (int r = 0; r < NSI_NCOLOR_ROLES; r++) {
			FUZZ_CHECK(memchr(c.seq[r], '\0', sizeof(c.seq[r])) != NULL);
			changed += c.seq[r][0] != '\0';
		}
	FUZZ_CHECK(changed <= 1);
	free(line);
	return 0;
}
