/*
 * /proc/PID/status: the Uid line (nsi_parse_status_uid), which a
 * --sysroot dump's UIDs come from, and State and Tgid
 * (nsi_parse_status_task), which tell a zombie and a thread:
 * "Name:\t...\nState:\tS (sleeping)\nTgid:\tN\n...Uid:\tREAL\tEFFECTIVE...".
 * Name: is whatever the process called itself.  The reader hands over at
 * most 4095 bytes, NUL-terminated.
 */
#include <sys/types.h>

#include "nsinspect/procfs.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	uid_t uid = 12345;
	pid_t tgid = -7;
	char state = '?';

	fuzz_init();
	if (nsi_parse_status_uid(text, &uid) == 0)
		FUZZ_CHECK(uid != (uid_t)-1 && strstr(text, "Uid:"));
	else
		FUZZ_CHECK(uid == 12345);
	if (nsi_parse_status_task(text, &state, &tgid) == 0)
		FUZZ_CHECK(state >= 'A' && state <= 'Z' && tgid > 0 && strstr(text, "Tgid:"));
	else
		FUZZ_CHECK(state == '?' && tgid == -7);
	free(text);
	return 0;
}
