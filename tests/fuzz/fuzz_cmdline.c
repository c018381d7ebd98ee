/*
 * /proc/PID/cmdline (nsi_cmdline_to_line): NUL-separated arguments,
 * rewritten in place into one line.  The reader gives it a buffer one
 * byte longer than the text (nsi_read_file_at keeps room for the NUL),
 * as here.
 */
#include "nsinspect/procfs.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	size_t len;

	if (!buf)
		abort();
	fuzz_init();
	memcpy(buf, data, size);
	len = nsi_cmdline_to_line(buf, size);
	/* one C string of the arguments, with only trailing NULs dropped */
	FUZZ_CHECK(len <= size && buf[len] == '\0' && strlen(buf) == len);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(data[i] ? buf[i] == (char)data[i] : buf[i] == ' ');
	for (size_t i = len; i < size; i++)
		FUZZ_CHECK(data[i] == '\0');
	free(buf);
	return 0;
}
