/*
 * -Q/--filter expressions (query.h has the language).  A recursive
 * descent parser builds a small tree; types are checked and regular
 * expressions compiled while parsing, so a bad expression fails before
 * any scan, with the byte where it went wrong.  Evaluation reads each
 * column's value as the table would (nsi_column_value()), so a filter
 * and the output can never disagree about a cell.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nsinspect/query.h"
#include "nsinspect/util.h"

/* Deeper nesting than this is refused: the parser recurses. */
#define MAX_DEPTH 200

enum node_kind { NODE_OR, NODE_AND, NODE_NOT, NODE_COMPARE, NODE_TRUTH };
enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH, OP_NOMATCH };
enum operand_kind { OPERAND_COLUMN, OPERAND_NUMBER, OPERAND_STRING, OPERAND_BOOL };

struct operand {
	enum operand_kind kind;
	enum nsi_col col;
	bool is_float;
	long long i;
	double d;
	char *str;
	bool boolean;
};

struct node {
	enum node_kind kind;
	struct node *a, *b;		/* OR, AND: both; NOT: a */
	enum op op;			/* COMPARE */
	struct operand l, r;		/* COMPARE: both; TRUTH: l */
	regex_t re;			/* MATCH, NOMATCH: r compiled */
	bool has_re;
};

struct nsi_query {
	struct node *root;
};

struct parser {
	const char *text;
	size_t pos;
	unsigned int depth;
	size_t err_pos;
	const char *err_what;
};

static const struct {
	const char *sym, *word;
	enum op op;
} ops[] = {
	/* two-character symbols first */
	{ "==", "eq", OP_EQ }, { "!=", "ne", OP_NE }, { "<=", "le", OP_LE }, { ">=", "ge", OP_GE },
	{ "=~", NULL, OP_MATCH }, { "!~", NULL, OP_NOMATCH }, { "<", "lt", OP_LT }, { ">", "gt", OP_GT },
};

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	free(n->l.str);
	free(n->r.str);
	if (n->has_re)
		regfree(&n->re);
	free(n);
}

struct nsi_query *nsi_query_free(struct nsi_query *q)
{
	if (q) {
		node_free(q->root);
		free(q);
	}
	return NULL;
}

/* Fail at the current position, expecting @what; NULL, for the callers' returns. */
static void *fail(struct parser *p, const char *what)
{
	if (!p->err_what) {
		p->err_pos = p->pos;
		p->err_what = what;
	}
	return NULL;
}

static void skip_space(struct parser *p)
{
	while (isspace((unsigned char)p->text[p->pos]))
		p->pos++;
}

static bool holder_char(char c)
{
	return c && (isalnum((unsigned char)c) || strchr("_.%:/-", c));
}

/* The word at the current position (a holder or a keyword): its length, 0 when none starts here. */
static size_t word_length(const struct parser *p)
{
	size_t n = 0;

	if (!isalpha((unsigned char)p->text[p->pos]))
		return 0;
	while (holder_char(p->text[p->pos + n]))
		n++;
	return n;
}

/* Take the symbol @sym or the keyword @word (any case) if it is next. */
static bool take(struct parser *p, const char *sym, const char *word)
{
	size_t n;

	skip_space(p);
	if (sym && strncmp(p->text + p->pos, sym, strlen(sym)) == 0) {
		/* "!" is not the start of "!=" or "!~" */
		if (strcmp(sym, "!") == 0 && (p->text[p->pos + 1] == '=' || p->text[p->pos + 1] == '~'))
			return false;
		p->pos += strlen(sym);
		return true;
	}
	n = word ? word_length(p) : 0;
	if (n && n == strlen(word) && strncasecmp(p->text + p->pos, word, n) == 0) {
		p->pos += n;
		return true;
	}
	return false;
}

