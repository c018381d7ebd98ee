/*
 * Parsing and file helpers used by several modules.  Parsers are strict
 * on purpose: "12abc" is not a PID and "-1" is not an inode, and the
 * caller turns -EINVAL into an error that names the bad value.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include <sys/stat.h>

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

int nsi_open_regular_at(int dirfd, const char *path, off_t max)
{
	_cleanup_close_ int pathfd = openat(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	char self[32];
	struct stat st;
	int fd;

	if (pathfd < 0)
		return -errno;
	if (fstat(pathfd, &st) < 0)
		return -errno;
	/* a FIFO would block the open or the read; a device could be disturbed by the open */
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (st.st_size > max)
		return -EFBIG;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pathfd);
	fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

/* One read of at most @bufsz - 1 bytes from @fd, which it closes, NUL-terminated. */
static ssize_t read_once(int fd, char *buf, size_t bufsz)
{
	_cleanup_close_ int f = fd;
	ssize_t len;

	do
		len = read(f, buf, bufsz - 1);
	while (len < 0 && errno == EINTR);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	return len;
}

ssize_t nsi_read_regular_at(int dirfd, const char *path, char *buf, size_t bufsz)
{
	/* a longer file is cut at the buffer, as a /proc read is */
	int fd = nsi_open_regular_at(dirfd, path, INT64_MAX);

	return fd < 0 ? fd : read_once(fd, buf, bufsz);
}

ssize_t nsi_read_file_at(int dirfd, const char *path, char *buf, size_t bufsz)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	return fd < 0 ? -errno : read_once(fd, buf, bufsz);
}

ssize_t nsi_read_proc_file_at(int procfd, bool dump, const char *path, char *buf, size_t bufsz)
{
	return dump ? nsi_read_regular_at(procfd, path, buf, bufsz) : nsi_read_file_at(procfd, path, buf, bufsz);
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

uint32_t nsi_utf8_code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = s[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

/*
 * Characters a terminal draws as nothing or that reorder the text around
 * them: Unicode's format characters (category Cf: the bidi embeddings,
 * overrides and isolates such as U+202E, zero-width characters, the BOM,
 * tags) and the line and paragraph separators.  A name made of them could
 * show as another name, or hide the columns after it.
 */
static bool is_format_char(uint32_t c)
{
	static const struct {
		uint32_t first, last;
	} ranges[] = {
		{ 0x00ad, 0x00ad },   { 0x0600, 0x0605 },   { 0x061c, 0x061c },   { 0x06dd, 0x06dd },
		{ 0x070f, 0x070f },   { 0x0890, 0x0891 },   { 0x08e2, 0x08e2 },   { 0x180e, 0x180e },
		{ 0x200b, 0x200f },   { 0x2028, 0x202e },   { 0x2060, 0x2064 },   { 0x2066, 0x206f },
		{ 0xfeff, 0xfeff },   { 0xfff9, 0xfffb },   { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
		{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 },
		{ 0xe0020, 0xe007f },
	};

	if (c < 0xad)
		return false;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (c >= ranges[i].first && c <= ranges[i].last)
			return true;
	return false;
}

bool nsi_utf8_is_unsafe(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	if (len == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return true;	/* C1 */
	return is_format_char(nsi_utf8_code_point(s, len));
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

/* Whether the locale can print the valid multibyte @len-byte sequence at @s (a non-UTF-8 one cannot). */
static bool locale_prints(const unsigned char *s, size_t len)
{
	mbstate_t st = { 0 };
	wchar_t wc;

	return mbrtowc(&wc, (const char *)s, len, &st) == len && iswprint((wint_t)wc);
}

/* Whether @how writes the valid @len-byte sequence at @s, the start of @n bytes, as hex. */
static bool escaped_as_hex(const unsigned char *s, size_t len, size_t n, const struct nsi_escape *how)
{
	if (nsi_utf8_is_unsafe(s, len))
		return true;
	if (len == 1)
		return how->backslash_x_as_hex && s[0] == '\\' && n > 1 && s[1] == 'x';
	return how->unprintable_as_hex && !locale_prints(s, len);
}

void nsi_put_escaped(FILE *out, const char *s, const struct nsi_escape *how)
{
	nsi_put_escaped_n(out, s, strlen(s), how);
}

void nsi_put_escaped_n(FILE *out, const char *s, size_t n, const struct nsi_escape *how)
{
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
		} else if (len == 0 || escaped_as_hex(u, len, n - i, how)) {
			len = len ? len : 1;
			for (size_t k = 0; k < len; k++)
				fprintf(out, "%s%02x", how->hex_prefix, u[k]);
		} else {
			fwrite(u, 1, len, out);
		}
		i += len;
	}
}
