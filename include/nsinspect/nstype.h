/*
 * The eight namespace types, their names as /proc/PID/ns spells them,
 * and the parser for the text readlink(2) returns for a namespace link.
 */
#ifndef NSINSPECT_NSTYPE_H
#define NSINSPECT_NSTYPE_H

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

/* "net" for NSI_TYPE_NET; the name is also the file in /proc/PID/ns. */
const char *nsi_type_name(enum nsi_type type);

/* The CLONE_NEW* flags of every type in @mask. */
int nsi_typemask_clone_flags(nsi_typemask mask);

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