static bool is_keyword(const char *s, size_t n)
{
	static const char *const words[] = { "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge" };

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* A number: digits, a fraction, or a size suffix (K .. Y, or KiB .. YiB: powers of 1024). */
static bool parse_number(struct parser *p, struct operand *o)
{
	const char *s = p->text + p->pos, *units = "KMGTPEZY", *u;
	char *end;

	o->kind = OPERAND_NUMBER;
	errno = 0;
	o->i = strtoll(s, &end, 10);
	if (errno)
		return fail(p, "a number that fits in 64 bits"), false;
	if (*end == '.' && isdigit((unsigned char)end[1])) {
		o->is_float = true;
		o->d = strtod(s, &end);
	} else if (*end && (u = strchr(units, *end))) {
		for (long i = u - units + 1; i > 0; i--) {
			if (o->i > LLONG_MAX / 1024)
				return fail(p, "a number that fits in 64 bits"), false;
			o->i *= 1024;
		}
		end += strncmp(end + 1, "iB", 2) == 0 ? 3 : 1;
	}
	if (!o->is_float)
		o->d = (double)o->i;
	p->pos = (size_t)(end - p->text);
	if (holder_char(*end))
		return fail(p, "an operator or the end after a number"), false;
	return true;
}

static bool parse_string(struct parser *p, struct operand *o)
{
	char quote = p->text[p->pos];
	size_t start = ++p->pos;

	while (p->text[p->pos] && p->text[p->pos] != quote && p->text[p->pos] != '\n')
		p->pos++;
	if (p->text[p->pos] != quote)
		return fail(p, quote == '"' ? "a closing \"" : "a closing '"), false;
	o->kind = OPERAND_STRING;
	o->str = strndup(p->text + start, p->pos - start);
	p->pos++;
	return o->str ? true : (fail(p, "memory"), false);
}

/* A column, a number, a string or a boolean. */
static bool parse_operand(struct parser *p, struct operand *o)
{
	const char *s;
	size_t n;

	skip_space(p);
	s = p->text + p->pos;
	if (*s == '"' || *s == '\'')
		return parse_string(p, o);
	if (isdigit((unsigned char)*s))
		return parse_number(p, o);
	n = word_length(p);
	if (!n || is_keyword(s, n))
		return fail(p, "a value (a column, a number or a quoted string)"), false;
	if ((n == 4 && strncasecmp(s, "true", 4) == 0) || (n == 5 && strncasecmp(s, "false", 5) == 0)) {
		o->kind = OPERAND_BOOL;
		o->boolean = n == 4;
	} else {
		o->kind = OPERAND_COLUMN;
		o->col = nsi_column_from_name(s, n);
		if (o->col == NSI_NCOLS)
			return fail(p, "a column name (nsinspect -H lists them)"), false;
	}
	p->pos += n;
	return true;
}

static bool take_op(struct parser *p, enum op *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (take(p, ops[i].sym, ops[i].word)) {
			*ret = ops[i].op;
			return true;
		}
	return false;
}

/* Longer regular expressions are refused: what glibc's regcomp() builds grows with them. */
#define REGEX_MAX 1024
/* At most this in a {m,n} bound, POSIX's RE_DUP_MAX minimum. */
#define REGEX_BOUND_MAX 255

/* The end of the bracket expression that starts at @p ("[...]", where a first ']' is a member). */
static const char *bracket_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']')
		p++;
	return *p ? p : p - 1;
}

/* A {m,n} bound at @p: its end, or NULL when a number in it is above REGEX_BOUND_MAX. */
static const char *bound_end(const char *p)
{
	while (*++p && *p != '}')
		if (isdigit((unsigned char)*p) && strtol(p, NULL, 10) > REGEX_BOUND_MAX)
			return NULL;
	return *p ? p : p - 1;
}

/*
 * Would @re make regcomp() build something huge?  glibc's regex compiler
 * spends memory exponential in stacked repetitions ("a++++") and in
 * bounds nested in bounded groups ("((a{1,200}){1,200}){1,200}"): the
 * fuzzer ran it out of memory.  Those, large bounds and long expressions
 * are refused; what an operator writes (^web-[0-9]+$) never is.
 */
