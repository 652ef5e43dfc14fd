# The end-to-end tests' shared helpers, sourced by tests/e2e/run.sh for
# each area (tests/e2e/areas/*.sh). Needs SAKRA (the binary) and FILTER.

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E/../.." && pwd)
FIX=$ROOT/tests/fixtures
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sakra-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# A private git identity and configuration, whatever the machine has.
export HOME=$TMP/home
export GIT_CONFIG_NOSYSTEM=1
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL NO_COLOR
mkdir -p "$HOME"
git config --global user.name "Test Editor"
git config --global user.email "editor@example.org"
git config --global init.defaultBranch main
export SAKRA_TODAY=2026-11-23

PASS=0
FAIL=0
N=0

# Files of the example plan the tests change.
P2=plan/02-foremal-och-uppdatering.md
P3=plan/03-allmanna-rutiner.md
P6=plan/06-informationssystemen.md
OP=systems/omsorg-pro.md
HM=systems/hemvardsmobilen.md
LG=evidence/2026/loggranskning-2026-10-31.md

# --- helpers ---------------------------------------------------------------

# run ARGS...: runs sakra; sets OUT, ERR, RC. A sanitizer report or a signal
# is a failure of the test whatever it expected.
run() {
	RC=0
	OUT=$("$SAKRA" "$@" 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	if [ $RC -ge 128 ] || grep -qE 'Sanitizer|runtime error:' "$TMP/stderr"; then
		echo "sakra $* crashed (exit $RC):"
		echo "$ERR" | head -40
		return 1
	fi
	return 0
}

fail() { echo "$*"; echo "--- stdout:"; echo "$OUT" | head -60; echo "--- stderr:"; echo "$ERR" | head -20; return 1; }
expect_rc() { [ "$RC" = "$1" ] || fail "expected exit $1, got $RC"; }
expect_out() { grep -qE -- "$1" <<<"$OUT" || fail "stdout does not match: $1"; }
expect_no_out() { ! grep -qE -- "$1" <<<"$OUT" || fail "stdout unexpectedly matches: $1"; }
expect_err() { grep -qE -- "$1" <<<"$ERR" || fail "stderr does not match: $1"; }

# new_repo DIR [FIXTURE]: a git repository holding a copy of the fixture,
# committed once.
new_repo() {
	local dir=$1 fixture=${2:-example-plan}
	rm -rf "$dir"
	cp -r "$FIX/$fixture" "$dir"
	git -C "$dir" init -q
	git -C "$dir" add -A
	git -C "$dir" commit -qm "Exempelplan"
}

# mutation NAME RC REGEX COMMAND: on a fresh copy of the example plan, runs
# COMMAND (in the plan's directory), then sakra check, and expects exit RC
# and a finding line matching REGEX.
mutation() {
	local dir=$TMP/mut
	new_repo "$dir"
	(cd "$dir" && eval "$3") || { echo "mutation command failed: $3"; return 1; }
	run -C "$dir" check || return 1
	expect_rc "$1" && expect_out "$2"
}

t() {
	local name=$1
	shift
	if [ -n "$FILTER" ] && [[ $name != *$FILTER* ]]; then
		return
	fi
	N=$((N + 1))
	# A plain command, not in an if or a || list: bash ignores set -e inside
	# those, which would let a test pass whatever its expectations said.
	local rc
	(set -eE; trap 'echo "failed: line $LINENO: $BASH_COMMAND"' ERR; "$@") >"$TMP/log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		echo "ok $N - $name"
		PASS=$((PASS + 1))
	else
		echo "not ok $N - $name"
		sed 's/^/# /' "$TMP/log"
		FAIL=$((FAIL + 1))
	fi
}
