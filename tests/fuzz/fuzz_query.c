/*
 * -Q expressions come from the command line (and from scripts that
 * build them from outside text).  The parser promises a tree or one
 * refusal with a position inside the text and a reason; the tree's
 * evaluation on rows of every shape answers 0 or 1 and leaks nothing;
 * the columns it names are valid ones.
 */
#include <errno.h>

#include "nsinspect/query.h"

#include "fuzz.h"

static struct nsi_proc proc = { .pid = 7, .uid = 1000, .user = "u\nser", .command = "cmd \x1b[31m x",
				.details_ok = NSI_DETAIL_UID | NSI_DETAIL_COMMAND | NSI_DETAIL_PPID };
static struct nsi_ns nss[] = {
	{ .type = NSI_TYPE_NET, .ino = 4026531833ULL, .nprocs = 3, .rel_ok = NSI_REL_NETNSID, .netnsid = -1 },
	{ .type = NSI_TYPE_USER, .ino = 4026531837ULL, .procs_unknown = true },
	{ .type = NSI_TYPE_MNT, .ino = 4026532000ULL, .rel_ok = NSI_REL_OWNER_UID, .owner_uid = 0, .owner_user = "root" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct nsi_row rows[] = {
		{ .ns = &nss[0], .proc = &proc, .parent = -1 },
		{ .ns = &nss[1], .proc = NULL, .parent = -1 },
		{ .ns = &nss[2], .proc = NULL, .parent = -1 },
		{ .ns = NULL, .proc = &proc, .parent = -1 },
	};
	struct nsi_columns cols = { 0 };
	struct nsi_query *q = NULL;
	const char *what = NULL;
	size_t pos = (size_t)-1;
	int r;

	fuzz_init();
	r = nsi_query_parse(text, &q, &pos, &what);
	if (r == 0) {
		FUZZ_CHECK(q != NULL);
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			int m = nsi_query_match(q, &rows[i], i == 3);

			FUZZ_CHECK(m == 0 || m == 1);
		}
		FUZZ_CHECK(nsi_query_columns(q, &cols) == 0 || cols.n == NSI_MAX_COLUMNS);
		for (size_t i = 0; i < cols.n; i++)
			FUZZ_CHECK(cols.ids[i] < NSI_NCOLS);
		nsi_query_free(q);
	} else {
		FUZZ_CHECK(r == -EINVAL || r == -ENOMEM);
		FUZZ_CHECK(r == -ENOMEM || (what && *what && pos <= strlen(text)));
	}
	free(text);
	return 0;
}