static bool regex_too_costly(const char *re)
{
	bool prev_repeat = false, bounded[MAX_DEPTH + 1] = { false }, group_bounded = false;
	unsigned int depth = 0;

	if (strlen(re) > REGEX_MAX)
		return true;
	for (const char *p = re; *p; p++) {
		bool repeat = *p == '*' || *p == '+' || *p == '?' || *p == '{';

		if (repeat && prev_repeat)
			return true;
		if (*p == '{') {
			if (group_bounded || !(p = bound_end(p)))
				return true;
			bounded[depth] = true;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			p = bracket_end(p);
		} else if (*p == '(') {
			if (++depth > MAX_DEPTH)
				return true;
			bounded[depth] = false;
		} else if (*p == ')' && depth) {
			/* a bound right after this group repeats what it holds */
			group_bounded = bounded[depth];
			bounded[depth - 1] |= bounded[depth];
			depth--;
			prev_repeat = false;
			continue;
		}
		group_bounded = false;
		prev_repeat = repeat;
	}
	return false;
}

/* Two literals of different kinds, or a regex that is no string, cannot be compared. */
static bool check_types(struct parser *p, struct node *n, size_t at)
{
	const struct operand *l = &n->l, *r = &n->r;

	if (n->op == OP_MATCH || n->op == OP_NOMATCH) {
		if (r->kind != OPERAND_STRING)
			return p->pos = at, fail(p, "a quoted regular expression after =~ or !~"), false;
		if (regex_too_costly(r->str))
			return p->pos = at, fail(p, "a simpler regular expression (no stacked or nested repetitions, "
					      "bounds up to 255, 1024 bytes)"), false;
		if (regcomp(&n->re, r->str, REG_EXTENDED | REG_NOSUB) != 0)
			return p->pos = at, fail(p, "a valid (POSIX extended) regular expression"), false;
		n->has_re = true;
		return true;
	}
	if (l->kind != OPERAND_COLUMN && r->kind != OPERAND_COLUMN && l->kind != r->kind)
		return p->pos = at, fail(p, "operands of one type (a number, a string or a boolean)"), false;
	if ((l->kind == OPERAND_BOOL || r->kind == OPERAND_BOOL) && n->op != OP_EQ && n->op != OP_NE)
		return p->pos = at, fail(p, "== or != with true or false"), false;
	return true;
}

static struct node *new_node(struct parser *p, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		return fail(p, "memory");
	n->kind = kind;
	return n;
}

static struct node *parse_or(struct parser *p);

/* operand [OP operand] */
static struct node *parse_comparison(struct parser *p)
{
	struct node *n = new_node(p, NODE_TRUTH);
	size_t at;

	if (!n)
		return NULL;
	if (!parse_operand(p, &n->l)) {
		node_free(n);
		return NULL;
	}
	skip_space(p);
	at = p->pos;
	if (take_op(p, &n->op)) {
		n->kind = NODE_COMPARE;
		if (!parse_operand(p, &n->r) || !check_types(p, n, at)) {
			node_free(n);
			return NULL;
		}
	}
	return n;
}

/* ( expr ) | !unary | NOT unary | comparison */
static struct node *parse_unary(struct parser *p)
{
	struct node *n;

	if (++p->depth > MAX_DEPTH)
		return fail(p, "less nesting");
	if (take(p, "(", NULL)) {
		n = parse_or(p);
		if (n && !take(p, ")", NULL)) {
			node_free(n);
			n = fail(p, "a closing )");
		}
	} else if (take(p, "!", "not")) {
		n = new_node(p, NODE_NOT);
		if (n && !(n->a = parse_unary(p))) {
			node_free(n);
			n = NULL;
		}
	} else {
		n = parse_comparison(p);
	}
	p->depth--;
	return n;
}

/* A left-associative chain of @next joined by @sym or @word into @kind nodes. */
static struct node *parse_chain(struct parser *p, struct node *(*next)(struct parser *p), const char *sym,
				const char *word, enum node_kind kind)
{
	struct node *left = next(p), *n;

	while (left && take(p, sym, word)) {
		n = new_node(p, kind);
		if (!n || !(n->b = next(p))) {
			node_free(n);
			node_free(left);
			return NULL;
		}
		n->a = left;
		left = n;
	}
	return left;
}

