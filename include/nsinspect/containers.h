/*
 * Containers, named from the engines' state on disk and from cgroup
 * paths, never from a daemon: the moment an operator needs this is when
 * the daemon hangs.  Each engine's reader (src/containers/, listed in
 * the table of engines.h) makes records; the registry takes them in and
 * then checks every PID a state file gives by the engine's trust rule,
 * so that a stale file cannot name a stranger.
 *
 * A container is known by (engine, engine namespace, id): containerd
 * keeps the same id apart in each of its namespaces ("default",
 * "k8s.io", ...), and so does the registry.
 *
 * A process belongs to a container when it is the container's checked
 * PID or when its cgroup path names the container.  A namespace belongs
 * to the container of its lowest-PID process, or for a network namespace
 * no process is in, to the container whose bind mount holds it.
 */
#ifndef NSINSPECT_CONTAINERS_H
#define NSINSPECT_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum nsi_engine {
	NSI_ENGINE_UNKNOWN,	/* a container id in a cgroup path no engine claims */
	NSI_ENGINE_DOCKER,
	NSI_ENGINE_CONTAINERD,
	NSI_ENGINE_CRIO,
	NSI_ENGINE_PODMAN,
	NSI_ENGINE_NSPAWN,
	NSI_ENGINE_LXC,
	NSI_NENGINES,
};

/* "docker", "containerd", "cri-o", "podman", "nspawn", "lxc"; NULL for unknown. */
const char *nsi_engine_name(enum nsi_engine e);

/* The engine called @name (its length @len), or NSI_NENGINES. */
enum nsi_engine nsi_engine_from_name(const char *name, size_t len);

struct nsi_container {
	enum nsi_engine engine;
	char *engine_ns;	/* containerd's namespace ("default", "k8s.io"); NULL for other engines */
	char *id;		/* full id; nspawn and LXC: the machine name */
	char *name;		/* NULL when only a cgroup path told us of it */
	char *image;
	char *pod;		/* Kubernetes pod name and namespace */
	char *pod_namespace;
	char *netns_path;	/* Docker: the nsfs bind mount of its network namespace */
	pid_t pid;		/* its init process; 0 unknown, not running or not trusted */
	bool sandbox;		/* a pod's infrastructure ("pause") container */
	bool from_state;	/* read from an engine's state, not only a cgroup path */
	struct nsi_container *hash_next;	/* item in the registry's hash bucket */
};

/* Where the engines keep their state on the inspected system. */
struct nsi_engine_roots {
	const char *sysroot;		/* prefix of every path, NULL for / */
	const char *docker_root;	/* Docker's data-root; NULL: daemon.json or /var/lib/docker */
};

/*
 * What a user types for a container: [ENGINE:][NAMESPACE/]NAME.  NAME is
 * a name, a full id or an id prefix; NAMESPACE is containerd's namespace
 * or the pod's Kubernetes namespace.
 */
struct nsi_container_ref {
	enum nsi_engine engine;	/* NSI_ENGINE_UNKNOWN: any */
	const char *scope;	/* NAMESPACE, scope_len bytes (not NUL-terminated); NULL: any */
	size_t scope_len;
	const char *name;
};

struct nsi_containers;

int nsi_containers_new(struct nsi_containers **ret);
struct nsi_containers *nsi_containers_free(struct nsi_containers *cs);

/*
 * Read every engine's state below @roots, then check each container's
 * PID through @procfd (the inspected /proc).  Unreadable or corrupt state
 * is skipped (with a debug message); an engine whose state exists but
 * may not be read leaves a warning (nsi_containers_warnings).  Only
 * -ENOMEM is returned.
 */
int nsi_containers_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots, int procfd);

/* One line per engine whose state could not be read ("docker: ..., ignoring"). */
const char *const *nsi_containers_warnings(const struct nsi_containers *cs, size_t *ret_count);

/* How many containers have a checked, running init process. */
size_t nsi_containers_running(const struct nsi_containers *cs);

/*
 * Find the containers @ref names: exact names and ids first, else id
 * prefixes.  Returns 0 with *ret for exactly one; -ENOENT for none;
 * -EEXIST for several, with *ret_matches (the caller frees the array)
 * and *ret_nmatches; -ENOMEM.
 */
int nsi_containers_find(const struct nsi_containers *cs, const struct nsi_container_ref *ref,
			const struct nsi_container **ret, const struct nsi_container ***ret_matches,
			size_t *ret_nmatches);

/*
 * "web1 (docker 4181ec837aed)", "plain1 (containerd team2/plain1)",
 * "nginx (containerd k8s.io/123456789abc, pod shop/web-0)", for
 * messages; returns @buf.
 */
const char *nsi_container_describe(const struct nsi_container *c, char *buf, size_t size);

/* The REF that names @c alone: "containerd:team2/plain1", "docker:web1". */
const char *nsi_container_qualified(const struct nsi_container *c, char *buf, size_t size);

/* What names @c in tables and labels: its name, else its id. */
const char *nsi_container_label(const struct nsi_container *c);

/*
 * Is @c's PID (@c of @cs) still @c's, by its engine's trust rule on the
 * process's cgroup?  Callers that pinned the PID with a pidfd ask again, since the
 * PID may have been reused since the load.
 */
bool nsi_container_pid_is_current(const struct nsi_containers *cs, const struct nsi_container *c, int procfd);

/*
 * The container process @pid is in, or NULL (a host process or unknown).
 * Reads /proc/PID/cgroup unless @pid is a container's init process; a
 * container known only from the cgroup path is added to the registry,
 * with @pid as its process (ask in PID order to get its lowest).
 */
const struct nsi_container *nsi_containers_of_process(struct nsi_containers *cs, int procfd, pid_t pid);

/*
 * nsi_containers_of_process() in two steps, for callers that read many
 * processes in parallel.  The read, safe in several threads while
 * nothing changes @cs: the text of /proc/PID/cgroup (free() it), or NULL
 * when @pid is a container's init process or its cgroup cannot be read.
 * Then, in one thread and in PID order, the container from that text.
 */
char *nsi_containers_read_cgroup(const struct nsi_containers *cs, int procfd, pid_t pid);
const struct nsi_container *nsi_containers_of_read_cgroup(struct nsi_containers *cs, pid_t pid, const char *text);

/*
 * nsi_containers_of_process() for the text of /proc/PID/cgroup already
 * read (NUL-terminated); public for tests/fuzz.
 */
const struct nsi_container *nsi_containers_of_cgroup_text(struct nsi_containers *cs, const char *text, pid_t pid);

/* The container whose network namespace is bind-mounted at @path, or NULL. */
const struct nsi_container *nsi_containers_of_netns_path(const struct nsi_containers *cs, const char *path);

#endif
