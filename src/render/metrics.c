/*
 * --metrics: the Prometheus text exposition format (version 0.0.4), as
 * node_exporter's textfile collector reads it.  Every family is written
 * whole (HELP, TYPE, samples) in a fixed order; label values are escaped
 * as the format asks (backslash, double quote, newline), so a container
 * name cannot break the file.  Values are gauges: each run is a fresh
 * snapshot, nothing accumulates between runs.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "nsinspect/containers.h"
#include "nsinspect/render.h"
#include "nsinspect/util.h"

/*
 * A label value between double quotes, escaped as the format asks
 * (backslash, double quote, newline); NULL is the empty value.  The
 * format wants UTF-8: a byte that is not becomes U+FFFD, as in JSON.  The
 * format would pass control characters raw, and --metrics may print to a
 * terminal: they become the text \xHH per byte (an escaped backslash), as
 * in tables.
 */
static const struct nsi_escape label_escape = {
	.backslashed = "\"\\",
	.newline_as_n = true,
	.invalid_as_fffd = true,
	.hex_prefix = "\\\\x",
};

static void put_label_value(const char *s, FILE *out)
{
	fputc('"', out);
	nsi_put_escaped(out, s ? s : "", &label_escape);
	fputc('"', out);
}

static void put_family_typed(const char *name, const char *help, const char *type, FILE *out)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void put_family(const char *name, const char *help, FILE *out)
{
	put_family_typed(name, help, "gauge", out);
}

static void put_namespace_counts(const struct nsi_output *mx, FILE *out)
{
	unsigned int count[NSI_NTYPES] = { 0 };

	for (size_t i = 0; i < mx->sel->nrows; i++)
		count[mx->sel->rows[i].ns->type]++;
	put_family("nsinspect_namespaces", "Namespaces of each type (those -t, -p, -c and -P select).", out);
	for (int t = 0; t < NSI_NTYPES; t++)
		if (mx->types & NSI_TYPE_BIT(t))
			fprintf(out, "nsinspect_namespaces{type=\"%s\"} %u\n", nsi_type_name((enum nsi_type)t), count[t]);
}

/* type, inode and, when the namespace belongs to one, the container's labels */
static void put_namespace_labels(const struct nsi_ns *ns, FILE *out)
{
	const struct nsi_container *c = ns->container;

	fprintf(out, "{type=\"%s\",inode=\"%" PRIu64 "\",container=", nsi_type_name(ns->type), ns->ino);
	put_label_value(c ? nsi_container_label(c) : NULL, out);
	fputs(",engine=", out);
	put_label_value(c ? nsi_engine_name(c->engine) : NULL, out);
	fputs(",pod=", out);
	put_label_value(c ? c->pod : NULL, out);
	fputs(",pod_namespace=", out);
	put_label_value(c ? c->pod_namespace : NULL, out);
	fputc('}', out);
}

static void put_namespace_processes(const struct nsi_output *mx, FILE *out)
{
	put_family("nsinspect_namespace_processes",
		   "Processes in the namespace; 0 when only bind mounts or other holders keep it, NaN when none was seen but some processes could not be inspected.",
		   out);
	for (size_t i = 0; i < mx->sel->nrows; i++) {
		const struct nsi_ns *ns = mx->sel->rows[i].ns;

		fputs("nsinspect_namespace_processes", out);
		put_namespace_labels(ns, out);
		/* a count that could not be made is no number */
		if (ns->procs_unknown)
			fputs(" NaN\n", out);
		else
			fprintf(out, " %u\n", ns->nprocs);
	}
}

static void put_scan(const struct nsi_output *mx, FILE *out)
{
	put_family("nsinspect_processes", "Processes the scan recorded.", out);
	fprintf(out, "nsinspect_processes %u\n", mx->stats->added);
	put_family("nsinspect_scan_errors",
		   "Processes the scan could not inspect: permission denied, or exited while read.", out);
	fprintf(out, "nsinspect_scan_errors{reason=\"denied\"} %u\n", mx->stats->denied);
	fprintf(out, "nsinspect_scan_errors{reason=\"gone\"} %u\n", mx->stats->gone);
	put_family("nsinspect_scan_duration_seconds", "Time the scan took, from /proc to the last namespace.", out);
	fprintf(out, "nsinspect_scan_duration_seconds %.6f\n", mx->duration);
	if (mx->write_failures_counted) {
		put_family_typed("nsinspect_metrics_file_write_failures_total",
				 "Rewrites of this file that failed (a full disk) since --watch started.", "counter", out);
		fprintf(out, "nsinspect_metrics_file_write_failures_total %lu\n", mx->write_failures);
	}
}

int nsi_render_metrics(const struct nsi_output *mx, FILE *out)
{
	put_namespace_counts(mx, out);
	put_namespace_processes(mx, out);
	put_scan(mx, out);
	return nsi_flush_output(out);
}
