/*
 * Column definitions and cell values.  A value is produced once per
 * cell as a typed nsi_value so the table renderer prints text and the
 * JSON renderer emits numbers as numbers and unknowns as null, from the
 * same code.  Values come only from the model; nothing here reads /proc.
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/sysmacros.h>

#include "nsinspect/columns.h"
#include "nsinspect/containers.h"
#include "nsinspect/mounts.h"
#include "nsinspect/select.h"
#include "nsinspect/statefile.h"
#include "nsinspect/util.h"

static const struct nsi_colinfo infos[NSI_NCOLS] = {
	[COL_NS] = { .name = "NS", .whint = 10, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		     .help = "namespace identifier (inode number)" },
	[COL_TYPE] = { .name = "TYPE", .whint = 5, .json = NSI_JSON_STRING,
		       .help = "kind of namespace" },
	[COL_PATH] = { .name = "PATH", .whint = 0, .json = NSI_JSON_STRING,
		       .help = "path to the namespace" },
	[COL_NPROCS] = { .name = "NPROCS", .whint = 5, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
			 .help = "number of processes in the namespace" },
	[COL_PID] = { .name = "PID", .whint = 5, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		      .help = "lowest PID in the namespace" },
	[COL_PPID] = { .name = "PPID", .whint = 5, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		       .details = NSI_DETAIL_PPID, .help = "parent PID of the PID" },
	[COL_COMMAND] = { .name = "COMMAND", .whint = 0, .flags = SCOLS_FL_TRUNC, .json = NSI_JSON_STRING,
			  .details = NSI_DETAIL_COMMAND, .help = "command line of the PID" },
	[COL_UID] = { .name = "UID", .whint = 0, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		      .details = NSI_DETAIL_UID, .help = "UID of the PID (no PID: of the owner)" },
	[COL_USER] = { .name = "USER", .whint = 0, .json = NSI_JSON_STRING,
		       .details = NSI_DETAIL_UID, .help = "user name of the PID (no PID: of the owner)" },
	[COL_PNS] = { .name = "PNS", .whint = 10, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		      .relations = NSI_REL_PARENT, .help = "parent namespace identifier (inode number)" },
	[COL_ONS] = { .name = "ONS", .whint = 10, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
		      .relations = NSI_REL_OWNER, .help = "owner namespace identifier (inode number)" },
	[COL_OWNER] = { .name = "OWNER", .whint = 0, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
			.relations = NSI_REL_OWNER_UID, .help = "UID that created the owning user namespace" },
	[COL_NSFS] = { .name = "NSFS", .whint = 0, .flags = SCOLS_FL_WRAP, .json = NSI_JSON_ARRAY,
		       .help = "nsfs mount points (bind mounts) of the namespace" },
	[COL_IPNETNS] = { .name = "IPNETNS", .whint = 0, .flags = SCOLS_FL_WRAP, .json = NSI_JSON_ARRAY,
			  .net_only = true, .help = "name given by ip netns (network namespaces)" },
	[COL_NETNSID] = { .name = "NETNSID", .whint = 0, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
			  .relations = NSI_REL_NETNSID, .net_only = true, .help = "namespace ID as used by the network subsystem" },
	[COL_NS_ID] = { .name = "NS_ID", .whint = 0, .flags = SCOLS_FL_RIGHT, .json = NSI_JSON_NUMBER,
			.relations = NSI_REL_ID, .help = "the kernel's 64-bit namespace id, never reused (Linux 6.18+)" },
	[COL_NS_DEV] = { .name = "NS_DEV", .whint = 0, .json = NSI_JSON_STRING, .relations = NSI_REL_ID,
			 .help = "device of the namespace file (nsfs), major:minor" },
	[COL_HOLDERS] = { .name = "HOLDERS", .whint = 0, .flags = SCOLS_FL_TRUNC, .json = NSI_JSON_OBJECT,
			  .help = "what keeps the namespace alive" },
	[COL_CONTAINER] = { .name = "CONTAINER", .whint = 0, .json = NSI_JSON_STRING, .container = true,
			    .help = "name (else id) of the container the namespace belongs to" },
	[COL_CONTAINER_ID] = { .name = "CONTAINER_ID", .whint = 12, .json = NSI_JSON_STRING, .container = true,
			       .help = "container id (short; the full id in JSON)" },
	[COL_ENGINE] = { .name = "ENGINE", .whint = 0, .json = NSI_JSON_STRING, .container = true,
			 .help = "container engine: docker, containerd, cri-o, podman, nspawn, lxc" },
	[COL_POD] = { .name = "POD", .whint = 0, .json = NSI_JSON_STRING, .container = true,
		      .help = "Kubernetes pod of the container" },
	[COL_POD_NAMESPACE] = { .name = "POD_NAMESPACE", .whint = 0, .json = NSI_JSON_STRING, .container = true,
				.help = "Kubernetes namespace of the pod" },
	[COL_IMAGE] = { .name = "IMAGE", .whint = 0, .flags = SCOLS_FL_TRUNC, .json = NSI_JSON_STRING,
			.container = true, .help = "image the container runs" },
};

const struct nsi_colinfo *nsi_column_info(enum nsi_col col)
{
	return &infos[col];
}

enum nsi_col nsi_column_from_name(const char *name, size_t len)
{
	for (int i = 0; i < NSI_NCOLS; i++)
		if (strlen(infos[i].name) == len && strncasecmp(infos[i].name, name, len) == 0)
			return (enum nsi_col)i;
	return NSI_NCOLS;
}

int nsi_columns_add(struct nsi_columns *cols, enum nsi_col col)
{
	if (cols->n >= NSI_MAX_COLUMNS)
		return -E2BIG;
	cols->ids[cols->n++] = col;
	return 0;
}

bool nsi_columns_has(const struct nsi_columns *cols, enum nsi_col col)
{
	for (size_t i = 0; i < cols->n; i++)
		if (cols->ids[i] == col)
			return true;
	return false;
}

int nsi_columns_parse(struct nsi_columns *cols, const char *list, const char **ret_bad, size_t *ret_badlen)
{
	struct nsi_columns out = *cols;
	const char *p = list;

	if (*p == '+')
		p++;
	else
		out.n = 0;

	for (;;) {
		size_t len = strcspn(p, ",");
		enum nsi_col c = nsi_column_from_name(p, len);
		int r;

		if (c == NSI_NCOLS) {
			*ret_bad = p;
			*ret_badlen = len;
			return -EINVAL;
		}
		r = nsi_columns_add(&out, c);
		if (r < 0)
			return r;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*cols = out;
	return 0;
}

unsigned int nsi_columns_details(const struct nsi_columns *cols)
{
	unsigned int mask = 0;

	for (size_t i = 0; i < cols->n; i++)
		mask |= infos[cols->ids[i]].details;
	return mask;
}

unsigned int nsi_columns_relations(const struct nsi_columns *cols)
{
	unsigned int mask = 0;

	for (size_t i = 0; i < cols->n; i++)
		mask |= infos[cols->ids[i]].relations;
	return mask;
}

bool nsi_columns_need_containers(const struct nsi_columns *cols)
{
	for (size_t i = 0; i < cols->n; i++)
		if (infos[cols->ids[i]].container)
			return true;
	return false;
}

static void set_number(struct nsi_value *v, long long num)
{
	v->kind = NSI_VALUE_NUMBER;
	v->num = num;
}

static void set_string(struct nsi_value *v, const char *s)
{
	if (s) {
		v->kind = NSI_VALUE_STRING;
		v->str = s;
	}
}

/* What a mount holder shows in @col: its path, or for IPNETNS its ip netns name (or NULL). */
static const char *mount_item(enum nsi_col col, const struct nsi_holder *h)
{
	return col == COL_IPNETNS ? nsi_mounts_ipnetns_name(h->path) : h->path;
}

