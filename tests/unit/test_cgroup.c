/*
 * The cgroup path classifier against the table in
 * tests/fixtures/cgroup-paths.tsv (argv[1]), and the check that trusts a
 * state file's PID only when its cgroup names the container.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/cgroup.h"

static int failures, checks;

static void check_row(const char *path, const char *engine, const char *id, const char *role)
{
	struct nsi_cgroup_hint h;
	bool found = nsi_cgroup_classify(path, &h);
	const char *got_role = !found ? "none" : h.monitor ? "monitor" : "container";
	const char *got_engine = found && !h.monitor && nsi_engine_name(h.engine) ? nsi_engine_name(h.engine) : "-";
	const char *got_id = found && !h.monitor ? h.id : "-";

	checks++;
	if (strcmp(role, got_role) || strcmp(engine, got_engine) || strcmp(id, got_id)) {
		failures++;
		fprintf(stderr, "FAIL %s: expected %s %s %s, got %s %s %s\n", path, role, engine, id, got_role,
			got_engine, got_id);
	}
}

static void test_table(const char *file)
{
	char line[1024];
	FILE *f = fopen(file, "re");

	if (!f) {
		perror(file);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *fields[4], *save = NULL;
		int n = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (char *t = strtok_r(line, "\t", &save); t && n < 4; t = strtok_r(NULL, "\t", &save))
			fields[n++] = t;
		if (n < 4) {
			fprintf(stderr, "FAIL: malformed row '%s'\n", line);
			failures++;
			continue;
		}
		check_row(fields[0], fields[1], fields[2], fields[3]);
	}
	fclose(f);
}

static void check_names(const char *text, const char *id, bool expected)
{
	checks++;
	if (nsi_cgroup_names_id(text, id) != expected) {
		failures++;
		fprintf(stderr, "FAIL names_id('%s', '%s') != %d\n", text, id, expected);
	}
}

static void test_names_id(void)
{
	check_names("0::/default/plain1\n", "plain1", true);
	check_names("0::/default/plain10\n", "plain1", false);
	check_names("0::/default/xplain1\n", "plain1", false);
	check_names("4:memory:/docker/abc\n0::/\n", "abc", true);
	check_names("0::/system.slice/docker-abc.scope\n", "abc", true);
	check_names("0::/system.slice/docker-abcd.scope\n", "abc", false);
	check_names("0::/\n", "abc", false);
	check_names("0::/x\n", "", false);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_cgroup cgroup-paths.tsv\n");
		return 2;
	}
	test_table(argv[1]);
	test_names_id();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
