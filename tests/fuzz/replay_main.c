/*
 * A libFuzzer stand-in for compilers without it (gcc) and for CI: run
 * LLVMFuzzerTestOneInput() once on every file of the directories (or on
 * the files) named on the command line, so that the saved corpus is a
 * regression test under the normal sanitizer build.  Finding no input at
 * all is a failure: a corpus that went missing must not pass silently.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Larger inputs are a mistake in the corpus, not something to replay. */
#define INPUT_MAX (1024 * 1024)

static int run_file(int dirfd, const char *name, const char *label)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	uint8_t *buf, *input;
	ssize_t len = 0, n;

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", label, strerror(errno));
		return -1;
	}
	buf = malloc(INPUT_MAX + 1);
	if (!buf) {
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf + len, (size_t)(INPUT_MAX + 1 - len))) > 0)
		len += n;
	close(fd);
	if (n < 0 || len > INPUT_MAX) {
		fprintf(stderr, "%s: %s\n", label, n < 0 ? strerror(errno) : "too large");
		free(buf);
		return -1;
	}
	/* shrink to exactly the input's size, so that ASan sees any read past it */
	input = realloc(buf, len ? (size_t)len : 1);
	if (!input) {
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(input, (size_t)len);
	free(input);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of @path, in name order so that runs repeat. */
static int run_dir(const char *path, unsigned int *count)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	if (!dir) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		struct stat st;

		if (fstatat(dirfd(dir), de->d_name, &st, 0) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strdup(de->d_name);
		if (!names[n++])
			abort();
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (r == 0 && run_file(dirfd(dir), names[i], names[i]) < 0)
			r = -1;
		else if (r == 0)
			(*count)++;
		free(names[i]);
	}
	free(names);
	closedir(dir);
	return r;
}

int main(int argc, char **argv)
{
	unsigned int count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int r;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			r = run_dir(argv[i], &count);
		else if ((r = run_file(AT_FDCWD, argv[i], argv[i])) == 0)
			count++;
		if (r < 0)
			return 1;
	}
	printf("replayed %u inputs\n", count);
	return count ? 0 : 1;
}
