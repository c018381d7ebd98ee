/*
 * Metrics label escaping: a container's name, pod and pod namespace come
 * from engine state and cgroup paths, any bytes.  In the Prometheus text
 * format a label value may hold only the escapes \\, \" and \n; every
 * sample line must parse, its labels in the documented order, and no
 * value may carry a control or format character raw or be invalid
 * UTF-8.  The input is the three texts separated by NUL bytes.
 */
#include "nsinspect/containers.h"
#include "nsinspect/format.h"
#include "nsinspect/model.h"
#include "nsinspect/render.h"
#include "nsinspect/select.h"
#include "nsinspect/util.h"

#include "fuzz.h"

/* The next NUL-separated text of the input, as a string to free. */
static char *next_text(const uint8_t *data, size_t size, size_t *at)
{
	size_t start = *at < size ? *at : size;
	const uint8_t *end = memchr(data + start, '\0', size - start);
	size_t len = end ? (size_t)(end - (data + start)) : size - start;
	char *s = strndup((const char *)data + start, len);

	if (!s)
		abort();
	*at = start + len + 1;
	return s;
}

/* The label value that starts after the quote at *@p, decoded; *@p after its closing quote. */
static char *label_value(const char **p)
{
	size_t n = 0;
	char *v = malloc(strlen(*p) + 1);
	const char *s = *p;

	if (!v)
		abort();
	for (; *s && *s != '"' && *s != '\n'; s++) {
		if (*s != '\\') {
			v[n++] = *s;
			continue;
		}
		s++;
		FUZZ_CHECK(*s == '\\' || *s == '"' || *s == 'n');
		v[n++] = *s == 'n' ? '\n' : *s;
	}
	FUZZ_CHECK(*s == '"');
	v[n] = '\0';
	*p = s + 1;
	return v;
}

/* A decoded value is UTF-8 with nothing a terminal obeys or hides (a newline was written \n). */
static void check_value(const char *v)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n;) {
		size_t len = nsi_utf8_seq_len((const unsigned char *)v + i, n - i);

		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(v[i] == '\n' || !nsi_utf8_is_unsafe((const unsigned char *)v + i, len));
		i += len;
	}
}

/* The namespace's sample line: its labels in order, each value well formed. */
static void check_sample(const char *text)
{
	static const char *const labels[] = { "type", "inode", "container", "engine", "pod", "pod_namespace" };
	const char *p = strstr(text, "\nnsinspect_namespace_processes{");

	FUZZ_CHECK(p);
	p += strlen("\nnsinspect_namespace_processes{");
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		size_t len = strlen(labels[i]);
		char *v;

		FUZZ_CHECK(strncmp(p, labels[i], len) == 0 && p[len] == '=' && p[len + 1] == '"');
		p += len + 2;
		v = label_value(&p);
		check_value(v);
		free(v);
		if (i + 1 < sizeof(labels) / sizeof(labels[0]))
			FUZZ_CHECK(*p++ == ',');
	}
	FUZZ_CHECK(strncmp(p, "} 3\n", 4) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t at = 0;
	char *name = next_text(data, size, &at), *pod = next_text(data, size, &at), *podns = next_text(data, size, &at);
	struct nsi_container c = { .engine = NSI_ENGINE_DOCKER, .id = "abc", .name = name, .pod = pod,
				   .pod_namespace = podns };
	struct nsi_ns ns = { .type = NSI_TYPE_NET, .ino = 4026532000, .nprocs = 3, .container = &c };
	struct nsi_row row = { .ns = &ns, .parent = -1 };
	struct nsi_selection sel = { .rows = &row, .nrows = 1 };
	struct nsi_scan_stats st = { 0 };
	struct nsi_output mx = { .sel = &sel, .types = NSI_TYPE_BIT(NSI_TYPE_NET), .stats = &st };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	fuzz_init();
	f = open_memstream(&text, &len);
	FUZZ_CHECK(f && nsi_render_metrics(&mx, f) == 0);
	fclose(f);
	FUZZ_CHECK(strlen(text) == len);	/* no NUL inside */
	check_sample(text);
	free(text);
	free(name);
	free(pod);
	free(podns);
	return 0;
}
