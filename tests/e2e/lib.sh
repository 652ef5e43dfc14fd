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
# manifests remembered under this HOME only (~/.cache/sakra)
unset XDG_CACHE_HOME SAKRA_CACHE
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL NO_COLOR
mkdir -p "$HOME"
git config --global user.name "Test Editor"
git config --global user.email "editor@example.org"
git config --global init.defaultBranch main
export SAKRA_TODAY=2026-11-23
# the Python checks are asserts: never let -O switch them off
unset PYTHONOPTIMIZE
# sakra's own messages in English, whatever the machine's language; the
# catalogues of the build tree for the tests that ask for another.
unset LANGUAGE LC_ALL
export LC_MESSAGES=C
export SAKRA_LOCALEDIR=${SAKRA_LOCALEDIR:-$ROOT/build/locale}

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
expect_no_err() { ! grep -qE -- "$1" <<<"$ERR" || fail "stderr unexpectedly matches: $1"; }

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
	rm -f "$TMP/skip"
	(set -eE; trap 'echo "failed: line $LINENO: $BASH_COMMAND"' ERR; "$@") >"$TMP/log" 2>&1
	rc=$?
	if [ $rc = 0 ] && [ -e "$TMP/skip" ]; then
		echo "ok $N - $name # SKIP $(cat "$TMP/skip")"
		PASS=$((PASS + 1))
	elif [ $rc = 0 ]; then
		echo "ok $N - $name"
		PASS=$((PASS + 1))
	else
		echo "not ok $N - $name"
		sed 's/^/# /' "$TMP/log"
		FAIL=$((FAIL + 1))
	fi
}

# key NAME ROLE: an unencrypted key pair $TMP/k/NAME.{pub,key}, made once.
key() {
	mkdir -p "$TMP/k"
	[ -e "$TMP/k/$1.key" ] || "$SAKRA" keygen --quiet --name "$1" --role "$2" -o "$TMP/k/$1" --no-passphrase
}

# approved_repo DIR: the example plan with Anna's key committed, approved as v1.
approved_repo() {
	new_repo "$1"
	key anna ansvarig-forestandare
	cp "$TMP/k/anna.pub" "$1/keys/anna.pub"
	git -C "$1" add keys && git -C "$1" commit -qm "Annas nyckel"
	run -C "$1" approve --key "$TMP/k/anna.key" --decision 'Ledningsgruppen 20.11.2026 § 4'
	expect_rc 0
	pin_anna
}

# pin_anna: the reader (this HOME) knows Anna's key as the example plan's
# approver: the default keyring, in the folder of its business id.
pin_anna() {
	mkdir -p "$HOME/.config/sakra/keyring/2345678-0"
	cp "$TMP/k/anna.pub" "$HOME/.config/sakra/keyring/2345678-0/"
}

# retag DIR TAG TARGET MESSAGE: rewrite an annotated tag by hand.
retag() {
	git -C "$1" tag -f -a "$2" -m "$4" "$3" >/dev/null
}

# server_for DIR SERVER: a bare repository SERVER with sakra's pre-receive
# hook, the origin of DIR (whose branch becomes main).
server_for() {
	git init -q --bare -b main "$2"
	run -C "$2" hooks install --server
	expect_rc 0
	git -C "$1" branch -q -M main
	git -C "$1" remote add origin "$2"
}

# supervisor: an age identity made by sakra; R is its recipient.
supervisor() {
	[ -e "$TMP/sup.txt" ] || "$SAKRA" keygen --age --quiet -o "$TMP/sup.txt" >"$TMP/sup.rcp"
	R=$(cat "$TMP/sup.rcp")
}

# tty_age ARGS: age reads passphrases from a terminal only; give it one.
tty_age() {
	local input=$1
	shift
	printf '%s' "$input" | script -qec "age $*" /dev/null >/dev/null 2>&1
}

# tar_edit IN OUT PY: rewrites a tar with python's tarfile; PY gets the
# members as list m and (name -> bytes) as d, and may change both.
tar_edit() {
	python3 "$E2E/py/tar_edit.py" "$1" "$2" "$3"
}

# no_leftovers DIR: no temporary file or directory left in DIR.
no_leftovers() {
	! ls -A "$1" | grep -qE '\.tmp-' || fail "left behind: $(ls -A "$1" | grep -E '\.tmp-')"
}

# fresh: the bundle tests write into $TMP; each starts from an empty one
# (keys and the harness's own files kept).
fresh() {
	find "$TMP" -mindepth 1 -maxdepth 1 ! -name home ! -name k ! -name log ! -name stderr \
		-exec rm -rf {} +
}

# rmutation RC REGEX CMD: the region fixture, changed by CMD, checked.
rmutation() {
	local dir=$TMP/rmut
	new_repo "$dir" region-plan
	(cd "$dir" && eval "$3") || { echo "mutation command failed: $3"; return 1; }
	run -C "$dir" check || return 1
	expect_rc "$1" && expect_out "$2"
}

# hostile NAME CONTENT-COMMAND RULE-REGEX: the file appendices/NAME.md made by
# CONTENT-COMMAND must give a clean finding, within a time limit.
hostile() {
	local dir=$TMP/hostile
	new_repo "$dir"
	(cd "$dir" && eval "$2") || { echo "could not make the input"; return 1; }
	RC=0
	OUT=$(timeout 120 "$SAKRA" -C "$dir" check 2>"$TMP/stderr") || RC=$?
	ERR=$(cat "$TMP/stderr")
	[ $RC -lt 124 ] || fail "sakra crashed or hung (exit $RC)"
	grep -qE 'Sanitizer|runtime error:' <<<"$ERR" && fail "sanitizer report"
	expect_out "$3" || return 1
	# the exit status agrees with the summary: 1 with errors, else 0
	if grep -qE '^[1-9][0-9]* errors?, ' <<<"$OUT"; then expect_rc 1; else expect_rc 0; fi
}

# mut COMMAND: a fresh copy of the example plan in $TMP/mut, changed by COMMAND.
mut() {
	new_repo "$TMP/mut"
	(cd "$TMP/mut" && eval "$1") || { echo "mutation command failed: $1"; return 1; }
}

# offline_skip REASON: under SAKRA_E2E_OFFLINE (make check-offline, for a
# package build with no browser or network) the rest of the test is skipped
# and reported as "# SKIP REASON"; otherwise nothing (the test goes on, and
# what it needs must be there).
offline_skip() {
	[ -n "${SAKRA_E2E_OFFLINE:-}" ] || return 1
	echo "$1" >"$TMP/skip"
}

# browser ARGS...: the headless browser on file:// pages, isolated.
browser() {
	local b
	b=$(command -v chromium-headless-shell || command -v chromium) || { echo "no chromium"; return 1; }
	timeout 120 "$b" --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TMP/chrome" "$@" 2>/dev/null
}

# site_check DIR [ROOT]: the pages of a built site hold together (links, marks).
site_check() { python3 "$E2E/py/site_check.py" "$@"; }
