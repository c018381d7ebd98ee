/*
 * Docker: <data-root>/containers/<id>/config.v2.json, which dockerd
 * rewrites on every state change.  It names the container, its image and
 * init PID, and the nsfs bind mount of its network namespace.  The PID
 * may be stale when dockerd hung while the container exited; the
 * registry checks it.  The data root is --docker-root, else "data-root"
 * of /etc/docker/daemon.json (what dockerd itself reads), else
 * /var/lib/docker.
 */
#include <dirent.h>
#include <stdint.h>
#include <string.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/debug.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

#define DEFAULT_DATA_ROOT "/var/lib/docker"

const char *nsi_docker_data_root(const json_t *daemon_json)
{
	const char *root = nsi_json_string(daemon_json, "data-root");

	if (!root)
		root = nsi_json_string(daemon_json, "graph");	/* the name before Docker 17.05 */
	return root && root[0] == '/' ? root : NULL;
}

/* The data root in daemon.json, as a copy, or NULL for the default. */
static char *configured_data_root(const char *sysroot)
{
	_cleanup_close_ int etc = nsi_state_open_root(sysroot, "/etc/docker");
	json_t *conf = NULL;
	const char *root;
	char *copy = NULL;

	if (etc < 0 || nsi_state_load_json(etc, "daemon.json", &conf) < 0)
		return NULL;
	root = nsi_docker_data_root(conf);
	if (root)
		copy = strdup(root);
	json_decref(conf);
	return copy;
}

static int fill_container(struct nsi_container *c, const json_t *conf)
{
	const json_t *config = json_object_get(conf, "Config");
	const json_t *state = json_object_get(conf, "State");
	const json_t *labels = json_object_get(config, "Labels");
	const json_t *pid = json_object_get(state, "Pid");
	const char *name = nsi_json_string(conf, "Name");

	if (name && name[0] == '/')
		name++;	/* Docker keeps names with a leading slash */
	if (json_is_true(json_object_get(state, "Running")) && json_is_integer(pid) && json_integer_value(pid) > 0 &&
	    json_integer_value(pid) <= INT32_MAX && !c->pid)
		c->pid = (pid_t)json_integer_value(pid);
	/* Kubernetes' dockershim labelled its containers with the pod */
	if (nsi_container_set(&c->name, name) < 0 ||
	    nsi_container_set(&c->image, nsi_json_string(config, "Image")) < 0 ||
	    nsi_container_set(&c->pod, nsi_json_string(labels, "io.kubernetes.pod.name")) < 0 ||
	    nsi_container_set(&c->pod_namespace, nsi_json_string(labels, "io.kubernetes.pod.namespace")) < 0 ||
	    nsi_container_set(&c->netns_path,
			      nsi_json_string(json_object_get(conf, "NetworkSettings"), "SandboxKey")) < 0)
		return -ENOMEM;
	return 0;
}

int nsi_docker_add_config(struct nsi_records *out, const char *id, const json_t *conf)
{
	struct nsi_container *c;

	if (!json_is_object(conf) || !nsi_json_string(conf, "ID") || strcmp(nsi_json_string(conf, "ID"), id) != 0) {
		DBG(CONTAINER, "docker: %s/config.v2.json: skipped: not a config of container %s", id, id);
		return 0;
	}
	c = nsi_records_add(out, NSI_ENGINE_DOCKER, NULL, id);
	return c ? fill_container(c, conf) : -ENOMEM;
}

static int load_one(struct nsi_records *out, int dirfd, const char *id)
{
	char rel[128];
	json_t *conf = NULL;
	int r;

	snprintf(rel, sizeof(rel), "%s/config.v2.json", id);
	r = nsi_state_load_json(dirfd, rel, &conf);
	if (r < 0) {
		DBG(CONTAINER, "docker: %s: skipped: %s", rel, strerror(-r));
		return 0;
	}
	r = nsi_docker_add_config(out, id, conf);
	json_decref(conf);
	return r;
}

int nsi_docker_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn)
{
	_cleanup_free_ char *configured = roots->docker_root ? NULL : configured_data_root(roots->sysroot);
	_cleanup_free_ char *path = NULL;
	_cleanup_closedir_ DIR *dir = NULL;
	const char *root = roots->docker_root ? roots->docker_root : configured ? configured : DEFAULT_DATA_ROOT;
	struct dirent *de;

	if (asprintf(&path, "%s/containers", root) < 0)
		return -ENOMEM;
	dir = nsi_state_opendir_root(roots->sysroot, path);
	if (!dir)
		return nsi_state_root_failed("docker", path, warn);
	while ((de = readdir(dir))) {
		if (!nsi_is_full_id(de->d_name, strlen(de->d_name)))
			continue;
		if (load_one(out, dirfd(dir), de->d_name) < 0)
			return -ENOMEM;
	}
	return 0;
}

bool nsi_docker_trusts(const struct nsi_container *c, const char *cgroup_text)
{
	return nsi_cgroup_names_id(cgroup_text, c->id);
}
