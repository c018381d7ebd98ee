/*
 * --graph: the namespace hierarchy as a Graphviz DOT graph, for
 * `nsinspect --graph | dot -Tsvg >ns.svg`.
 *
 * A node per shown namespace, named by its inode; a namespace no process
 * is in is dashed, with what holds it.  An edge from each user namespace
 * to the namespaces it owns (NS_GET_USERNS), a bold one from each user or
 * pid namespace to its children (NS_GET_PARENT); edges only join shown
 * namespaces.  The namespaces of one container are drawn in a cluster
 * named after it.
 *
 * Labels quote outside text (container names, mount points): it is
 * escaped for DOT, and control characters become \xHH text, so that a
 * name can neither end the string nor pass a raw escape to a viewer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nsinspect/containers.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"

/* In a DOT string: quote and backslash escaped, controls and bytes that are not UTF-8 as \xHH text. */
static const struct nsi_escape dot_escape = { .backslashed = "\"\\", .hex_prefix = "\\\\x" };

static void put_dot_text(const char *s, FILE *out)
{
	nsi_put_escaped(out, s, &dot_escape);
}

/* The first mount point of @ns, or NULL. */
static const char *first_mount(const struct nsi_ns *ns)
{
	for (size_t i = 0; i < ns->nholders; i++)
		if (ns->holders[i].kind == NSI_HOLDER_MOUNT)
			return ns->holders[i].path;
	return NULL;
}

static void put_node(const struct nsi_ns *ns, const char *indent, FILE *out)
{
	const char *mount = first_mount(ns);

	fprintf(out, "%s\"%" PRIu64 "\" [label=\"%s %" PRIu64 "\\n", indent, ns->ino, nsi_type_name(ns->type), ns->ino);
	if (ns->procs_unknown)
		fputs("processes: unknown", out);
	else if (ns->nprocs)
		fprintf(out, "%u process%s", ns->nprocs, ns->nprocs == 1 ? "" : "es");
	else if (mount) {
		fputs("no process: ", out);
		put_dot_text(mount, out);
	} else {
		fputs("no process", out);
	}
	fprintf(out, "\"%s];\n", ns->nprocs || ns->procs_unknown ? "" : ", style=dashed");
}

/* The namespaces of each container, in a cluster; the others at the top. */
static void put_nodes(const struct nsi_selection *s, FILE *out)
{
	for (size_t i = 0; i < s->nrows; i++)
		if (!s->rows[i].ns->container)
			put_node(s->rows[i].ns, "\t", out);
	for (size_t i = 0; i < s->nrows; i++) {
		const struct nsi_container *c = s->rows[i].ns->container;
		char desc[1024];
		bool first = true;

		if (!c)
			continue;
		/* one cluster per container, at its first row */
		for (size_t j = 0; j < i && first; j++)
			first = s->rows[j].ns->container != c;
		if (!first)
			continue;
		fprintf(out, "\tsubgraph \"cluster_%zu\" {\n\t\tlabel=\"", i);
		put_dot_text(nsi_container_describe(c, desc, sizeof(desc)), out);
		fputs("\";\n", out);
		for (size_t j = i; j < s->nrows; j++)
			if (s->rows[j].ns->container == c)
				put_node(s->rows[j].ns, "\t\t", out);
		fputs("\t}\n", out);
	}
}

static bool shown(const struct nsi_selection *s, enum nsi_type type, uint64_t ino)
{
	return nsi_selection_find_ns(s, type, ino) >= 0;
}

static void put_edges(const struct nsi_selection *s, FILE *out)
{
	for (size_t i = 0; i < s->nrows; i++) {
		const struct nsi_ns *ns = s->rows[i].ns;

		if ((ns->rel_ok & NSI_REL_OWNER) && ns->owner_ino && shown(s, NSI_TYPE_USER, ns->owner_ino))
			fprintf(out, "\t\"%" PRIu64 "\" -> \"%" PRIu64 "\" [label=\"owns\", style=dotted];\n",
				ns->owner_ino, ns->ino);
		if ((ns->rel_ok & NSI_REL_PARENT) && ns->parent_ino && shown(s, ns->type, ns->parent_ino))
			fprintf(out, "\t\"%" PRIu64 "\" -> \"%" PRIu64 "\" [label=\"parent\", style=bold];\n",
				ns->parent_ino, ns->ino);
	}
}

int nsi_render_graph(const struct nsi_output *o, FILE *out)
{
	fputs("digraph namespaces {\n\tnode [shape=box];\n", out);
	put_nodes(o->sel, out);
	put_edges(o->sel, out);
	fputs("}\n", out);
	return nsi_flush_output(out);
}
