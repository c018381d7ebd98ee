/*
 * containers/storage, the layout podman and CRI-O share:
 *   /var/lib/containers/storage/overlay-containers/containers.json
 *       id -> names and (podman) the image name, for every container;
 *   .../overlay-containers/<id>/userdata/config.json
 *       the OCI spec: io.container.manager=libpod marks podman, the
 *       io.kubernetes.cri-o.* annotations mark CRI-O and carry the pod;
 *   /run/containers/storage/overlay-containers/<id>/userdata/pidfile
 *       the init PID, written by conmon.
 * Rootful only: rootless podman keeps the same tree in the user's home.
 */
#include <string.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

#define LIB_DIR "/var/lib/containers/storage/overlay-containers"
#define RUN_DIR "/run/containers/storage/overlay-containers"

json_t *nsi_storage_index_names(const json_t *list)
{
	json_t *byid = json_object();
	json_t *entry;
	size_t i;

	if (!byid)
		return NULL;
	if (!json_is_array(list)) {
		DBG(CONTAINER, "storage: containers.json: unreadable or not a list");
		return byid;
	}
	json_array_foreach(list, i, entry) {
		const char *id = nsi_json_string(entry, "id");

		if (id && json_is_object(entry))
			json_object_set(byid, id, entry);
	}
	return byid;
}

/* containers.json as an object keyed by id, for lookups per container. */
static json_t *load_names(int libfd)
{
	json_t *list = NULL, *byid;

	if (nsi_state_load_json(libfd, "containers.json", &list) < 0)
		list = NULL;
	byid = nsi_storage_index_names(list);
	json_decref(list);
	return byid;
}

/* podman's image name sits in "metadata", a JSON document inside a string. */
static int set_image_from_metadata(struct nsi_container *c, const json_t *entry)
{
	const char *text = nsi_json_string(entry, "metadata");
	json_t *meta = text ? json_loads(text, 0, NULL) : NULL;
	int r = nsi_container_set(&c->image, nsi_json_string(meta, "image-name"));

	json_decref(meta);
	return r;
}

enum nsi_engine nsi_storage_engine(const json_t *spec)
{
	const json_t *ann = json_object_get(spec, "annotations");
	const char *manager = nsi_json_string(ann, "io.container.manager");

	if (manager && strcmp(manager, "libpod") == 0)
		return NSI_ENGINE_PODMAN;
	if (nsi_json_string(ann, "io.kubernetes.cri-o.ContainerType"))
		return NSI_ENGINE_CRIO;
	return NSI_ENGINE_UNKNOWN;	/* e.g. a buildah working container */
}

int nsi_storage_add_container(struct nsi_records *out, const json_t *names, const char *id, const json_t *spec,
			      pid_t pid)
{
	const json_t *entry = json_object_get(names, id);
	enum nsi_engine engine = nsi_storage_engine(spec);
	struct nsi_container *c;

	if (engine == NSI_ENGINE_UNKNOWN)
		return 0;
	c = nsi_records_add(out, engine, NULL, id);
	if (!c || nsi_oci_annotations(c, spec) < 0 ||
	    nsi_container_set(&c->name, json_string_value(json_array_get(json_object_get(entry, "names"), 0))) < 0 ||
	    set_image_from_metadata(c, entry) < 0)
		return -ENOMEM;
	c->pid = pid;
	return 0;
}

static int load_one(struct nsi_records *out, int libfd, int runfd, const json_t *names, const char *id)
{
	char rel[128];
	json_t *spec = NULL;
	pid_t pid = 0;
	int r;

	snprintf(rel, sizeof(rel), "%s/userdata/config.json", id);
	r = nsi_state_load_json(libfd, rel, &spec);
	if (r < 0 && runfd >= 0)
		r = nsi_state_load_json(runfd, rel, &spec);
	if (r < 0 || nsi_storage_engine(spec) == NSI_ENGINE_UNKNOWN) {
		DBG(CONTAINER, "storage: %s: skipped: %s", id, r < 0 ? strerror(-r) : "neither podman nor CRI-O");
		json_decref(spec);
		return 0;
	}
	snprintf(rel, sizeof(rel), "%s/userdata/pidfile", id);
	if (runfd < 0 || (r = nsi_state_read_pid(runfd, rel, &pid)) < 0)
		DBG(CONTAINER, "storage: %s: no pid: %s", id, runfd < 0 ? "no run directory" : strerror(-r));

	r = nsi_storage_add_container(out, names, id, spec, pid);
	json_decref(spec);
	return r;
}

int nsi_storage_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn)
{
	_cleanup_closedir_ DIR *dir = nsi_state_opendir_root(roots->sysroot, LIB_DIR);
	_cleanup_close_ int runfd = -1;
	struct dirent *de;
	json_t *names;
	int r = 0;

	if (!dir)
		return nsi_state_root_failed("storage", LIB_DIR, warn);
	runfd = nsi_state_open_root(roots->sysroot, RUN_DIR);
	names = load_names(dirfd(dir));
	if (!names)
		return -ENOMEM;
	while (r == 0 && (de = readdir(dir)))
		if (nsi_is_full_id(de->d_name, strlen(de->d_name)))
			r = load_one(out, dirfd(dir), runfd, names, de->d_name);
	json_decref(names);
	return r;
}

bool nsi_storage_trusts(const struct nsi_container *c, const char *cgroup_text)
{
	return nsi_cgroup_names_id(cgroup_text, c->id);
}