struct item_ref {
	const char *item;
	size_t index;		/* of its holder: ties keep the first found */
};

static int cmp_item(const void *a, const void *b)
{
	const struct item_ref *x = a, *y = b;
	int r = strcmp(x->item, y->item);

	return r ? r : (x->index > y->index) - (x->index < y->index);
}

int nsi_column_items(enum nsi_col col, const struct nsi_ns *ns, int (*fn)(const char *item, void *ctx), void *ctx)
{
	_cleanup_free_ struct item_ref *refs = calloc(ns->nholders + 1, sizeof(*refs));
	_cleanup_free_ bool *repeat = calloc(ns->nholders + 1, sizeof(*repeat));
	size_t n = 0;
	int r = 0;

	if (!refs || !repeat)
		return -ENOMEM;
	for (size_t i = 0; i < ns->nholders; i++) {
		const struct nsi_holder *h = &ns->holders[i];
		const char *item = h->kind == NSI_HOLDER_MOUNT ? mount_item(col, h) : NULL;

		if (item)
			refs[n++] = (struct item_ref){ item, i };
	}
	/*
	 * Sorted, each item after the first of its kind is a repeat: linear
	 * after the sort, where asking each holder about every earlier one
	 * let 60,000 bind mounts of one netns stall a scan for seconds.
	 */
	qsort(refs, n, sizeof(*refs), cmp_item);
	for (size_t i = 1; i < n; i++)
		if (strcmp(refs[i].item, refs[i - 1].item) == 0)
			repeat[refs[i].index] = true;
	for (size_t i = 0; r == 0 && i < ns->nholders; i++) {
		const struct nsi_holder *h = &ns->holders[i];
		const char *item = h->kind == NSI_HOLDER_MOUNT ? mount_item(col, h) : NULL;

		if (item && !repeat[i])
			r = fn(item, ctx);
	}
	return r;
}

