/*
 * Container patterns in cgroup paths (see cgroup.h).  A path is read
 * from its deepest component up, because engines nest: a pod slice holds
 * container scopes, and nspawn and podman add leaves such as "payload"
 * or "container" below the scope that carries the name.  Only a 64-hex
 * id counts as an id, so that service names (cron.service) and other
 * tools' hashes never look like containers.
 */
#include <string.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/engines.h"
#include "nsinspect/statefile.h"

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncmp(s, prefix, n) == 0;
}

/* A monitor entry ending in '-' or '.' is a prefix; any other is the whole component. */
static bool is_monitor(const char *c, size_t len)
{
	for (int e = 0; e < NSI_NENGINES; e++) {
		const char *const *m = nsi_engine_info((enum nsi_engine)e)->monitors;

		for (; m && *m; m++) {
			size_t n = strlen(*m);
			bool prefix = (*m)[n - 1] == '-' || (*m)[n - 1] == '.';

			if (prefix ? starts_with(c, len, *m) : len == n && strncmp(c, *m, n) == 0)
				return true;
		}
	}
	return false;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* systemd unit names escape '-' and other bytes as \xNN. */
static bool unescape_unit(const char *s, size_t len, char *out, size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (o + 1 >= outsz)
			return false;
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 &&
		    hex_digit(s[i + 3]) >= 0) {
			/* \x00 would cut the name short: no machine is called that */
			if (hex_digit(s[i + 2]) == 0 && hex_digit(s[i + 3]) == 0)
				return false;
			out[o++] = (char)(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3]));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return o > 0;
}

static bool set_id(struct nsi_cgroup_hint *h, enum nsi_engine engine, const char *id, size_t len)
{
	if (len == 0 || len >= sizeof(h->id))
		return false;
	memcpy(h->id, id, len);
	h->id[len] = '\0';
	h->engine = engine;
	return true;
}

/* "<prefix><64 hex>" of any engine's id prefixes. */
static bool classify_id_prefix(const char *c, size_t len, struct nsi_cgroup_hint *h)
{
	for (int e = 0; e < NSI_NENGINES; e++) {
		const char *const *p = nsi_engine_info((enum nsi_engine)e)->id_prefixes;

		for (; p && *p; p++) {
			size_t n = strlen(*p);

			if (starts_with(c, len, *p) && nsi_is_full_id(c + n, len - n))
				return set_id(h, (enum nsi_engine)e, c + n, len - n);
		}
	}
	return false;
}

/* "<prefix><machine name>": systemd-nspawn's machine-NAME.scope, LXC's lxc.payload.NAME. */
static bool classify_machine(const char *c, size_t len, bool scope, struct nsi_cgroup_hint *h)
{
	for (int e = 0; e < NSI_NENGINES; e++) {
		const struct nsi_engine_info *info = nsi_engine_info((enum nsi_engine)e);
		size_t n;

		if (!info->machine_prefix || !starts_with(c, len, info->machine_prefix) || (info->machine_unit && !scope))
			continue;
		n = strlen(info->machine_prefix);
		h->engine = (enum nsi_engine)e;
		if (info->machine_unit)
			return unescape_unit(c + n, len - n, h->id, sizeof(h->id));
		return set_id(h, (enum nsi_engine)e, c + n, len - n);
	}
	return false;
}

/* A bare 64-hex id: the engine whose parent component or kubepods slice it is below, if any. */
static enum nsi_engine bare_id_engine(const char *parent, size_t plen, bool kubepods)
{
	for (int e = 0; e < NSI_NENGINES; e++) {
		const struct nsi_engine_info *info = nsi_engine_info((enum nsi_engine)e);
		const char *want = info->bare_id_parent;

		if (want && parent && plen == strlen(want) && strncmp(parent, want, plen) == 0)
			return (enum nsi_engine)e;
	}
	for (int e = 0; kubepods && e < NSI_NENGINES; e++)
		if (nsi_engine_info((enum nsi_engine)e)->bare_id_kubepods)
			return (enum nsi_engine)e;
	return NSI_ENGINE_UNKNOWN;
}

/*
 * One component @c (without ".scope"), its parent component @parent
 * (NULL at the top) and whether any ancestor is a kubepods slice.
 */
static bool classify_component(const char *c, size_t len, const char *parent, size_t plen, bool kubepods,
			       bool scope, struct nsi_cgroup_hint *h)
{
	if (is_monitor(c, len)) {
		h->monitor = true;
		return true;
	}
	if (classify_id_prefix(c, len, h) || classify_machine(c, len, scope, h))
		return true;
	if (nsi_is_full_id(c, len))
		return set_id(h, bare_id_engine(parent, plen, kubepods), c, len);
	return false;
}

/* "/<root>/<name>" directly below the top (legacy LXC's /lxc/<name>). */
static bool classify_machine_root(const char *const *comp, const size_t *lens, size_t n, struct nsi_cgroup_hint *h)
{
	for (int e = 0; n >= 2 && e < NSI_NENGINES; e++) {
		const char *root = nsi_engine_info((enum nsi_engine)e)->machine_root;

		if (root && lens[0] == strlen(root) && strncmp(comp[0], root, lens[0]) == 0)
			return set_id(h, (enum nsi_engine)e, comp[1], lens[1]);
	}
	return false;
}

bool nsi_cgroup_classify(const char *path, struct nsi_cgroup_hint *h)
{
	const char *comp[64];
	size_t lens[64], n = 0;
	bool kubepods = false;

	memset(h, 0, sizeof(*h));
	for (const char *p = path; *p && n < 64;) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/\n");
		if (len) {
			comp[n] = p;
			lens[n++] = len;
			if (starts_with(p, len, "kubepods"))
				kubepods = true;
		}
		p += len;
		if (*p == '\n')
			break;
	}
	if (classify_machine_root(comp, lens, n, h))
		return true;

	for (size_t i = n; i-- > 0;) {
		size_t len = lens[i];
		bool scope = len > 6 && strncmp(comp[i] + len - 6, ".scope", 6) == 0;

		if (scope)
			len -= 6;
		if (classify_component(comp[i], len, i ? comp[i - 1] : NULL, i ? lens[i - 1] : 0, kubepods, scope,
				       h))
			return true;
	}
	return false;
}

static bool id_boundary_before(const char *text, const char *at)
{
	return at > text && (at[-1] == '/' || at[-1] == '-' || at[-1] == '.' || at[-1] == ':');
}

static bool id_boundary_after(char c)
{
	return c == '\0' || c == '/' || c == '\n' || c == '.';
}

bool nsi_cgroup_names_pair(const char *text, const char *ns, const char *id)
{
	size_t nlen = strlen(ns), ilen = strlen(id);

	if (!nlen || !ilen)
		return false;
	for (const char *at = strstr(text, ns); at; at = strstr(at + 1, ns))
		if (at > text && at[-1] == '/' && at[nlen] == '/' && strncmp(at + nlen + 1, id, ilen) == 0 &&
		    id_boundary_after(at[nlen + 1 + ilen]))
			return true;
	return false;
}

bool nsi_cgroup_names_id(const char *text, const char *id)
{
	size_t len = strlen(id);

	if (!len)
		return false;
	for (const char *at = strstr(text, id); at; at = strstr(at + 1, id))
		if (id_boundary_before(text, at) && id_boundary_after(at[len]))
			return true;
	return false;
}
