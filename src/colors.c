/*
 * Whether and how to colour, following terminal-colors.d(5).  The files
 * are looked for from the most specific name to the least:
 * nsinspect@TERM.TYPE, nsinspect.TYPE, @TERM.TYPE, TYPE; at each level
 * the user's directory before /etc.  The first enable or disable file
 * found decides (enable wins a tie, as the manual says: "any matching
 * disable files are ignored"); the first scheme file found gives the
 * colours.  Command line beats environment beats files: --color=always
 * and --color=never are final, NO_COLOR and TERM=dumb turn auto off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nsinspect/colors.h"
#include "nsinspect/debug.h"
#include "nsinspect/util.h"

#define COLOR_PROGRAM "nsinspect"
/* a scheme is a few lines; more is not read */
#define SCHEME_MAX 16384

static const char *const role_names[NSI_NCOLOR_ROLES] = {
	[NSI_COLOR_HEADER] = "header",
	[NSI_COLOR_PERSISTENT] = "persistent",
	[NSI_COLOR_CONTAINER] = "container",
	[NSI_COLOR_SHARED] = "shared",
	[NSI_COLOR_DIFFERS] = "differs",
};

static const char *const default_seqs[NSI_NCOLOR_ROLES] = {
	[NSI_COLOR_HEADER] = "\033[1m",		/* bold */
	[NSI_COLOR_PERSISTENT] = "\033[1;33m",	/* yellow */
	[NSI_COLOR_CONTAINER] = "\033[36m",	/* cyan */
	[NSI_COLOR_SHARED] = "\033[32m",	/* green */
	[NSI_COLOR_DIFFERS] = "\033[31m",	/* red */
};

/* terminal-colors.d(5)'s colour names and their SGR parameters */
static const struct {
	const char *name;
	const char *sgr;
} color_names[] = {
	{ "black", "30" },	   { "blink", "5" },	      { "blue", "34" },		{ "bold", "1" },
	{ "brown", "33" },	   { "cyan", "36" },	      { "darkgray", "1;30" },	{ "gray", "37" },
	{ "green", "32" },	   { "halfbright", "2" },     { "lightblue", "1;34" },	{ "lightcyan", "1;36" },
	{ "lightgray", "37" },	   { "lightgreen", "1;32" },  { "lightmagenta", "1;35" }, { "lightred", "1;31" },
	{ "magenta", "35" },	   { "red", "31" },	      { "reset", "0" },		{ "reverse", "7" },
	{ "yellow", "1;33" },
};

int nsi_color_when_parse(const char *s, enum nsi_color_when *ret)
{
	static const char *const words[] = { [NSI_COLOR_AUTO] = "auto", [NSI_COLOR_NEVER] = "never",
					     [NSI_COLOR_ALWAYS] = "always" };

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(s, words[i]) == 0) {
			*ret = (enum nsi_color_when)i;
			return 0;
		}
	return -EINVAL;
}

static bool is_sgr_params(const char *s)
{
	return *s && strspn(s, "0123456789;") == strlen(s);
}

