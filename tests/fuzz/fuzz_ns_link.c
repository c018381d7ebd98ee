/*
 * Link text of /proc/PID/ns/<type> and /proc/PID/fd/<n>: "net:[4026531840]"
 * from readlinkat() (nsi_parse_ns_link, also the root of an nsfs mount in
 * mountinfo) and "socket:[4779860]" (nsi_parse_socket_link).  On a
 * fixture tree or a hostile filesystem the text is whatever a symlink
 * says.
 */
#include "nsinspect/holders.h"
#include "nsinspect/nstype.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	enum nsi_type type = NSI_TYPE_INVALID;
	uint64_t ino = 0;

	fuzz_init();
	if (nsi_parse_ns_link(text, &type, &ino) == 0) {
		const char *name = nsi_type_name(type);

		/* the type is one we know and the text starts with its name */
		FUZZ_CHECK(name && strncmp(text, name, strlen(name)) == 0 && text[strlen(name)] == ':');
		FUZZ_CHECK(ino != 0);
	} else {
		FUZZ_CHECK(type == NSI_TYPE_INVALID && ino == 0);
	}
	ino = 0;
	if (nsi_parse_socket_link(text, &ino))
		FUZZ_CHECK(ino != 0 && strncmp(text, "socket:[", 8) == 0 && text[strlen(text) - 1] == ']');
	else
		FUZZ_CHECK(ino == 0);
	free(text);
	return 0;
}
