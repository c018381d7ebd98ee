/*
 * containerd's task directory: init.pid and config.json, the OCI spec
 * whose annotations name a pod (nsi_parse_pid_file, nsi_state_parse_json,
 * nsi_containerd_add_task, nsi_oci_annotations).  Input: the pid file,
 * a line "%%", the spec.  The task is added as a plain containerd one
 * (k8s.io) and as Docker's (moby), which take different paths.
 */
#include "nsinspect/containers.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"

#include "fuzz.h"

#define TASK_ID "aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111"

static void add_task(const char *ns, const json_t *spec, pid_t pid)
{
	struct nsi_containers *cs;
	struct nsi_records found = { 0 };
	struct nsi_container_ref ref = { .name = TASK_ID };
	const struct nsi_container *c = NULL, **matches = NULL;
	size_t nmatches = 0;

	if (nsi_containers_new(&cs) < 0)
		abort();
	FUZZ_CHECK(nsi_containerd_add_task(&found, ns, TASK_ID, spec, pid) == 0);
	FUZZ_CHECK(nsi_containers_take(cs, &found) == 0);
	if (nsi_containers_find(cs, &ref, &c, &matches, &nmatches) == 0) {
		char desc[512];

		FUZZ_CHECK(c->pid == pid);
		nsi_container_describe(c, desc, sizeof(desc));
	}
	free(matches);
	nsi_containers_free(cs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *parts[2];
	size_t lens[2];
	json_t *spec = NULL;
	pid_t pid = 0;

	fuzz_init();
	fuzz_split(data, size, parts, lens, 2);
	if (nsi_parse_pid_file((const char *)parts[0], lens[0], &pid) < 0)
		pid = 0;
	if (nsi_state_parse_json((const char *)parts[1], lens[1], "fuzz/config.json", &spec) < 0)
		return 0;
	add_task("k8s.io", spec, pid);
	add_task("moby", spec, pid);
	json_decref(spec);
	return 0;
}