static struct node *parse_and(struct parser *p)
{
	return parse_chain(p, parse_unary, "&&", "and", NODE_AND);
}

static struct node *parse_or(struct parser *p)
{
	return parse_chain(p, parse_and, "||", "or", NODE_OR);
}

int nsi_query_parse(const char *text, struct nsi_query **ret, size_t *ret_pos, const char **ret_what)
{
	struct parser p = { .text = text };
	struct nsi_query *q = calloc(1, sizeof(*q));

	if (!q)
		return -ENOMEM;
	q->root = parse_or(&p);
	skip_space(&p);
	if (q->root && text[p.pos]) {
		node_free(q->root);
		q->root = fail(&p, "an operator (&&, ||, ==, ...) or the end");
	}
	if (!q->root) {
		free(q);
		if (p.err_what && strcmp(p.err_what, "memory") == 0)
			return -ENOMEM;
		*ret_pos = p.err_pos;
		*ret_what = p.err_what ? p.err_what : "an expression";
		return -EINVAL;
	}
	*ret = q;
	return 0;
}

static int add_column(struct nsi_columns *cols, const struct operand *o)
{
	if (o->kind != OPERAND_COLUMN || nsi_columns_has(cols, o->col))
		return 0;
	return nsi_columns_add(cols, o->col);
}

static int add_columns(const struct node *n, struct nsi_columns *cols)
{
	int r = 0;

	if (!n)
		return 0;
	if (n->kind == NODE_COMPARE || n->kind == NODE_TRUTH)
		r = add_column(cols, &n->l);
	if (r == 0 && n->kind == NODE_COMPARE)
		r = add_column(cols, &n->r);
	if (r == 0)
		r = add_columns(n->a, cols);
	return r == 0 ? add_columns(n->b, cols) : r;
}

int nsi_query_columns(const struct nsi_query *q, struct nsi_columns *cols)
{
	return add_columns(q->root, cols);
}

/* An operand's value for one row. */
struct value {
	enum { VALUE_NONE, VALUE_NUMBER, VALUE_STRING, VALUE_BOOL } kind;
	bool is_float;
	long long i;
	double d;
	const char *str;	/* the text; a number's in decimal */
	char *alloc;
	struct nsi_value cell;
};

static int join_item(const char *item, void *ctx)
{
	char **joined = ctx, *s;

	if (asprintf(&s, "%s%s%s", *joined ? *joined : "", *joined ? "," : "", item) < 0)
		return -ENOMEM;
	free(*joined);
	*joined = s;
	return 0;
}

/* A list column (NSFS, IPNETNS) holds its items joined by commas, as raw output writes them. */
static int list_value(enum nsi_col col, const struct nsi_row *row, struct value *v)
{
	int r = row->ns ? nsi_column_items(col, row->ns, join_item, &v->alloc) : 0;

	if (r < 0) {
		free(v->alloc);
		v->alloc = NULL;
		return r;
	}
	if (v->alloc) {
		v->kind = VALUE_STRING;
		v->str = v->alloc;
	}
	return 0;
}

static int operand_value(const struct operand *o, const struct nsi_row *row, bool process_view, struct value *v)
{
	memset(v, 0, sizeof(*v));
	switch (o->kind) {
	case OPERAND_NUMBER:
		*v = (struct value){ .kind = VALUE_NUMBER, .is_float = o->is_float, .i = o->i, .d = o->d };
		return 0;
	case OPERAND_STRING:
		*v = (struct value){ .kind = VALUE_STRING, .str = o->str };
		return 0;
	case OPERAND_BOOL:
		*v = (struct value){ .kind = VALUE_BOOL, .i = o->boolean };
		return 0;
	default:
		break;
	}
	if (nsi_column_info(o->col)->json == NSI_JSON_ARRAY)
		return list_value(o->col, row, v);
	nsi_column_value(o->col, row, process_view, &v->cell);
	v->str = nsi_value_text(&v->cell);
	if (v->cell.kind == NSI_VALUE_NUMBER) {
		v->kind = VALUE_NUMBER;
		v->i = v->cell.num;
		v->d = (double)v->cell.num;
	} else if (v->str) {
		v->kind = VALUE_STRING;
	}
	return 0;
}

