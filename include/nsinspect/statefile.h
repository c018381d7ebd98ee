/*
 * Reading container engines' state files safely.  Those files are
 * written by daemons we do not trust to be sane at the moment we look
 * (that is why we look), and by anyone who can write below them: every
 * path below a state root is resolved without following symlinks, every
 * file has a size limit, and nothing here blocks on a FIFO.
 */
#ifndef NSINSPECT_STATEFILE_H
#define NSINSPECT_STATEFILE_H

#include <dirent.h>
#include <jansson.h>
#include <sys/types.h>

#include "nsinspect/error.h"

/* Larger state files are skipped: containers.json of ~10,000 containers fits. */
#define NSI_STATE_MAX_SIZE (16 * 1024 * 1024)

/*
 * Open a state root such as "<sysroot>/var/lib/docker/containers" (the
 * root itself may be reached through symlinks, as /var/run is).
 * Returns a directory fd or -errno.
 */
int nsi_state_open_root(const char *sysroot, const char *path);

/* Open a state root directory for reading entries (NULL, errno set, when it cannot). */
DIR *nsi_state_opendir_root(const char *sysroot, const char *path);

/*
 * A state root of @engine that could not be opened, errno saying why:
 * ENOENT means the engine is not on this system (a debug line); any
 * other reason is put in @warn, unless an earlier root of the engine
 * already is, for the user to see.  Returns 0, for the reader's return.
 */
int nsi_state_root_failed(const char *engine, const char *path, struct nsi_error *warn);

/* Open directory @rel below @dirfd for reading entries, without symlinks. */
DIR *nsi_state_opendir_at(int dirfd, const char *rel);

/*
 * Open @rel below @dirfd without following any symlink and without
 * leaving @dirfd.  @flags as for openat(); O_NONBLOCK is added so that a
 * FIFO planted in a state directory cannot stall us.  fd or -errno.
 */
int nsi_state_openat(int dirfd, const char *rel, int flags);

/*
 * Load a JSON file below @dirfd (see nsi_state_openat).  -EFBIG when it
 * is larger than NSI_STATE_MAX_SIZE, -EINVAL when it is not a regular
 * file or not valid JSON, or another -errno.
 */
int nsi_state_load_json(int dirfd, const char *rel, json_t **ret);

/*
 * Read a pid file (decimal PID, optional trailing newline) below @dirfd.
 * -EINVAL for anything else, including a PID above the kernel's limit.
 */
int nsi_state_read_pid(int dirfd, const char *rel, pid_t *ret);

/*
 * The parsers behind the two readers above, on text already in memory
 * (the fuzz harnesses in tests/fuzz call them directly).  @name only
 * labels the debug message.  Same results as the readers.
 */
int nsi_state_parse_json(const char *buf, size_t len, const char *name, json_t **ret);
int nsi_parse_pid_file(const char *text, size_t len, pid_t *ret);

/* A string member of a JSON object, or NULL (absent, null, not a string). */
const char *nsi_json_string(const json_t *obj, const char *key);

/* Is @s exactly 64 lowercase hex digits, the shape of every engine's full id? */
int nsi_is_full_id(const char *s, size_t len);

#endif
