/*
 * UID to user name, looked up once per UID: a host has thousands of
 * processes but only a handful of owners.
 */
#ifndef NSINSPECT_USERS_H
#define NSINSPECT_USERS_H

#include <sys/types.h>

struct nsi_users;

int nsi_users_new(struct nsi_users **ret);
struct nsi_users *nsi_users_free(struct nsi_users *u);

/*
 * The name of @uid, or its number as text when it has none.  NULL only
 * when out of memory.  The string lives as long as @u.
 */
const char *nsi_users_name(struct nsi_users *u, uid_t uid);

#endif
