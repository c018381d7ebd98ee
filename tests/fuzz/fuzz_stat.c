/*
 * /proc/PID/stat (nsi_parse_stat_ppid): "PID (comm) S PPID ...", where
 * comm is up to 16 bytes of anything a process chose, ')' and spaces
 * included.  The reader hands over at most 1023 bytes, NUL-terminated.
 */
#include <limits.h>
#include <sys/types.h>

#include "nsinspect/procfs.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	pid_t ppid = -1;

	fuzz_init();
	if (nsi_parse_stat_ppid(text, &ppid) == 0)
		FUZZ_CHECK(ppid >= 0 && strrchr(text, ')'));
	else
		FUZZ_CHECK(ppid == -1);
	free(text);
	return 0;
}
