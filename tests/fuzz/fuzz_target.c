/*
 * The target grammar (nsi_target_parse): what a user types after -p,
 * -c, as an NSID, or for --compare and --enter; any bytes, as argv may
 * hold.  Parsing never reads past the text, and what it accepts is of a
 * form its role takes, pointing into the text.
 */
#include <errno.h>
#include <string.h>

#include "nsinspect/target.h"

#include "fuzz.h"

static void check_target(const char *text, enum nsi_target_role role)
{
	struct nsi_target t;
	struct nsi_error err = { 0 };

	if (nsi_target_parse(text, role, &t, &err) < 0) {
		FUZZ_CHECK(err.code == -EINVAL && err.msg[0] && memchr(err.msg, '\0', sizeof(err.msg)));
		return;
	}
	FUZZ_CHECK(t.text == text && t.role == role);
	switch (t.form) {
	case NSI_FORM_PID:
		FUZZ_CHECK(t.pid > 0 && t.pid <= NSI_PID_MAX_LIMIT && role != NSI_ROLE_NAMESPACE &&
			   role != NSI_ROLE_CONTAINER);
		break;
	case NSI_FORM_INODE:
		FUZZ_CHECK(t.ino > NSI_PID_MAX_LIMIT && role != NSI_ROLE_TASK);
		break;
	case NSI_FORM_LINK:
		FUZZ_CHECK(t.ino > 0 && nsi_type_name(t.type) && role != NSI_ROLE_TASK);
		break;
	case NSI_FORM_PATH:
		FUZZ_CHECK((text[0] == '/' || text[0] == '.') && role != NSI_ROLE_TASK && role != NSI_ROLE_CONTAINER);
		break;
	case NSI_FORM_REF:
		FUZZ_CHECK(role != NSI_ROLE_TASK && t.ref.name && *t.ref.name && !strchr(t.ref.name, '/'));
		FUZZ_CHECK(t.ref.name >= text && t.ref.name + strlen(t.ref.name) == text + strlen(text));
		if (t.ref.scope)
			FUZZ_CHECK(t.ref.scope >= text && t.ref.scope_len > 0 && t.ref.scope + t.ref.scope_len < t.ref.name);
		if (role == NSI_ROLE_NAMESPACE)
			FUZZ_CHECK(!t.qualified);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	fuzz_init();
	for (int role = NSI_ROLE_TASK; role <= NSI_ROLE_ANY; role++)
		check_target(text, (enum nsi_target_role)role);
	free(text);
	return 0;
}
