/*
 * Records of containers as an engine's reader finds them (engines.h):
 * a plain list the reader owns until the registry takes it in.  The
 * registry, not the list, merges what several readers say of one
 * container, so adding to the list is O(1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/engines.h"

struct nsi_container *nsi_records_add(struct nsi_records *r, enum nsi_engine engine, const char *ns, const char *id)
{
	struct nsi_container *c;

	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;
		struct nsi_container **v = reallocarray(r->v, ncap, sizeof(*v));

		if (!v)
			return NULL;
		r->v = v;
		r->cap = ncap;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->engine = engine;
	c->id = strdup(id);
	c->engine_ns = ns ? strdup(ns) : NULL;
	if (!c->id || (ns && !c->engine_ns)) {
		nsi_container_free(c);
		return NULL;
	}
	r->v[r->n++] = c;
	return c;
}

void nsi_records_done(struct nsi_records *r)
{
	for (size_t i = 0; i < r->n; i++)
		nsi_container_free(r->v[i]);
	free(r->v);
	*r = (struct nsi_records){ 0 };
}

int nsi_container_set(char **field, const char *value)
{
	if (*field || !value || !*value)
		return 0;
	*field = strdup(value);
	return *field ? 0 : -ENOMEM;
}

void nsi_container_free(struct nsi_container *c)
{
	if (!c)
		return;
	free(c->engine_ns);
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->pod);
	free(c->pod_namespace);
	free(c->netns_path);
	free(c);
}

bool nsi_container_is(const struct nsi_container *c, enum nsi_engine engine, const char *ns, const char *id)
{
	if (c->engine != engine || strcmp(c->id, id) != 0)
		return false;
	if (!ns || !c->engine_ns)
		return !ns && !c->engine_ns;
	return strcmp(c->engine_ns, ns) == 0;
}
