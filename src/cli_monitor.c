/*
 * The monitoring modes: --compare (one scan, a row per type, the answer
 * in the exit status) and --watch (a scan every interval until SIGINT or
 * SIGTERM, printing events or rewriting the --metrics file).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>

#include "cli.h"
#include "nsinspect/compare.h"
#include "nsinspect/select.h"
#include "nsinspect/util.h"
#include "nsinspect/watch.h"

/*
 * Sleep for the --watch interval unless SIGINT or SIGTERM comes first.
 * They are blocked, so one that arrives during a scan waits here.
 */
static bool stop_requested(const sigset_t *stop, const struct timespec *interval)
{
	for (;;) {
		if (sigtimedwait(stop, NULL, interval) > 0)
			return true;
		if (errno == EAGAIN)
			return false;
	}
}

/* One --watch scan: the model as the list builds it, then the events. */
static void watch_scan(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, struct nsi_watch *w, bool first)
{
	struct nsi_filter filter = { .types = ctl->types, .persistent = ctl->persistent };
	struct nsi_model *model = NULL;
	struct nsi_scan_stats stats;
	struct nsi_selection sel;
	size_t bad;
	int r;

	if (nsi_model_new(&model) < 0)
		nsi_fail(nsi_exit_failure, "cannot allocate memory");
	nsi_cli_discover(ctl, pfs, model, &stats);
	r = nsi_select(model, &filter, &sel, &bad);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot select namespaces: %s", strerror(-r));
	r = nsi_watch_update(w, &sel, model, pfs, stdout);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot write output: %s", strerror(-r));
	if (first)
		nsi_cli_warn_hidden(&stats);
	nsi_selection_done(&sel);
	nsi_model_free(model);
}

/* --watch: events (or with --metrics=FILE, the file) every interval until SIGINT or SIGTERM. */
int nsi_cli_watch(struct nsi_ctl *ctl)
{
	struct nsi_engine_roots roots = { .sysroot = ctl->sysroot, .docker_root = ctl->docker_root };
	struct nsi_procfs *pfs = NULL;
	struct nsi_watch *w = NULL;
	sigset_t stop;
	bool first = true;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	if (ctl->metrics) {
		do
			nsi_cli_list(ctl);
		while (!stop_requested(&stop, &ctl->interval));
		return NSI_EXIT_OK;
	}

	pfs = nsi_cli_open_procfs(ctl);
	if (nsi_watch_new(&roots, &w) < 0)
		nsi_fail(nsi_exit_failure, "cannot allocate memory");
	do {
		watch_scan(ctl, pfs, w, first);
		first = false;
	} while (!stop_requested(&stop, &ctl->interval));
	nsi_watch_free(w);
	nsi_procfs_free(pfs);
	return NSI_EXIT_OK;
}

/* The process a --compare target stands for: a PID, else a container's init process. */
static void resolve_compare_target(const struct nsi_ctl *ctl, struct nsi_compare_target *t, struct nsi_procfs *pfs,
				   const struct nsi_model *model, struct nsi_containers **cs, bool *cgroups_read)
{
	pid_t pid;

	if (nsi_parse_pid(t->arg, &pid) == 0) {
		t->proc = nsi_model_find_process(model, pid);
		if (!t->proc)
			nsi_cli_fail_missing_pid(pfs, pid);
		return;
	}
	if (!*cs)
		*cs = nsi_cli_load_containers(ctl, pfs);
	t->container = nsi_cli_find_container(*cs, pfs, model, t->arg, cgroups_read);
	t->proc = nsi_model_find_process(model, t->container->pid);
}

/* Say which namespaces made the answer unknown (they vanished mid-scan). */
static void warn_unknown(const struct nsi_comparison *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		if (c->rows[r].sharing != NSI_UNKNOWN)
			continue;
		for (size_t t = 0; t < c->ntargets; t++)
			if (!c->targets[t].proc->ns[c->rows[r].type])
				nsi_warn("%s: its %s namespace could not be read", c->targets[t].arg,
				      nsi_type_name(c->rows[r].type));
	}
}

/* --compare: exit 0 when every compared type is shared, 1 when one is not. */
int nsi_cli_compare(const struct nsi_ctl *ctl)
{
	_cleanup_free_ struct nsi_compare_target *targets = calloc(ctl->ncompare_args, sizeof(*targets));
	struct nsi_containers *cs = NULL;
	struct nsi_procfs *pfs = NULL;
	struct nsi_model *model = NULL;
	struct nsi_scan_stats stats;
	struct nsi_comparison cmp;
	bool cgroups_read = false;
	int r;

	pfs = nsi_cli_open_procfs(ctl);
	if (!targets || nsi_model_new(&model) < 0)
		nsi_fail(nsi_exit_failure, "cannot allocate memory");
	nsi_cli_scan(ctl, pfs, ctl->types, model, &stats);
	nsi_model_finish(model);

	for (size_t i = 0; i < ctl->ncompare_args; i++) {
		targets[i].arg = ctl->compare_args[i];
		resolve_compare_target(ctl, &targets[i], pfs, model, &cs, &cgroups_read);
	}
	nsi_compare(&cmp, targets, ctl->ncompare_args, ctl->types);
	if (ctl->json)
		r = nsi_render_compare_json(&cmp, &ctl->render, stdout);
	else
		r = nsi_render_compare_table(&cmp, &ctl->render, stdout);
	if (r < 0)
		nsi_fail(nsi_exit_failure, "cannot write output: %s", strerror(-r));
	warn_unknown(&cmp);

	nsi_containers_free(cs);
	nsi_model_free(model);
	nsi_procfs_free(pfs);
	if (cmp.overall == NSI_UNKNOWN)
		return NSI_EXIT_COMPARE_FAILURE;
	return cmp.overall == NSI_SHARED ? NSI_EXIT_OK : NSI_EXIT_DIFFERENT;
}
