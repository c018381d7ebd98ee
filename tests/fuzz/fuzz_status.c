/*
 * /proc/PID/status (nsi_parse_status_uid), which a --sysroot dump's UIDs
 * come from: "Name:\t...\n...Uid:\tREAL\tEFFECTIVE\tSAVED\tFS\n...".
 * Name: is whatever the process called itself, newlines and "Uid:"
 * included.  The reader hands over at most 4095 bytes, NUL-terminated.
 */
#include <sys/types.h>

#include "nsinspect/procfs.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	uid_t uid = 12345;

	fuzz_init();
	if (nsi_parse_status_uid(text, &uid) == 0)
		FUZZ_CHECK(uid != (uid_t)-1 && strstr(text, "Uid:"));
	else
		FUZZ_CHECK(uid == 12345);
	free(text);
	return 0;
}
