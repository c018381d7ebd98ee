/*
 * The table of engines (engines.h).  A PID from a state file counts only
 * while the process's cgroup still names the container, because the
 * file outlives the container when the daemon that should update it is
 * stuck, and the PID may be reused by then; what "names" means is each
 * engine's, and its reader's file says (nsi_docker_trusts, ...).
 */
#include <string.h>

#include "nsinspect/engines.h"

static const char *const docker_ids[] = { "docker-", NULL };
static const char *const containerd_ids[] = { "cri-containerd-", "nerdctl-", NULL };
static const char *const crio_ids[] = { "crio-", NULL };
static const char *const crio_monitors[] = { "crio-conmon-", "conmon", NULL };
static const char *const podman_ids[] = { "libpod-", NULL };
static const char *const podman_monitors[] = { "libpod-conmon-", "conmon", NULL };
static const char *const nspawn_monitors[] = { "supervisor", NULL };
static const char *const lxc_monitors[] = { "lxc.monitor.", NULL };

static const struct nsi_engine_info engines[NSI_NENGINES] = {
	[NSI_ENGINE_UNKNOWN] = { .name = NULL },
	/* first: Docker's names win over the ids of its moby task directories */
	[NSI_ENGINE_DOCKER] = { .name = "docker", .load = nsi_docker_load, .trusts = nsi_docker_trusts,
				.id_prefixes = docker_ids, .bare_id_parent = "docker" },
	[NSI_ENGINE_CONTAINERD] = { .name = "containerd", .load = nsi_containerd_load, .trusts = nsi_containerd_trusts,
				    .id_prefixes = containerd_ids, .bare_id_kubepods = true },
	[NSI_ENGINE_CRIO] = { .name = "cri-o", .trusts = nsi_storage_trusts, .id_prefixes = crio_ids,
			      .monitors = crio_monitors },
	[NSI_ENGINE_PODMAN] = { .name = "podman", .load = nsi_storage_load, .trusts = nsi_storage_trusts,
				.id_prefixes = podman_ids, .monitors = podman_monitors },
	[NSI_ENGINE_NSPAWN] = { .name = "nspawn", .machine_prefix = "machine-", .machine_unit = true,
				.monitors = nspawn_monitors },
	[NSI_ENGINE_LXC] = { .name = "lxc", .machine_prefix = "lxc.payload.", .machine_root = "lxc",
			     .monitors = lxc_monitors },
};

const struct nsi_engine_info *nsi_engine_info(enum nsi_engine e)
{
	return e >= 0 && e < NSI_NENGINES ? &engines[e] : &engines[NSI_ENGINE_UNKNOWN];
}

const char *nsi_engine_name(enum nsi_engine e)
{
	return nsi_engine_info(e)->name;
}

enum nsi_engine nsi_engine_from_name(const char *name, size_t len)
{
	for (int e = 0; e < NSI_NENGINES; e++)
		if (engines[e].name && strlen(engines[e].name) == len && strncmp(engines[e].name, name, len) == 0)
			return (enum nsi_engine)e;
	return NSI_NENGINES;
}
