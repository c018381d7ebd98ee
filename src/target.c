/*
 * The target grammar and the resolver (target.h).  Nothing here does
 * I/O: parsing reads the text, resolving reads the facts, and the errors
 * it gives are the final word on a target in every mode.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/cgroup.h"
#include "nsinspect/mounts.h"
#include "nsinspect/target.h"
#include "nsinspect/util.h"

/* ---- parsing ---- */

static const char *const role_words[] = {
	[NSI_ROLE_TASK] = "PID",
	[NSI_ROLE_CONTAINER] = "container",
	[NSI_ROLE_NAMESPACE] = "namespace",
	[NSI_ROLE_ANY] = "target",
};

static int invalid(const struct nsi_target *t, struct nsi_error *err)
{
	return nsi_error_set(err, -EINVAL, "invalid %s argument: '%s'", role_words[t->role], t->text);
}

/* [ENGINE:][NAMESPACE/]NAME */
static int parse_ref(struct nsi_target *t, struct nsi_error *err)
{
	const char *rest = t->text, *colon = strchr(rest, ':'), *slash;

	t->form = NSI_FORM_REF;
	t->ref.engine = NSI_ENGINE_UNKNOWN;
	if (colon) {
		t->ref.engine = nsi_engine_from_name(rest, (size_t)(colon - rest));
		if (t->ref.engine == NSI_NENGINES)
			return nsi_error_set(err, -EINVAL,
					     "%s '%s': unknown engine '%.*s' (docker, containerd, cri-o, podman, nspawn or lxc)",
					     role_words[t->role], t->text, (int)(colon - rest), rest);
		rest = colon + 1;
		t->qualified = true;
	}
	slash = strchr(rest, '/');
	if (slash) {
		t->ref.scope = rest;
		t->ref.scope_len = (size_t)(slash - rest);
		rest = slash + 1;
		t->qualified = true;
		if (t->ref.scope_len == 0)
			return invalid(t, err);
	}
	t->ref.name = rest;
	if (!*rest || strchr(rest, '/'))
		return invalid(t, err);
	return 0;
}

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* The form of @t->text, for any role but CONTAINER (where every word is a REF). */
static int parse_form(struct nsi_target *t, struct nsi_error *err)
{
	unsigned long long n;

	if (all_digits(t->text)) {
		if (nsi_parse_u64(t->text, &n) < 0 || n == 0)
			return invalid(t, err);
		if (n <= NSI_PID_MAX_LIMIT) {
			t->form = NSI_FORM_PID;
			t->pid = (pid_t)n;
		} else {
			t->form = NSI_FORM_INODE;
			t->ino = n;
		}
		return 0;
	}
	if (t->text[0] == '/' || t->text[0] == '.') {
		t->form = NSI_FORM_PATH;
		return 0;
	}
	if (nsi_parse_ns_link(t->text, &t->type, &t->ino) == 0) {
		t->form = NSI_FORM_LINK;
		return 0;
	}
	/* "net:[12" is a broken link text, not a container of an engine called "net" */
	if (strstr(t->text, ":["))
		return invalid(t, err);
	return parse_ref(t, err);
}

int nsi_target_parse(const char *text, enum nsi_target_role role, struct nsi_target *ret, struct nsi_error *err)
{
	struct nsi_target t = { .text = text, .role = role, .type = NSI_TYPE_INVALID };
	int r;

	if (!*text)
		return invalid(&t, err);
	r = role == NSI_ROLE_CONTAINER ? parse_ref(&t, err) : parse_form(&t, err);
	if (r < 0)
		return r;
	if (role == NSI_ROLE_TASK && t.form != NSI_FORM_PID)
		return invalid(&t, err);
	if (role == NSI_ROLE_NAMESPACE && t.form == NSI_FORM_PID)
		return nsi_error_set(err, -EINVAL, "invalid namespace argument: '%s' (a number up to %d is a PID: -p %s)",
				     text, NSI_PID_MAX_LIMIT, text);
	if (role == NSI_ROLE_NAMESPACE && t.form == NSI_FORM_REF && t.qualified)
		return invalid(&t, err);
	*ret = t;
	return 0;
}

/* ---- resolving ---- */

