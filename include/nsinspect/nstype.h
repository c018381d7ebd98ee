/*
 * The eight namespace types and what the kernel says of each, in one
 * table: the name /proc/PID/ns and the link text use, the CLONE_NEW*
 * flag, the pidfd ioctl that opens it, the link setns(2) changes for it,
 * and whether it has a parent.  Also the parser for the text readlink(2)
 * returns for a namespace link.
 */
#ifndef NSINSPECT_NSTYPE_H
#define NSINSPECT_NSTYPE_H

#include <stdbool.h>
#include <stdint.h>

enum nsi_type {
	NSI_TYPE_MNT,
	NSI_TYPE_NET,
	NSI_TYPE_PID,
	NSI_TYPE_UTS,
	NSI_TYPE_IPC,
	NSI_TYPE_USER,
	NSI_TYPE_CGROUP,
	NSI_TYPE_TIME,
	NSI_NTYPES,
	NSI_TYPE_INVALID = -1,
};

/* A set of types, one bit per enum nsi_type. */
typedef unsigned int nsi_typemask;
#define NSI_TYPEMASK_ALL ((1u << NSI_NTYPES) - 1)
#define NSI_TYPE_BIT(t) (1u << (t))

struct nsi_type_info {
	const char *name;		/* "net": the file in /proc/PID/ns, the link text's prefix */
	int clone_flag;			/* CLONE_NEWNET */
	unsigned long pidfd_ioctl;	/* PIDFD_GET_NET_NAMESPACE (Linux 6.11) */
	const char *joined_link;	/* the link setns(2) changes: pid and time change *_for_children */
	bool has_parent;		/* NS_GET_PARENT applies: user and pid namespaces nest */
};

/* The facts of @type; NULL for a value that is no type. */
const struct nsi_type_info *nsi_type_info(enum nsi_type type);

/* "net" for NSI_TYPE_NET; the name is also the file in /proc/PID/ns. */
const char *nsi_type_name(enum nsi_type type);

/* The CLONE_NEW* flags of every type in @mask. */
int nsi_typemask_clone_flags(nsi_typemask mask);

/* The type whose CLONE_NEW* flag is @flag (what NS_GET_NSTYPE answers), or NSI_TYPE_INVALID. */
enum nsi_type nsi_type_from_clone_flag(int flag);

/* The type called @name, or NSI_TYPE_INVALID. */
enum nsi_type nsi_type_from_name(const char *name);

/*
 * Parse a comma list of type names into a mask.  On an unknown name
 * returns -EINVAL and points *ret_bad at it (inside @list).
 */
int nsi_typemask_parse(const char *list, nsi_typemask *ret, const char **ret_bad, size_t *ret_badlen);

/*
 * Parse "net:[4026531833]" as readlink gives it.  Returns 0 and writes the
 * type and inode, or -EINVAL for any other text.
 */
int nsi_parse_ns_link(const char *text, enum nsi_type *ret_type, uint64_t *ret_ino);

#endif
