/*
 * The target grammar, the resolver and the selection, which are pure:
 * given text, a model and a registry built here in memory (facts as an
 * inspection would have gathered them), they must give these answers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/engines.h"
#include "nsinspect/select.h"
#include "nsinspect/target.h"

#include "check.h"

#define HOST_NET 4026531833ULL
#define HOST_UTS 4026531838ULL
#define BOX_NET 4026532300ULL
#define BOX_UTS 4026532301ULL
#define BLUE_NET 4026532400ULL
#define TEAM2_UTS 4026532501ULL

static struct nsi_target parsed(const char *text, enum nsi_target_role role)
{
	struct nsi_target t;
	struct nsi_error err = { 0 };

	memset(&t, 0xa5, sizeof(t));
	if (nsi_target_parse(text, role, &t, &err) < 0) {
		fprintf(stderr, "FAIL: parse '%s': %s\n", text, err.msg);
		failures++;
	}
	return t;
}

/* @text given as @role is refused with exactly @msg. */
static void refused_parse(const char *text, enum nsi_target_role role, const char *msg)
{
	struct nsi_target t;
	struct nsi_error err = { 0 };

	checks++;
	if (nsi_target_parse(text, role, &t, &err) != -EINVAL || strcmp(err.msg, msg) != 0) {
		failures++;
		fprintf(stderr, "FAIL: parse '%s': '%s', expected '%s'\n", text, err.msg, msg);
	}
}

static void test_grammar(void)
{
	struct nsi_target t;

	t = parsed("1234", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_PID && t.pid == 1234);
	t = parsed("4194304", NSI_ROLE_TASK);
	CHECK(t.form == NSI_FORM_PID && t.pid == 4194304);
	t = parsed("4194305", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_INODE && t.ino == 4194305);
	t = parsed("4026531833", NSI_ROLE_NAMESPACE);
	CHECK(t.form == NSI_FORM_INODE && t.ino == HOST_NET);
	t = parsed("net:[4026531833]", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_LINK && t.type == NSI_TYPE_NET && t.ino == HOST_NET);
	t = parsed("/run/netns/blue", NSI_ROLE_NAMESPACE);
	CHECK(t.form == NSI_FORM_PATH);
	t = parsed("./ns", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_PATH);
	t = parsed("web1", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_REF && !t.qualified && t.ref.engine == NSI_ENGINE_UNKNOWN && !t.ref.scope &&
	      strcmp(t.ref.name, "web1") == 0);
	t = parsed("docker:web1", NSI_ROLE_ANY);
	CHECK(t.form == NSI_FORM_REF && t.qualified && t.ref.engine == NSI_ENGINE_DOCKER && !t.ref.scope &&
	      strcmp(t.ref.name, "web1") == 0);
	t = parsed("containerd:team2/plain1", NSI_ROLE_CONTAINER);
	CHECK(t.ref.engine == NSI_ENGINE_CONTAINERD && t.ref.scope_len == 5 && strncmp(t.ref.scope, "team2", 5) == 0 &&
	      strcmp(t.ref.name, "plain1") == 0);
	t = parsed("shop/web-0", NSI_ROLE_ANY);
	CHECK(t.qualified && t.ref.engine == NSI_ENGINE_UNKNOWN && t.ref.scope_len == 4 && strcmp(t.ref.name, "web-0") == 0);
	/* -c takes every word as a container: an id prefix may be all digits */
	t = parsed("4181", NSI_ROLE_CONTAINER);
	CHECK(t.form == NSI_FORM_REF && strcmp(t.ref.name, "4181") == 0);
	t = parsed("blue", NSI_ROLE_NAMESPACE);
	CHECK(t.form == NSI_FORM_REF && !t.qualified);

	refused_parse("", NSI_ROLE_TASK, "invalid PID argument: ''");
	refused_parse("web1", NSI_ROLE_TASK, "invalid PID argument: 'web1'");
	refused_parse("0", NSI_ROLE_ANY, "invalid target argument: '0'");
	refused_parse("99999999999999999999999", NSI_ROLE_NAMESPACE, "invalid namespace argument: '99999999999999999999999'");
	refused_parse("net:[12", NSI_ROLE_NAMESPACE, "invalid namespace argument: 'net:[12'");
	refused_parse("1234", NSI_ROLE_NAMESPACE,
		      "invalid namespace argument: '1234' (a number up to 4194304 is a PID: -p 1234)");
	refused_parse("docker:web1", NSI_ROLE_NAMESPACE, "invalid namespace argument: 'docker:web1'");
	refused_parse("k8s:web1", NSI_ROLE_CONTAINER,
		      "container 'k8s:web1': unknown engine 'k8s' (docker, containerd, cri-o, podman, nspawn or lxc)");
	refused_parse("containerd:/plain1", NSI_ROLE_CONTAINER, "invalid container argument: 'containerd:/plain1'");
	refused_parse("a/b/c", NSI_ROLE_CONTAINER, "invalid container argument: 'a/b/c'");
	refused_parse("team2/", NSI_ROLE_ANY, "invalid target argument: 'team2/'");
}

