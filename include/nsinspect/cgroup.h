/*
 * What a cgroup path says about containers.  Engines name a container's
 * cgroup after it (/docker/<id>, docker-<id>.scope, crio-<id>.scope,
 * machine-<name>.scope, lxc.payload.<name>, ...); this recognises those
 * patterns, which each engine lists in the table of engines.h, without
 * any engine state, so an id and engine are known even when the state is
 * unreadable.  Real paths and where each comes from are in
 * tests/fixtures/cgroup-paths.tsv.
 */
#ifndef NSINSPECT_CGROUP_H
#define NSINSPECT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "nsinspect/containers.h"

/* Machine names (nspawn, LXC) longer than this are not recognised. */
#define NSI_CGROUP_ID_MAX 256

struct nsi_cgroup_hint {
	enum nsi_engine engine;		/* UNKNOWN for a bare id under an unknown parent */
	char id[NSI_CGROUP_ID_MAX];	/* full id, or the unescaped machine name */
	bool monitor;			/* an engine's monitor (conmon, lxc.monitor): not the container */
};

/*
 * Classify one path (the third field of a /proc/PID/cgroup line),
 * looking from its deepest component up.  Returns true when a container
 * or a monitor was recognised.
 */
bool nsi_cgroup_classify(const char *path, struct nsi_cgroup_hint *ret);

/*
 * Does /proc/PID/cgroup text @text name @id as a whole cgroup component
 * or as the id inside one (docker-<id>.scope)?  That is how a PID from a
 * state file is trusted to still be that container's.
 */
bool nsi_cgroup_names_id(const char *text, const char *id);

/*
 * Does @text name the path components "@ns/@id" one after the other
 * (ctr's /<namespace>/<id>)?
 */
bool nsi_cgroup_names_pair(const char *text, const char *ns, const char *id);

#endif
