/*
 * RTM_GETNSID over rtnetlink.  The request names the namespace by an
 * open fd (NETNSA_FD), so it works for a namespace that no process is
 * in, and needs no privilege for an fd we hold.  The answer is relative
 * to our own network namespace: ours is always "not assigned".
 */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nsinspect/netnsid.h"

struct nsid_request {
	struct nlmsghdr nh;
	struct rtgenmsg g;
	char pad[NLMSG_ALIGN(sizeof(struct rtgenmsg)) - sizeof(struct rtgenmsg)];
	struct rtattr fd_attr;
	uint32_t fd;
};

int nsi_netnsid_open(void)
{
	int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	return sock < 0 ? -errno : sock;
}

int nsi_netnsid_parse_answer(const void *buf, size_t len, int32_t *ret_id)
{
	const struct nlmsghdr *nh = buf;
	const struct rtattr *a;
	const char *attrs;
	size_t alen;

	if (!NLMSG_OK(nh, len))
		return -EBADMSG;
	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nh);

		if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			return -EBADMSG;
		/*
		 * The kernel sends -errno.  Anything else (an ACK, a positive
		 * or absurd value) would pass for success or overflow -r.
		 */
		return e->error < 0 && e->error >= -4095 ? e->error : -EBADMSG;
	}
	/* the attributes start after the rtgenmsg header, padded to 4 */
	if (nh->nlmsg_type != RTM_NEWNSID || nh->nlmsg_len < NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg))))
		return -EBADMSG;
	attrs = (const char *)NLMSG_DATA(nh) + NLMSG_ALIGN(sizeof(struct rtgenmsg));
	alen = nh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	/*
	 * Not RTA_OK/RTA_NEXT: they expect a signed length, and an unsigned
	 * one wraps when the last attribute's padding runs past the end.
	 */
	for (size_t off = 0; off + sizeof(struct rtattr) <= alen; off += RTA_ALIGN(a->rta_len)) {
		a = (const struct rtattr *)(attrs + off);
		if (a->rta_len < sizeof(*a) || a->rta_len > alen - off)
			break;
		if (a->rta_type == NETNSA_NSID && RTA_PAYLOAD(a) >= sizeof(int32_t)) {
			memcpy(ret_id, RTA_DATA(a), sizeof(*ret_id));
			return 0;
		}
	}
	return -EBADMSG;
}

int nsi_netnsid_get(int sock, int nsfd, int32_t *ret_id)
{
	static uint32_t seq;
	struct nsid_request req = {
		.nh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = RTM_GETNSID,
			.nlmsg_flags = NLM_F_REQUEST,
			.nlmsg_seq = ++seq,
		},
		.g = { .rtgen_family = AF_UNSPEC },
		.fd_attr = { .rta_len = RTA_LENGTH(sizeof(uint32_t)), .rta_type = NETNSA_FD },
		.fd = (uint32_t)nsfd,
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK }, from;
	union {
		struct nlmsghdr nh;
		char buf[1024];
	} answer;
	ssize_t n;

	if (sendto(sock, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	/*
	 * Skip anything left over from an earlier query that failed half
	 * way, and anything not from the kernel: any process may send to a
	 * netlink socket's port.
	 */
	do {
		socklen_t fromlen = sizeof(from);

		n = recvfrom(sock, &answer, sizeof(answer), 0, (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			return -errno;
	} while (from.nl_pid != 0 || ((size_t)n >= sizeof(answer.nh) && answer.nh.nlmsg_seq != req.nh.nlmsg_seq));
	return nsi_netnsid_parse_answer(&answer, (size_t)n, ret_id);
}
