/*
 * Outside text on its way into the JSON output (nsi_json_text): command
 * lines, container names and mount points are bytes, not always UTF-8,
 * and the document must stay valid whatever they hold.
 */
#include "nsinspect/render.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	json_t *j;
	char *dump;

	fuzz_init();
	j = nsi_json_text(text);
	FUZZ_CHECK(j && json_is_string(j));
	/* valid text passes unchanged; a bad byte costs 3 bytes of U+FFFD */
	FUZZ_CHECK(json_string_length(j) == expected_len((const unsigned char *)text, strlen(text)));
	dump = json_dumps(j, JSON_ENCODE_ANY);
	FUZZ_CHECK(dump);
	free(dump);
	json_decref(j);
	free(text);
	return 0;
}
