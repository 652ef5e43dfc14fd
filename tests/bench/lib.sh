# The benchmarks' shared setup, sourced by tests/bench/*.sh after
# `set -euo pipefail`: a work folder removed on exit ($WORK, named after
# $BENCH), a git identity, a fixed date, and best.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIX=$(cd "$HERE/../fixtures" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sakra-bench${BENCH:+-$BENCH}.XXXXXX")
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
export SAKRA_TODAY=2026-11-23
# manifests remembered in the work folder, not in the user's cache
export XDG_CACHE_HOME=$WORK/cache
unset SAKRA_CACHE

# best N CMD...: the best wall time of N runs, in seconds. A run that fails
# fails the benchmark: a command that stopped early is not fast.
best() {
	local n=$1 b="" t TIMEFORMAT=%R
	shift
	for _ in $(seq "$n"); do
		t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) ||
			{ echo "bench: '$*' failed; nothing is timed" >&2; exit 1; }
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
	done
	echo "$b"
}
