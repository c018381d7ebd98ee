/*
 * --compare: the inode of each target's namespace, type by type.  Two
 * inodes read in one scan name the same namespace exactly when they are
 * equal; nsfs has one superblock, so the device adds nothing.
 */
#include "nsinspect/compare.h"

/* No target has this type: the kernel lacks it (time before 5.6); or one target is a namespace of another type. */
static bool type_missing(const struct nsi_compare_target *targets, size_t n, enum nsi_type type)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		if (!(targets[i].types & NSI_TYPE_BIT(type)))
			return true;
		any |= targets[i].ns[type] != 0;
	}
	return !any;
}

static enum nsi_sharing compare_type(const struct nsi_compare_target *targets, size_t n, enum nsi_type type)
{
	uint64_t first = 0;
	bool unknown = false;

	for (size_t i = 0; i < n; i++) {
		uint64_t ino = targets[i].ns[type];

		if (!ino)
			unknown = true;
		else if (!first)
			first = ino;
		else if (ino != first)
			return NSI_DIFFERENT;
	}
	return unknown ? NSI_UNKNOWN : NSI_SHARED;
}

void nsi_compare(struct nsi_comparison *c, const struct nsi_compare_target *targets, size_t ntargets,
		 nsi_typemask types)
{
	c->targets = targets;
	c->ntargets = ntargets;
	c->nrows = 0;
	c->overall = NSI_SHARED;
	for (int t = 0; t < NSI_NTYPES; t++) {
		struct nsi_compare_row *row;

		if (!(types & NSI_TYPE_BIT(t)) || type_missing(targets, ntargets, (enum nsi_type)t))
			continue;
		row = &c->rows[c->nrows++];
		row->type = (enum nsi_type)t;
		row->sharing = compare_type(targets, ntargets, row->type);
		if (row->sharing == NSI_DIFFERENT)
			c->overall = NSI_DIFFERENT;
		else if (row->sharing == NSI_UNKNOWN && c->overall == NSI_SHARED)
			c->overall = NSI_UNKNOWN;
	}
}

const char *nsi_sharing_name(enum nsi_sharing s)
{
	switch (s) {
	case NSI_SHARED:
		return "yes";
	case NSI_DIFFERENT:
		return "no";
	case NSI_UNKNOWN:
		break;
	}
	return "unknown";
}
