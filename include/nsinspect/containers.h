/*
 * Containers, named from the engines' state on disk and from cgroup
 * paths, never from a daemon: the moment an operator needs this is when
 * the daemon hangs.  Each engine's reader (src/containers/) fills records
 * in one registry; the registry then checks every PID a state file gives
 * against the process's cgroup, so a stale file cannot name a stranger.
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

struct nsi_container {
	enum nsi_engine engine;
	char *id;		/* full id; nspawn and LXC: the machine name */
	char *name;		/* NULL when only a cgroup path told us of it */
	char *image;
	char *pod;		/* Kubernetes pod name and namespace */
	char *pod_namespace;
	char *netns_path;	/* Docker: the nsfs bind mount of its network namespace */
	pid_t pid;		/* its init process; 0 unknown, not running or not trusted */
	bool sandbox;		/* a pod's infrastructure ("pause") container */
	bool from_state;	/* read from an engine's state, not only a cgroup path */
	struct nsi_container *hash_next;
};

/* Where the engines keep their state on the inspected system. */
struct nsi_engine_roots {
	const char *sysroot;		/* prefix of every path, NULL for / */
	const char *docker_root;	/* Docker's data-root; NULL: daemon.json or /var/lib/docker */
};

struct nsi_containers;

int nsi_containers_new(struct nsi_containers **ret);
struct nsi_containers *nsi_containers_free(struct nsi_containers *cs);

/*
 * Read every engine's state below @roots, then check each container's
 * PID through @procfd (the inspected /proc).  Unreadable or corrupt state
 * is skipped (with a debug message); only -ENOMEM is returned.
 */
int nsi_containers_load(struct nsi_containers *cs, const struct nsi_engine_roots *roots, int procfd);

/* How many containers have a checked, running init process. */
size_t nsi_containers_running(const struct nsi_containers *cs);

/*
 * Find the container a user means: a name, a full id or a unique id
 * prefix (any engine).  Returns 0 with *ret set; -ENOENT; or -EEXIST
 * when @ref is ambiguous, with *ret_matches (caller frees the array) and
 * *ret_nmatches listing the candidates.  -ENOMEM.
 */
int nsi_containers_find(const struct nsi_containers *cs, const char *ref, const struct nsi_container **ret,
			const struct nsi_container ***ret_matches, size_t *ret_nmatches);

/*
 * nsi_containers_find() for a container that must be running (-c,
 * --enter).  Returns 0, or -ENOENT / -EEXIST / -ESRCH (not running) /
 * -ENOMEM with *ret_why set to a one-line message for the user, which
 * the caller frees.
 */
int nsi_containers_find_running(const struct nsi_containers *cs, const char *ref, const struct nsi_container **ret,
				char **ret_why);

/* "web1 (docker 4181ec837aed)", for messages; returns @buf. */
const char *nsi_container_describe(const struct nsi_container *c, char *buf, size_t size);

/*
 * Is @c's PID still in @c's cgroup?  Callers that pinned the PID with a
 * pidfd ask again, since the PID may have been reused since the load.
 */
bool nsi_container_pid_is_current(const struct nsi_container *c, int procfd);

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

/* For the engines' readers: the record of (@engine, @id), made if new; NULL on ENOMEM. */
struct nsi_container *nsi_containers_add(struct nsi_containers *cs, enum nsi_engine engine, const char *id);

/* Set a string field that is still unset (earlier sources win).  0 or -ENOMEM. */
int nsi_container_set(char **field, const char *value);

#endif
