/*
 * The engines' state readers, one per file in src/containers/.  Each
 * reads only files (never a socket), below roots->sysroot, adds what it
 * finds with nsi_containers_add() and skips whatever is unreadable or
 * malformed with a debug message.  They return 0 or -ENOMEM.
 */
#ifndef NSINSPECT_ENGINES_H
#define NSINSPECT_ENGINES_H

#include <jansson.h>
#include <sys/types.h>

#include "nsinspect/containers.h"

/* /var/lib/docker/containers/<id>/config.v2.json */
int nsi_docker_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots);

/* containerd task directories .../io.containerd.runtime.v2.task/<namespace>/<id>/ */
int nsi_containerd_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots);

/* containers/storage, shared by podman and CRI-O */
int nsi_storage_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots);

/*
 * Fill @c from the annotations of an OCI runtime spec (config.json):
 * the CRI keys of containerd and of CRI-O, which give the pod, the
 * container's name and image, and whether it is a pod's sandbox.
 */
int nsi_oci_annotations(struct nsi_container *c, const json_t *spec);

/*
 * What the readers above do with a state file once it is parsed, split
 * out so that tests/fuzz can feed them any JSON without a state tree on
 * disk.  Malformed input is skipped as the readers skip it; they return
 * 0 or -ENOMEM.
 */

/* The data root daemon.json names ("data-root", or the old "graph"), or NULL. */
const char *nsi_docker_data_root(const json_t *daemon_json);

/* Add Docker container @id from its config.v2.json @conf (skipped unless its "ID" is @id). */
int nsi_docker_add_config(struct nsi_containers *cs, const char *id, const json_t *conf);

/*
 * Add containerd task @id of namespace @ns ("moby" is Docker's) from its
 * OCI spec and init.pid (@pid 0: none readable).
 */
int nsi_containerd_add_task(struct nsi_containers *cs, const char *ns, const char *id, const json_t *spec,
			    pid_t pid);

/* containers.json (an array; anything else gives an empty index) as an object keyed by id; NULL on ENOMEM. */
json_t *nsi_storage_index_names(const json_t *list);

/* NSI_ENGINE_PODMAN or NSI_ENGINE_CRIO from a spec's annotations; UNKNOWN for anything else. */
enum nsi_engine nsi_storage_engine(const json_t *spec);

/*
 * Add container @id from its spec, its entry in @names (from
 * nsi_storage_index_names) and its pidfile (@pid 0: none); a spec that is
 * neither podman's nor CRI-O's is skipped.
 */
int nsi_storage_add_container(struct nsi_containers *cs, const json_t *names, const char *id, const json_t *spec,
			      pid_t pid);

#endif
