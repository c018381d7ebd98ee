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
#include "nsinspect/statefile.h"

struct id_prefix {
	const char *prefix;
	enum nsi_engine engine;
};

/* "<prefix><64 hex>" components, optionally with ".scope" */
static const struct id_prefix id_prefixes[] = {
	{ "docker-", NSI_ENGINE_DOCKER },
	{ "cri-containerd-", NSI_ENGINE_CONTAINERD },
	{ "nerdctl-", NSI_ENGINE_CONTAINERD },
	{ "crio-", NSI_ENGINE_CRIO },
	{ "libpod-", NSI_ENGINE_PODMAN },
};

/* Components that are an engine's monitor process, not its container. */
static const char *const monitor_prefixes[] = { "crio-conmon-", "libpod-conmon-", "lxc.monitor." };

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncmp(s, prefix, n) == 0;
}

static bool is_monitor(const char *c, size_t len)
{
	if (len == strlen("conmon") && strncmp(c, "conmon", len) == 0)
		return true;
	if (len == strlen("supervisor") && strncmp(c, "supervisor", len) == 0)
		return true;	/* systemd-nspawn's own process, beside "payload" */
	for (size_t i = 0; i < sizeof(monitor_prefixes) / sizeof(monitor_prefixes[0]); i++)
		if (starts_with(c, len, monitor_prefixes[i]))
			return true;
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
	for (size_t i = 0; i < sizeof(id_prefixes) / sizeof(id_prefixes[0]); i++) {
		size_t n = strlen(id_prefixes[i].prefix);

		if (starts_with(c, len, id_prefixes[i].prefix) && nsi_is_full_id(c + n, len - n))
			return set_id(h, id_prefixes[i].engine, c + n, len - n);
	}
	if (scope && starts_with(c, len, "machine-")) {
		h->engine = NSI_ENGINE_NSPAWN;
		return unescape_unit(c + 8, len - 8, h->id, sizeof(h->id));
	}
	if (starts_with(c, len, "lxc.payload."))
		return set_id(h, NSI_ENGINE_LXC, c + 12, len - 12);
	if (nsi_is_full_id(c, len)) {
		enum nsi_engine e = NSI_ENGINE_UNKNOWN;

		if (parent && plen == 6 && strncmp(parent, "docker", 6) == 0)
			e = NSI_ENGINE_DOCKER;
		else if (kubepods)
			e = NSI_ENGINE_CONTAINERD;	/* CRI-O names its scopes crio-<id> */
		return set_id(h, e, c, len);
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
	/* /lxc/<name>: legacy LXC, only directly under the root */
	if (n >= 2 && lens[0] == 3 && strncmp(comp[0], "lxc", 3) == 0)
		return set_id(h, NSI_ENGINE_LXC, comp[1], lens[1]);

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
