/*
 * floor: the cheapest pass that learns every process's namespaces, as a
 * lower bound for nsinspect's scan.  getdents over /proc, then per
 * process one openat("PID/ns") and readlinkat() of the eight links; the
 * inodes go into a checksum so the work cannot be optimised away.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char *const names[] = { "mnt", "uts", "ipc", "pid", "net", "user", "cgroup", "time" };
	unsigned long long sum = 0, links = 0, procs = 0;
	DIR *dir = opendir("/proc");
	struct dirent *de;

	if (!dir)
		return 1;
	while ((de = readdir(dir))) {
		char path[300], buf[64];
		int fd;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/ns", de->d_name);
		fd = openat(dirfd(dir), path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		procs++;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			ssize_t n = readlinkat(fd, names[i], buf, sizeof(buf) - 1);
			char *lb;

			if (n < 0)
				continue;
			buf[n] = '\0';
			lb = strchr(buf, '[');
			if (lb)
				sum += strtoull(lb + 1, NULL, 10);
			links++;
		}
		close(fd);
	}
	closedir(dir);
	printf("processes %llu links %llu sum %llu\n", procs, links, sum);
	return 0;
}