/* A host, a box (new net and uts) with two processes, a netns only `ip netns` holds. */
struct world {
	struct nsi_model *m;
	struct nsi_containers *cs;
	struct nsi_pid_fact pids[6];
	struct nsi_facts f;
};

static void add_proc(struct nsi_model *m, pid_t pid, uint64_t net, uint64_t uts)
{
	uint64_t ns[NSI_NTYPES] = { [NSI_TYPE_NET] = net, [NSI_TYPE_UTS] = uts };

	if (!nsi_model_add_process(m, pid, ns))
		abort();
}

static void add_container(struct nsi_records *r, enum nsi_engine e, const char *ns, const char *id, const char *name,
			  pid_t pid)
{
	struct nsi_container *c = nsi_records_add(r, e, ns, id);

	if (!c || nsi_container_set(&c->name, name) < 0)
		abort();
	c->pid = pid;
}

static void make_world(struct world *w)
{
	struct nsi_records r = { 0 };
	struct nsi_holder blue = { .kind = NSI_HOLDER_MOUNT, .path = "/run/netns/blue" };
	struct nsi_ns *ns;

	memset(w, 0, sizeof(*w));
	if (nsi_model_new(&w->m) < 0 || nsi_containers_new(&w->cs) < 0)
		abort();
	add_proc(w->m, 1, HOST_NET, HOST_UTS);
	add_proc(w->m, 200, BOX_NET, BOX_UTS);
	add_proc(w->m, 201, BOX_NET, BOX_UTS);
	add_proc(w->m, 300, HOST_NET, TEAM2_UTS);
	ns = nsi_model_add_namespace(w->m, NSI_TYPE_NET, BLUE_NET);
	if (!ns || nsi_model_add_holder(ns, &blue) < 0)
		abort();
	nsi_model_finish(w->m);

	add_container(&r, NSI_ENGINE_DOCKER, NULL, "aaaa111122223333aaaa111122223333aaaa111122223333aaaa111122223333", "web1",
		      200);
	add_container(&r, NSI_ENGINE_CONTAINERD, "default", "plain1", "plain1", 0);
	add_container(&r, NSI_ENGINE_CONTAINERD, "team2", "plain1", "plain1", 300);
	/* a container called like the ip netns name */
	add_container(&r, NSI_ENGINE_PODMAN, NULL, "bbbb111122223333bbbb111122223333bbbb111122223333bbbb111122223333", "blue",
		      201);
	if (nsi_containers_take(w->cs, &r) < 0)
		abort();

	w->pids[0] = (struct nsi_pid_fact){ .pid = 4242, .state = NSI_PID_ZOMBIE };
	w->pids[1] = (struct nsi_pid_fact){ .pid = 4243, .state = NSI_PID_THREAD, .tgid = 4240 };
	/* the processes the scan saw, as looking at them alone confirms */
	for (int i = 0; i < 4; i++)
		w->pids[2 + i] = (struct nsi_pid_fact){ .pid = (pid_t[]){ 1, 200, 201, 300 }[i], .state = NSI_PID_LIVE };
	w->f = (struct nsi_facts){
		.model = w->m,
		.containers = w->cs,
		.gathered = NSI_GATHER_SCAN | NSI_GATHER_MOUNTS | NSI_GATHER_CONTAINERS | NSI_GATHER_PROCESS,
		.pids = w->pids,
		.npids = 6,
		.types = NSI_TYPEMASK_ALL,
	};
}

static void free_world(struct world *w)
{
	nsi_containers_free(w->cs);
	nsi_model_free(w->m);
}

/* Resolve @text (as @role) in @f: the return value, with @ret and @err. */
static int resolve(const struct nsi_facts *f, const char *text, enum nsi_target_role role, struct nsi_resolved *ret,
		   struct nsi_need *need, struct nsi_error *err)
{
	struct nsi_target t = parsed(text, role);

	memset(err, 0, sizeof(*err));
	memset(need, 0, sizeof(*need));
	return nsi_resolve(f, &t, ret, need, err);
}

static void resolves_to_error(const struct nsi_facts *f, const char *text, enum nsi_target_role role, int code,
			      const char *msg)
{
	struct nsi_resolved r;
	struct nsi_need need;
	struct nsi_error err;
	int got = resolve(f, text, role, &r, &need, &err);

	checks++;
	if (got != code || strcmp(err.msg, msg) != 0) {
		failures++;
		fprintf(stderr, "FAIL: resolve '%s': %d '%s', expected %d '%s'\n", text, got, err.msg, code, msg);
	}
}