/* Holders listed one by one, at most this many of a kind. */
#define HOLDERS_SHOWN 3

static const char *const holder_words[NSI_NHOLDER_KINDS] = {
	[NSI_HOLDER_THREAD] = "thread",
	[NSI_HOLDER_FD] = "fd",
	[NSI_HOLDER_SOCKET] = "socket",
	[NSI_HOLDER_MOUNT] = "mount",
	[NSI_HOLDER_CHILD] = "children",
};

/* Mount points in HOLDERS: the first few, then how many more. */
struct holder_mounts {
	FILE *f;
	const char *sep;
	unsigned int n;
};

static int write_mount_holder(const char *path, void *ctx)
{
	struct holder_mounts *m = ctx;

	if (m->n++ < HOLDERS_SHOWN) {
		fprintf(m->f, "%s%s:%s", m->sep, holder_words[NSI_HOLDER_MOUNT], path);
		m->sep = ",";
	}
	return 0;
}

/*
 * HOLDERS as text: "processes:3,mount:/run/netns/blue,fd:1234/3,
 * thread:1234/1240,children:2".  fd and socket holders read as
 * PID/fd-number, threads as PID/TID; a mount point is shown once.
 */
static void write_holders(FILE *f, const struct nsi_ns *ns)
{
	static const enum nsi_holder_kind order[] = { NSI_HOLDER_FD, NSI_HOLDER_SOCKET, NSI_HOLDER_THREAD };
	struct holder_mounts mounts = { .f = f, .sep = ns->nprocs ? "," : "" };
	const char *sep;

	if (ns->nprocs)
		fprintf(f, "processes:%u", ns->nprocs);
	nsi_column_items(COL_NSFS, ns, write_mount_holder, &mounts);
	if (mounts.n > HOLDERS_SHOWN)
		fprintf(f, ",%s:+%u", holder_words[NSI_HOLDER_MOUNT], mounts.n - HOLDERS_SHOWN);
	sep = ns->nprocs || mounts.n ? "," : "";
	for (size_t k = 0; k < ARRAY_SIZE(order); k++) {
		enum nsi_holder_kind kind = order[k];
		unsigned int n = 0;

		for (size_t i = 0; i < ns->nholders; i++) {
			const struct nsi_holder *h = &ns->holders[i];

			if (h->kind != kind || n++ >= HOLDERS_SHOWN)
				continue;
			fprintf(f, "%s%s:%d/%d", sep, holder_words[kind], (int)h->pid, h->id);
			sep = ",";
		}
		if (n > HOLDERS_SHOWN)
			fprintf(f, "%s%s:+%u", sep, holder_words[kind], n - HOLDERS_SHOWN);
	}
	if (ns->nchildren)
		fprintf(f, "%s%s:%u", sep, holder_words[NSI_HOLDER_CHILD], ns->nchildren);
}

