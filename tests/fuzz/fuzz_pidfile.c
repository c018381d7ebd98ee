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
		size_t digits = 0;

		/* digits, then only newlines and spaces */
		while (digits < size && data[digits] >= '0' && data[digits] <= '9')
			digits++;
		FUZZ_CHECK(pid > 0 && pid <= PID_MAX_LIMIT && digits > 0);
		for (size_t i = digits; i < size; i++)
			FUZZ_CHECK(data[i] == '\n' || data[i] == ' ');
	} else {
		FUZZ_CHECK(pid == 0);
	}
	return 0;
}
