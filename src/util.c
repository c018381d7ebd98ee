/*
 * Parsing and file helpers used by several modules.  Parsers are strict
 * on purpose: "12abc" is not a PID and "-1" is not an inode, and the
 * caller turns -EINVAL into an error that names the bad value.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

#include "nsinspect/util.h"

int nsi_parse_u64(const char *s, unsigned long long *ret)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*ret = v;
	return 0;
}

int nsi_parse_pid(const char *s, pid_t *ret)
{
	unsigned long long v;
	int r = nsi_parse_u64(s, &v);

	if (r < 0)
		return r;
	if (v == 0)
		return -EINVAL;
	if (v > INT_MAX)
		return -ERANGE;
	*ret = (pid_t)v;
	return 0;
}

ssize_t nsi_read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = read(fd, buf + len, size - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

ssize_t nsi_read_file_at(int dirfd, const char *path, char *buf, size_t bufsz)
{
	_cleanup_close_ int fd = -1;
	ssize_t len;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	do
		len = read(fd, buf, bufsz - 1);
	while (len < 0 && errno == EINTR);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	return len;
}

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 if invalid. */
size_t nsi_utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool nsi_utf8_is_control(const unsigned char *s, size_t len)
{
	return (len == 1 && (s[0] < 0x20 || s[0] == 0x7f)) || (len == 2 && s[0] == 0xc2 && s[1] <= 0x9f);
}

double nsi_seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int nsi_flush_output(FILE *out)
{
	errno = 0;
	if (fflush(out) != 0)
		return errno ? -errno : -EIO;
	return ferror(out) ? -EIO : 0;
}

void nsi_put_escaped(FILE *out, const char *s, const struct nsi_escape *how)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t len = nsi_utf8_seq_len(u, n - i);

		if (len == 0 && how->invalid_as_fffd) {
			fputs("\xef\xbf\xbd", out);
			len = 1;
		} else if (len == 1 && how->backslashed && *u && strchr(how->backslashed, *u)) {
			fprintf(out, "\\%c", *u);
		} else if (len == 1 && *u == '\n' && how->newline_as_n) {
			fputs("\\n", out);
		} else if (len == 0 || nsi_utf8_is_control(u, len)) {
			len = len ? len : 1;
			for (size_t k = 0; k < len; k++)
				fprintf(out, "%s%02x", how->hex_prefix, u[k]);
		} else {
			fwrite(u, 1, len, out);
		}
		i += len;
	}
}
