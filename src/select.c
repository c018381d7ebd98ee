/*
 * Row selection (select.h), from the model alone.  In the namespace view
 * a row is a namespace of a selected type, of a -p/-c process when any
 * are given (and under --watch, one an NSID names); in the process view
 * (NSID arguments) a row is a process in one of the given namespaces, in
 * PID order, each once.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsinspect/select.h"
#include "nsinspect/util.h"

static int add_row(struct nsi_selection *s, size_t *cap, struct nsi_ns *ns, struct nsi_proc *proc)
{
	if (s->nrows == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct nsi_row *n = realloc(s->rows, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->rows = n;
		*cap = ncap;
	}
	s->rows[s->nrows++] = (struct nsi_row){ .ns = ns, .proc = proc, .parent = -1 };
	return 0;
}

/* Is @ns one the targets name: a namespace of one of their processes, or (--watch) one of their namespaces? */
static bool ns_targeted(const struct nsi_filter *f, const struct nsi_ns *ns)
{
	if (!f->targeted)
		return true;
	for (size_t i = 0; i < f->nprocs; i++)
		if (f->procs[i]->ns[ns->type] == ns->ino)
			return true;
	for (size_t i = 0; i < f->nnamespaces; i++)
		if (f->namespaces[i] == ns)
			return true;
	return false;
}

static int select_namespaces(const struct nsi_model *m, const struct nsi_filter *f, struct nsi_selection *s)
{
	size_t nns, cap = 0;
	struct nsi_ns *const *all = nsi_model_namespaces(m, &nns);

	for (size_t i = 0; i < nns; i++) {
		if (!(f->types & NSI_TYPE_BIT(all[i]->type)) || !ns_targeted(f, all[i]))
			continue;
		/* -P: known to have none, not merely none seen */
		if (f->persistent && (all[i]->nprocs || all[i]->procs_unknown))
			continue;
		if (add_row(s, &cap, all[i], all[i]->lowest) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The first of @f's namespaces that @p is in, or NULL. */
static struct nsi_ns *selected_by(const struct nsi_proc *p, const struct nsi_filter *f)
{
	for (size_t i = 0; i < f->nnamespaces; i++)
		if (p->ns[f->namespaces[i]->type] == f->namespaces[i]->ino)
			return f->namespaces[i];
	return NULL;
}

static int select_processes(const struct nsi_model *m, const struct nsi_filter *f, struct nsi_selection *s)
{
	size_t nprocs, cap = 0;
	struct nsi_proc *const *all = nsi_model_processes(m, &nprocs);

	/* walk processes, not namespaces, so rows come out sorted by PID */
	for (size_t i = 0; i < nprocs; i++) {
		struct nsi_ns *ns = selected_by(all[i], f);

		if (ns && add_row(s, &cap, ns, all[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}

int nsi_select(struct nsi_model *m, const struct nsi_filter *f, struct nsi_selection *ret)
{
	struct nsi_selection s = { .process_view = f->nnamespaces > 0 && !f->namespace_rows };
	int r = s.process_view ? select_processes(m, f, &s) : select_namespaces(m, f, &s);

	if (r < 0) {
		nsi_selection_done(&s);
		return r;
	}
	*ret = s;
	return 0;
}

const struct nsi_container *nsi_selection_container(const struct nsi_selection *s, size_t i)
{
	const struct nsi_row *row = &s->rows[i];

	if (s->process_view)
		return row->proc ? row->proc->container : NULL;
	return row->ns ? row->ns->container : NULL;
}

ssize_t nsi_selection_find_ns(const struct nsi_selection *s, enum nsi_type type, uint64_t ino)
{
	size_t lo = 0, hi = s->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct nsi_ns *ns = s->rows[mid].ns;

		if (ns->ino == ino && ns->type == type)
			return (ssize_t)mid;
		if (ns->ino < ino || (ns->ino == ino && ns->type < type))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int nsi_selection_keep(struct nsi_selection *s, const bool *keep)
{
	ssize_t *index = malloc((s->nrows ? s->nrows : 1) * 2 * sizeof(*index)), *parent;
	size_t n = 0;

	if (!index)
		return -ENOMEM;
	parent = index + s->nrows;
	for (size_t i = 0; i < s->nrows; i++) {
		ssize_t up = s->rows[i].parent;

		index[i] = keep[i] ? (ssize_t)n++ : -1;
		/* the nearest kept ancestor, read before any row moves */
		while (up >= 0 && !keep[up])
			up = s->rows[up].parent;
		parent[i] = up;
	}
	for (size_t i = 0, at = 0; i < s->nrows; i++) {
		if (!keep[i])
			continue;
		s->rows[at] = s->rows[i];
		s->rows[at++].parent = parent[i] >= 0 ? index[parent[i]] : -1;
	}
	s->nrows = n;
	free(index);
	return 0;
}

void nsi_selection_done(struct nsi_selection *s)
{
	free(s->rows);
	*s = (struct nsi_selection){ 0 };
}