static void test_resolver(void)
{
	struct world w;
	struct nsi_resolved r;
	struct nsi_need need;
	struct nsi_error err;
	struct nsi_facts bare;

	make_world(&w);
	/* a PID: looked at alone, then found in the scan */
	CHECK(resolve(&w.f, "201", NSI_ROLE_TASK, &r, &need, &err) == 0 && r.kind == NSI_RESOLVED_PROCESS &&
	      r.proc->pid == 201);
	w.f.npids = 2;
	CHECK(resolve(&w.f, "201", NSI_ROLE_TASK, &r, &need, &err) == -EAGAIN && need.what == NSI_GATHER_PROCESS &&
	      need.pid == 201);
	w.f.npids = 6;
	CHECK(resolve(&w.f, "777", NSI_ROLE_ANY, &r, &need, &err) == -EAGAIN && need.what == NSI_GATHER_PROCESS &&
	      need.pid == 777);
	resolves_to_error(&w.f, "4242", NSI_ROLE_TASK, -ECHILD, "PID 4242: has exited (a zombie)");
	resolves_to_error(&w.f, "4243", NSI_ROLE_ANY, -EINVAL, "PID 4243: a thread of process 4240, not a process");

	/* namespaces: by inode, by link text of the right type only */
	CHECK(resolve(&w.f, "4026532300", NSI_ROLE_NAMESPACE, &r, &need, &err) == 0 &&
	      r.kind == NSI_RESOLVED_NAMESPACE && r.type == NSI_TYPE_NET && r.ino == BOX_NET && r.ns);
	CHECK(resolve(&w.f, "uts:[4026532301]", NSI_ROLE_ANY, &r, &need, &err) == 0 && r.ns->type == NSI_TYPE_UTS);
	resolves_to_error(&w.f, "mnt:[4026532300]", NSI_ROLE_NAMESPACE, -ENOENT,
			  "namespace 'mnt:[4026532300]': 4026532300 is a net namespace, not mnt");
	/* not in the scan: a deeper look first, then not found */
	CHECK(resolve(&w.f, "4026539999", NSI_ROLE_NAMESPACE, &r, &need, &err) == -EAGAIN &&
	      need.what == NSI_GATHER_DEEP);
	w.f.gathered |= NSI_GATHER_DEEP;
	resolves_to_error(&w.f, "4026539999", NSI_ROLE_NAMESPACE, -ENOENT, "namespace 4026539999: not found");
	w.f.incomplete = true;
	resolves_to_error(&w.f, "4026539999", NSI_ROLE_ANY, -ENOENT,
			  "namespace 4026539999: not found (some processes could not be inspected)");
	w.f.incomplete = false;

	/* containers: by name, id prefix, qualified; an ambiguous name names each */
	CHECK(resolve(&w.f, "web1", NSI_ROLE_CONTAINER, &r, &need, &err) == 0 && r.kind == NSI_RESOLVED_CONTAINER &&
	      r.proc->pid == 200 && strcmp(r.container->name, "web1") == 0);
	CHECK(resolve(&w.f, "aaaa1111", NSI_ROLE_ANY, &r, &need, &err) == 0 && r.proc->pid == 200);
	resolves_to_error(&w.f, "plain1", NSI_ROLE_CONTAINER, -EEXIST,
			  "container 'plain1': ambiguous, matches plain1 (containerd default/plain1), plain1 (containerd "
			  "team2/plain1); name one: containerd:default/plain1, containerd:team2/plain1");
	CHECK(resolve(&w.f, "containerd:team2/plain1", NSI_ROLE_ANY, &r, &need, &err) == 0 && r.proc->pid == 300);
	CHECK(resolve(&w.f, "team2/plain1", NSI_ROLE_CONTAINER, &r, &need, &err) == 0 && r.proc->pid == 300);
	resolves_to_error(&w.f, "default/plain1", NSI_ROLE_CONTAINER, -ESRCH,
			  "container plain1 (containerd default/plain1): not running");
	/* a container whose init is a zombie (its shim has not reaped it yet) is not running either */
	w.pids[3].state = NSI_PID_ZOMBIE;
	resolves_to_error(&w.f, "web1", NSI_ROLE_CONTAINER, -ESRCH,
			  "container web1 (docker aaaa11112222): not running");
	w.pids[3].state = NSI_PID_LIVE;
	/* not in any state: the cgroups are read before it is not found */
	CHECK(resolve(&w.f, "ghost", NSI_ROLE_CONTAINER, &r, &need, &err) == -EAGAIN &&
	      need.what == NSI_GATHER_CGROUPS);
	w.f.gathered |= NSI_GATHER_CGROUPS;
	resolves_to_error(&w.f, "ghost", NSI_ROLE_CONTAINER, -ENOENT,
			  "container 'ghost': not found in the engines' state or cgroups");
	resolves_to_error(&w.f, "ghost", NSI_ROLE_ANY, -ENOENT,
			  "'ghost': not a PID, a namespace (inode or net:[inode]), an nsfs path, an ip netns name or a container");

	/* an ip netns name; one that is also a container's name is ambiguous where both are taken */
	CHECK(resolve(&w.f, "blue", NSI_ROLE_NAMESPACE, &r, &need, &err) == 0 && r.kind == NSI_RESOLVED_NAMESPACE &&
	      r.ino == BLUE_NET);
	CHECK(resolve(&w.f, "blue", NSI_ROLE_CONTAINER, &r, &need, &err) == 0 && r.proc->pid == 201);
	resolves_to_error(&w.f, "blue", NSI_ROLE_ANY, -EEXIST,
			  "'blue': ambiguous, both the ip netns name (/run/netns/blue) and container blue (podman "
			  "bbbb11112222)");
	CHECK(resolve(&w.f, "podman:blue", NSI_ROLE_ANY, &r, &need, &err) == 0 && r.proc->pid == 201);

	/* with nothing gathered, the resolver asks for what decides each form */
	bare = (struct nsi_facts){ .model = w.m, .types = NSI_TYPEMASK_ALL };
	CHECK(resolve(&bare, "web1", NSI_ROLE_ANY, &r, &need, &err) == -EAGAIN &&
	      need.what == (NSI_GATHER_CONTAINERS | NSI_GATHER_MOUNTS));
	CHECK(resolve(&bare, "/run/netns/blue", NSI_ROLE_ANY, &r, &need, &err) == -EAGAIN &&
	      need.what == NSI_GATHER_PATH);
	CHECK(resolve(&bare, "4026539999", NSI_ROLE_ANY, &r, &need, &err) == -EAGAIN && need.what == NSI_GATHER_SCAN);
	free_world(&w);
}