static int again(struct nsi_need *need, unsigned int what, pid_t pid)
{
	need->what = what;
	need->pid = pid;
	return -EAGAIN;
}

static const struct nsi_pid_fact *pid_fact(const struct nsi_facts *f, pid_t pid)
{
	for (size_t i = 0; i < f->npids; i++)
		if (f->pids[i].pid == pid)
			return &f->pids[i];
	return NULL;
}

static const struct nsi_path_fact *path_fact(const struct nsi_facts *f, const char *path)
{
	for (size_t i = 0; i < f->npaths; i++)
		if (strcmp(f->paths[i].path, path) == 0)
			return &f->paths[i];
	return NULL;
}

/*
 * Process @pid, by what looking at it alone said: the scan lists a zombie
 * too (it keeps its user and pid links), and a thread's id is not listed
 * but can be looked up; only its status tells them apart, whatever types
 * were scanned.
 */
static int resolve_pid(const struct nsi_facts *f, pid_t pid, const struct nsi_proc **ret, struct nsi_need *need,
		       struct nsi_error *err)
{
	const struct nsi_proc *p = nsi_model_find_process(f->model, pid);
	const struct nsi_pid_fact *fact = pid_fact(f, pid);

	if (!fact)
		return again(need, NSI_GATHER_PROCESS, pid);
	switch (fact->state) {
	case NSI_PID_LIVE:
		if (p) {
			*ret = p;
			return 0;
		}
		break;	/* it exited while we looked */
	case NSI_PID_ZOMBIE:
		return nsi_error_set(err, -ECHILD, "PID %d: has exited (a zombie)", (int)pid);
	case NSI_PID_THREAD:
		return nsi_error_set(err, -EINVAL, "PID %d: a thread of process %d, not a process", (int)pid,
				     (int)fact->tgid);
	case NSI_PID_DENIED:
		return nsi_error_set(err, -EACCES, "PID %d: cannot inspect: %s", (int)pid, strerror(EACCES));
	case NSI_PID_MISSING:
		break;
	}
	return nsi_error_set(err, -ESRCH, "PID %d: no such process", (int)pid);
}

static bool type_selected(const struct nsi_facts *f, enum nsi_type type)
{
	return f->types & NSI_TYPE_BIT(type);
}

static const char *types_note(const struct nsi_facts *f)
{
	return f->types != NSI_TYPEMASK_ALL ? " among the selected types" : "";
}

static const char *incomplete_note(const struct nsi_facts *f)
{
	return f->incomplete ? " (some processes could not be inspected)" : "";
}

static void set_namespace(struct nsi_resolved *ret, enum nsi_type type, uint64_t ino, const struct nsi_ns *ns,
			  const char *path)
{
	*ret = (struct nsi_resolved){ .kind = NSI_RESOLVED_NAMESPACE, .type = type, .ino = ino, .ns = ns, .path = path };
}

/* An inode, or type:[inode]: known to the scan, else to a deeper one. */
static int resolve_inode(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_resolved *ret,
			 struct nsi_need *need, struct nsi_error *err)
{
	const struct nsi_ns *ns;

	if (t->form == NSI_FORM_LINK && !type_selected(f, t->type))
		return nsi_error_set(err, -ENOENT, "namespace '%s': not among the selected types", t->text);
	ns = nsi_model_find_ino(f->model, t->ino);
	if (ns && t->form == NSI_FORM_LINK && ns->type != t->type && !nsi_model_find_ns(f->model, t->type, t->ino))
		return nsi_error_set(err, -ENOENT, "namespace '%s': %" PRIu64 " is a %s namespace, not %s", t->text,
				     t->ino, nsi_type_name(ns->type), nsi_type_name(t->type));
	if (t->form == NSI_FORM_LINK)
		ns = nsi_model_find_ns(f->model, t->type, t->ino);
	if (ns) {
		set_namespace(ret, ns->type, ns->ino, ns, NULL);
		return 0;
	}
	if (!(f->gathered & NSI_GATHER_SCAN))
		return again(need, NSI_GATHER_SCAN, 0);
	if (!(f->gathered & NSI_GATHER_DEEP))
		return again(need, NSI_GATHER_DEEP, 0);
	return nsi_error_set(err, -ENOENT, "namespace %s: not found%s%s", t->text, types_note(f), incomplete_note(f));
}

