/*
 * -Q expressions against four rows built here, as a scan would have
 * left them; each expected set of rows was worked out by hand from the
 * rows below and scols-filter(5)'s rules as query.h states them.
 *
 *	row 0: net 4026531833, 62 processes, PID 2 root (UID 0) "kthreadd"
 *	row 1: net 4026532400, 1 process, PID 302 nobody (65534) "ip netns exec blue sleep infinity"
 *	row 2: net 4026532500, no process (NPROCS 0), owner UID 0 root
 *	row 3: uts 4026532301, NPROCS unknown, PID 201 nobody (65534) "nginx: master"
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/query.h"

#include "check.h"

#define ALL_DETAILS (NSI_DETAIL_UID | NSI_DETAIL_COMMAND | NSI_DETAIL_PPID)

static struct nsi_proc procs[] = {
	{ .pid = 2, .uid = 0, .user = "root", .command = "kthreadd", .details_ok = ALL_DETAILS },
	{ .pid = 302, .uid = 65534, .user = "nobody", .command = "ip netns exec blue sleep infinity",
	  .details_ok = ALL_DETAILS },
	{ .pid = 201, .uid = 65534, .user = "nobody", .command = "nginx: master", .details_ok = ALL_DETAILS },
};

static struct nsi_ns nss[] = {
	{ .type = NSI_TYPE_NET, .ino = 4026531833ULL, .nprocs = 62 },
	{ .type = NSI_TYPE_NET, .ino = 4026532400ULL, .nprocs = 1 },
	{ .type = NSI_TYPE_NET, .ino = 4026532500ULL, .nprocs = 0, .rel_ok = NSI_REL_OWNER_UID, .owner_uid = 0,
	  .owner_user = "root" },
	{ .type = NSI_TYPE_UTS, .ino = 4026532301ULL, .procs_unknown = true },
};

static struct nsi_row rows[] = {
	{ .ns = &nss[0], .proc = &procs[0], .parent = -1 },
	{ .ns = &nss[1], .proc = &procs[1], .parent = -1 },
	{ .ns = &nss[2], .proc = NULL, .parent = -1 },
	{ .ns = &nss[3], .proc = &procs[2], .parent = -1 },
};

/* Expressions and the rows they match, bit i for row i. */
static const struct {
	const char *expr;
	unsigned int rows;
} matches[] = {
	{ "TYPE == \"net\"", 0x7 },
	{ "type eq 'net' AND nprocs > 1", 0x1 },
	{ "NPROCS == 0", 0x4 },			/* unknown is no 0 */
	{ "NPROCS != 0", 0xb },			/* ... but is not 0 */
	{ "NPROCS", 0x3 },			/* a value, not 0 */
	{ "!NPROCS", 0xc },
	{ "COMMAND =~ \"^ip \"", 0x2 },
	{ "COMMAND !~ 'k'", 0xe },		/* row 2 has none: not matching */
	{ "USER == \"nobody\" || PID < 3", 0xb },
	{ "UID == 0", 0x5 },			/* row 2: its owner's */
	{ "USER == 'root' && !PID", 0x4 },
	{ "NS >= 4026532400 and NS < 4026532500", 0x2 },
	{ "NS == \"4026532301\"", 0x8 },	/* a number column as its text */
	{ "PID > 1K", 0x0 },
	{ "PID < 1KiB", 0xb },
	{ "PID == 302.0", 0x2 },
	{ "not (TYPE == \"net\")", 0x8 },
	{ "(TYPE == \"uts\" || PID == 2) && USER != \"root\"", 0x8 },
	{ "COMMAND == 5", 0x0 },		/* no command is a number */
	{ "COMMAND != 5", 0xf },
	{ "true", 0xf },
	{ "FALSE", 0x0 },
	{ "TYPE == \"net\" && true == true", 0x7 },
	{ "type EQ \"net\" Or Pid == 201", 0xf },
	{ "PID GE 201 && PID le 302", 0xa },
	{ "NS == NS", 0xf },
	{ "TYPE =~ \"^(net|uts)$\" && !(NPROCS > 1)", 0xe },
	/* what an operator writes is not refused as costly */
	{ "COMMAND =~ '^(ip|nginx)[: ]+[a-z]{2,6}( |$)' && COMMAND =~ '[]a-z]+'", 0xa },
};

