/*
 * The command line's two halves share this: main.c turns argv into one
 * struct nsi_ctl; cli_list.c runs the list (and --metrics) pipeline on it,
 * cli_monitor.c --compare and --watch.  They alone print errors and exit,
 * through cli_message.c, which enter_cli.c (--enter's command line) uses
 * too.
 */
#ifndef NSINSPECT_CLI_H
#define NSINSPECT_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "nsinspect/columns.h"
#include "nsinspect/containers.h"
#include "nsinspect/model.h"
#include "nsinspect/procfs.h"
#include "nsinspect/render.h"

/* Exit statuses, documented in nsinspect(8). */
enum {
	NSI_EXIT_OK = 0,
	NSI_EXIT_FAILURE = 1,
	NSI_EXIT_DIFFERENT = 1,		/* --compare: some type is not shared */
	NSI_EXIT_COMPARE_FAILURE = 2,	/* --compare: could not tell, as cmp(1) */
};

/* The status of a failure: --compare answers "differ" with 1, so it fails with 2. */
extern int nsi_exit_failure;

/*
 * One line on standard error, "nsinspect: TEXT", as errx(3) (fail) and
 * warnx(3) (warn) write it, or with ": strerror(errno)" (the _errno
 * forms, as err(3) and warn(3)).  Control characters and bytes that are
 * not UTF-8 in TEXT are written as \xHH.  Only the command line calls these.
 */
void nsi_vfail(int status, const char *fmt, va_list ap) __attribute__((noreturn, format(printf, 2, 0)));
void nsi_fail(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void nsi_fail_errno(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void nsi_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nsi_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct nsi_ctl {
	nsi_typemask types;
	pid_t *pids;
	size_t npids;
	uint64_t *nsids;
	size_t nnsids;
	struct nsi_columns cols;
	struct nsi_render_opts render;
	struct nsi_colors colors;	/* render.colors points here */
	const char *sysroot;
	const char **container_refs;	/* -c */
	size_t ncontainer_refs;
	const char *docker_root;
	const char *metrics_file;	/* --metrics=FILE, replaced atomically */
	struct timespec interval;	/* --watch=SECONDS */
	const char **compare_args;	/* --compare targets: PIDs or container refs */
	size_t ncompare_args;

	unsigned int json : 1;
	unsigned int compare : 1;
	unsigned int metrics : 1;	/* --metrics: Prometheus text */
	unsigned int watch : 1;		/* --watch: scan every interval */
	unsigned int list : 1;
	unsigned int persistent : 1;	/* -P */
	unsigned int deep : 1;		/* --deep: threads, fds, all mount namespaces */
	unsigned int list_columns : 1;
	unsigned int tree_given : 1;	/* -T: wins over -l */
	unsigned int default_columns : 1;	/* no -o: CONTAINER joins when containers run */
};

/* realloc @vec to one more element of @elsize, counted in *n; exits when out of memory. */
void *nsi_cli_append(void *vec, size_t *n, size_t elsize);

/* Say why -p PID matched no scanned process, and exit. */
void __attribute__((noreturn)) nsi_cli_fail_missing_pid(struct nsi_procfs *pfs, pid_t pid);

/* The one warning line about processes we may not inspect. */
void nsi_cli_warn_hidden(const struct nsi_scan_stats *st);

/* "<sysroot>/proc", opened; exits with the reason when it cannot be. */
struct nsi_procfs *nsi_cli_open_procfs(const struct nsi_ctl *ctl);

/* The /proc scan of @types into @model; exits with the reason when it fails. */
void nsi_cli_scan(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, nsi_typemask types, struct nsi_model *model,
		  struct nsi_scan_stats *stats);

/* The model: the /proc scan and what discovery adds (mounts, holders, ancestors). */
void nsi_cli_discover(const struct nsi_ctl *ctl, struct nsi_procfs *pfs, struct nsi_model *model,
		      struct nsi_scan_stats *stats);

/* Every engine's state (as --sysroot and --docker-root say). */
struct nsi_containers *nsi_cli_load_containers(const struct nsi_ctl *ctl, struct nsi_procfs *pfs);

/* The running container @ref names, else exit with the reason. */
const struct nsi_container *nsi_cli_find_container(struct nsi_containers *cs, struct nsi_procfs *pfs,
						   const struct nsi_model *model, const char *ref, bool *cgroups_read);

/* The modes; each returns the exit status. */
int nsi_cli_list(struct nsi_ctl *ctl);
int nsi_cli_compare(const struct nsi_ctl *ctl);
int nsi_cli_watch(struct nsi_ctl *ctl);

#endif
