/*
 * Safe reads of engine state files (see statefile.h).  openat2() with
 * RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH makes "a symlink that points out
 * of the state directory" an error in the kernel, for every component;
 * where openat2() is missing (before Linux 5.6) O_NOFOLLOW still refuses
 * a symlink as the last component, which is where engines keep files.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "nsinspect/debug.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

/* The kernel's PID_MAX_LIMIT: no PID is larger on any configuration. */
#define PID_MAX_LIMIT 4194304
/* A pid file is a number and a newline; anything longer is not one. */
#define PID_FILE_MAX 32

int nsi_state_open_root(const char *sysroot, const char *path)
{
	_cleanup_free_ char *full = NULL;
	int fd;

	if (asprintf(&full, "%s%s", sysroot ? sysroot : "", path) < 0)
		return -ENOMEM;
	fd = open(full, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int nsi_state_openat(int dirfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK),
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH,
	};
	static int have_openat2 = 1;
	int fd;

	if (have_openat2) {
		fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		have_openat2 = 0;
	}
	fd = openat(dirfd, rel, (int)how.flags | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

/* A directory stream on @fd, which it takes over. */
static DIR *dir_from_fd(int fd)
{
	DIR *dir;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	dir = fdopendir(fd);
	if (!dir)
		close(fd);
	return dir;
}

DIR *nsi_state_opendir_root(const char *sysroot, const char *path)
{
	return dir_from_fd(nsi_state_open_root(sysroot, path));
}

int nsi_state_root_failed(const char *engine, const char *path, struct nsi_error *warn)
{
	int err = errno;

	DBG(CONTAINER, "%s: %s: %s", engine, path, strerror(err));
	if (err != ENOENT && err != ENOTDIR && warn->code == 0)
		nsi_error_set(warn, -err, "cannot read %s: %s", path, strerror(err));
	return 0;
}

DIR *nsi_state_opendir_at(int dirfd, const char *rel)
{
	return dir_from_fd(nsi_state_openat(dirfd, rel, O_RDONLY | O_DIRECTORY));
}

/* Read a whole regular file of at most @max bytes into a NUL-terminated buffer. */
static ssize_t read_regular(int dirfd, const char *rel, size_t max, char **ret)
{
	_cleanup_close_ int fd = nsi_state_openat(dirfd, rel, O_RDONLY);
	_cleanup_free_ char *buf = NULL;
	ssize_t len;
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((size_t)st.st_size > max)
		return -EFBIG;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	/* the file may change under us: never read past the size we allocated */
	len = nsi_read_all(fd, buf, (size_t)st.st_size);
	if (len < 0)
		return len;
	buf[len] = '\0';
	*ret = TAKE_PTR(buf);
	return len;
}

int nsi_state_parse_json(const char *buf, size_t len, const char *name, json_t **ret)
{
	json_error_t jerr;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);

	if (!j) {
		DBG(CONTAINER, "%s: invalid JSON: %s (line %d)", name, jerr.text, jerr.line);
		return -EINVAL;
	}
	*ret = j;
	return 0;
}

int nsi_state_load_json(int dirfd, const char *rel, json_t **ret)
{
	_cleanup_free_ char *buf = NULL;
	ssize_t len = read_regular(dirfd, rel, NSI_STATE_MAX_SIZE, &buf);

	if (len < 0)
		return (int)len;
	return nsi_state_parse_json(buf, (size_t)len, rel, ret);
}

int nsi_parse_pid_file(const char *text, size_t len, pid_t *ret)
{
	char buf[PID_FILE_MAX + 1];
	pid_t pid;

	/* a NUL would end the number early and hide what follows it */
	if (len > PID_FILE_MAX || memchr(text, '\0', len))
		return -EINVAL;
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (nsi_parse_pid(buf, &pid) < 0 || pid > PID_MAX_LIMIT)
		return -EINVAL;
	*ret = pid;
	return 0;
}

int nsi_state_read_pid(int dirfd, const char *rel, pid_t *ret)
{
	_cleanup_free_ char *buf = NULL;
	ssize_t len = read_regular(dirfd, rel, PID_FILE_MAX, &buf);

	if (len < 0)
		return (int)len;
	return nsi_parse_pid_file(buf, (size_t)len, ret);
}

const char *nsi_json_string(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int nsi_is_full_id(const char *s, size_t len)
{
	if (len != 64)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}
