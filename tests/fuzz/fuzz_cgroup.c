/*
 * /proc/PID/cgroup text ("hierarchy:controllers:path" lines): the path
 * classifier (nsi_cgroup_classify), the check that trusts a state file's
 * PID (nsi_cgroup_names_id) and the registry's lookup that turns a
 * process's cgroup into a container (nsi_containers_of_cgroup_text).
 * Inside a container, cgroup names are the container's to choose.
 */
#include "nsinspect/cgroup.h"
#include "nsinspect/engines.h"
#include "nsinspect/containers.h"
#include "nsinspect/statefile.h"

#include "fuzz.h"

/* Containers the registry knows from state, for the component lookup. */
static const char *const known[] = {
	"5fbe955d4c3a8e7e2b9d8b8f7e6a5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4",
	"plain1",
	"web-1",
};

static void check_hint(const struct nsi_cgroup_hint *h)
{
	FUZZ_CHECK(h->engine >= NSI_ENGINE_UNKNOWN && h->engine < NSI_NENGINES);
	FUZZ_CHECK(memchr(h->id, '\0', sizeof(h->id)));
	if (!h->monitor)
		FUZZ_CHECK(h->id[0] != '\0');
}

/* Every line's path, as the registry reads them. */
static void classify_lines(const char *text)
{
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		const char *p = strchr(line, ':');
		struct nsi_cgroup_hint h;

		if (p && (p = strchr(p + 1, ':')) && (!nl || p < nl) && nsi_cgroup_classify(p + 1, &h)) {
			check_hint(&h);
			/* an id the path gave is one the path names */
			if (!h.monitor && nsi_is_full_id(h.id, strlen(h.id)))
				FUZZ_CHECK(nsi_cgroup_names_id(text, h.id));
		}
		line = nl ? nl + 1 : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct nsi_containers *cs;
	struct nsi_records found = { 0 };
	struct nsi_cgroup_hint h;
	const struct nsi_container *c;

	fuzz_init();
	if (nsi_cgroup_classify(text, &h))
		check_hint(&h);
	classify_lines(text);
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		nsi_cgroup_names_id(text, known[i]);

	if (nsi_containers_new(&cs) < 0)
		abort();
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!nsi_records_add(&found, NSI_ENGINE_CONTAINERD, "default", known[i]))
			abort();
	if (nsi_containers_take(cs, &found) < 0)
		abort();
	c = nsi_containers_of_cgroup_text(cs, text, 4242);
	if (c) {
		char desc[NSI_CGROUP_ID_MAX + 64];

		FUZZ_CHECK(c->id && c->id[0]);
		nsi_container_describe(c, desc, sizeof(desc));
	}
	nsi_containers_free(cs);
	free(text);
	return 0;
}
