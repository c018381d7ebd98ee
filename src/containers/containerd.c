/*
 * containerd's task directories, one per running task:
 * <state>/io.containerd.runtime.v2.task/<namespace>/<id>/ with init.pid
 * (written by the shim) and config.json (the OCI spec, whose annotations
 * carry the Kubernetes pod for the CRI namespace "k8s.io").  Docker's
 * own containerd keeps them under /run/docker/containerd/daemon with the
 * namespace "moby": those are Docker's containers and add only the PID.
 * A plain `ctr run` container has no name but its id, so the id is its
 * name.
 */
#include <dirent.h>
#include <string.h>

#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

static const char *const task_roots[] = {
	"/run/containerd/io.containerd.runtime.v2.task",
	"/run/docker/containerd/daemon/io.containerd.runtime.v2.task",
	"/run/k3s/containerd/io.containerd.runtime.v2.task",	/* k3s and rke2's embedded containerd */
};

int nsi_containerd_add_task(struct nsi_containers *cs, const char *ns, const char *id, const json_t *spec,
			    pid_t pid)
{
	enum nsi_engine engine = strcmp(ns, "moby") == 0 ? NSI_ENGINE_DOCKER : NSI_ENGINE_CONTAINERD;
	struct nsi_container *c;
	int r;

	if (!json_is_object(spec)) {
		DBG(CONTAINER, "containerd: %s/%s/config.json: skipped: not an object", ns, id);
		return 0;
	}
	c = nsi_containers_add(cs, engine, id);
	r = c ? nsi_oci_annotations(c, spec) : -ENOMEM;
	if (r < 0)
		return r;
	if (!c->pid)
		c->pid = pid;
	if (engine == NSI_ENGINE_CONTAINERD)
		return nsi_container_set(&c->name, id);
	return 0;
}

static int load_task(struct nsi_containers *cs, int nsfd, const char *ns, const char *id)
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
	r = nsi_containerd_add_task(cs, ns, id, spec, pid);
	json_decref(spec);
	return r;
}

static int load_namespace(struct nsi_containers *cs, int rootfd, const char *ns)
{
	_cleanup_closedir_ DIR *dir = nsi_state_opendir_at(rootfd, ns);
	struct dirent *de;

	if (!dir)
		return 0;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.' && load_task(cs, dirfd(dir), ns, de->d_name) < 0)
			return -ENOMEM;
	return 0;
}

static int load_root(struct nsi_containers *cs, const char *sysroot, const char *path)
{
	_cleanup_closedir_ DIR *dir = nsi_state_opendir_root(sysroot, path);
	struct dirent *de;

	if (!dir) {
		DBG(CONTAINER, "containerd: %s: %m", path);
		return 0;
	}
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.' && load_namespace(cs, dirfd(dir), de->d_name) < 0)
			return -ENOMEM;
	return 0;
}

int nsi_containerd_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots)
{
	for (size_t i = 0; i < ARRAY_SIZE(task_roots); i++)
		if (load_root(cs, roots->sysroot, task_roots[i]) < 0)
			return -ENOMEM;
	return 0;
}
