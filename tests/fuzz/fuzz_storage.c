/*
 * containers/storage, podman's and CRI-O's state: containers.json (with
 * podman's "metadata", JSON inside a JSON string), a container's
 * userdata/config.json and its pidfile (nsi_storage_index_names,
 * nsi_storage_engine, nsi_storage_add_container, nsi_oci_annotations).
 * Input: containers.json, a line "%%", config.json, "%%", the pidfile.
 */
#include "nsinspect/containers.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"

#include "fuzz.h"

#define SOME_ID "112c1117000000000000000000000000000000000000000000000000000000ff"

/* The first full id containers.json lists, as a directory would name it. */
static const char *first_id(const json_t *list)
{
	const json_t *entry;
	size_t i;

	json_array_foreach(list, i, entry) {
		const char *id = nsi_json_string(entry, "id");

		if (id && nsi_is_full_id(id, strlen(id)))
			return id;
	}
	return SOME_ID;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *parts[3];
	size_t lens[3];
	json_t *list = NULL, *names, *spec = NULL;
	struct nsi_containers *cs;
	struct nsi_records found = { 0 };
	struct nsi_container_ref ref = { 0 };
	const struct nsi_container *c = NULL, **matches = NULL;
	size_t nmatches = 0;
	const char *id;
	pid_t pid = 0;

	fuzz_init();
	fuzz_split(data, size, parts, lens, 3);
	if (nsi_state_parse_json((const char *)parts[0], lens[0], "fuzz/containers.json", &list) < 0)
		list = NULL;
	names = nsi_storage_index_names(list);
	if (!names)
		abort();
	FUZZ_CHECK(json_is_object(names));
	id = first_id(list);
	if (nsi_parse_pid_file((const char *)parts[2], lens[2], &pid) < 0)
		pid = 0;
	if (nsi_state_parse_json((const char *)parts[1], lens[1], "fuzz/config.json", &spec) == 0) {
		enum nsi_engine engine = nsi_storage_engine(spec);

		if (nsi_containers_new(&cs) < 0)
			abort();
		FUZZ_CHECK(nsi_storage_add_container(&found, names, id, spec, pid) == 0);
		FUZZ_CHECK(nsi_containers_take(cs, &found) == 0);
		ref.name = id;
		if (nsi_containers_find(cs, &ref, &c, &matches, &nmatches) == 0) {
			char desc[512];

			FUZZ_CHECK(engine != NSI_ENGINE_UNKNOWN && c->engine == engine && c->pid == pid);
			nsi_container_describe(c, desc, sizeof(desc));
		} else {
			FUZZ_CHECK(engine == NSI_ENGINE_UNKNOWN);
		}
		free(matches);
		nsi_containers_free(cs);
		json_decref(spec);
	}
	json_decref(names);
	json_decref(list);
	return 0;
}
