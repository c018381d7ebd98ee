# Sourced by golden.sh and hostile.sh: the part of tests/fixtures/hostile
# that is made at test time.

# make_hostile_state DIR: two config.v2.json too big to commit (and their
# directories: git keeps no empty ones).  1a1a... is valid JSON of 12 MiB,
# under the 16 MiB limit: it must be read.  dede... nests arrays 100,000
# deep; jansson stops at 2,048: it must be refused.
make_hostile_state() {
	local long=$1/$(printf '1a%.0s' {1..32}) deep=$1/$(printf 'de%.0s' {1..32})
	mkdir -p "$long" "$deep"
	{
		printf '{"ID":"%s","Name":"/long","Config":{"Image":"big","Labels":{"padding":"' "${long##*/}"
		head -c $((12 << 20)) /dev/zero | tr '\0' x
		printf '"}},"State":{"Running":true,"Pid":720}}\n'
	} >"$long/config.v2.json"
	{
		printf '{"ID":"%s","Name":"/deep","State":{"Running":true,"Pid":730},"Config":{"Labels":{"x":' "${deep##*/}"
		head -c 100000 /dev/zero | tr '\0' '['
		head -c 100000 /dev/zero | tr '\0' ']'
		printf '}}}\n'
	} >"$deep/config.v2.json"
}
