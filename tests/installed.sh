#!/usr/bin/env bash
# installed.sh [SAKRA]: what a user does first, from an installed sakra only
# (the package's autopkgtest 'installed', and .ci/run after installing the
# package): the version, init and check, the man page in three languages,
# bash completion, and open of a bundle made and approved here; a bundle
# changed after signing is refused and leaves nothing behind.
set -uo pipefail
SAKRA=${1:-/usr/bin/sakra}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=$(cd "$(dirname "$SAKRA")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/sakra-installed.XXXXXX")
trap 'rm -rf "$W"' EXIT
export GIT_AUTHOR_NAME="sakra test" GIT_AUTHOR_EMAIL="test@example.invalid"
export GIT_COMMITTER_NAME="sakra test" GIT_COMMITTER_EMAIL="test@example.invalid"
unset SAKRA_LOCALEDIR
n=0
fail() { echo "not ok - $*"; exit 1; }
ok() { n=$((n + 1)); echo "ok $n - $*"; }

version=$(sed -n '1{s/^sakra [(]//;s/[)].*//p;}' "$ROOT/debian/changelog")
[ "$("$SAKRA" --version)" = "sakra $version" ] || fail "--version is not debian/changelog's $version"
ok "sakra --version says $version"

"$SAKRA" init "$W/plan" --org "Testvården Ab" --business-id 1234567-1 >"$W/init.txt" 2>&1 ||
	fail "init: $(cat "$W/init.txt")"
[ -f "$W/plan/sakra.yml" ] && git -C "$W/plan" log --oneline | grep -q . || fail "init made no plan"
ok "init"
"$SAKRA" -C "$W/plan" check >"$W/check.txt" 2>&1
rc=$?
[ $rc = 1 ] && grep -q ': error: ' "$W/check.txt" || fail "check of a fresh skeleton: exit $rc"
# the catalogues installed beside the binary are found
out=$(LANGUAGE=sv LC_ALL=C.UTF-8 "$SAKRA" check --no-such-option 2>&1)
grep -q 'okänd flagga' <<<"$out" || fail "the Swedish catalogue is not used: $out"
ok "check (and the Swedish catalogue)"

page=$(MANPATH=$PREFIX/share/man MANWIDTH=100 man sakra 2>/dev/null | col -b)
grep -q '^SYNOPSIS' <<<"$page" && grep -qE '^ +sakra +open +BUNDLE' <<<"$page" || fail "man sakra"
bash "$ROOT/tests/man_l10n.sh" "$PREFIX/share/man" >"$W/man.txt" || fail "man -L: $(cat "$W/man.txt")"
ok "man sakra, man -L sv sakra, man -L fi sakra"

comp=$PREFIX/share/bash-completion/completions/sakra
[ -f "$comp" ] || fail "no bash completion at $comp"
words=$(bash -c '. "$1"; COMP_WORDS=(sakra bun); COMP_CWORD=1; _sakra; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$words" = bundle ] || fail "bash completion of 'sakra bun' gives '$words'"
words=$(bash -c '. "$1"; COMP_WORDS=(sakra bundle --format ""); COMP_CWORD=3; _sakra; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$words" = "age zip tar" ] || fail "bash completion of 'bundle --format' gives '$words'"
[ -f "$PREFIX/share/zsh/vendor-completions/_sakra" ] && [ -f "$PREFIX/share/fish/vendor_completions.d/sakra.fish" ] ||
	fail "no zsh or fish completion"
ok "completion"

cp -r "$ROOT/tests/fixtures/example-plan" "$W/example"
git -C "$W/example" init -q && git -C "$W/example" add -A && git -C "$W/example" commit -qm plan ||
	fail "git"
"$SAKRA" keygen --name "Anna Lindqvist" --role ansvarig-forestandare -o "$W/anna" --no-passphrase \
	>/dev/null 2>&1 || fail "keygen"
cp "$W/anna.pub" "$W/example/keys/anna.pub"
git -C "$W/example" add keys && git -C "$W/example" commit -qm key || fail "git"
"$SAKRA" -C "$W/example" approve --key "$W/anna.key" --decision "Styrelsen 1.12.2026 § 3" \
	>"$W/approve.txt" 2>&1 || fail "approve: $(cat "$W/approve.txt")"
"$SAKRA" -C "$W/example" bundle --rev v1 --format tar -o "$W/v1.tar" >"$W/bundle.txt" 2>&1 ||
	fail "bundle: $(cat "$W/bundle.txt")"
(cd "$W" && "$SAKRA" open v1.tar --key anna.pub -o opened >open.txt 2>&1) ||
	fail "open: $(cat "$W/open.txt")"
[ -f "$W/opened/site/index.html" ] && [ -f "$W/opened/MANIFEST" ] || fail "open unpacked no site"
ok "open of an approved bundle"

# the same bundle with one byte of a signed file changed
python3 - "$W/v1.tar" "$W/bad.tar" <<'PY' || fail "could not make the changed bundle"
import sys, tarfile, io
src, dst = tarfile.open(sys.argv[1]), tarfile.open(sys.argv[2], "w", format=tarfile.PAX_FORMAT)
done = False
for m in src.getmembers():
    data = src.extractfile(m).read() if m.isfile() else None
    if data is not None and not done and m.name.endswith(".md") and "/files/" in m.name:
        data, done = data.replace(b"a", b"b", 1), True
    dst.addfile(m, io.BytesIO(data) if data is not None else None)
dst.close()
sys.exit(0 if done else 1)
PY
(cd "$W" && "$SAKRA" open bad.tar --key anna.pub -o bad >bad.txt 2>&1)
rc=$?
[ $rc = 1 ] && grep -qi 'manifest\|sha-256\|does not match' "$W/bad.txt" || fail "a changed bundle: exit $rc: $(cat "$W/bad.txt")"
[ ! -e "$W/bad" ] && [ -z "$(ls -A "$W" | grep '^\.')" ] || fail "a refused bundle left files: $(ls -A "$W")"
ok "a bundle changed after signing is refused, nothing left"
echo "1..$n"
