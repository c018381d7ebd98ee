/*
 * nskeeper: keep a namespace alive in a way no /proc/PID/ns link shows,
 * for the --deep live tests.
 *
 *	nskeeper thread PATH	one thread enters the namespace at PATH with
 *				setns(2); the process stays where it was.
 *				Prints "ready PID TID INODE".
 *	nskeeper socket		make a network namespace, open a UDP socket in
 *				it, go back: only the socket holds it.
 *				Prints "ready PID FD INODE".
 *	nskeeper zombie		fork a child that exits at once and do not
 *				reap it.  Prints "ready ZOMBIE_PID".
 *	nskeeper mounts N DIR	as whoever runs it, in user, mount and network
 *				namespaces of its own, bind-mount its netns
 *				file on N files in DIR (and a second time on
 *				the first: stacked), as any user can.
 *				Prints "ready PID INODE".
 *	nskeeper fuse PATH	in a mount namespace of its own, mount a FUSE
 *				file system that never answers on PATH (a
 *				file) and hold its root with O_PATH: a file
 *				at an nsfs mount point's path whose stat()
 *				hangs.  Prints "ready PID FD".
 *
 * INODE is the namespace as the kernel named it (readlink) while the
 * helper was inside.  It holds until stdin reaches EOF, and dies with
 * its parent (PR_SET_PDEATHSIG) so a crashed test leaves nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "nskeeper: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* "net:[4026532177]" of @path, printed as the inode. */
static unsigned long long link_inode(const char *path)
{
	char buf[64];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	const char *p;

	if (n < 0)
		die(path);
	buf[n] = '\0';
	p = strchr(buf, '[');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static void wait_for_eof(void)
{
	char buf[64];

	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
}

struct mover {
	const char *path;
	pid_t tid;
	unsigned long long ino;
	int ready[2];	/* the thread writes one byte when it has moved */
};

static void *move_thread(void *arg)
{
	struct mover *mv = arg;
	char link[64];
	int fd = open(mv->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(mv->path);
	if (setns(fd, 0) < 0)
		die("setns");
	close(fd);
	mv->tid = (pid_t)syscall(SYS_gettid);
	snprintf(link, sizeof(link), "/proc/self/task/%d/ns/net", (int)mv->tid);
	mv->ino = link_inode(link);
	if (write(mv->ready[1], "x", 1) != 1)
		die("write");
	for (;;)
		pause();
	return NULL;
}

static void keep_thread(const char *path)
{
	struct mover mv = { .path = path };
	pthread_t th;
	char c;

	if (pipe(mv.ready) < 0)
		die("pipe");
	errno = pthread_create(&th, NULL, move_thread, &mv);
	if (errno)
		die("pthread_create");
	if (read(mv.ready[0], &c, 1) != 1)
		die("read");
	printf("ready %d %d %llu\n", (int)getpid(), (int)mv.tid, mv.ino);
}

static void keep_socket(void)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), sock;
	unsigned long long ino;

	if (home < 0)
		die("/proc/self/ns/net");
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare");
	ino = link_inode("/proc/self/ns/net");
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		die("socket");
	if (setns(home, CLONE_NEWNET) < 0)
		die("setns back");
	close(home);
	printf("ready %d %d %llu\n", (int)getpid(), sock, ino);
}

/* waitid(WNOWAIT) returns once the child has exited, and leaves it a zombie. */
static void keep_zombie(void)
{
	siginfo_t si;
	pid_t child = fork();

	if (child < 0)
		die("fork");
	if (child == 0)
		_exit(0);
	if (waitid(P_PID, (id_t)child, &si, WEXITED | WNOWAIT) < 0)
		die("waitid");
	printf("ready %d\n", (int)child);
}

/* What an unprivileged user may do to root's scan: a pile of bind mounts of its own netns. */
static void keep_mounts(unsigned long n, const char *dir)
{
	char path[4096];

	/* the files first: an unmapped user in the new user namespace may not make them */
	for (unsigned long i = 0; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/m%lu", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			die(path);
		close(fd);
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) < 0)
		die("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("mount --make-rprivate /");
	for (unsigned long i = 0; i <= n; i++) {
		snprintf(path, sizeof(path), "%s/m%lu", dir, i % n);
		if (mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL) < 0)
			die("mount --bind");
	}
	printf("ready %d %llu\n", (int)getpid(), link_inode("/proc/self/ns/net"));
}

/*
 * A FUSE mount nobody serves: the kernel's INIT request is never read,
 * so any request (a stat()) waits until the /dev/fuse fd closes, when
 * this helper exits.  Opening the root with O_PATH sends none.
 */
static void keep_fuse(const char *path)
{
	char opts[128];
	int dev, fd;

	if (unshare(CLONE_NEWNS) < 0)
		die("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("mount --make-rprivate /");
	dev = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("/dev/fuse");
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=100644,user_id=0,group_id=0", dev);
	if (mount("nsitest", path, "fuse.nsitest", MS_NOSUID | MS_NODEV, opts) < 0)
		die("mount fuse");
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		die("open O_PATH");
	printf("ready %d %d\n", (int)getpid(), fd);
}

int main(int argc, char **argv)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1;
	if (argc == 3 && strcmp(argv[1], "thread") == 0)
		keep_thread(argv[2]);
	else if (argc == 2 && strcmp(argv[1], "socket") == 0)
		keep_socket();
	else if (argc == 2 && strcmp(argv[1], "zombie") == 0)
		keep_zombie();
	else if (argc == 4 && strcmp(argv[1], "mounts") == 0 && strtoul(argv[2], NULL, 10) > 0)
		keep_mounts(strtoul(argv[2], NULL, 10), argv[3]);
	else if (argc == 3 && strcmp(argv[1], "fuse") == 0)
		keep_fuse(argv[2]);
	else {
		fprintf(stderr, "usage: nskeeper thread PATH | socket | zombie | mounts N DIR | fuse PATH\n");
		return 2;
	}
	fflush(stdout);
	wait_for_eof();
	return 0;
}
