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
 *	nskeeper stallcmd PATH	hold our memory map lock, stalled on a FUSE
 *				file served on PATH (a file): every read of
 *				/proc/PID/cmdline waits in D state, as on a
 *				hung host, until stdin reaches EOF.  Prints
 *				"ready PID CONN" (CONN: the FUSE connection,
 *				to abort in /sys/fs/fuse/connections).
 *
 * INODE is the namespace as the kernel named it (readlink) while the
 * helper was inside.  It holds until stdin reaches EOF, and dies with
 * its parent (PR_SET_PDEATHSIG) so a crashed test leaves nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
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

/* Mount a FUSE file system on @path in a mount namespace of our own: the /dev/fuse fd. */
static int mount_fuse(const char *path, const char *rootmode)
{
	char opts[128];
	int dev;

	if (unshare(CLONE_NEWNS) < 0)
		die("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("mount --make-rprivate /");
	dev = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("/dev/fuse");
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=%s,user_id=0,group_id=0", dev, rootmode);
	if (mount("nsitest", path, "fuse.nsitest", MS_NOSUID | MS_NODEV, opts) < 0)
		die("mount fuse");
	return dev;
}

/*
 * A FUSE mount nobody serves: the kernel's INIT request is never read,
 * so any request (a stat()) waits until the /dev/fuse fd closes, when
 * this helper exits.  Opening the root with O_PATH sends none.
 */
static void keep_fuse(const char *path)
{
	int fd;

	mount_fuse(path, "100644");
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		die("open O_PATH");
	printf("ready %d %d\n", (int)getpid(), fd);
}

/*
 * stallcmd.  A /proc/PID/cmdline read takes the process's memory map
 * lock (and reads anonymous memory only), so the stall to make is a lock
 * held: one thread of ours maps a FUSE file opened with FOPEN_DIRECT_IO,
 * which first drops the file's cached pages, waiting for each page's
 * lock, with the memory map lock held for writing; readahead() has left
 * a page locked behind a READ that the server does not answer.  Every
 * reader of our command line then waits until stdin reaches EOF, when
 * the READ is answered with an error and all goes on.  Not PDEATHSIG
 * (main): killed while the lock is held, we could never exit.
 */
static struct {
	int dev;
	int read_seen;			/* eventfd: the READ arrived */
	_Atomic uint64_t read_unique;	/* ... and its id, to answer at the end */
	int fd;				/* the FUSE file */
	_Atomic pid_t mapper;		/* the thread that holds the lock */
} stall;

static void fuse_reply(uint64_t unique, int error, const void *body, size_t len)
{
	struct fuse_out_header h = { .len = (uint32_t)(sizeof(h) + len), .error = error, .unique = unique };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)body, len } };

	/* the kernel may have given up on the request: nothing to do then */
	if (writev(stall.dev, iov, len ? 2 : 1) < 0)
		return;
}

/* The server: the root is one read-only file of a page, which stats and opens; reads stall. */
static void *serve_stalling_file(void *arg)
{
	static char buf[FUSE_MIN_READ_BUFFER + 128 * 1024];

	(void)arg;
	for (;;) {
		ssize_t n = read(stall.dev, buf, sizeof(buf));
		const struct fuse_in_header *in = (const void *)buf;

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < (ssize_t)sizeof(*in))
			return NULL;	/* unmounted */
		switch (in->opcode) {
		case FUSE_INIT: {
			const struct fuse_init_in *ii = (const void *)(in + 1);
			struct fuse_init_out o = { .major = FUSE_KERNEL_VERSION, .minor = FUSE_KERNEL_MINOR_VERSION,
						   .max_readahead = ii->max_readahead, .max_write = 4096,
						   .max_background = 16, .congestion_threshold = 12,
						   .flags = ii->flags & FUSE_ASYNC_READ };

			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_GETATTR: {
			struct fuse_attr_out o = { .attr_valid = 3600,
						   .attr = { .ino = 1, .size = 4096, .blocks = 8, .mode = S_IFREG | 0444,
							     .nlink = 1, .blksize = 4096 } };

			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_OPEN: {
			struct fuse_open_out o = { .fh = 1, .open_flags = FOPEN_DIRECT_IO };

			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_READ:
			if (!stall.read_unique) {
				stall.read_unique = in->unique;
				eventfd_write(stall.read_seen, 1);
			}
			break;
		case FUSE_INTERRUPT:
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
			break;
		default:
			fuse_reply(in->unique, -ENOSYS, NULL, 0);
		}
	}
}

static void *map_the_file(void *arg)
{
	(void)arg;
	stall.mapper = (pid_t)syscall(SYS_gettid);
	/* waits for the locked page, the memory map lock held, until the READ is answered */
	mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, stall.fd, 0);
	return NULL;
}

/* Is thread @tid of ours asleep in D state?  Plain system calls: nothing here may fault or allocate. */
static bool thread_in_d(pid_t tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'D';
}

static void keep_stalled_cmdline(const char *path)
{
	struct timespec tick = { .tv_nsec = 10 * 1000 * 1000 };
	pthread_t server, mapper;
	struct stat st;
	char line[64];
	eventfd_t v;
	int len, tries;

	prctl(PR_SET_PDEATHSIG, 0);
	stall.dev = mount_fuse(path, "100444");
	stall.read_seen = eventfd(0, EFD_CLOEXEC);
	if (stall.read_seen < 0)
		die("eventfd");
	errno = pthread_create(&server, NULL, serve_stalling_file, NULL);
	if (errno)
		die("pthread_create");
	stall.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (stall.fd < 0 || fstat(stall.fd, &st) < 0)
		die("open");
	if (readahead(stall.fd, 0, 4096) < 0)
		die("readahead");
	if (eventfd_read(stall.read_seen, &v) < 0)
		die("eventfd_read");
	errno = pthread_create(&mapper, NULL, map_the_file, NULL);
	if (errno)
		die("pthread_create");
	/* a condition polled, bounded: the mapper holds the lock once it sleeps in mmap() */
	for (tries = 0; !(stall.mapper && thread_in_d(stall.mapper)); tries++) {
		if (tries == 3000)
			die("the mapping thread never blocked");
		nanosleep(&tick, NULL);
	}
	len = snprintf(line, sizeof(line), "ready %d %u\n", (int)getpid(), minor(st.st_dev));
	if (write(STDOUT_FILENO, line, (size_t)len) != len)
		die("write");
	wait_for_eof();
	fuse_reply(stall.read_unique, -EIO, NULL, 0);
	pthread_join(mapper, NULL);
	/* closed while the server answers its FLUSH: at exit nobody would */
	close(stall.fd);
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
	else if (argc == 3 && strcmp(argv[1], "stallcmd") == 0)
		keep_stalled_cmdline(argv[2]);
	else {
		fprintf(stderr, "usage: nskeeper thread PATH | socket | zombie | mounts N DIR | fuse PATH | stallcmd PATH\n");
		return 2;
	}
	fflush(stdout);
	wait_for_eof();
	return 0;
}
