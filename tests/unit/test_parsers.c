/*
 * Unit tests of the parsers and the model: the pieces that turn /proc
 * text into numbers and namespaces.  Each check prints TAP-ish lines; a
 * failure makes the program exit 1 so ctest reports it.
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/columns.h"
#include "nsinspect/containers.h"
#include "nsinspect/debug.h"
#include "nsinspect/model.h"
#include "nsinspect/nstype.h"
#include "nsinspect/procfs.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"

#include "check.h"

static void test_ns_link(void)
{
	enum nsi_type t = NSI_TYPE_INVALID;
	uint64_t ino = 0;

	CHECK(nsi_parse_ns_link("net:[4026531833]", &t, &ino) == 0);
	CHECK(t == NSI_TYPE_NET && ino == 4026531833ULL);
	CHECK(nsi_parse_ns_link("cgroup:[4026531835]", &t, &ino) == 0 && t == NSI_TYPE_CGROUP);
	CHECK(nsi_parse_ns_link("time:[1]", &t, &ino) == 0 && t == NSI_TYPE_TIME && ino == 1);
	/* what must be refused, and must leave the outputs alone */
	t = NSI_TYPE_INVALID;
	ino = 7;
	CHECK(nsi_parse_ns_link("net:[]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:[12", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:12]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("bogus:[12]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:[-12]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:[12x]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:[0]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("net:[99999999999999999999999]", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("", &t, &ino) == -EINVAL);
	CHECK(nsi_parse_ns_link("pid_for_children:[4026531836]", &t, &ino) == -EINVAL);
	CHECK(t == NSI_TYPE_INVALID && ino == 7);
}

static void test_types(void)
{
	nsi_typemask m = 0;
	const char *bad = NULL;
	size_t badlen = 0;

	for (int t = 0; t < NSI_NTYPES; t++)
		CHECK(nsi_type_from_name(nsi_type_name((enum nsi_type)t)) == t);
	CHECK(nsi_type_from_name("network") == NSI_TYPE_INVALID);
	CHECK(nsi_typemask_parse("net,uts", &m, &bad, &badlen) == 0);
	CHECK(m == (NSI_TYPE_BIT(NSI_TYPE_NET) | NSI_TYPE_BIT(NSI_TYPE_UTS)));
	CHECK(nsi_typemask_parse("net,foo,uts", &m, &bad, &badlen) == -EINVAL);
	CHECK(badlen == 3 && strncmp(bad, "foo", 3) == 0);
	CHECK(nsi_typemask_parse("net,", &m, &bad, &badlen) == -EINVAL && badlen == 0);
}

static void test_stat(void)
{
	pid_t ppid = -1;

	CHECK(nsi_parse_stat_ppid("42 (bash) S 7 42 42 0 -1", &ppid) == 0 && ppid == 7);
	/* comm may contain spaces and parentheses: the last ')' ends it */
	CHECK(nsi_parse_stat_ppid("43 (a) b (c)) R 1234 1 1", &ppid) == 0 && ppid == 1234);
	CHECK(nsi_parse_stat_ppid("2 (kthreadd) S 0 0 0", &ppid) == 0 && ppid == 0);
	ppid = -1;
	CHECK(nsi_parse_stat_ppid("44 (x) S", &ppid) == -EINVAL);
	CHECK(nsi_parse_stat_ppid("44 (x) S -3 1", &ppid) == -EINVAL);
	CHECK(nsi_parse_stat_ppid("44 (x) S 12x 1", &ppid) == -EINVAL);
	CHECK(nsi_parse_stat_ppid("44 x S 1 1", &ppid) == -EINVAL);
	CHECK(nsi_parse_stat_ppid("", &ppid) == -EINVAL);
	CHECK(ppid == -1);
}

static void test_cmdline(void)
{
	char a[] = "sleep\0infinity\0";
	char b[] = "\0\0";
	char c[] = "sh\0-c\0echo a  b";

	CHECK(nsi_cmdline_to_line(a, sizeof(a) - 1) == 14 && strcmp(a, "sleep infinity") == 0);
	CHECK(nsi_cmdline_to_line(b, sizeof(b) - 1) == 0 && b[0] == '\0');
	CHECK(nsi_cmdline_to_line(c, sizeof(c) - 1) == 15 && strcmp(c, "sh -c echo a  b") == 0);
}

static void test_numbers(void)
{
	unsigned long long v = 5;
	pid_t pid = 5;

	CHECK(nsi_parse_u64("4026531833", &v) == 0 && v == 4026531833ULL);
	CHECK(nsi_parse_u64("18446744073709551616", &v) == -ERANGE);
	CHECK(nsi_parse_u64("-1", &v) == -EINVAL);
	CHECK(nsi_parse_u64(" 1", &v) == -EINVAL);
	CHECK(nsi_parse_u64("1 ", &v) == -EINVAL);
	CHECK(nsi_parse_u64("", &v) == -EINVAL);
	CHECK(nsi_parse_pid("1", &pid) == 0 && pid == 1);
	CHECK(nsi_parse_pid("0", &pid) == -EINVAL);
	CHECK(nsi_parse_pid("2147483648", &pid) == -ERANGE);
	CHECK(pid == 1);
}

static void test_columns(void)
{
	struct nsi_columns cols = { .n = 0 };
	const char *bad = NULL;
	size_t badlen = 0;

	nsi_columns_add(&cols, COL_NS);
	CHECK(nsi_columns_parse(&cols, "+path,Pid", &bad, &badlen) == 0);
	CHECK(cols.n == 3 && cols.ids[0] == COL_NS && cols.ids[1] == COL_PATH && cols.ids[2] == COL_PID);
	CHECK(nsi_columns_parse(&cols, "TYPE", &bad, &badlen) == 0 && cols.n == 1 && cols.ids[0] == COL_TYPE);
	CHECK(nsi_columns_parse(&cols, "NS,NOPE", &bad, &badlen) == -EINVAL);
	CHECK(badlen == 4 && strncmp(bad, "NOPE", 4) == 0);
	CHECK(cols.n == 1 && cols.ids[0] == COL_TYPE);
	CHECK(nsi_columns_details(&cols) == 0);
	CHECK(nsi_columns_parse(&cols, "USER,COMMAND", &bad, &badlen) == 0);
	CHECK(nsi_columns_details(&cols) == (NSI_DETAIL_UID | NSI_DETAIL_COMMAND));
}

static void test_debug_mask(void)
{
	CHECK(nsi_debug_parse_mask("proc") == NSI_DEBUG_PROC);
	CHECK(nsi_debug_parse_mask("proc,render") == (NSI_DEBUG_PROC | NSI_DEBUG_RENDER));
	CHECK(nsi_debug_parse_mask("all") == NSI_DEBUG_ALL);
	CHECK(nsi_debug_parse_mask("0x4") == NSI_DEBUG_NS);
	CHECK(nsi_debug_parse_mask("nonsense") == 0);
}

/* Enough namespaces to force several rehashes; every lookup must still work. */
static void test_model(void)
{
	struct nsi_model *m = NULL;
	enum { NPROC = 5000 };
	size_t n;
	bool ok = true;

	CHECK(nsi_model_new(&m) == 0);
	/* added in descending PID order: finish() must sort */
	for (int i = NPROC; i >= 1; i--) {
		uint64_t ns[NSI_NTYPES] = { 0 };

		ns[NSI_TYPE_NET] = 1000000 + (uint64_t)(i % 1700);	/* 1700 net namespaces */
		ns[NSI_TYPE_UTS] = 5000000;				/* one shared uts */
		if (!nsi_model_add_process(m, i, ns))
			ok = false;
	}
	CHECK(ok);
	CHECK(nsi_model_finish(m) == 0);
	CHECK(nsi_model_namespaces(m, &n) && n == 1701);
	for (int i = 0; i < 1700 && ok; i++) {
		struct nsi_ns *ns = nsi_model_find_ns(m, NSI_TYPE_NET, 1000000 + (uint64_t)i);

		/* PIDs i, i+1700, ... land in namespace i%1700 */
		ok = ns && ns->lowest->pid == (i ? i : 1700) && ns->nprocs == (unsigned)((NPROC - (i ? i : 1700)) / 1700 + 1);
	}
	CHECK(ok);
	CHECK(nsi_model_find_ns(m, NSI_TYPE_UTS, 5000000)->nprocs == NPROC);
	CHECK(nsi_model_find_ns(m, NSI_TYPE_NET, 5000000) == NULL);
	CHECK(nsi_model_find_ino(m, 5000000)->type == NSI_TYPE_UTS);
	CHECK(nsi_model_find_process(m, 4321)->ns[NSI_TYPE_NET] == 1000000 + 4321 % 1700);
	CHECK(nsi_model_find_process(m, NPROC + 1) == NULL);
	nsi_model_free(m);
}

/*
 * A hostile container name must not break the Prometheus text format:
 * quote, backslash and newline escaped, invalid UTF-8 replaced.
 */
static void test_metrics_labels(void)
{
	struct nsi_container c = { .engine = NSI_ENGINE_DOCKER, .id = "abc", .name = "a\"b\\c\nd\xff" };
	struct nsi_ns ns = { .type = NSI_TYPE_NET, .ino = 4026532000, .nprocs = 3, .container = &c };
	struct nsi_row row = { .ns = &ns };
	struct nsi_selection sel = { .rows = &row, .nrows = 1 };
	struct nsi_scan_stats st = { .added = 5, .denied = 1 };
	struct nsi_output mx = { .sel = &sel, .types = NSI_TYPE_BIT(NSI_TYPE_NET), .stats = &st, .duration = 0.5 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CHECK(f && nsi_render_metrics(&mx, f) == 0);
	if (f)
		fclose(f);
	CHECK(text && strstr(text, "\nnsinspect_namespaces{type=\"net\"} 1\n"));
	CHECK(text && strstr(text, "\nnsinspect_namespace_processes{type=\"net\",inode=\"4026532000\","
					"container=\"a\\\"b\\\\c\\nd\xef\xbf\xbd\",engine=\"docker\","
					"pod=\"\",pod_namespace=\"\"} 3\n"));
	CHECK(text && strstr(text, "\nnsinspect_scan_errors{reason=\"denied\"} 1\n"));
	CHECK(text && strstr(text, "\nnsinspect_scan_duration_seconds 0.500000\n"));
	free(text);
}

/*
 * A mount namespace that only the kernel's walk met, after the /proc
 * pass, with no process and nothing holding it: its count is unknown
 * (its processes came after the pass), never 0.  Held by a mount, or met
 * by the pass, it is counted as usual.
 */
static void test_walked_mntns(void)
{
	struct nsi_model *m = NULL;
	struct nsi_ns *bare, *held, *passed;
	struct nsi_holder h = { .kind = NSI_HOLDER_MOUNT, .path = "/run/pin" };
	uint64_t ns[NSI_NTYPES] = { [NSI_TYPE_MNT] = 300 };

	CHECK(nsi_model_new(&m) == 0);
	CHECK(nsi_model_add_process(m, 1, ns) != NULL);
	bare = nsi_model_add_namespace(m, NSI_TYPE_MNT, 100);
	held = nsi_model_add_namespace(m, NSI_TYPE_MNT, 200);
	passed = nsi_model_find_ns(m, NSI_TYPE_MNT, 300);
	CHECK(bare && held && passed);
	if (!bare || !held || !passed)
		return;
	bare->walked = held->walked = true;
	CHECK(nsi_model_add_holder(held, &h) == 0);
	CHECK(nsi_model_finish(m) == 0);
	CHECK(bare->procs_unknown && bare->nprocs == 0);
	CHECK(!held->procs_unknown && held->nprocs == 0);
	CHECK(!passed->procs_unknown && passed->nprocs == 1);
	nsi_model_free(m);
}

/* @s written by nsi_put_escaped(@how), as a string to free. */
static char *escaped(const char *s, const struct nsi_escape *how)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	nsi_put_escaped(f, s, how);
	fclose(f);
	return text;
}

/* @j printed by nsi_json_print(), compact, as a string to free. */
static char *json_printed(json_t *j)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	CHECK(nsi_json_print(j, JSON_COMPACT, f) == 0);
	fclose(f);
	json_decref(j);
	return text;
}