/* HOLDERS, built as text.  Empty text is no value. */
static void set_holders(struct nsi_value *v, const struct nsi_ns *ns)
{
	size_t len = 0;
	FILE *f;

	/*
	 * Most namespaces have processes and nothing else: their text needs no
	 * memstream, which zeroes 8 KiB per cell (a third of --output-all's
	 * rendering on 800 rows).  write_holders() says the same.
	 */
	if (ns->nholders == 0 && ns->nchildren == 0) {
		if (ns->nprocs) {
			snprintf(v->buf, sizeof(v->buf), "processes:%u", ns->nprocs);
			set_string(v, v->buf);
		}
		return;
	}
	f = open_memstream(&v->alloc, &len);
	if (!f)
		return;
	write_holders(f, ns);
	if (fclose(f) == 0 && len)
		set_string(v, v->alloc);
}

/* Docker's short form of an id: its first 12 hex digits. */
#define SHORT_ID_LEN 12

/* An id as @v's value; in text, a full id in its short form. */
static void set_id(struct nsi_value *v, const char *id)
{
	set_string(v, id);
	if (nsi_is_full_id(id, strlen(id))) {
		snprintf(v->buf, sizeof(v->buf), "%.*s", SHORT_ID_LEN, id);
		v->text = v->buf;
	}
}

static void set_container_value(struct nsi_value *v, enum nsi_col col, const struct nsi_container *c)
{
	if (!c)
		return;
	switch (col) {
	case COL_CONTAINER:
		/* what is known: a container seen only in a cgroup has an id */
		if (c->name)
			set_string(v, c->name);
		else
			set_id(v, c->id);
		break;
	case COL_CONTAINER_ID:
		set_id(v, c->id);
		break;
	case COL_ENGINE:
		set_string(v, nsi_engine_name(c->engine));
		break;
	case COL_POD:
		set_string(v, c->pod);
		break;
	case COL_POD_NAMESPACE:
		set_string(v, c->pod_namespace);
		break;
	case COL_IMAGE:
		set_string(v, c->image);
		break;
	default:
		break;
	}
}

