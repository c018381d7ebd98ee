/*
 * Kubernetes in OCI annotations.  containerd's CRI plugin writes the
 * io.kubernetes.cri.* keys (pkg/cri/annotations); CRI-O writes
 * io.kubernetes.cri-o.* and copies the kubelet's io.kubernetes.pod.*
 * labels.  The kubelet's labels are not in containerd's spec, so the
 * pod comes from the sandbox keys there.  A sandbox (the pod's "pause"
 * container, which holds its network, IPC and UTS namespaces) is named
 * after its pod: that is what crictl pods shows, and what an operator
 * asks for.
 */
#include <errno.h>
#include <string.h>

#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"

struct keys {
	const char *type;	/* "sandbox" or "container" */
	const char *name;
	const char *pod;
	const char *pod_namespace;
	const char *image;
};

static const struct keys cri_keys[] = {
	{ "io.kubernetes.cri.container-type", "io.kubernetes.cri.container-name", "io.kubernetes.cri.sandbox-name",
	  "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.image-name" },
	{ "io.kubernetes.cri-o.ContainerType", "io.kubernetes.container.name", "io.kubernetes.pod.name",
	  "io.kubernetes.pod.namespace", "io.kubernetes.cri-o.ImageName" },
	/* nerdctl keeps its container names here */
	{ NULL, "nerdctl/name", NULL, NULL, NULL },
};

static const char *get(const json_t *annotations, const char *key)
{
	return key ? nsi_json_string(annotations, key) : NULL;
}

int nsi_oci_annotations(struct nsi_container *c, const json_t *spec)
{
	const json_t *ann = json_object_get(spec, "annotations");

	if (!json_is_object(ann))
		return 0;
	for (size_t i = 0; i < sizeof(cri_keys) / sizeof(cri_keys[0]); i++) {
		const struct keys *k = &cri_keys[i];
		const char *type = get(ann, k->type);

		if (type && strcmp(type, "sandbox") == 0) {
			c->sandbox = true;
			if (nsi_container_set(&c->name, get(ann, k->pod)) < 0)
				return -ENOMEM;
		}
		if (nsi_container_set(&c->name, get(ann, k->name)) < 0 ||
		    nsi_container_set(&c->pod, get(ann, k->pod)) < 0 ||
		    nsi_container_set(&c->pod_namespace, get(ann, k->pod_namespace)) < 0 ||
		    nsi_container_set(&c->image, get(ann, k->image)) < 0)
			return -ENOMEM;
	}
	return 0;
}
