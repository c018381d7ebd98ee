/*
 * /proc/PID/mountinfo through libmount (nsi_mounts_parse_mountinfo):
 * the nsfs lines become namespaces held by a mount.  Mount points are
 * chosen by whoever mounts, in any mount namespace the tool reads, and
 * the kernel escapes only space, tab, newline and backslash in them.
 */
#include "nsinspect/model.h"
#include "nsinspect/mounts.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsi_model *m;
	struct nsi_ns *const *nss;
	FILE *f;
	size_t n;

	fuzz_init();
	if (size == 0)
		return 0;	/* fmemopen() refuses an empty buffer */
	f = fmemopen((void *)data, size, "r");
	if (!f || nsi_model_new(&m) < 0)
		abort();
	FUZZ_CHECK(nsi_mounts_parse_mountinfo(m, NSI_TYPEMASK_ALL, f, "fuzz/mountinfo", 4026531841ULL, 0) == 0);
	fclose(f);

	nss = nsi_model_namespaces(m, &n);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(nss[i]->ino != 0 && nsi_type_name(nss[i]->type));
		for (size_t k = 0; k < nss[i]->nholders; k++) {
			const struct nsi_holder *h = &nss[i]->holders[k];

			FUZZ_CHECK(h->kind == NSI_HOLDER_MOUNT && h->path);
			nsi_mounts_ipnetns_name(h->path);
		}
	}
	FUZZ_CHECK(nsi_model_finish(m) == 0);
	nsi_model_free(m);
	return 0;
}
