/*
 * The kernel's answer to RTM_GETNSID (nsi_netnsid_parse_answer): a
 * netlink message whose lengths the parser must check before it follows
 * them.  The reader receives into a 1024-byte buffer aligned for struct
 * nlmsghdr; longer inputs are cut to that, as recv() would cut them.
 */
#include <linux/netlink.h>

#include "nsinspect/netnsid.h"

#include "fuzz.h"

#define ANSWER_MAX 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union {
		struct nlmsghdr nh;
		char buf[ANSWER_MAX];
	} *answer = malloc(sizeof(*answer));
	size_t len = size < ANSWER_MAX ? size : ANSWER_MAX;
	int32_t id = 12345;
	int r;

	if (!answer)
		abort();
	fuzz_init();
	memcpy(answer->buf, data, len);
	/* whatever follows the input is poison, so that reading it shows */
	memset(answer->buf + len, 0xa5, ANSWER_MAX - len);
	r = nsi_netnsid_parse_answer(answer, len, &id);
	if (r != 0)
		FUZZ_CHECK(r < 0 && r >= -4095 && id == 12345);
	free(answer);
	return 0;
}
