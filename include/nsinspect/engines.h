/*
 * The container engines, one entry each in one const table: the name,
 * the reader of the engine's state (one file per engine in
 * src/containers/), the cgroup path patterns that name its containers,
 * and the rule by which a PID read from its state is trusted.  The
 * registry walks the table; adding an engine is one file and one entry.
 *
 * A reader reads only files (never a socket), below roots->sysroot, and
 * puts what it finds into a list of records (nsi_records), which the
 * registry takes in: readers never call the registry.  Unreadable or
 * malformed state is skipped with a debug message; a state directory
 * that exists but may not be read is reported once in @warn.
 */
#ifndef NSINSPECT_ENGINES_H
#define NSINSPECT_ENGINES_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "nsinspect/containers.h"
#include "nsinspect/error.h"

/* Records an engine's reader found, in the order found; each (engine, namespace, id) once. */
struct nsi_records {
	struct nsi_container **v;	/* owned until the registry takes them */
	size_t n, cap;
};

/* The record of (@engine, @ns, @id), made if new (@ns may be NULL); NULL when out of memory. */
struct nsi_container *nsi_records_add(struct nsi_records *r, enum nsi_engine engine, const char *ns, const char *id);

/* Free the records still in @r. */
void nsi_records_done(struct nsi_records *r);

/* Set a string field that is still unset (earlier sources win).  0 or -ENOMEM. */
int nsi_container_set(char **field, const char *value);

void nsi_container_free(struct nsi_container *c);

/* Do (@engine, @ns, @id) name @c?  NULL @ns matches only NULL. */
bool nsi_container_is(const struct nsi_container *c, enum nsi_engine engine, const char *ns, const char *id);

struct nsi_engine_info {
	const char *name;
	/*
	 * Read the engine's state into @out: 0 or -ENOMEM.  NULL for engines
	 * known from cgroup paths only (nspawn, LXC), and for CRI-O, whose
	 * containers/storage is podman's too and is read once, by podman's.
	 */
	int (*load)(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn);
	/* Is a state file's PID still @c's, by the text of its /proc/PID/cgroup? */
	bool (*trusts)(const struct nsi_container *c, const char *cgroup_text);

	/* Cgroup path components that name a container (cgroup.c reads these). */
	const char *const *id_prefixes;	/* "<prefix><64 hex>", optionally with ".scope" */
	const char *machine_prefix;	/* "<prefix><name>": the machine name is the id */
	bool machine_unit;		/* ... only as a systemd scope, "\xNN"-escaped */
	const char *machine_root;	/* "/<root>/<name>" directly below the top: the name is the id */
	const char *bare_id_parent;	/* a bare 64-hex component right below this one */
	bool bare_id_kubepods;		/* a bare 64-hex component below a kubepods slice */
	const char *const *monitors;	/* components that are the engine's monitor: exact, or a prefix ending in '-' or '.' */
};

/* The table, indexed by enum nsi_engine (UNKNOWN has no name and no reader). */
const struct nsi_engine_info *nsi_engine_info(enum nsi_engine e);

/* The readers, their trust rules, and what they do with a state file once it is parsed. */

/* Docker puts the full id in the cgroup: /docker/<id>, docker-<id>.scope. */
bool nsi_docker_trusts(const struct nsi_container *c, const char *cgroup_text);

/*
 * A full id (the CRI plugin's, nerdctl's) anywhere in the cgroup; a short
 * id such as "plain1" only with its namespace before it (ctr's
 * /<namespace>/<id>): the same short id may live in two namespaces.
 */
bool nsi_containerd_trusts(const struct nsi_container *c, const char *cgroup_text);

/* podman and CRI-O put the full id in the cgroup: libpod-<id>.scope, crio-<id>.scope. */
bool nsi_storage_trusts(const struct nsi_container *c, const char *cgroup_text);

/* /var/lib/docker/containers/<id>/config.v2.json */
int nsi_docker_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn);

/* containerd task directories .../io.containerd.runtime.v2.task/<namespace>/<id>/ */
int nsi_containerd_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn);

/* containers/storage, shared by podman and CRI-O */
int nsi_storage_load(const struct nsi_engine_roots *roots, struct nsi_records *out, struct nsi_error *warn);

/*
 * Fill @c from the annotations of an OCI runtime spec (config.json):
 * the CRI keys of containerd and of CRI-O, which give the pod, the
 * container's name and image, and whether it is a pod's sandbox.
 */
int nsi_oci_annotations(struct nsi_container *c, const json_t *spec);

/*
 * Split out of the readers so that tests/fuzz can feed them any JSON
 * without a state tree on disk.  Malformed input is skipped as the
 * readers skip it; they return 0 or -ENOMEM.
 */

/* The data root daemon.json names ("data-root", or the old "graph"), or NULL. */
const char *nsi_docker_data_root(const json_t *daemon_json);

/* Add Docker container @id from its config.v2.json @conf (skipped unless its "ID" is @id). */
int nsi_docker_add_config(struct nsi_records *out, const char *id, const json_t *conf);

/*
 * Add containerd task @id of namespace @ns ("moby" is Docker's) from its
 * OCI spec and init.pid (@pid 0: none readable).
 */
int nsi_containerd_add_task(struct nsi_records *out, const char *ns, const char *id, const json_t *spec, pid_t pid);

/* containers.json (an array; anything else gives an empty index) as an object keyed by id; NULL on ENOMEM. */
json_t *nsi_storage_index_names(const json_t *list);

/* NSI_ENGINE_PODMAN or NSI_ENGINE_CRIO from a spec's annotations; UNKNOWN for anything else. */
enum nsi_engine nsi_storage_engine(const json_t *spec);

/*
 * Add container @id from its spec, its entry in @names (from
 * nsi_storage_index_names) and its pidfile (@pid 0: none); a spec that is
 * neither podman's nor CRI-O's is skipped.
 */
int nsi_storage_add_container(struct nsi_records *out, const json_t *names, const char *id, const json_t *spec,
			      pid_t pid);

/* Move every record of @r into the registry (tests/fuzz); 0 or -ENOMEM. */
int nsi_containers_take(struct nsi_containers *cs, struct nsi_records *r);

#endif
