/*
 * --compare: one lazy inspection, its targets resolved as every mode
 * resolves them, a row per type, the answer in the exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nsinspect/compare.h"
#include "nsinspect/util.h"

/* What one resolved target contributes: a process's namespaces, or one namespace. */
static void compare_target(const struct nsi_target *t, const struct nsi_resolved *res, nsi_typemask types,
			   struct nsi_compare_target *ret)
{
	*ret = (struct nsi_compare_target){ .arg = t->text, .container = res->container };
	if (res->kind == NSI_RESOLVED_NAMESPACE) {
		ret->types = NSI_TYPE_BIT(res->type);
		ret->ns[res->type] = res->ino;
		return;
	}
	ret->pid = res->proc->pid;
	ret->types = types;
	memcpy(ret->ns, res->proc->ns, sizeof(ret->ns));
}

/* Say which namespaces made the answer unknown (they could not be read). */
static void warn_unknown(const struct nsi_comparison *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		if (c->rows[r].sharing != NSI_UNKNOWN)
			continue;
		for (size_t t = 0; t < c->ntargets; t++)
			if (!c->targets[t].ns[c->rows[r].type])
				nsi_warn("%s: its %s namespace could not be read", c->targets[t].arg,
					 nsi_type_name(c->rows[r].type));
	}
}

int nsi_run_compare(const struct nsi_request *req, struct nsi_error *err)
{
	size_t n = req->ntargets;
	_cleanup_free_ struct nsi_resolved *res = calloc(n, sizeof(*res));
	_cleanup_free_ struct nsi_compare_target *targets = calloc(n, sizeof(*targets));
	struct nsi_inspection *in = NULL;
	struct nsi_comparison cmp;
	struct nsi_output o = { .opts = &req->render, .cmp = &cmp };
	bool json = req->format == NSI_FORMAT_JSON || req->format == NSI_FORMAT_JSON_LINES;
	int r;

	if (!res || !targets)
		return nsi_error_errno(err, -ENOMEM, "");
	r = nsi_inspection_new(req, &in, err);
	if (r == 0)
		r = nsi_inspection_resolve(in, req->targets, n, res, err);
	for (size_t i = 0; r == 0 && i < n; i++)
		compare_target(&req->targets[i], &res[i], req->types, &targets[i]);
	if (r == 0) {
		nsi_compare(&cmp, targets, n, req->types);
		if (cmp.nrows == 0)
			r = nsi_error_set(err, -EINVAL, "nothing to compare: the targets have no namespace type in common%s",
					  req->types != NSI_TYPEMASK_ALL ? " among the selected types" : "");
	}
	if (r == 0) {
		r = nsi_format(json ? NSI_FORMAT_COMPARE_JSON : NSI_FORMAT_COMPARE)->render(&o, stdout);
		if (r < 0)
			r = r == -ENOMEM ? nsi_error_errno(err, r, "") : nsi_error_set(err, r, "write error: %s", strerror(-r));
	}
	if (r == 0)
		warn_unknown(&cmp);
	nsi_inspection_free(in);
	if (r < 0)
		return r;
	if (cmp.overall == NSI_UNKNOWN)
		return NSI_EXIT_COMPARE_FAILURE;
	return cmp.overall == NSI_SHARED ? NSI_EXIT_OK : NSI_EXIT_DIFFERENT;
}