/* Expressions refused: where (1-based) and what was expected. */
static const struct {
	const char *expr;
	size_t at;
	const char *what;
} refusals[] = {
	{ "TYPE ==", 8, "a value (a column, a number or a quoted string)" },
	{ "", 1, "a value (a column, a number or a quoted string)" },
	{ "and", 1, "a value (a column, a number or a quoted string)" },
	{ "FOO > 1", 1, "a column name (nsinspect -H lists them)" },
	{ "(TYPE == \"net\"", 15, "a closing )" },
	{ "NS =~ 5", 4, "a quoted regular expression after =~ or !~" },
	{ "COMMAND =~ \"(\"", 9, "a valid (POSIX extended) regular expression" },
	{ "\"a\" == 1", 5, "operands of one type (a number, a string or a boolean)" },
	{ "TYPE > true", 6, "== or != with true or false" },
	{ "TYPE == \"x\" TYPE", 13, "an operator (&&, ||, ==, ...) or the end" },
	{ "NS == \"abc", 11, "a closing \"" },
	{ "NS > 12abc", 8, "an operator or the end after a number" },
	{ "NS < 99999999999999999999", 6, "a number that fits in 64 bits" },
	{ "PID < 16Y", 7, "a number that fits in 64 bits" },
	/* what would make regcomp() build something huge (the fuzzer found the first) */
	{ "COMMAND =~ 'a+++'", 9, "a simpler regular expression (no stacked or nested repetitions, bounds up to 255, 1024 bytes)" },
	{ "COMMAND =~ '(a{1,9}){1,9}'", 9, "a simpler regular expression (no stacked or nested repetitions, bounds up to 255, 1024 bytes)" },
	{ "COMMAND =~ 'a{1,256}'", 9, "a simpler regular expression (no stacked or nested repetitions, bounds up to 255, 1024 bytes)" },
};

static void test_matches(void)
{
	for (size_t i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		struct nsi_query *q = NULL;
		const char *what = NULL;
		unsigned int got = 0;
		size_t pos = 0;

		if (nsi_query_parse(matches[i].expr, &q, &pos, &what) < 0) {
			fprintf(stderr, "FAIL: '%s': refused at %zu: %s\n", matches[i].expr, pos + 1, what);
			failures++;
			continue;
		}
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
			if (nsi_query_match(q, &rows[r], false) > 0)
				got |= 1U << r;
		checks++;
		if (got != matches[i].rows) {
			fprintf(stderr, "FAIL: '%s': rows %#x, expected %#x\n", matches[i].expr, got, matches[i].rows);
			failures++;
		}
		nsi_query_free(q);
	}
}

static void test_refusals(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		struct nsi_query *q = NULL;
		const char *what = "";
		size_t pos = 0;
		int r = nsi_query_parse(refusals[i].expr, &q, &pos, &what);

		checks++;
		if (r != -EINVAL || pos + 1 != refusals[i].at || strcmp(what, refusals[i].what) != 0) {
			fprintf(stderr, "FAIL: '%s': %d at %zu '%s', expected at %zu '%s'\n", refusals[i].expr, r,
				pos + 1, what, refusals[i].at, refusals[i].what);
			failures++;
			nsi_query_free(q);
		}
	}
}

/* Nesting deep enough to overflow a naive parser's stack is refused, not followed. */
static void test_nesting(void)
{
	char deep[4096];
	struct nsi_query *q = NULL;
	const char *what = "";
	size_t pos = 0;

	memset(deep, '(', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	CHECK(nsi_query_parse(deep, &q, &pos, &what) == -EINVAL && strcmp(what, "less nesting") == 0);
}

/* The columns a query reads are the ones it names, each once. */
static void test_columns(void)
{
	struct nsi_query *q = NULL;
	struct nsi_columns cols = { 0 };
	const char *what;
	size_t pos;

	CHECK(nsi_query_parse("USER == 'x' || (COMMAND =~ 'y' && USER != 'z') || 1 == 1", &q, &pos, &what) == 0);
	CHECK(q && nsi_query_columns(q, &cols) == 0);
	CHECK(cols.n == 2 && nsi_columns_has(&cols, COL_USER) && nsi_columns_has(&cols, COL_COMMAND));
	nsi_query_free(q);
}

int main(void)
{
	test_matches();
	test_refusals();
	test_nesting();
	test_columns();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