/* A sequence with C-style escapes (\e, \a, ...) decoded into @out; -EINVAL if bad or too long. */
static int decode_escapes(const char *s, char out[NSI_COLOR_SEQ_MAX])
{
	static const char from[] = "abefnrtv\\_^", to[] = "\a\b\033\f\n\r\t\v\\ ^";
	size_t o = 0;

	for (; *s; s++) {
		char c = *s;

		if (c == '\\') {
			const char *k = *++s ? strchr(from, *s) : NULL;

			if (!k)
				return -EINVAL;
			c = to[k - from];
		}
		if (o + 1 >= NSI_COLOR_SEQ_MAX)
			return -EINVAL;
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* A colour name, SGR parameters ("1;31") or an escaped sequence, as an escape sequence. */
static int color_sequence(const char *spec, char out[NSI_COLOR_SEQ_MAX])
{
	for (size_t i = 0; i < ARRAY_SIZE(color_names); i++)
		if (strcmp(spec, color_names[i].name) == 0) {
			snprintf(out, NSI_COLOR_SEQ_MAX, "\033[%sm", color_names[i].sgr);
			return 0;
		}
	if (is_sgr_params(spec)) {
		if (strlen(spec) + 4 > NSI_COLOR_SEQ_MAX)
			return -EINVAL;
		snprintf(out, NSI_COLOR_SEQ_MAX, "\033[%sm", spec);
		return 0;
	}
	return decode_escapes(spec, out);
}

int nsi_colors_parse_scheme_line(struct nsi_colors *c, const char *line)
{
	char name[32], spec[128], seq[NSI_COLOR_SEQ_MAX], extra;
	int n;

	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#' || *line == '\n')
		return 0;
	n = sscanf(line, "%31s %127s %c", name, spec, &extra);
	if (n != 2 || color_sequence(spec, seq) < 0)
		return -EINVAL;
	for (int r = 0; r < NSI_NCOLOR_ROLES; r++)
		if (strcmp(name, role_names[r]) == 0) {
			memcpy(c->seq[r], seq, sizeof(seq));
			return 0;
		}
	return -EINVAL;
}

/* Does @dir/@file exist?  Unreadable directories count as empty. */
static bool have_file(const char *dir, const char *file)
{
	char path[4096];

	if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

/*
 * The best terminal-colors.d file of @type (enable, disable, scheme):
 * its rank (0 is the most specific, in the user's directory; -1 none)
 * and, in @ret_path, where it is.
 */
static int best_file(const struct nsi_color_env *env, const char *type, char *ret_path, size_t size)
{
	const char *term = env->term && *env->term ? env->term : NULL;
	const char *dirs[] = { env->user_dir, env->etc_dir };
	char names[4][256];

	snprintf(names[0], sizeof(names[0]), "%s@%s.%s", COLOR_PROGRAM, term ? term : "", type);
	snprintf(names[1], sizeof(names[1]), "%s.%s", COLOR_PROGRAM, type);
	snprintf(names[2], sizeof(names[2]), "@%s.%s", term ? term : "", type);
	snprintf(names[3], sizeof(names[3]), "%s", type);
	for (int level = 0; level < 4; level++) {
		if (!term && (level == 0 || level == 2))
			continue;
		for (int d = 0; d < 2; d++)
			if (have_file(dirs[d], names[level])) {
				if (ret_path)
					snprintf(ret_path, size, "%s/%s", dirs[d], names[level]);
				return level * 2 + d;
			}
	}
	return -1;
}

static bool files_disable(const struct nsi_color_env *env)
{
	int enable = best_file(env, "enable", NULL, 0), disable = best_file(env, "disable", NULL, 0);

	return disable >= 0 && (enable < 0 || disable < enable);
}

static bool want_colors(enum nsi_color_when when, const struct nsi_color_env *env)
{
	if (when != NSI_COLOR_AUTO)
		return when == NSI_COLOR_ALWAYS;
	if (!env->tty || (env->no_color && *env->no_color))
		return false;
	if (!env->term || !*env->term || strcmp(env->term, "dumb") == 0)
		return false;
	return !files_disable(env);
}

static void load_scheme(struct nsi_colors *c, const struct nsi_color_env *env)
{
	char path[4096], text[SCHEME_MAX];
	ssize_t n;
	int fd;

	if (best_file(env, "scheme", path, sizeof(path)) < 0)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	n = nsi_read_all(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return;
	text[n] = '\0';
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (nsi_colors_parse_scheme_line(c, line) < 0)
			DBG(RENDER, "%s: ignoring line '%s'", path, line);
	}
}

void nsi_colors_init(struct nsi_colors *c, enum nsi_color_when when, const struct nsi_color_env *env)
{
	*c = (struct nsi_colors){ .on = want_colors(when, env) };
	if (!c->on)
		return;
	for (int r = 0; r < NSI_NCOLOR_ROLES; r++)
		snprintf(c->seq[r], sizeof(c->seq[r]), "%s", default_seqs[r]);
	load_scheme(c, env);
}

const char *nsi_color(const struct nsi_colors *c, enum nsi_color_role role)
{
	if (!c || !c->on || role >= NSI_NCOLOR_ROLES || !c->seq[role][0])
		return NULL;
	return c->seq[role];
}
