/*
 * containerd's task directories, one per running task:
 * <state>/io.containerd.runtime.v2.task/<namespace>/<id>/ with init.pid
 * (written by the shim) and config.json (the OCI spec, whose annotations
 * carry the Kubernetes pod for the CRI namespace "k8s.io").  A task is
 * known by its namespace and id: `ctr -n team2 run ... plain1` and
 * `ctr -n default run ... plain1` are two containers.  Docker's own
 * containerd keeps them under /run/docker/containerd/daemon with the
 * namespace "moby": those are Docker's containers and add only the PID.
 * A plain `ctr run` container has no name but its id, so the id is its
 * name.
 */
#include <dirent.h>
#include <string.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

static const char *const task_roots[] = {
	"/run/containerd/io.containerd.runtime.v2.task",
	"/run/docker/containerd/daemon/io.containerd.runtime.v2.task",
	"/run/k3s/containerd/io.containerd.runtime.v2.task",	/* k3s and rke2's embedded containerd */
};

int nsi_containerd_add_task(struct nsi_records *out, const char *ns, const char *id, const json_t *spec, pid_t pid)
{
	bool moby = strcmp(ns, "moby") == 0;
	struct nsi_container *c;
	int r;

	if (!json_is_object(spec)) {
		DBG(CONTAINER, "containerd: %s/%s/config.json: skipped: not an object", ns, id);
		return 0;
	}
	/* Docker's tasks are its containers: the same record as its config's */
	c = moby ? nsi_records_add(out, NSI_ENGINE_DOCKER, NULL, id) : nsi_records_add(out, NSI_ENGINE_CONTAINERD, ns, id);
	r = c ? nsi_oci_annotations(c, spec) : -ENOMEM;
	if (r < 0)
		return r;
	c->pid = pid;
	if (!moby)
		return nsi_container_set(&c->name, id);
	return 0;
}

static int load_task(struct nsi_records *out, int nsfd, const char *ns, const char *id)
{
	char rel[NAME_MAX + 32];
	json_t *spec = NULL;
	pid_t pid = 0;
	int r;

	snprintf(rel, sizeof(rel), "%s/config.json", id);
	r = nsi_state_load_json(nsfd, rel, &spec);
	if (r < 0) {
		DBG(CONTAINER, "containerd: %s/%s: skipped: %s", ns, rel, strerror(-r));
		return 0;
	}
	if (json_is_object(spec)) {
		snprintf(rel, sizeof(rel), "%s/init.pid", id);
		r = nsi_state_read_pid(nsfd, rel, &pid);
		if (r < 0)
			DBG(CONTAINER, "containerd: %s/%s: %s", ns, rel, strerror(-r));
	}
	r = nsi_containerd_add_task(out, ns, id, spec, pid);
	json_decref(spec);
	return r;
}

static int load_namespace(struct nsi_records *out, int rootfd, const char *ns)
{
	_cleanup_closedir_ DIR *dir = nsi_state_opendir_at(rootfd, ns);
	struct dirent *de;

	if (!dir)
		return 0;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.' && load_task(out, dirfd(dir), ns, de->d_name) < 0)
			return -ENOMEM;
	return 0;
}

static int load_root(struct nsi_records *out, const char *sysroot, const char *path, struct nsi_error *warn)
{
	_cleanup_closedir_ DIR *dir = nsi_state_opendir_root(sysroot, path);
	struct dirent *de;

	if (!dir)
		return nsi_state_root_failed("containerd", path, warn);
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.' && load_namespace(out, dirfd(dir), de->d_name) < 0)
			return -ENOMEM;
	return 0;
}

int nsi_containerd_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn)
{
	for (size_t i = 0; i < ARRAY_SIZE(task_roots); i++)
		if (load_root(out, roots->sysroot, task_roots[i], warn) < 0)
			return -ENOMEM;
	return 0;
}

bool nsi_containerd_trusts(const struct nsi_container *c, const char *cgroup_text)
{
	if (nsi_is_full_id(c->id, strlen(c->id)))
		return nsi_cgroup_names_id(cgroup_text, c->id);
	return c->engine_ns && nsi_cgroup_names_pair(cgroup_text, c->engine_ns, c->id);
}
