/*
 * Colours, the util-linux way: --color=auto|always|never and the
 * terminal-colors.d(5) files (enable, disable, scheme).  Auto colours a
 * terminal unless NO_COLOR is set, TERM is unset or "dumb", or the most
 * specific terminal-colors.d file for nsinspect says disable.  Only
 * tables, lists and trees are ever coloured; raw output, JSON and
 * metrics are for programs.
 */
#ifndef NSINSPECT_COLORS_H
#define NSINSPECT_COLORS_H

#include <stdbool.h>

enum nsi_color_when {
	NSI_COLOR_AUTO,
	NSI_COLOR_NEVER,
	NSI_COLOR_ALWAYS,
};

/* What is coloured, by the logical names a scheme file uses. */
enum nsi_color_role {
	NSI_COLOR_HEADER,	/* "header": the column headings */
	NSI_COLOR_PERSISTENT,	/* "persistent": NS of a namespace no process is in */
	NSI_COLOR_CONTAINER,	/* "container": CONTAINER and CONTAINER_ID values */
	NSI_COLOR_SHARED,	/* "shared": --compare's "yes" */
	NSI_COLOR_DIFFERS,	/* "differs": --compare's "no" */
	NSI_NCOLOR_ROLES,
};

#define NSI_COLOR_SEQ_MAX 32

struct nsi_colors {
	bool on;
	char seq[NSI_NCOLOR_ROLES][NSI_COLOR_SEQ_MAX];	/* escape sequences */
};

/* Where the decision looks; main() fills it from the process's environment. */
struct nsi_color_env {
	bool tty;			/* standard output is a terminal */
	const char *no_color;		/* $NO_COLOR */
	const char *term;		/* $TERM */
	const char *user_dir;		/* $XDG_CONFIG_HOME or $HOME/.config, + /terminal-colors.d */
	const char *etc_dir;		/* /etc/terminal-colors.d */
};

/* --color's "auto", "always" or "never".  0 or -EINVAL. */
int nsi_color_when_parse(const char *s, enum nsi_color_when *ret);

/*
 * Decide whether to colour and load the scheme.  Never fails: a file
 * that cannot be read counts as absent, a scheme line that cannot be
 * understood is skipped.
 */
void nsi_colors_init(struct nsi_colors *c, enum nsi_color_when when, const struct nsi_color_env *env);

/*
 * One line of a scheme file, "name color-sequence", into @c; comments
 * and blank lines are fine.  Returns 0, or -EINVAL for a line that is
 * not understood (an unknown name or colour, a sequence too long).
 * Public for tests/fuzz.
 */
int nsi_colors_parse_scheme_line(struct nsi_colors *c, const char *line);

/* The escape sequence of @role, or NULL when colours are off. */
const char *nsi_color(const struct nsi_colors *c, enum nsi_color_role role);

#endif
