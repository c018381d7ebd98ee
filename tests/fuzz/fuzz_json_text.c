/*
 * Outside text on its way into the JSON output (nsi_json_text, then
 * nsi_json_print): command lines, container names and mount points are
 * bytes, not always UTF-8, and the document must stay valid whatever they
 * hold, carry no raw control or format character (U+202E), and read back
 * as the same string.
 */
#include <stdbool.h>

#include "nsinspect/render.h"
#include "nsinspect/util.h"

#include "fuzz.h"

/* Does @s (of @n bytes) decode as UTF-8 with each bad byte read as U+FFFD? */
static size_t expected_len(const unsigned char *s, size_t n)
{
	json_t *one;
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		/* jansson is the judge of valid sequences: try 4, 3, 2, 1 bytes */
		size_t len = 0;

		for (size_t l = n - i < 4 ? n - i : 4; l > 0 && !len; l--) {
			one = json_stringn((const char *)s + i, l);
			if (one && json_string_length(one) == l)
				len = l;
			json_decref(one);
		}
		out += len ? len : 3;
		i += len ? len - 1 : 0;
	}
	return out;
}

/*
 * No character of @s (@n bytes) is a raw control (C0 but the final
 * newline, DEL, C1) or a format character that reorders or hides text;
 * jansson writes valid UTF-8.
 */
static bool no_raw_controls(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t len = nsi_utf8_seq_len(u, n - i);

		if (len == 0 || (nsi_utf8_is_unsafe(u, len) && !(*u == '\n' && i == n - 1)))
			return false;
		i += len;
	}
	return true;
}

/* nsi_json_print() of @j is free of raw controls and parses back to @j. */
static bool print_and_reread(json_t *j)
{
	char *dump = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&dump, &len);
	json_t *back;
	bool ok;

	if (!f)
		return false;
	ok = nsi_json_print(j, JSON_ENCODE_ANY | JSON_COMPACT, f) == 0;
	ok = fclose(f) == 0 && ok;
	ok = ok && no_raw_controls(dump, len);
	back = ok ? json_loadb(dump, len, JSON_DECODE_ANY, NULL) : NULL;
	ok = back && json_equal(back, j);
	json_decref(back);
	free(dump);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	json_t *j;

	fuzz_init();
	j = nsi_json_text(text);
	FUZZ_CHECK(j && json_is_string(j));
	/* valid text passes unchanged; a bad byte costs 3 bytes of U+FFFD */
	FUZZ_CHECK(json_string_length(j) == expected_len((const unsigned char *)text, strlen(text)));
	FUZZ_CHECK(print_and_reread(j));
	json_decref(j);
	free(text);
	return 0;
}
