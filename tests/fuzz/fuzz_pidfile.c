/*
 * Pid files of the engines' state (containerd's init.pid, conmon's
 * pidfile): raw bytes, whatever the file holds (nsi_parse_pid_file).
 */
#include <sys/types.h>

#include "nsinspect/statefile.h"

#include "fuzz.h"

/* The kernel's PID_MAX_LIMIT, which the parser promises to respect. */
#define PID_MAX_LIMIT 4194304

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pid_t pid = 0;

	fuzz_init();
	if (nsi_parse_pid_file((const char *)data, size, &pid) == 0) {
		FUZZ_CHECK(pid > 0 && pid <= PID_MAX_LIMIT);
		FUZZ_CHECK(size > 0 && data[0] >= '0' && data[0] <= '9');
	} else {
		FUZZ_CHECK(pid == 0);
	}
	return 0;
}
