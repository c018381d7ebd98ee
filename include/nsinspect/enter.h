/*
 * --enter: join the namespaces of a process or one namespace, then run
 * a command there, like nsenter(1) but without its race with PID reuse.
 *
 * A process target is held by a pidfd from the moment it is looked up:
 * its namespaces are read through the pidfd (PIDFD_GET_*_NAMESPACE, or
 * /proc/PID/ns checked against the pidfd afterwards), and all of them are
 * joined with one setns(pidfd, flags) call, which the kernel applies all
 * or nothing.  A namespace target (an nsfs path, or an inode found by the
 * scan) is held by its open fd.  After joining, /proc/self/ns must show
 * exactly the inodes aimed at, or nothing is run.
 */
#ifndef NSINSPECT_ENTER_H
#define NSINSPECT_ENTER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsinspect/nstype.h"

struct nsi_enter_target {
	pid_t pid;			/* 0 for a namespace target */
	int pidfd;			/* -1 for a namespace target */
	int nsfd[NSI_NTYPES];		/* open namespaces we aim at, -1 for others */
	uint64_t ino[NSI_NTYPES];	/* their inodes, 0 for types not entered */
	nsi_typemask own_fds;		/* types joined through nsfd even with a pidfd (nsi_enter_set_fd()) */
};

void nsi_enter_init(struct nsi_enter_target *t);
void nsi_enter_done(struct nsi_enter_target *t);

/*
 * Hold process @pid and open its namespaces of @types.  Returns 0,
 * -ESRCH (no such process), -ECHILD (it has exited, a zombie), -EACCES
 * or -EPERM (not ours to look at).
 */
int nsi_enter_from_pid(pid_t pid, nsi_typemask types, struct nsi_enter_target *t);

/*
 * Is a process target's process still unreaped, so that its PID still
 * names it?  0, or -ESRCH (also for a namespace target).
 */
int nsi_enter_check_alive(const struct nsi_enter_target *t);

/* Aim at the namespace open at @fd (taken over).  -ENOTTY when @fd is not a namespace. */
int nsi_enter_from_nsfd(int fd, struct nsi_enter_target *t);

/*
 * Aim at the namespace open at @fd (taken over) for @type, in place of
 * the target's (nsenter --net=FILE).  -EINVAL when @fd is no namespace
 * of @type.
 */
int nsi_enter_set_fd(struct nsi_enter_target *t, enum nsi_type type, int fd);

/*
 * Aim at the parent of the user namespace aimed at (nsenter
 * --user-parent).  -ENOENT when no user namespace is aimed at, -EPERM
 * when its parent is out of our reach.
 */
int nsi_enter_user_parent(struct nsi_enter_target *t);

/*
 * Aim at the network namespace of the socket a process target holds as
 * fd @fd (nsenter --net-socket), read through pidfd_getfd() and
 * SIOCGSKNS: a namespace that only a socket holds can be entered too.
 * -errno (-ENOTSOCK: @fd is no socket).
 */
int nsi_enter_socket_net(struct nsi_enter_target *t, int fd);

/* Drop the types whose namespace is already ours (what nsenter -a skips). */
void nsi_enter_drop_shared(struct nsi_enter_target *t);

/* Does joining the target change our namespace of @type? */
bool nsi_enter_changes(const struct nsi_enter_target *t, enum nsi_type type);

/* The types the target aims at. */
nsi_typemask nsi_enter_types(const struct nsi_enter_target *t);

/*
 * Join the target's namespaces: one setns() call on the pidfd, which the
 * kernel applies all or nothing; then the namespaces open on their own
 * fds in two passes, as nsenter does: the others first (a failure there
 * is tried again), then the user namespace and what failed.  A user
 * namespace that is already ours is left out (the kernel refuses the
 * whole call otherwise).  Returns 0 or -errno; when the pidfd call
 * fails nothing was joined.
 */
int nsi_enter_join(const struct nsi_enter_target *t);

/*
 * Check self/ns below @procfd against the inodes aimed at (pid and time
 * through their *_for_children links, which is what setns() changes for
 * them).  @procfd must be the /proc we started with: the target's mount
 * namespace may have a /proc of another pid namespace, where we are not.
 * Returns 0, or -ESTALE with *ret_type the first type that differs.
 */
int nsi_enter_verify(const struct nsi_enter_target *t, int procfd, enum nsi_type *ret_type);

#endif