static void value_clear(struct value *v)
{
	nsi_value_clear(&v->cell);
	free(v->alloc);
}

static bool truth(const struct value *v)
{
	if (v->kind == VALUE_NUMBER || v->kind == VALUE_BOOL)
		return v->is_float ? v->d != 0 : v->i != 0;
	return v->kind == VALUE_STRING;
}

/* @v read as a number (a string column compared with a number); false when it is none. */
static bool as_number(const struct value *v, struct value *ret)
{
	char *end;

	if (v->kind == VALUE_NUMBER) {
		*ret = *v;
		return true;
	}
	if (v->kind != VALUE_STRING || !*v->str)
		return false;
	*ret = (struct value){ .kind = VALUE_NUMBER };
	errno = 0;
	ret->i = strtoll(v->str, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E' || errno) {
		ret->is_float = true;
		ret->d = strtod(v->str, &end);
	} else {
		ret->d = (double)ret->i;
	}
	return *end == '\0';
}

/* <0, 0, >0 as @a is below, equal to or above @b; *@ok false when they cannot be compared. */
static int order(const struct value *a, const struct value *b, bool *ok)
{
	struct value x, y;

	*ok = true;
	if (a->kind == VALUE_BOOL || b->kind == VALUE_BOOL)
		return truth(a) - truth(b);
	if (a->kind == VALUE_NUMBER || b->kind == VALUE_NUMBER) {
		if (!as_number(a, &x) || !as_number(b, &y)) {
			*ok = false;
			return 0;
		}
		if (x.is_float || y.is_float)
			return (x.d > y.d) - (x.d < y.d);
		return (x.i > y.i) - (x.i < y.i);
	}
	return strcmp(a->str, b->str);
}

static bool compare(const struct node *n, const struct value *l, const struct value *r)
{
	bool ok;
	int c;

	/* an empty column: nothing holds for it but its not being something */
	if (l->kind == VALUE_NONE || r->kind == VALUE_NONE)
		return n->op == OP_NE || n->op == OP_NOMATCH;
	if (n->op == OP_MATCH || n->op == OP_NOMATCH)
		return (regexec(&n->re, l->str ? l->str : "", 0, NULL, 0) == 0) == (n->op == OP_MATCH);
	c = order(l, r, &ok);
	if (!ok)
		return n->op == OP_NE;
	switch (n->op) {
	case OP_EQ: return c == 0;
	case OP_NE: return c != 0;
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	default: return c >= 0;
	}
}

static int eval(const struct node *n, const struct nsi_row *row, bool process_view)
{
	struct value l, r;
	int a, res;

	switch (n->kind) {
	case NODE_OR:
	case NODE_AND:
		a = eval(n->a, row, process_view);
		if (a < 0 || a == (n->kind == NODE_OR))
			return a;
		return eval(n->b, row, process_view);
	case NODE_NOT:
		a = eval(n->a, row, process_view);
		return a < 0 ? a : !a;
	case NODE_TRUTH:
		if (operand_value(&n->l, row, process_view, &l) < 0)
			return -ENOMEM;
		res = truth(&l);
		value_clear(&l);
		return res;
	default:
		if (operand_value(&n->l, row, process_view, &l) < 0)
			return -ENOMEM;
		if (operand_value(&n->r, row, process_view, &r) < 0) {
			value_clear(&l);
			return -ENOMEM;
		}
		res = compare(n, &l, &r);
		value_clear(&l);
		value_clear(&r);
		return res;
	}
}

int nsi_query_match(const struct nsi_query *q, const struct nsi_row *row, bool process_view)
{
	return eval(q->root, row, process_view);
}