/* An nsfs path: what the kernel says it is, in the model or not. */
static int resolve_path(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_resolved *ret,
			struct nsi_need *need, struct nsi_error *err)
{
	const struct nsi_path_fact *fact = path_fact(f, t->text);

	if (!fact)
		return again(need, NSI_GATHER_PATH, 0);
	if (fact->err == -ENOTTY)
		return nsi_error_set(err, -ENOTTY, "%s: not a namespace file", t->text);
	if (fact->err < 0)
		return nsi_error_set(err, fact->err, "%s: %s", t->text, strerror(-fact->err));
	if (t->role == NSI_ROLE_NAMESPACE && !type_selected(f, fact->type))
		return nsi_error_set(err, -ENOENT, "namespace '%s': a %s namespace, not among the selected types",
				     t->text, nsi_type_name(fact->type));
	set_namespace(ret, fact->type, fact->ino, nsi_model_find_ns(f->model, fact->type, fact->ino), t->text);
	return 0;
}

/* The network namespace `ip netns` calls @name, from the bind mounts the scan found. */
static const struct nsi_ns *find_ipnetns(const struct nsi_model *m, const char *name)
{
	size_t n;
	struct nsi_ns *const *all = nsi_model_namespaces(m, &n);

	for (size_t i = 0; i < n; i++) {
		if (all[i]->type != NSI_TYPE_NET)
			continue;
		for (size_t h = 0; h < all[i]->nholders; h++) {
			const struct nsi_holder *hd = &all[i]->holders[h];
			const char *ip = hd->kind == NSI_HOLDER_MOUNT ? nsi_mounts_ipnetns_name(hd->path) : NULL;

			if (ip && strcmp(ip, name) == 0)
				return all[i];
		}
	}
	return NULL;
}

/* "A (docker 1234), B (containerd team2/plain1); qualify it: docker:A, containerd:team2/plain1" */
static int ambiguous(const char *text, const struct nsi_container **matches, size_t n, struct nsi_error *err)
{
	char list[NSI_ERROR_MAX / 2] = "", qual[NSI_ERROR_MAX / 4] = "";
	size_t ll = 0, ql = 0;

	for (size_t i = 0; i < n; i++) {
		char one[NSI_CGROUP_ID_MAX * 3];
		int w;

		w = snprintf(list + ll, sizeof(list) - ll, "%s%s", i ? ", " : "",
			     nsi_container_describe(matches[i], one, sizeof(one)));
		if (w > 0 && (size_t)w < sizeof(list) - ll)
			ll += (size_t)w;
		w = snprintf(qual + ql, sizeof(qual) - ql, "%s%s", i ? ", " : "",
			     nsi_container_qualified(matches[i], one, sizeof(one)));
		if (w > 0 && (size_t)w < sizeof(qual) - ql)
			ql += (size_t)w;
	}
	return nsi_error_set(err, -EEXIST, "container '%s': ambiguous, matches %s; name one: %s", text, list, qual);
}

static int not_found(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_error *err)
{
	const char *root = f->engines_need_root ? " (reading the containers' state needs root)" : "";

	switch (t->role) {
	case NSI_ROLE_CONTAINER:
		return nsi_error_set(err, -ENOENT, "container '%s': not found in the engines' state or cgroups%s", t->text,
				     root);
	case NSI_ROLE_NAMESPACE:
		return nsi_error_set(err, -ENOENT,
				     "namespace '%s': no ip netns is called that (an NSID is an inode, net:[inode], an nsfs path or an ip netns name)",
				     t->text);
	default:
		break;
	}
	if (t->qualified)
		return nsi_error_set(err, -ENOENT, "container '%s': not found in the engines' state or cgroups%s", t->text,
				     root);
	return nsi_error_set(err, -ENOENT,
			     "'%s': not a PID, a namespace (inode or net:[inode]), an nsfs path, an ip netns name or a container%s",
			     t->text, root);
}

/* The container @c stands for its init process, which the scan must have seen. */
static int resolve_container(const struct nsi_facts *f, const struct nsi_container *c, struct nsi_resolved *ret,
			     struct nsi_need *need, struct nsi_error *err)
{
	char desc[NSI_CGROUP_ID_MAX * 3];
	const struct nsi_proc *p = NULL;
	struct nsi_error why = { 0 };
	int r;

