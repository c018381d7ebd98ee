/*
 * The engines' state readers, one per file in src/containers/.  Each
 * reads only files (never a socket), below roots->sysroot, adds what it
 * finds with nsi_containers_add() and skips whatever is unreadable or
 * malformed with a debug message.  They return 0 or -ENOMEM.
 */
#ifndef NSINSPECT_ENGINES_H
#define NSINSPECT_ENGINES_H

#include <jansson.h>

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

#endif
