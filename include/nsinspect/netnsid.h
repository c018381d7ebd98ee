/*
 * NETNSID: the id a network namespace has as a peer of ours (what
 * `ip netns set` assigns, or the kernel does for a veth peer), asked
 * from rtnetlink with RTM_GETNSID, once per shown network namespace.
 */
#ifndef NSINSPECT_NETNSID_H
#define NSINSPECT_NETNSID_H

#include <stddef.h>
#include <stdint.h>

/* A NETLINK_ROUTE socket for the queries: the fd, or -errno. */
int nsi_netnsid_open(void);

/*
 * The id of the network namespace open at @nsfd into *ret_id; -1
 * (NETNSA_NSID_NOT_ASSIGNED) when it has none.  Returns 0 or -errno.
 */
int nsi_netnsid_get(int sock, int nsfd, int32_t *ret_id);

/*
 * Find NETNSA_NSID in the kernel's answer of @len bytes at @buf (aligned
 * for struct nlmsghdr).  0, the error an NLMSG_ERROR answer carries, or
 * -EBADMSG.  Public for tests/fuzz.
 */
int nsi_netnsid_parse_answer(const void *buf, size_t len, int32_t *ret_id);

#endif
