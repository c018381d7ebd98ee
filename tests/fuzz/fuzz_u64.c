/*
 * Decimal numbers from outside: /proc directory names, PID arguments, the
 * digits of an ns link (nsi_parse_u64, nsi_parse_pid).  Both promise to
 * take a whole unsigned number or nothing.
 */
#include <limits.h>

#include "nsinspect/util.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	unsigned long long v = 0;
	pid_t pid = 0;
	int r;

	fuzz_init();
	r = nsi_parse_u64(text, &v);
	if (r == 0) {
		/* digits only; leading zeros aside, it prints back as it read */
		FUZZ_CHECK(text[0] && strspn(text, "0123456789") == strlen(text));
		FUZZ_CHECK(strtoull(text, NULL, 10) == v);
	} else {
		FUZZ_CHECK((r == -EINVAL || r == -ERANGE) && v == 0);
	}
	r = nsi_parse_pid(text, &pid);
	if (r == 0)
		FUZZ_CHECK(pid > 0 && (unsigned long long)pid == v);
	else
		FUZZ_CHECK((r == -EINVAL || r == -ERANGE) && pid == 0);
	free(text);
	return 0;
}