/*
 * Controls and the format characters that reorder or hide text never
 * reach an output raw: hex where the format has no better escape, \u in
 * JSON (a UTF-16 pair beyond U+FFFF); other text, emoji included, stays.
 */
static void test_escaping(void)
{
	static const struct nsi_escape line = { .hex_prefix = "\\x", .backslash_x_as_hex = true };
	char *t;

	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\xe2\x80\xae", 3));	/* U+202E */
	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\xe2\x81\xa6", 3));	/* U+2066 LRI */
	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\xef\xbb\xbf", 3));	/* U+FEFF */
	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\xf3\xa0\x81\x81", 4));	/* U+E0041 */
	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\xc2\x9b", 2));	/* CSI */
	CHECK(nsi_utf8_is_unsafe((const unsigned char *)"\x7f", 1));
	CHECK(!nsi_utf8_is_unsafe((const unsigned char *)"\xc3\xa9", 2));	/* é */
	CHECK(!nsi_utf8_is_unsafe((const unsigned char *)"\xe2\x80\x94", 3));	/* em dash */
	CHECK(!nsi_utf8_is_unsafe((const unsigned char *)"\xf0\x9f\x98\x80", 4));
	CHECK(nsi_utf8_code_point((const unsigned char *)"\xf3\xa0\x81\x81", 4) == 0xe0041);

	t = escaped("a\\xb\xe2\x80\xae" "c\\d\xc3\xa9\x1b", &line);
	CHECK(t && strcmp(t, "a\\x5cxb\\xe2\\x80\\xae" "c\\d\xc3\xa9\\x1b") == 0);
	free(t);
	t = json_printed(json_pack("[s]", "x\xe2\x80\xaey\xf0\x9f\x98\x80\x7f\xf3\xa0\x81\x81\xc2\x85\xc3\xa9"));
	CHECK(t && strcmp(t, "[\"x\\u202ey\xf0\x9f\x98\x80\\u007f\\udb40\\udc41\\u0085\xc3\xa9\"]\n") == 0);
	free(t);
}

int main(void)
{
	test_ns_link();
	test_types();
	test_stat();
	test_cmdline();
	test_numbers();
	test_columns();
	test_debug_mask();
	test_model();
	test_metrics_labels();
	test_escaping();
	test_walked_mntns();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
