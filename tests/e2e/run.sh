#!/usr/bin/env bash
# End-to-end tests: drive the sakra binary on fixture repositories and check
# exit codes, findings (file:line and rule) and outputs. TAP on stdout, then
# a final "N passed, N failed" line.
#
#   tests/e2e/run.sh /path/to/sakra [AREA | NAME-FILTER]
#
# The tests are grouped by area, one file each in tests/e2e/areas/ (basics,
# rules, formats, hostile, register, workflow, approval, site, bundle,
# frameworks, lsp, languages, memcheck, supervisor, confine, documents) over the helpers in tests/e2e/lib.sh; the Python they use is
# in tests/e2e/py/. Each area runs in a process and a temporary folder of
# its own, E2E_JOBS of them at a time (default: the number of cores). An
# AREA runs that area only; any other argument runs the tests whose names
# contain it.
set -u
E2E=$(cd "$(dirname "$0")" && pwd)

# One area: its tests in the order they are written.
if [ "${1:-}" = --area ]; then
	area=$2 SAKRA=$3 FILTER=${4:-}
	. "$E2E/lib.sh"
	for f in "$E2E"/areas/*.sh; do
		. "$f"
	done
	for fn in $(grep -oE '^test_[a-z0-9_]+' "$E2E/areas/$area.sh"); do
		t "${fn#test_}" "$fn"
	done
	echo "# area $area: $PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
	exit
fi

SAKRA=${1:?usage: run.sh /path/to/sakra [area | filter]}
FILTER=${2:-}
areas=$(cd "$E2E/areas" && ls -- *.sh | sed 's/\.sh$//')
if [ -n "$FILTER" ] && [ -f "$E2E/areas/$FILTER.sh" ]; then
	areas=$FILTER
	FILTER=
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/sakra-e2e-out.XXXXXX")
trap 'rm -rf "$out"' EXIT
printf '%s\n' $areas | xargs -P "${E2E_JOBS:-$(nproc)}" -I{} \
	sh -c 'bash "$0" --area "$1" "$2" "$3" >"$4/$1.tap" 2>&1' "$E2E/run.sh" {} "$SAKRA" "$FILTER" "$out"

# The areas' reports as one TAP stream, numbered again.
echo "TAP version 13"
n=0 pass=0 fail=0 skip=0
for a in $areas; do
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP "*) n=$((n + 1)) skip=$((skip + 1)); echo "ok $n - $a/${line#ok * - }" ;;
		"ok "*) n=$((n + 1)) pass=$((pass + 1)); echo "ok $n - $a/${line#ok * - }" ;;
		"not ok "*) n=$((n + 1)) fail=$((fail + 1)); echo "not ok $n - $a/${line#not ok * - }" ;;
		"# area "*) ;;
		*) echo "$line" ;;
		esac
	done <"$out/$a.tap"
	if ! grep -q "^# area $a: " "$out/$a.tap"; then
		n=$((n + 1)) fail=$((fail + 1))
		echo "not ok $n - $a: the area did not run to its end"
	fi
done
# a filter that matches nothing tested nothing: that is a failure, not a pass
if [ "$n" = 0 ]; then
	n=1 fail=1
	echo "not ok 1 - no test ran${FILTER:+ (no test name contains '$FILTER')}"
fi
echo "1..$n"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped (each with its reason above)"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
