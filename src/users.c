/*
 * A small UID -> name cache.  Few UIDs own processes, so a linear array
 * is the simplest structure that is still fast; getpwuid_r() (which may
 * go through NSS and the network) runs once per UID.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/users.h"
#include "nsinspect/util.h"

struct user_entry {
	uid_t uid;
	char *name;
};

struct nsi_users {
	struct user_entry *v;
	size_t n, cap;
};

int nsi_users_new(struct nsi_users **ret)
{
	*ret = calloc(1, sizeof(**ret));
	return *ret ? 0 : -ENOMEM;
}

struct nsi_users *nsi_users_free(struct nsi_users *u)
{
	if (!u)
		return NULL;
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].name);
	free(u->v);
	free(u);
	return NULL;
}

static char *lookup_name(uid_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	char *name;

	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		return strdup(res->pw_name);
	if (asprintf(&name, "%u", (unsigned int)uid) < 0)
		return NULL;
	return name;
}

const char *nsi_users_name(struct nsi_users *u, uid_t uid)
{
	char *name;

	for (size_t i = 0; i < u->n; i++)
		if (u->v[i].uid == uid)
			return u->v[i].name;
	if (u->n == u->cap) {
		size_t ncap = u->cap ? u->cap * 2 : 8;
		struct user_entry *nv = realloc(u->v, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		u->v = nv;
		u->cap = ncap;
	}
	name = lookup_name(uid);
	if (!name)
		return NULL;
	u->v[u->n].uid = uid;
	u->v[u->n].name = name;
	return u->v[u->n++].name;
}