/* The namespace's own columns; false when @col is not one of them. */
static bool namespace_value(enum nsi_col col, const struct nsi_ns *ns, const struct nsi_proc *proc,
			    struct nsi_value *v)
{
	switch (col) {
	case COL_NS:
		set_number(v, ns->ino);
		return true;
	case COL_TYPE:
		set_string(v, nsi_type_name(ns->type));
		return true;
	case COL_NPROCS:
		if (!ns->procs_unknown)
			set_number(v, ns->nprocs);
		return true;
	case COL_PNS:
		if (ns->rel_ok & NSI_REL_PARENT)
			set_number(v, ns->parent_ino);
		return true;
	case COL_ONS:
		if (ns->rel_ok & NSI_REL_OWNER)
			set_number(v, ns->owner_ino);
		return true;
	case COL_OWNER:
		if (ns->rel_ok & NSI_REL_OWNER_UID)
			set_number(v, ns->owner_uid);
		return true;
	case COL_UID:
	case COL_USER:
		/* a namespace no process is in: its owner's (rows.c), else the process's */
		if (proc)
			return false;
		if ((ns->rel_ok & NSI_REL_OWNER_UID) && col == COL_UID)
			set_number(v, ns->owner_uid);
		else if ((ns->rel_ok & NSI_REL_OWNER_UID) && ns->owner_user)
			set_string(v, ns->owner_user);
		return true;
	case COL_NETNSID:
		if (ns->rel_ok & NSI_REL_NETNSID) {
			set_number(v, ns->netnsid);
			if (ns->netnsid < 0)
				v->text = "unassigned";
		}
		return true;
	case COL_NS_ID:
		/* 0 is what kernels before 6.18 leave: no id */
		if ((ns->rel_ok & NSI_REL_ID) && ns->ns_id)
			set_number(v, (long long)ns->ns_id);
		return true;
	case COL_NS_DEV:
		if (ns->rel_ok & NSI_REL_ID) {
			snprintf(v->buf, sizeof(v->buf), "%u:%u", major(ns->dev), minor(ns->dev));
			set_string(v, v->buf);
		}
		return true;
	case COL_NSFS:
	case COL_IPNETNS:
		return true;	/* lists: nsi_column_items() */
	case COL_HOLDERS:
		set_holders(v, ns);
		return true;
	case COL_PATH:
		if (proc) {
			snprintf(v->buf, sizeof(v->buf), "/proc/%d/ns/%s", (int)proc->pid, nsi_type_name(ns->type));
			set_string(v, v->buf);
		}
		return true;
	default:
		return false;
	}
}

static void process_value(enum nsi_col col, const struct nsi_proc *proc, struct nsi_value *v)
{
	switch (col) {
	case COL_PID:
		set_number(v, proc->pid);
		break;
	case COL_PPID:
		if (proc->details_ok & NSI_DETAIL_PPID)
			set_number(v, proc->ppid);
		break;
	case COL_UID:
		if (proc->details_ok & NSI_DETAIL_UID)
			set_number(v, proc->uid);
		break;
	case COL_USER:
		if (proc->details_ok & NSI_DETAIL_UID)
			set_string(v, proc->user);
		break;
	case COL_COMMAND:
		if (proc->details_ok & NSI_DETAIL_COMMAND)
			set_string(v, proc->command);
		break;
	default:
		break;
	}
}

void nsi_column_value(enum nsi_col col, const struct nsi_row *row, bool process_view, struct nsi_value *v)
{
	const struct nsi_ns *ns = row->ns;
	const struct nsi_proc *proc = row->proc;

	memset(v, 0, sizeof(*v));
	v->kind = NSI_VALUE_NONE;
	if (ns && !nsi_column_applies(col, ns))
		return;
	if (ns && namespace_value(col, ns, proc, v))
		return;
	/* a process row is in its process's container; a namespace in its own */
	if (infos[col].container) {
		set_container_value(v, col, process_view ? (proc ? proc->container : NULL) : ns ? ns->container : NULL);
		return;
	}
	if (proc)
		process_value(col, proc, v);
}

bool nsi_column_applies(enum nsi_col col, const struct nsi_ns *ns)
{
	return ns && (!infos[col].net_only || ns->type == NSI_TYPE_NET);
}

void nsi_value_clear(struct nsi_value *v)
{
	free(v->alloc);
	v->alloc = NULL;
}

const char *nsi_value_text(struct nsi_value *v)
{
	switch (v->kind) {
	case NSI_VALUE_NUMBER:
		if (v->text)
			return v->text;
		snprintf(v->buf, sizeof(v->buf), "%lld", v->num);
		return v->buf;
	case NSI_VALUE_STRING:
		return v->text ? v->text : v->str;
	default:
		return NULL;
	}
}