	nsi_container_describe(c, desc, sizeof(desc));
	if (!c->pid)
		return nsi_error_set(err, -ESRCH, "container %s: not running", desc);
	r = resolve_pid(f, c->pid, &p, need, &why);
	if (r == -EAGAIN || r == -ENOMEM)
		return r;
	/* its init has exited, reaped or not: the state that named it is behind */
	if (r == -ESRCH || r == -ECHILD)
		return nsi_error_set(err, -ESRCH, "container %s: not running", desc);
	if (r < 0)
		return nsi_error_set(err, r, "container %s: its process cannot be inspected: %s", desc, why.msg);
	*ret = (struct nsi_resolved){ .kind = NSI_RESOLVED_CONTAINER, .proc = p, .container = c };
	return 0;
}

/* A word: a container, or (unqualified, where a namespace is wanted) an ip netns name; never both at once. */
static int resolve_ref(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_resolved *ret,
		       struct nsi_need *need, struct nsi_error *err)
{
	bool want_container = t->role != NSI_ROLE_NAMESPACE;
	bool want_netns = !t->qualified && (t->role == NSI_ROLE_NAMESPACE || t->role == NSI_ROLE_ANY);
	const struct nsi_container *c = NULL, **matches = NULL;
	const struct nsi_ns *netns = NULL;
	unsigned int missing = 0;
	size_t n = 0;
	int r = -ENOENT;

	if (want_container && !(f->gathered & NSI_GATHER_CONTAINERS))
		missing |= NSI_GATHER_CONTAINERS;
	if (want_netns && !(f->gathered & (NSI_GATHER_MOUNTS | NSI_GATHER_SCAN)))
		missing |= NSI_GATHER_MOUNTS;
	if (missing)
		return again(need, missing, 0);
	if (want_netns)
		netns = find_ipnetns(f->model, t->ref.name);
	if (want_container)
		r = nsi_containers_find(f->containers, &t->ref, &c, &matches, &n);
	if (r == -ENOMEM)
		return r;
	/* not in any engine's state: perhaps in a cgroup (nspawn, LXC, a Docker whose state we cannot read) */
	if (r == -ENOENT && want_container && !netns && !(f->gathered & NSI_GATHER_CGROUPS))
		return again(need, NSI_GATHER_CGROUPS, 0);
	if (netns && r != -ENOENT) {
		char desc[NSI_CGROUP_ID_MAX * 3];

		free(matches);
		return nsi_error_set(err, -EEXIST, "'%s': ambiguous, both the ip netns name (/run/netns/%s) and container %s",
				     t->text, t->ref.name, c ? nsi_container_describe(c, desc, sizeof(desc)) : "(several)");
	}
	if (netns) {
		set_namespace(ret, NSI_TYPE_NET, netns->ino, netns, NULL);
		return 0;
	}
	if (r == -EEXIST) {
		r = ambiguous(t->text, matches, n, err);
		free(matches);
		return r;
	}
	if (r == -ENOENT)
		return not_found(f, t, err);
	return resolve_container(f, c, ret, need, err);
}

int nsi_resolve(const struct nsi_facts *f, const struct nsi_target *t, struct nsi_resolved *ret,
		struct nsi_need *ret_need, struct nsi_error *err)
{
	struct nsi_resolved res = { 0 };
	struct nsi_need need = { 0 };
	int r;

	switch (t->form) {
	case NSI_FORM_PID:
		res.kind = NSI_RESOLVED_PROCESS;
		r = resolve_pid(f, t->pid, &res.proc, &need, err);
		break;
	case NSI_FORM_INODE:
	case NSI_FORM_LINK:
		r = resolve_inode(f, t, &res, &need, err);
		break;
	case NSI_FORM_PATH:
		r = resolve_path(f, t, &res, &need, err);
		break;
	default:
		r = resolve_ref(f, t, &res, &need, err);
		break;
	}
	if (r == -ENOMEM)
		return nsi_error_set(err, r, "cannot allocate memory");
	if (r == -EAGAIN)
		*ret_need = need;
	else if (r == 0)
		*ret = res;
	return r;
}