static void test_selection(void)
{
	struct world w;
	struct nsi_selection s;
	struct nsi_filter f = { .types = NSI_TYPE_BIT(NSI_TYPE_NET) };
	const struct nsi_proc *box;
	struct nsi_ns *nss[2];

	make_world(&w);
	/* -t net: every net namespace, by inode */
	CHECK(nsi_select(w.m, &f, &s) == 0 && s.nrows == 3 && !s.process_view && s.rows[0].ns->ino == HOST_NET &&
	      s.rows[1].ns->ino == BOX_NET && s.rows[1].proc->pid == 200 && s.rows[2].ns->ino == BLUE_NET &&
	      !s.rows[2].proc);
	nsi_selection_done(&s);
	/* -P: the one no process is in, and not when the count is unknown */
	f.persistent = true;
	CHECK(nsi_select(w.m, &f, &s) == 0 && s.nrows == 1 && s.rows[0].ns->ino == BLUE_NET);
	nsi_selection_done(&s);
	nsi_model_set_incomplete(w.m, true);
	nsi_model_finish(w.m);
	CHECK(nsi_select(w.m, &f, &s) == 0 && s.nrows == 0);
	nsi_selection_done(&s);
	f.persistent = false;
	/* -p 201: its namespaces */
	box = nsi_model_find_process(w.m, 201);
	f = (struct nsi_filter){ .types = NSI_TYPEMASK_ALL, .targeted = true, .procs = &box, .nprocs = 1 };
	CHECK(nsi_select(w.m, &f, &s) == 0 && s.nrows == 2 && s.rows[0].ns->ino == BOX_NET &&
	      s.rows[1].ns->ino == BOX_UTS);
	nsi_selection_done(&s);
	/* NSIDs: the processes in them, by PID, each with the namespace it was selected by */
	nss[0] = nsi_model_find_ns(w.m, NSI_TYPE_UTS, TEAM2_UTS);
	nss[1] = nsi_model_find_ns(w.m, NSI_TYPE_NET, BOX_NET);
	f = (struct nsi_filter){ .types = NSI_TYPEMASK_ALL, .targeted = true, .namespaces = nss, .nnamespaces = 2 };
	CHECK(nsi_select(w.m, &f, &s) == 0 && s.process_view && s.nrows == 3 && s.rows[0].proc->pid == 200 &&
	      s.rows[0].ns == nss[1] && s.rows[1].proc->pid == 201 && s.rows[2].proc->pid == 300 &&
	      s.rows[2].ns == nss[0]);
	nsi_selection_done(&s);
	free_world(&w);
}

int main(void)
{
	test_grammar();
	test_resolver();
	test_selection();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
