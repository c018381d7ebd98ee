/*
 * Small helpers shared by every module: cleanup attributes for local
 * resources, ownership transfer, and the one definition of which errors
 * mean "this process went away or is hidden from us" during a /proc walk.
 */
#ifndef NSINSPECT_UTIL_H
#define NSINSPECT_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline void nsi_freep(void *p)
{
	free(*(void **)p);
}

static inline void nsi_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void nsi_closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

static inline void nsi_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_ __attribute__((cleanup(nsi_freep)))
#define _cleanup_close_ __attribute__((cleanup(nsi_closep)))
#define _cleanup_closedir_ __attribute__((cleanup(nsi_closedirp)))
#define _cleanup_fclose_ __attribute__((cleanup(nsi_fclosep)))

/* Hand a cleanup-owned pointer or fd on to the caller. */
#define TAKE_PTR(p)                          \
	({                                   \
		__typeof__(p) _tp = (p);     \
		(p) = NULL;                  \
		_tp;                         \
	})
#define TAKE_FD(fd)                          \
	({                                   \
		int _tf = (fd);              \
		(fd) = -1;                   \
		_tf;                         \
	})

/*
 * Errors that a /proc walk must tolerate: the process exited (ENOENT,
 * ESRCH) or the kernel will not show it to us (EACCES, EPERM).  Callers
 * skip the process; only the "hidden" kind is counted and reported.
 */
static inline bool nsi_errno_is_gone(int r)
{
	return r == -ENOENT || r == -ESRCH;
}

static inline bool nsi_errno_is_denied(int r)
{
	return r == -EACCES || r == -EPERM;
}

static inline bool nsi_errno_is_tolerated(int r)
{
	return nsi_errno_is_gone(r) || nsi_errno_is_denied(r);
}

/*
 * Parse a whole decimal unsigned number; no sign, no spaces, no trailing
 * text.  Returns 0 or -EINVAL / -ERANGE; *ret is written only on success.
 */
int nsi_parse_u64(const char *s, unsigned long long *ret);

/* Parse a PID: a decimal number 1..INT_MAX.  0 or -EINVAL / -ERANGE. */
int nsi_parse_pid(const char *s, pid_t *ret);

/*
 * Read from @fd until EOF or @size bytes, retrying short reads (a pipe,
 * a FIFO, a proc file larger than one read gives).  Length or -errno.
 */
ssize_t nsi_read_all(int fd, char *buf, size_t size);

/*
 * Read a small file below a directory fd into a NUL-terminated buffer of
 * at most bufsz-1 bytes, in one read(): a process's /proc files that we
 * read (stat, cmdline, comm, cgroup) give all they have at once when the
 * buffer is big enough, as a fixture's regular files do, so the read
 * that would return 0 is saved (one system call in four per file).
 * Returns the length or -errno.
 */
ssize_t nsi_read_file_at(int dirfd, const char *path, char *buf, size_t bufsz);

/*
 * Open @path below @dirfd for reading only if it is a regular file (not
 * a symlink) of at most @max bytes: a file of a /proc dump (--sysroot),
 * where a FIFO would hang the open or the read and opening a device
 * could disturb it.  It is looked at through O_PATH first, and opened
 * non-blocking.  The fd, or -errno (-EINVAL not regular, -EFBIG too big).
 */
int nsi_open_regular_at(int dirfd, const char *path, off_t max);

/* nsi_read_file_at() for a file of a /proc dump: a regular file only (nsi_open_regular_at()). */
ssize_t nsi_read_regular_at(int dirfd, const char *path, char *buf, size_t bufsz);

/*
 * A file below a proc root @procfd: nsi_read_file_at() on the live
 * /proc, nsi_read_regular_at() on a @dump, whose files may be anything.
 */
ssize_t nsi_read_proc_file_at(int procfd, bool dump, const char *path, char *buf, size_t bufsz);

/* Length of the valid UTF-8 sequence at @s (at most @n bytes, n > 0), 0 if invalid. */
size_t nsi_utf8_seq_len(const unsigned char *s, size_t n);

/* The code point of the valid @len-byte UTF-8 sequence at @s. */
uint32_t nsi_utf8_code_point(const unsigned char *s, size_t len);

/*
 * Whether the valid @len-byte UTF-8 sequence at @s must not reach a
 * terminal raw: a C0 or C1 control, DEL, or a format character that
 * reorders or hides text (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO
 * WIDTH SPACE, ...).
 */
bool nsi_utf8_is_unsafe(const unsigned char *s, size_t len);

/*
 * Flush @out: 0, or the -errno of the write that failed (ENOSPC for a
 * full disk, EPIPE), EIO when the stream no longer knows.
 */
int nsi_flush_output(FILE *out);

/*
 * How nsi_put_escaped() writes text from outside (names from state
 * files, cgroup paths, arguments) into a format with rules of its own.
 */
struct nsi_escape {
	const char *backslashed;	/* bytes written with a backslash before them: the format's quotes */
	bool newline_as_n;		/* a newline as the two characters \n */
	bool invalid_as_fffd;		/* bytes that are not UTF-8 as U+FFFD, not as \xHH */
	const char *hex_prefix;		/* before the two hex digits of a control byte: "\\x" */
	bool backslash_x_as_hex;	/* a backslash before 'x' as hex too, so \\x text is never ambiguous */
	bool unprintable_as_hex;	/* and what the locale cannot print (iswprint), as libsmartcols would */
};

/*
 * Write @s to @out by @how: control characters (C0, DEL, C1), format
 * characters (nsi_utf8_is_unsafe()) and bytes that are not UTF-8 never
 * reach the output raw, so a name can neither
 * drive the terminal that shows it nor break the format around it.
 */
void nsi_put_escaped(FILE *out, const char *s, const struct nsi_escape *how);

/* nsi_put_escaped() of the @n bytes at @s. */
void nsi_put_escaped_n(FILE *out, const char *s, size_t n, const struct nsi_escape *how);

/* Seconds on CLOCK_MONOTONIC since @start (taken from the same clock). */
double nsi_seconds_since(const struct timespec *start);

#endif
