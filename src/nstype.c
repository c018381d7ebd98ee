/*
 * Namespace type names.  The names are the kernel's own (the file names
 * in /proc/PID/ns and the prefix of the link text) so that what users
 * type, what we read and what we print never need a translation table.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>

#include "nsinspect/nstype.h"
#include "nsinspect/util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* PIDFD_GET_<TYPE>_NAMESPACE is _IO(0xFF, n); older headers lack them. */
#define PIDFD_NS_IOCTL(n) _IO(0xFF, n)

static const struct nsi_type_info types[NSI_NTYPES] = {
	[NSI_TYPE_MNT] = { "mnt", CLONE_NEWNS, PIDFD_NS_IOCTL(3), "mnt", false },
	[NSI_TYPE_NET] = { "net", CLONE_NEWNET, PIDFD_NS_IOCTL(4), "net", false },
	[NSI_TYPE_PID] = { "pid", CLONE_NEWPID, PIDFD_NS_IOCTL(5), "pid_for_children", true },
	[NSI_TYPE_UTS] = { "uts", CLONE_NEWUTS, PIDFD_NS_IOCTL(10), "uts", false },
	[NSI_TYPE_IPC] = { "ipc", CLONE_NEWIPC, PIDFD_NS_IOCTL(2), "ipc", false },
	[NSI_TYPE_USER] = { "user", CLONE_NEWUSER, PIDFD_NS_IOCTL(9), "user", true },
	[NSI_TYPE_CGROUP] = { "cgroup", CLONE_NEWCGROUP, PIDFD_NS_IOCTL(1), "cgroup", false },
	[NSI_TYPE_TIME] = { "time", CLONE_NEWTIME, PIDFD_NS_IOCTL(7), "time_for_children", false },
};

const struct nsi_type_info *nsi_type_info(enum nsi_type type)
{
	if (type < 0 || type >= NSI_NTYPES)
		return NULL;
	return &types[type];
}

int nsi_typemask_clone_flags(nsi_typemask mask)
{
	int flags = 0;

	for (int t = 0; t < NSI_NTYPES; t++)
		if (mask & NSI_TYPE_BIT(t))
			flags |= types[t].clone_flag;
	return flags;
}

enum nsi_type nsi_type_from_clone_flag(int flag)
{
	for (int t = 0; t < NSI_NTYPES; t++)
		if (types[t].clone_flag == flag)
			return (enum nsi_type)t;
	return NSI_TYPE_INVALID;
}

const char *nsi_type_name(enum nsi_type type)
{
	const struct nsi_type_info *info = nsi_type_info(type);

	return info ? info->name : NULL;
}

static enum nsi_type type_from_name_len(const char *name, size_t len)
{
	for (int t = 0; t < NSI_NTYPES; t++)
		if (strlen(types[t].name) == len && strncmp(types[t].name, name, len) == 0)
			return (enum nsi_type)t;
	return NSI_TYPE_INVALID;
}

enum nsi_type nsi_type_from_name(const char *name)
{
	return type_from_name_len(name, strlen(name));
}

int nsi_typemask_parse(const char *list, nsi_typemask *ret, const char **ret_bad, size_t *ret_badlen)
{
	nsi_typemask mask = 0;
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ",");
		enum nsi_type t = type_from_name_len(p, len);

		if (t == NSI_TYPE_INVALID) {
			*ret_bad = p;
			*ret_badlen = len;
			return -EINVAL;
		}
		mask |= NSI_TYPE_BIT(t);
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*ret = mask;
	return 0;
}

int nsi_parse_ns_link(const char *text, enum nsi_type *ret_type, uint64_t *ret_ino)
{
	const char *colon = strchr(text, ':');
	unsigned long long ino;
	char digits[24];
	size_t len;
	enum nsi_type t;

	if (!colon || colon[1] != '[')
		return -EINVAL;
	t = type_from_name_len(text, (size_t)(colon - text));
	if (t == NSI_TYPE_INVALID)
		return -EINVAL;
	len = strlen(colon + 2);
	if (len < 2 || len > sizeof(digits) || colon[2 + len - 1] != ']')
		return -EINVAL;
	memcpy(digits, colon + 2, len - 1);
	digits[len - 1] = '\0';
	if (nsi_parse_u64(digits, &ino) < 0 || ino == 0)
		return -EINVAL;
	*ret_type = t;
	*ret_ino = ino;
	return 0;
}
