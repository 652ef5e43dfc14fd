#!/usr/bin/env bash
# make demo: the main job end to end — create a plan with `sakra init`, show
# what `sakra check` says about the fresh skeleton, then check the complete
# example plan of a fictional care provider, which is clean.
set -euo pipefail

SAKRA=${1:?usage: demo.sh /path/to/sakra}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sakra-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The demo commits; give git an identity if the machine has none.
if ! git config user.name >/dev/null 2>&1 && [ -z "${GIT_AUTHOR_NAME:-}" ]; then
	export GIT_AUTHOR_NAME="sakra demo" GIT_AUTHOR_EMAIL="demo@example.invalid"
	export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
fi

if [ -t 1 ]; then
	step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
	step() { printf '\n$ %s\n' "$*"; }
fi

step sakra init "$WORK/plan" --org "Demovården Ab" --business-id 1234567-1
"$SAKRA" init "$WORK/plan" --org "Demovården Ab" --business-id 1234567-1

step git -C "$WORK/plan" log --oneline
git -C "$WORK/plan" log --oneline

step "sakra -C $WORK/plan check   # a fresh skeleton: the errors, and how much guidance is left"
set +e
"$SAKRA" -C "$WORK/plan" check >"$WORK/fresh.txt"
rc=$?
set -e
grep ': error: ' "$WORK/fresh.txt"
echo "… and $(grep -c ': warning: ' "$WORK/fresh.txt") warnings (placeholders and guidance to replace)"
tail -n 1 "$WORK/fresh.txt"
echo "(exit status $rc: the plan is not complete yet)"

step "cp -r tests/fixtures/example-plan … && git init && git commit   # a complete plan"
cp -r "$ROOT/tests/fixtures/example-plan" "$WORK/example"
git -C "$WORK/example" init -q
git -C "$WORK/example" add -A
git -C "$WORK/example" -c user.name="${GIT_AUTHOR_NAME:-$(git config user.name)}" \
	-c user.email="${GIT_AUTHOR_EMAIL:-$(git config user.email)}" commit -qm "Solbacka Vård Ab: informationssäkerhetsplan"

step sakra -C example check
"$SAKRA" -C "$WORK/example" check

step sakra -C example check --rev HEAD --format json
"$SAKRA" -C "$WORK/example" check --rev HEAD --format json | head -n 8

step sakra -C example status   # chapters, register, obligations before a review
"$SAKRA" -C "$WORK/example" status

step "sakra keygen --name 'Anna Lindqvist' --role ansvarig-forestandare -o anna --no-passphrase"
"$SAKRA" keygen --name "Anna Lindqvist" --role ansvarig-forestandare -o "$WORK/anna" --no-passphrase
cp "$WORK/anna.pub" "$WORK/example/keys/anna.pub"
git -C "$WORK/example" add keys
git -C "$WORK/example" -c user.name="${GIT_AUTHOR_NAME:-$(git config user.name)}" \
	-c user.email="${GIT_AUTHOR_EMAIL:-$(git config user.email)}" commit -qm "Annas nyckel"

step "sakra -C example approve --key anna.key --decision 'Ledningsgruppen 20.11.2026 § 4'"
"$SAKRA" -C "$WORK/example" approve --key "$WORK/anna.key" --decision "Ledningsgruppen 20.11.2026 § 4"

step sakra -C example log
"$SAKRA" -C "$WORK/example" log | head -n 3

step "sakra -C example build --rev v1 --edition personal -o site   # the staff edition"
"$SAKRA" -C "$WORK/example" build --rev v1 --edition personal -o "$WORK/site"
ls "$WORK/site"

step "sakra keygen --age -o tillsyn.txt   # the supervisor's key, once"
R=$("$SAKRA" keygen --age --quiet -o "$WORK/tillsyn.txt")
echo "recipient: $R"

step "sakra -C example bundle --rev v1 --edition tillsyn --recipient $R   # for the supervisor"
"$SAKRA" -C "$WORK/example" bundle --rev v1 --edition tillsyn --recipient "$R" -o "$WORK/tillsyn.tar.age"

step "sakra verify tillsyn.tar.age --identity tillsyn.txt --key anna.pub   # the supervisor checks it, with Anna's key received in person"
"$SAKRA" verify "$WORK/tillsyn.tar.age" --identity "$WORK/tillsyn.txt" --key "$WORK/anna.pub"

step "sakra -C example evidence add loggranskning loggrapport-2026-11.csv   # November's log review"
printf 'anvandare;oppningar;grund\nanna.lind;12;vardrelation\n' >"$WORK/loggrapport-2026-11.csv"
"$SAKRA" -C "$WORK/example" evidence add loggranskning "$WORK/loggrapport-2026-11.csv"

echo
step "sakra -C example status --today 2027-01-15   # later: what is due, what expires"
"$SAKRA" -C "$WORK/example" status --today 2027-01-15

step "sakra -C example diff v1   # what changed since the approved version"
"$SAKRA" -C "$WORK/example" diff v1

echo
echo "demo: done — the skeleton needs filling in; the example plan is clean, approved, published for staff, bundled for the supervisor and followed up."
