/*
 * Docker's state: config.v2.json of one container (nsi_docker_add_config,
 * after nsi_state_parse_json as the reader parses it), and the same text
 * as daemon.json (nsi_docker_data_root).  A container's config carries
 * strings its creator chose: name, image, labels.
 */
#include "nsinspect/containers.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"

#include "fuzz.h"

#define SOME_ID "6a6a0000000000000000000000000000000000000000000000000000000000aa"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsi_containers *cs;
	struct nsi_records found = { 0 };
	struct nsi_container_ref ref = { 0 };
	const struct nsi_container *c = NULL, **matches = NULL;
	const char *id, *root;
	size_t nmatches = 0;
	json_t *conf = NULL;

	fuzz_init();
	if (nsi_state_parse_json((const char *)data, size, "fuzz/config.v2.json", &conf) < 0)
		return 0;
	root = nsi_docker_data_root(conf);
	FUZZ_CHECK(!root || root[0] == '/');

	/* the loader asks only for directories named by a full id */
	id = nsi_json_string(conf, "ID");
	if (!id || !nsi_is_full_id(id, strlen(id)))
		id = SOME_ID;
	if (nsi_containers_new(&cs) < 0)
		abort();
	FUZZ_CHECK(nsi_docker_add_config(&found, id, conf) == 0);
	FUZZ_CHECK(nsi_docker_add_config(&found, SOME_ID, conf) == 0);
	FUZZ_CHECK(nsi_containers_take(cs, &found) == 0);
	ref.name = id;
	if (nsi_containers_find(cs, &ref, &c, &matches, &nmatches) == 0) {
		char desc[512];

		FUZZ_CHECK(c->engine == NSI_ENGINE_DOCKER && c->pid >= 0);
		nsi_container_describe(c, desc, sizeof(desc));
		if (c->name)
			FUZZ_CHECK(c->name[0] != '\0');
		if (c->netns_path)
			nsi_containers_of_netns_path(cs, c->netns_path);
	}
	free(matches);
	nsi_containers_free(cs);
	json_decref(conf);
	return 0;
}
