#!/usr/bin/env bash
# End-to-end tests: drive the sakra binary on fixture repositories and check
# exit codes, findings (file:line and rule) and outputs. TAP on stdout, then
# a final "N passed, N failed" line.
#
#   tests/e2e/run.sh /path/to/sakra [NAME-FILTER]
set -u

SAKRA=${1:?usage: run.sh /path/to/sakra [filter]}
FILTER=${2:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
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

# --- the example plan and the basics --------------------------------------

test_example_clean() {
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "example plan is not clean"
}

test_from_subdirectory() {
	new_repo "$TMP/ex"
	RC=0
	OUT=$(cd "$TMP/ex/plan" && "$SAKRA" check 2>&1) || RC=$?
	expect_rc 0
}

test_version_and_help() {
	run --version; expect_rc 0; expect_out '^sakra [0-9]+\.[0-9]+\.[0-9]+$'
	run --help; expect_rc 0; expect_out 'check'
	run check --help; expect_rc 0; expect_out '^usage: sakra check'
	run init --help; expect_rc 0; expect_out '^usage: sakra init'
}

test_usage_errors() {
	run frobnicate; expect_rc 2; expect_err 'not a sakra command'
	run check --bogus; expect_rc 2; expect_err "unknown option '--bogus'"
	run check --format xml; expect_rc 2; expect_err 'text, json, sarif or codequality'
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check --today 2026-13-01; expect_rc 2; expect_err 'not a date'
	run -C "$TMP/ex" check --color=sometimes; expect_rc 2; expect_err 'auto, always or never'
	run -C "$TMP/ex" check --rev no-such-rev; expect_rc 2; expect_err "unknown revision 'no-such-rev'"
}

test_not_a_plan() {
	mkdir -p "$TMP/empty"
	git -C "$TMP/empty" init -q
	run -C "$TMP/empty" check
	expect_rc 2
	expect_err 'no sakra.yml'
}

test_plain_directory() {
	rm -rf "$TMP/plain"
	cp -r "$FIX/example-plan" "$TMP/plain"
	run -C "$TMP/plain" check
	expect_rc 0
	run -C "$TMP/plain" check --rev HEAD
	expect_rc 2
	expect_err 'needs a git repository'
}

test_frameworks() {
	run frameworks; expect_rc 0; expect_out '^thl-3-2024 '
	run frameworks show thl-3-2024; expect_rc 0
	expect_out '^6\.1\.1 +Informationssystem \(klass A2 eller A3\) som ska anslutas till Kanta-tjänsterna +\[6\.5\]'
	expect_out 'field: Dataskyddsombud'
	expect_out '^9\.4 .*\(optional\)'
	# intervals the template leaves open are the organisation's, in its words
	expect_out '^  registerkontroll +e\.g\. +12 months +covers 6\.1\.5 8 .*\(how often: the organisation.s choice\)$'
	expect_out '^ +the source: "6\.4: vem/vilka som följer upp loggrapporterna eller logguppgifterna och hur ofta"$'
	expect_out '^marked at least sekretessbelagd: a legal basis citing JulkL, 621/1999, '
	run frameworks show thl-3-2024 --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
o = {x["id"]: x for x in d["obligations"]}
assert all(x["interval"] == "organisation" and x["quote"] for x in o.values()), o
assert d["markings"][0]["at_least"] == "sekretessbelagd", d["markings"]' <<<"$OUT" || fail "frameworks JSON"
	run frameworks show nope; expect_rc 2; expect_err "unknown framework 'nope'"
}

# --- init ------------------------------------------------------------------

test_init() {
	run init "$TMP/new" --org 'Vård & Omsorg [Syd] Ab' --business-id 1234567-1
	expect_rc 0
	[ "$(git -C "$TMP/new" rev-list --count HEAD)" = 1 ] || fail "expected one commit"
	[ -z "$(git -C "$TMP/new" status --porcelain)" ] || fail "working tree not clean after init"
	git -C "$TMP/new" log -1 --format='%an <%ae>' | grep -q 'Test Editor <editor@example.org>' ||
		fail "commit author is not from git config"
	grep -q 'name: "Vård & Omsorg \[Syd\] Ab"' "$TMP/new/sakra.yml" || fail "org name not in sakra.yml"
	grep -q 'business_id: "1234567-1"' "$TMP/new/sakra.yml" || fail "business id not in sakra.yml"
	grep -q '^- Namn: Vård & Omsorg \\\[Syd\\\] Ab$' "$TMP/new/plan/02-foremal-och-uppdatering.md" ||
		fail "org name not escaped into chapter 2"
	grep -q '^- FO-nummer: 1234567-1$' "$TMP/new/plan/02-foremal-och-uppdatering.md" ||
		fail "business id not in chapter 2"
	for d in plan systems evidence appendices keys; do
		[ -d "$TMP/new/$d" ] || fail "missing $d/"
	done
	[ "$(ls "$TMP/new/plan" | wc -l)" = 9 ] || fail "expected nine chapter files"
	# every per-system template of the THL annex, and every obligation of the framework
	[ "$(grep -c '^## 9\.[1-4] System [XYZ] (' "$TMP/new/plan/09-systembeskrivningar.md")" = 4 ] ||
		fail "chapter 9 lacks one of 9.1-9.4"
	for o in plangranskning loggranskning utbildning registerkontroll; do
		grep -q "^  - { id: $o, " "$TMP/new/sakra.yml" || fail "sakra.yml does not promise $o"
	done
	# A fresh skeleton: required fields empty (errors), guidance left (warnings),
	# but the filled-in name and business ID are not findings.
	run -C "$TMP/new" check
	expect_rc 1
	expect_out "^plan/02-foremal-och-uppdatering.md:14:3: error: required field 'Ansvarig person/chef' is empty \[field.empty\]$"
	expect_out "^plan/03-allmanna-rutiner.md:[0-9]+:1: error: required field 'Dataskyddsombud' is empty \[field.empty\]$"
	expect_out 'warning: guidance left: \[.*\[placeholder\]$'
	# its sections say nothing yet (their structure is right)
	expect_out "^plan/04-fel-och-kontinuitet.md:6:1: error: section 4 .* says nothing yet.*\[section.empty\]$"
	expect_no_out "'Namn'|'FO-nummer'|section\.(missing|order|title|duplicate|unknown)|doc\.|config\.|link\."
	expect_out '^[1-9][0-9]* errors, [1-9][0-9]* warnings$'
}

test_init_without_org() {
	run init "$TMP/new2"
	expect_rc 0
	run -C "$TMP/new2" check
	expect_rc 1
	expect_out "^plan/02-foremal-och-uppdatering.md:12:3: error: required field 'Namn' is empty \[field.empty\]$"
	expect_out "^plan/02-foremal-och-uppdatering.md:13:3: error: required field 'FO-nummer' is empty \[field.empty\]$"
	expect_out '^sakra.yml:3:[0-9]+: warning: organisation.name is still a placeholder'
}

test_init_in_current_directory() {
	mkdir -p "$TMP/here"
	RC=0
	OUT=$(cd "$TMP/here" && "$SAKRA" init --quiet 2>&1) || RC=$?
	expect_rc 0
	[ -f "$TMP/here/sakra.yml" ] || fail "no sakra.yml in the current directory"
	ls -a "$TMP" "$TMP/here" | grep -q "\.tmp-" && fail "temporary directory left behind"
	[ -z "$(git -C "$TMP/here" status --porcelain)" ] || fail "the new repository is not clean"
	[ "$(git -C "$TMP/here" rev-list --count HEAD)" = 1 ] || fail "no first commit"
	return 0
}

test_init_refusals() {
	mkdir -p "$TMP/full"
	echo keep >"$TMP/full/notes.txt"
	run init "$TMP/full"
	expect_rc 2; expect_err 'not empty'
	[ "$(ls -A "$TMP/full")" = notes.txt ] || fail "non-empty directory was modified"
	[ "$(cat "$TMP/full/notes.txt")" = keep ] || fail "file changed"

	run init "$TMP/badid" --business-id 1234567-2
	expect_rc 2; expect_err "'1234567-2' is not a valid Finnish business ID \(FO-nummer\): the form is NNNNNNN-C"
	[ ! -e "$TMP/badid" ] || fail "directory created despite a bad business ID"

	run init "$TMP/badfw" --framework nope
	expect_rc 2; expect_err "unknown framework 'nope'"
	[ ! -e "$TMP/badfw" ] || fail "directory created for an unknown framework"

	(HOME=$TMP/nohome; mkdir -p "$HOME"; run init "$TMP/noid"
	 expect_rc 2; expect_err 'git config --global user.name'
	 [ ! -e "$TMP/noid" ] || fail "directory created without a git identity")
	ls -a "$TMP" "$TMP/here" | grep -q "\.tmp-" && fail "temporary directory left behind"
	[ -z "$(git -C "$TMP/here" status --porcelain)" ] || fail "the new repository is not clean"
	[ "$(git -C "$TMP/here" rev-list --count HEAD)" = 1 ] || fail "no first commit"
	return 0
}

# --- one mutation per rule ---------------------------------------------------

P2=plan/02-foremal-och-uppdatering.md
P3=plan/03-allmanna-rutiner.md
P6=plan/06-informationssystemen.md

test_rule_config_yaml() {
	mutation 1 '^sakra.yml:6:[0-9]+: error: YAML: did not find expected .* \(from line 5\) \[config.yaml\]$' \
		"sed -i '5s/.*/framework: [thl-3-2024/' sakra.yml"
}
test_rule_config_framework() {
	mutation 1 "^sakra.yml:5:1: error: unknown framework 'thl-9-2099'.* \[config.framework\]$" \
		"sed -i 's/^framework: .*/framework: thl-9-2099/' sakra.yml"
}
test_rule_config_recipient() {
	# line 31: the bad recipient; the valid one beside it is accepted
	mutation 1 "^sakra.yml:31:7: error: edition 'tillsyn': 'age1qqqqqq' is not an age recipient .*\\[config.recipient\\]$" \
		"sed -i 's/^    max_classification: sekretessbelagd$/&\\n    recipients: [age1ual03qygr9jmw869pxa7k9ndgws4d8l29dqklpkz0470kkzkqewq03nd2a,\\n      age1qqqqqq]/' sakra.yml"
	expect_no_out 'age1ual03'
}
test_rule_config_duplicate_level() {
	mutation 1 "^sakra.yml:12:[0-9]+: error: classification level 'icke-offentlig' is declared twice \[config.duplicate\]$" \
		"sed -i '12s/.*/    - { id: icke-offentlig, label: \"Igen\" }/' sakra.yml"
}
test_rule_config_missing_levels() {
	mutation 1 "^sakra.yml:[0-9]+:[0-9]+: error: 'classification.levels' must list .* \[config.levels\]$" \
		"sed -i '10,13d' sakra.yml"
}
test_rule_config_floor_level() {
	mutation 1 "^sakra.yml:[0-9]+:1: error: framework thl-3-2024 requires the classification level 'icke-offentlig'.* \[config.levels\]$" \
		"sed -i 's/icke-offentlig/internt/g' sakra.yml"
}
test_rule_config_business_id() {
	mutation 1 "^sakra.yml:4:16: error: organisation.business_id '2345678-1' is not a valid Finnish business ID \(FO-nummer\) \(NNNNNNN-C.* \[config.business-id\]$" \
		"sed -i 's/2345678-0/2345678-1/' sakra.yml"
}
test_rule_config_business_id_remainder_one() {
	# 1234561-?: the weighted sum leaves remainder 1, so no check digit is valid.
	mutation 1 "error: organisation.business_id '1234561-0' is not a valid Finnish business ID.* \[config.business-id\]$" \
		"sed -i 's/2345678-0/1234561-0/' sakra.yml"
}
test_rule_config_edition() {
	mutation 1 "^sakra.yml:27:[0-9]+: error: edition 'personal': max_classification 'hemlig' is not a declared classification level \[config.edition\]$" \
		"sed -i '27s/icke-offentlig/hemlig/' sakra.yml"
}
test_rule_config_obligation_section() {
	mutation 1 "^sakra.yml:19:1: error: obligation 'loggranskning' covers section 6.9, which framework thl-3-2024 does not have \[config.obligation\]$" \
		"sed -i '19s/6.4/6.9/' sakra.yml"
}
test_rule_config_obligation_period() {
	mutation 1 "^sakra.yml:19:[0-9]+: error: obligation 'loggranskning': 'every' must be like .* \[config.obligation\]$" \
		"sed -i '19s/1 month/monthly/' sakra.yml"
}
test_rule_config_unknown_key() {
	mutation 0 "^sakra.yml:30:1: warning: unknown key 'framwork' \(ignored\).* \[config.unknown-key\]$" \
		"echo 'framwork: x' >> sakra.yml"
}
test_rule_doc_front_matter() {
	mutation 1 "^$P3:1:1: error: no front matter.* \[doc.front-matter\]$" \
		"sed -i '1,6d' $P3"
}
test_rule_doc_front_matter_unclosed() {
	mutation 1 "^$P3:1:1: error: front matter is not closed.* \[doc.front-matter\]$" \
		"sed -i '6d' $P3"
}
test_rule_doc_yaml() {
	mutation 1 "^$P3:4:[0-9]+: error: front matter: YAML: .* \(from line 3\) \[doc.yaml\]$" \
		"sed -i '3s/.*/classification: [icke-offentlig/' $P3"
}
test_rule_doc_title() {
	mutation 1 "^$P3:[0-9]+:1: error: no title; add 'title: ...' .* \[doc.title\]$" \
		"sed -i '2d' $P3"
}
test_rule_doc_classification() {
	mutation 1 "^$P3:3:17: error: classification 'hemlig' is not a level declared in sakra.yml \(intern, icke-offentlig, sekretessbelagd\) \[doc.classification\]$" \
		"sed -i '3s/icke-offentlig/hemlig/' $P3"
}
test_rule_doc_floor() {
	mutation 1 "^$P3:3:17: error: classification 'intern' is below 'icke-offentlig'.* \[doc.floor\]$" \
		"sed -i '3s/icke-offentlig/intern/' $P3"
}
test_rule_doc_legal_basis() {
	mutation 1 "^$P6:3:17: error: classification 'sekretessbelagd' requires a legal basis.* \[doc.legal-basis\]$" \
		"sed -i '4d' $P6"
}
test_rule_doc_unknown_key() {
	mutation 0 "^$P3:5:1: warning: unknown front matter key 'reviwed'.* \[doc.unknown-key\]$" \
		"sed -i '5s/reviewed/reviwed/' $P3"
}
test_rule_doc_date() {
	mutation 1 "^$P3:5:11: error: 'reviewed' must be a date YYYY-MM-DD \[doc.date\]$" \
		"sed -i '5s/2026-09-15/15.9.2026/' $P3"
}
test_rule_doc_sections() {
	mutation 1 "^appendices/avtalsparter.md:5:[0-9]+: error: 'sections' names 6.9, which framework thl-3-2024 does not have \[doc.sections\]$" \
		"sed -i '4a sections: [\"6.9\"]' appendices/avtalsparter.md"
}
test_rule_doc_utf8() {
	mutation 1 "^$P3:25:4: error: invalid UTF-8 \(byte 0xe5\).* \[doc.utf8\]$" \
		"printf '\n\nVi \xe5ker\n' >> $P3"
	# The chapter cannot be read, so its sections are not reported missing.
	expect_no_out 'section.missing'
}
# Text that displays otherwise than it reads is a warning; what comes from
# files reaches the terminal escaped.
test_rule_doc_bidi() {
	mutation 0 "^$P3:25:8: warning: a Unicode bidirectional control \(U\+202E\) makes this line display otherwise than it reads; remove it \[doc.bidi\]$" \
		"printf '\n\nAnsvar \xe2\x80\xae:tsivs\n' >> $P3"
}
test_terminal_escapes() {
	new_repo "$TMP/esc"
	printf 'x' >"$TMP/esc/evidence/2026/$(printf 'a\033[2Jb\xe2\x80\xaec').pdf"
	printf 'Kontroll \033]0;titel\007 klar\n' >>"$TMP/esc/$P3"
	git -C "$TMP/esc" add -A && git -C "$TMP/esc" commit -qm esc
	run -C "$TMP/esc" check
	expect_rc 1
	! grep -q $'\033' <<<"$OUT$ERR" || fail "a raw escape character reached the terminal"
	expect_out 'evidence/2026/a\\x1b\[2Jb\\u\{202e\}c.pdf:'
	# a file name that is not UTF-8: JSON and SARIF stay valid, the byte
	# written as \xNN
	printf 'x' >"$TMP/esc/appendices/$(printf 'bil\xe5ga').pdf"
	run -C "$TMP/esc" check --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.buffer.read().decode("utf-8"))
assert any(x["path"] == "appendices/bil\\xe5ga.pdf" for x in d["diagnostics"]), d' <<<"$OUT" ||
		fail "JSON with a file name that is not UTF-8"
	run -C "$TMP/esc" check --format sarif
	python3 -c 'import json, sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))' <<<"$OUT" ||
		fail "SARIF with a file name that is not UTF-8"
}

# A file saved as UTF-16 or UTF-32 is named as such, with how to save it
# as UTF-8 (not "binary content").
test_rule_doc_utf16() {
	new_repo "$TMP/u16"
	local f
	for f in 'utf-16le:UTF-16 \(little-endian\)' 'utf-16:UTF-16 \(little-endian\)' 'utf-16be:UTF-16 \(big-endian\)' 'utf-32le:UTF-32 \(little-endian\)'; do
		python3 -c '
import sys
text = "---\ntitle: Bilaga\nclassification: intern\n---\n# Bilaga\n"
open(sys.argv[1], "wb").write(text.encode(sys.argv[2]))' "$TMP/u16/appendices/notepad.md" "${f%%:*}"
		run -C "$TMP/u16" check
		expect_rc 1
		expect_out "^appendices/notepad.md:1:1: error: the file is ${f#*:} text; a plan document must be UTF-8: save it as UTF-8 .*\[doc.utf8\]$"
	done
}

# A section must say something: reduced to its heading and the skeleton's
# lines it is an error; "Ej tillämpligt:" with a reason is an answer,
# without one it is not.
test_rule_section_empty() {
	new_repo "$TMP/se"
	python3 - "$TMP/se/plan/04-fel-och-kontinuitet.md" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
head = lines.index("---", 1) + 1
keep = lines[:head] + [l for l in lines[head:] if l.startswith("#") or l.startswith("*Föreskrift")]
open(p, "w", encoding="utf-8").write("\n".join(keep) + "\n")
PY
	git -C "$TMP/se" commit -qam "kapitel 4 tomt"
	run -C "$TMP/se" check
	expect_rc 1
	expect_out "^plan/04-fel-och-kontinuitet.md:[0-9]+:1: error: section 4 'Förfaranden vid fel och problem samt kontinuitetshantering' says nothing yet.*\[section.empty\]$"
	run -C "$TMP/se" status --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
c = [x for x in d["chapters"] if x["number"] == "4"][0]
assert c["state"] == "incomplete", c' <<<"$OUT" || fail "status calls an empty chapter complete"
	run -C "$TMP/se" approve --key /dev/null
	expect_rc 1
	printf '\nEj tillämpligt: verksamheten har inga egna system; driften sköts av regionen enligt avtal.\n' \
		>>"$TMP/se/plan/04-fel-och-kontinuitet.md"
	run -C "$TMP/se" check
	expect_no_out 'section 4 .*section.empty'
	# A section that does not apply is shown as such by status and the site.
	git -C "$TMP/se" commit -qam "kapitel 4 gäller inte"
	run -C "$TMP/se" status
	expect_out '^  [a-z]+ +4 +Förfaranden vid fel och problem samt kontinuitetshantering.* \(not applicable: 4\)$'
	run -C "$TMP/se" status --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
c = {x["number"]: x for x in d["chapters"]}
assert c["4"]["not_applicable"] == ["4"], c["4"]
assert c["3"]["not_applicable"] == [], c["3"]
m = {x["section"]: x for x in d["matrix"]}
assert m["4"]["not_applicable"] is True and m["5.1"]["not_applicable"] is False, m["4"]' <<<"$OUT" || fail "status JSON: not_applicable"
	run -C "$TMP/se" build -o "$TMP/se-site"
	grep -q '<tr class="depth-0 not-applicable">' "$TMP/se-site/matrix.html" || fail "the matrix does not mark chapter 4"
	grep -A1 'depth-0 not-applicable' "$TMP/se-site/matrix.html" | grep -q '4 Förfaranden.*(ej tillämpligt)' || fail "the matrix does not say 'ej tillämpligt'"
	[ "$(grep -c '<tr class="depth-[0-9] not-applicable">' "$TMP/se-site/matrix.html")" = 1 ] || fail "more than chapter 4 marked"
	printf '\nInte tillämpligt:\n' >"$TMP/se/x" && sed -i '$d' "$TMP/se/plan/04-fel-och-kontinuitet.md" &&
		cat "$TMP/se/x" >>"$TMP/se/plan/04-fel-och-kontinuitet.md"
	run -C "$TMP/se" check
	expect_rc 1
	expect_out "error: section 4 says it does not apply but gives no reason.*\[section.empty\]$"
}

# A complete plan checks clean under --strict; emptying any required
# section (its text and its subsections' text, the headings kept) does not.
test_every_required_section_must_say_something() {
	local fixture fw
	for fixture in example-plan region-plan; do
		new_repo "$TMP/complete" "$fixture"
		run -C "$TMP/complete" check --strict
		expect_rc 0
		fw=$(sed -n 's/^framework: //p' "$TMP/complete/sakra.yml")
		run frameworks show "$fw" --format json
		printf '%s' "$OUT" >"$TMP/fw.json"
		python3 - "$TMP/complete" "$TMP/fw.json" "$SAKRA" <<'PY' || fail "$fixture: an emptied section passed"
import json, os, re, shutil, subprocess, sys
root, fwfile, sakra = sys.argv[1:4]
fw = json.load(open(fwfile))
required = [s["number"] for s in fw["sections"] if not s["optional"]]
head = re.compile(r"^(#{1,6})\s+(\d+(?:\.\d+)*)\.?\s")
tried = set()
for name in sorted(os.listdir(os.path.join(root, "plan"))):
    path = os.path.join(root, "plan", name)
    lines = open(path, encoding="utf-8").read().split("\n")
    body = lines.index("---", 1) + 1
    for i in range(body, len(lines)):
        m = head.match(lines[i])
        if not m or m.group(2) not in required:
            continue
        level, number = len(m.group(1)), m.group(2)
        end = len(lines)
        for k in range(i + 1, len(lines)):
            n = head.match(lines[k]) or re.match(r"^(#{1,6})\s", lines[k])
            if n and len(n.group(1)) <= level:
                end = k
                break
        emptied = lines[:i + 1] + [l for l in lines[i + 1:end] if l.startswith("#")] + lines[end:]
        work = root + "-" + number
        shutil.copytree(root, work)
        open(os.path.join(work, "plan", name), "w", encoding="utf-8").write("\n".join(emptied))
        r = subprocess.run([sakra, "-C", work, "check", "--strict"], capture_output=True, text=True)
        shutil.rmtree(work)
        if r.returncode != 1 or ("[section.empty]" not in r.stdout and "[field.missing]" not in r.stdout):
            print("section", number, "emptied, yet:", r.returncode, r.stdout[-300:])
            sys.exit(1)
        tried.add(number)
missing = [n for n in required if n not in tried and not any(n.startswith(t + ".") for t in tried)]
assert len(tried) >= 15, tried
print(len(tried), "sections emptied one by one")
PY
	done
}

test_rule_section_empty_optional() {
	# An optional section the plan has must say something too, or go.
	mutation 1 "^plan/09-systembeskrivningar.md:9:1: error: section 9\.1 'Omsorg Pro \(klass A2\)' says nothing yet: .* \(or, as it is optional, remove it\) \[section.empty\]$" \
		"python3 -c 'import sys; p=\"plan/09-systembeskrivningar.md\"; l=open(p).read().split(chr(10)); b=l.index(\"---\",1)+1; open(p,\"w\").write(chr(10).join(l[:b]+[x for x in l[b:] if x.startswith(\"#\")])+chr(10))'"
}

test_rule_doc_binary() {
	mutation 1 "^appendices/blob.md:2:0?:? ?error: binary content.* \[doc.binary\]$|^appendices/blob.md:2: error: binary content.* \[doc.binary\]$" \
		"printf -- '---\n\x00\x01\x02' > appendices/blob.md"
}
test_rule_file_marking() {
	mutation 1 "^evidence/2026/extra.pdf: error: no classification marking; add a sidecar 'evidence/2026/extra.pdf.md'.* \[file.marking\]$" \
		"echo '%PDF' > evidence/2026/extra.pdf"
}
test_rule_file_marking_attachment_and_sidecar_ok() {
	# The CSV is an attachment, the PDF has a sidecar: neither is a finding.
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_no_out 'file.marking'
	# Remove the sidecar: now the PDF has no marking.
	git -C "$TMP/ex" rm -q appendices/brandskyddsplan.pdf.md
	run -C "$TMP/ex" check
	expect_rc 1
	expect_out '^appendices/brandskyddsplan.pdf: error: .*\[file.marking\]$'
}
test_rule_file_symlink() {
	mutation 1 "^appendices/link.md: error: a symbolic link.* \[file.symlink\]$" \
		"ln -s /etc/passwd appendices/link.md"
}
test_rule_path_unsafe() {
	mutation 1 "error: file name holds a newline or backslash.* \[path.unsafe\]$" \
		"printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n' > 'appendices/a\\\\b.md'"
}
test_rule_section_missing() {
	mutation 1 "^$P6:[0-9]+:1: error: required section 6.3 'Rutiner för hantering av behörigheter och identifiering' \(clause 6.7\) is missing; add a heading '6.3 .*' after section 6.2 \[section.missing\]$" \
		"sed -i 's/^## 6.3 Rutiner för hantering av behörigheter och identifiering/Rutiner:/' $P6"
}
test_rule_section_duplicate() {
	mutation 1 "^plan/04-fel-och-kontinuitet.md:[0-9]+:1: error: section 3 appears again \(first at $P3:8\).* \[section.duplicate\]$" \
		"printf '\n# 3. Allmänna informationssäkerhetsrutiner\n' >> plan/04-fel-och-kontinuitet.md"
}
test_rule_section_order() {
	mutation 1 "^plan/05-utbildning-och-anvisningar.md:[0-9]+:1: error: section 5.1 comes after 5.2 .* \[section.order\]$" \
		"sed -i -e 's/^## 5.1 /## X.1 /' -e 's/^## 5.2 /## 5.1 /' -e 's/^## X.1 /## 5.2 /' plan/05-utbildning-och-anvisningar.md"
}
test_rule_section_title() {
	mutation 0 "^$P3:8:1: warning: section 3 is titled 'General security routines'; thl-3-2024 calls it 'Allmänna informationssäkerhetsrutiner' \[section.title\]$" \
		"sed -i 's/^# 3. Allmänna informationssäkerhetsrutiner/# 3. General security routines/' $P3"
}
test_rule_section_unknown() {
	mutation 0 "^$P3:[0-9]+:1: warning: section 3.7 is not a section of thl-3-2024.* \[section.unknown\]$" \
		"printf '\n## 3.7 Extra\n\nText.\n' >> $P3"
}
test_rule_field_missing() {
	mutation 1 "^$P3:8:1: error: required field 'Dataskyddsombud' is missing in section 3; add a line 'Dataskyddsombud: ...' \[field.missing\]$" \
		"sed -i '/^Dataskyddsombud:/d' $P3"
}
test_rule_field_empty() {
	mutation 1 "^$P3:[0-9]+:1: error: required field 'Dataskyddsombud' is empty \[field.empty\]$" \
		"sed -i 's/^Dataskyddsombud:.*/Dataskyddsombud: [namn]/' $P3"
}
test_rule_field_label_variants() {
	# Bold labels, other case and spacing all count as the field.
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: /**DATASKYDDSOMBUD** :   /' $P3 && sed -i 's/^- Namn: /- namn  : /' $P2"
}
test_rule_field_table_row() {
	# A row of a two-column table is the field; so is the label with an
	# abbreviation in brackets, or a dash instead of the colon.
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: \(.*\)/| Roll | Kontakt |\n| --- | --- |\n| **Dataskyddsombud** | \1 |/' $P3"
	mutation 1 "^$P3:24:3: error: required field 'Dataskyddsombud' is empty \[field.empty\]$" \
		"sed -i 's/^Dataskyddsombud: \(.*\)/| Roll | Kontakt |\n| --- | --- |\n| Dataskyddsombud |  |/' $P3"
	# Three columns are a table, not a field.
	mutation 1 "required field 'Dataskyddsombud' is missing in section 3.*\[field.missing\]$" \
		"sed -i 's/^Dataskyddsombud: \(.*\)/| Roll | Kontakt | Tel |\n| --- | --- | --- |\n| Dataskyddsombud | \1 | 1 |/' $P3"
}
test_rule_field_abbreviation_and_dash() {
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: /Dataskyddsombud (DSO): /' $P3"
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: /Dataskyddsombud – /' $P3"
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: /- Dataskyddsombud - /' $P3"
	mutation 1 "^$P3:[0-9]+:1: error: required field 'Dataskyddsombud' is empty \[field.empty\]$" \
		"sed -i 's/^Dataskyddsombud: .*/Dataskyddsombud (DSO) –/' $P3"
	# A different word in brackets is still the label; a different label is not.
	mutation 1 "required field 'Dataskyddsombud' is missing.*\[field.missing\]$" \
		"sed -i 's/^Dataskyddsombud: /Dataskyddsombudets ersättare (DSO): /' $P3"
}
test_rule_link_anchor() {
	# Anchors are the site's: lower case, spaces as '-', punctuation dropped,
	# repeats numbered; in the same file and in another.
	mutation 0 "^0 errors, 0 warnings$" \
		"printf '\nSe [kontinuitet](04-fel-och-kontinuitet.md#4-förfaranden-vid-fel-och-problem-samt-kontinuitetshantering), [ovan](#3-allmänna-informationssäkerhetsrutiner), [igen](#a-1) och [kodad](#3-allm%%C3%%A4nna-informationss%%C3%%A4kerhetsrutiner).\n\n### A\n\nText.\n\n### A\n\nText.\n' >> $P3"
	mutation 1 "^$P3:[0-9]+:4: error: link '04-fel-och-kontinuitet.md#finns-inte': plan/04-fel-och-kontinuitet.md has no heading with the anchor '#finns-inte'.*\[link.anchor\]$" \
		"printf '\nSe [här](04-fel-och-kontinuitet.md#finns-inte).\n' >> $P3"
	mutation 1 "^$P3:[0-9]+:4: error: link '#saknas': $P3 has no heading with the anchor '#saknas'.*\[link.anchor\]$" \
		"printf '\nSe [här](#saknas).\n' >> $P3"
	# A fragment into a file that is not Markdown is that file's business.
	mutation 0 "^0 errors, 0 warnings$" \
		"printf '\nSe [sidan](../sakra.yml#L3).\n' >> $P3"
}
test_rule_placeholder() {
	mutation 0 "^$P3:22:30: warning: placeholder left: \[kontaktuppgifter\]; fill it in \[placeholder\]$" \
		"sed -i 's/^Dataskyddsombud: Eva Strand.*/Dataskyddsombud: Eva Strand, [kontaktuppgifter]/' $P3"
}
test_rule_placeholder_guidance() {
	mutation 0 "^$P3:[0-9]+:1: warning: guidance left: \[Beskriv hur ansvaret är fördelat.\]; .* \[placeholder\]$" \
		"printf '\n[Beskriv hur ansvaret är fördelat.]\n' >> $P3"
}
test_not_placeholders() {
	# Links, footnotes, task boxes, escaped brackets, code and reference links
	# are never placeholders.
	local f=appendices/avtalsparter.md
	mutation 0 '^0 errors, 0 warnings$' "cat >> $f <<'MD'

Se [policyn](informationssakerhetspolicy.md) och [avtalen][avtal] samt [avtal].[^1]

- [ ] granska avtalen
- [x] förnya intyget
1. [ ] numrerad uppgift

Ett \\[avsiktligt\\] hakparentespar och \`[kod]\` och ![bild](brandskyddsplan.pdf).

    [indragen kod]

\`\`\`
[kodblock]
\`\`\`

[avtal]: informationssakerhetspolicy.md
[^1]: En fotnot.
MD"
}
test_rule_link_broken() {
	mutation 1 "^$P3:14:3: error: link target '../appendices/policy.md' does not exist \(resolved to 'appendices/policy.md'\) \[link.broken\]$" \
		"sed -i 's|(../appendices/informationssakerhetspolicy.md)|(../appendices/policy.md)|' $P3"
}
test_rule_link_outside() {
	mutation 1 "^$P3:[0-9]+:[0-9]+: error: link '../../etc/passwd' points outside the repository \[link.broken\]$" \
		"printf '\n[x](../../etc/passwd)\n' >> $P3"
}
test_links_ok() {
	# Anchors, external URLs, directories and percent-encoded names resolve.
	mutation 0 '^0 errors, 0 warnings$' \
		"printf '\n[a](#mål) [b](https://thl.fi/) [c](../systems/) [d](avtalsparter.md#avtalsparter-och-underleverantörer) [e](mailto:a@b.example) [f](%%61vtalsparter.md)\n' >> appendices/informationssakerhetspolicy.md"
}

# --- revisions, working tree and output formats ------------------------------

test_rev_reads_the_commit() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	run -C "$TMP/ex" check
	expect_rc 1; expect_out 'field.missing'
	run -C "$TMP/ex" check --rev HEAD
	expect_rc 0; expect_no_out 'field.missing'
	git -C "$TMP/ex" commit -qam "Ta bort dataskyddsombudet"
	run -C "$TMP/ex" check --rev HEAD~1
	expect_rc 0
	run -C "$TMP/ex" check --rev HEAD
	expect_rc 1; expect_out 'field.missing'
}

test_worktree_untracked_and_ignored() {
	new_repo "$TMP/ex"
	printf -- '---\ntitle: Ny\nclassification: icke-offentlig\n---\n[fyll i]\n' >"$TMP/ex/appendices/ny.md"
	printf -- 'x\n' >"$TMP/ex/appendices/ignored.tmp"
	echo '*.tmp' >"$TMP/ex/.gitignore"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_out '^appendices/ny.md:5:1: warning: guidance left: \[fyll i\]'
	expect_no_out 'ignored.tmp'
	# A tracked file deleted in the working tree is not checked.
	rm "$TMP/ex/evidence/2026/utbildning-2026-05-20.md"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_no_out 'utbildning-2026'
}

test_bare_clone() {
	new_repo "$TMP/ex"
	rm -rf "$TMP/bare.git"
	git clone -q --bare "$TMP/ex" "$TMP/bare.git"
	run -C "$TMP/bare.git" check --rev HEAD
	expect_rc 0
	expect_out '^0 errors, 0 warnings$'
	run -C "$TMP/bare.git" check
	expect_rc 2
	expect_err 'bare repository'
}

test_strict() {
	new_repo "$TMP/ex"
	printf '\n## 3.7 Extra\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" check
	expect_rc 0
	run -C "$TMP/ex" check --strict
	expect_rc 1
}

test_color() {
	new_repo "$TMP/ex"
	printf '\n## 3.7 Extra\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" --color=always check
	expect_out $'\033\\[1;33mwarning'
	run -C "$TMP/ex" check
	expect_no_out $'\033'
	OUT=$(NO_COLOR=1 "$SAKRA" -C "$TMP/ex" check --color=auto)
	expect_no_out $'\033'
}

# Every rule id is declared once, in the registry: what the sources report
# is in it, and the rule table (doc/rules.md) lists exactly its ids with
# their default severities.
test_rules_registry() {
	run check --rules --format json
	expect_rc 0
	python3 - "$OUT" "$ROOT" <<'PY' || fail "the registry, the sources, the README and the man page disagree"
import glob, json, re, sys
reg = {r["id"]: r for r in json.loads(sys.argv[1])}
root = sys.argv[2]
used = set()
for f in glob.glob(root + "/src/*.c") + glob.glob(root + "/src/cli/*.c"):
    text = open(f, encoding="utf-8").read()
    used |= set(re.findall(r'(?:ADD|sakra_diags_add)\s*\(\s*[^,]+,\s*[^,]+?\s*,\s*"([a-z][a-z0-9.-]+)"', text))
assert used and used <= set(reg), sorted(used - set(reg))
readme = open(root + "/doc/rules.md", encoding="utf-8").read()
table = readme.split("## Rules", 1)[1].split("\n## ", 1)[0]
listed = {}
for row in table.splitlines():
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) < 3 or not cells[0].startswith("`"):
        continue
    for rid in re.findall(r"`([a-z][a-z0-9.-]*)`", cells[0]):
        assert rid not in listed, "listed twice: " + rid
        listed[rid] = cells[1]
assert set(listed) == set(reg), (sorted(set(reg) - set(listed)), sorted(set(listed) - set(reg)))
for rid, sev in listed.items():
    assert sev.startswith(reg[rid]["severity"]) or ", " + reg[rid]["severity"] in sev, (rid, sev)
    assert not reg[rid]["strict"] or "--strict" in sev, (rid, sev)
man = open(root + "/doc/sakra.1", encoding="utf-8").read()
man = man.split("\n.SH RULES\n", 1)[1].split("\n.SH ", 1)[0]
inman = set(m.replace("\\-", "-") for m in re.findall(r"^\.B (\S+)$", man, re.M))
assert inman == set(reg), (sorted(set(reg) - inman), sorted(inman - set(reg)))
PY
	run check --rules
	expect_rc 0
	expect_out '^config\.recipient +error +an edition'
}

# The README's tour of the commands is what 'sakra --help' lists, and the
# manual has a section for every command naming each of its options.
test_doc_tables() {
	run --help
	expect_rc 0
	python3 - "$OUT" "$ROOT" "$SAKRA" <<'PY' || fail "the README or the manual disagrees with the commands"
import re, subprocess, sys
out, root, sakra = sys.argv[1:4]
listing = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
cmds = [l.split(None, 1) for l in listing.splitlines()]
assert len(cmds) > 10, cmds
readme = open(root + "/README.md", encoding="utf-8").read()
assert len(readme.encode()) < 12 * 1024, len(readme.encode())
tour = readme.split("## The commands", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
rows = [l.split(None, 2)[1:] for l in tour.splitlines() if l.strip()]
assert rows == [[c, s] for c, s in cmds], (rows, cmds)
manual = open(root + "/doc/manual.md", encoding="utf-8").read()
for name, _ in cmds:
    heads = re.findall(r"^### `sakra " + name + r"\b[^\n]*", manual, re.M)
    assert heads, "no section for " + name
    usage = subprocess.run([sakra, name, "--help"], capture_output=True, text=True).stdout
    usage = usage.split("\n\n", 1)[0]
    for opt in set(re.findall(r"--[a-z][a-z-]+", usage)) - {"--help"}:
        assert any(opt in h for h in heads), (name, opt, heads)
PY
}

test_json() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	printf '\n[fyll i]\n' >>"$TMP/ex/$P3"
	run -C "$TMP/ex" check --format json
	expect_rc 1
	python3 - "$OUT" <<'PY' || fail "JSON report is wrong"
import json, sys
d = json.loads(sys.argv[1])
assert d["tool"] == "sakra" and d["format"] == 1 and d["framework"] == "thl-3-2024", d
assert d["revision"] is None
assert d["summary"] == {"errors": 1, "warnings": 1}, d["summary"]
rules = sorted(x["rule"] for x in d["diagnostics"])
assert rules == ["field.missing", "placeholder"], rules
x = [x for x in d["diagnostics"] if x["rule"] == "field.missing"][0]
assert x["path"] == "plan/03-allmanna-rutiner.md" and x["line"] == 8 and x["severity"] == "error", x
PY
	run -C "$TMP/ex" check --format json --rev HEAD
	expect_rc 0
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["revision"])==40 and d["diagnostics"]==[]' "$OUT" ||
		fail "JSON for a clean revision is wrong"
}

test_sarif() {
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	printf '\n[fyll i]\n' >>"$TMP/ex/$P3"
	mkdir -p "$TMP/ex/appendices/med mellanslag"
	echo x >"$TMP/ex/appendices/med mellanslag/fil.pdf"
	run -C "$TMP/ex" check --format sarif
	expect_rc 1
	python3 - "$OUT" "$(cd "$TMP/ex" && pwd -P)" <<'PY' || fail "SARIF report is wrong"
import json, sys
d = json.loads(sys.argv[1])
assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"]
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert run["tool"]["driver"]["name"] == "sakra"
assert len(ids) == len(set(ids)) and all(r["shortDescription"]["text"] for r in rules)
assert len(run["results"]) == 3, run["results"]
for r in run["results"]:
    assert ids[r["ruleIndex"]] == r["ruleId"], r
    assert r["level"] in ("error", "warning") and r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
    assert " " not in loc["artifactLocation"]["uri"]
assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + sys.argv[2] + "/", run["originalUriBaseIds"]
fm = [r for r in run["results"] if r["ruleId"] == "field.missing"][0]
loc = fm["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "plan/03-allmanna-rutiner.md"
assert loc["region"]["startLine"] == 8 and loc["region"]["startColumn"] == 1
PY
}

test_crlf_and_bom() {
	mutation 0 '^0 errors, 0 warnings$' \
		"sed -i 's/\$/\r/' $P3 && printf '\xef\xbb\xbf' | cat - $P2 > x && mv x $P2"
}

# --- hostile input -----------------------------------------------------------

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
	expect_out "$3"
}

test_hostile_binary() {
	hostile bin "head -c 65536 /dev/urandom > appendices/bin.md" '^appendices/bin.md:[0-9]+(:[0-9]+)?: error: (binary content|invalid UTF-8)'
}
test_hostile_long_line() {
	hostile long "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 10485760 /dev/zero | tr '\\0' a; echo; } > appendices/long.md" \
		'^appendices/long.md:5: error: line is longer than 1048576 bytes.* \[doc.line-length\]$'
}
test_hostile_long_valid_paragraph() {
	# 900 KiB of text on one line is allowed, and fast.
	hostile longok "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 921600 /dev/zero | tr '\\0' a; echo; } > appendices/longok.md" \
		'^0 errors, 0 warnings$'
}
test_hostile_nested_quotes() {
	hostile quotes "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 100000 /dev/zero | tr '\\0' '>'; echo ' [x]'; } > appendices/q.md" \
		'^appendices/q.md:5: error: the document holds too much markup to read \(more than 150000 Markdown elements\).* \[doc.size\]$'
}
test_hostile_nested_brackets() {
	hostile brackets "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 200000 /dev/zero | tr '\\0' '['; echo; head -c 200000 /dev/zero | tr '\\0' '*'; echo; } > appendices/b.md" \
		'^[0-9]+ errors?, [0-9]+ warnings?$'
}
test_hostile_nested_lists() {
	hostile lists "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; for i in \$(seq 0 2000); do printf '%*s- x\n' \$((i*2)) ''; done; } > appendices/l.md" \
		'^0 errors, 0 warnings$'
}
test_hostile_nested_yaml() {
	hostile yamlnest "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\nowner: '; head -c 5000 /dev/zero | tr '\\0' '['; echo; printf -- '---\n'; } > appendices/y.md" \
		'^appendices/y.md:4:[0-9]+: error: front matter: YAML nested deeper than 32 levels \[doc.yaml\]$'
}
test_hostile_billion_laughs() {
	hostile laughs "cat > appendices/lol.md <<'MD'
---
title: x
classification: icke-offentlig
a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
---
MD" \
		'^appendices/lol.md:5:[0-9]+: error: front matter: YAML aliases \(\*a\) are not allowed.* \[doc.yaml\]$'
	expect_out 'sakra.yml|0 warnings|error'
	run -C "$TMP/hostile" check
	expect_rc 1
}
test_hostile_yaml_alias_in_config() {
	mutation 1 '^sakra.yml:[0-9]+:[0-9]+: error: YAML aliases .* \[config.yaml\]$' \
		"sed -i 's/^language: sv/language: \&l sv\nx: *l/' sakra.yml"
}
test_hostile_empty_and_fences() {
	hostile empty ": > appendices/empty.md; printf -- '---\n' > appendices/dash.md; printf -- '---\n---\n' > appendices/two.md; printf -- '---\n- a\n---\n' > appendices/list.md" \
		'^appendices/dash.md:1:1: error: front matter is not closed.* \[doc.front-matter\]$'
	expect_out '^appendices/empty.md:1:1: error: no front matter.* \[doc.front-matter\]$'
	expect_out '^appendices/two.md:[0-9]+:1: error: no classification.* \[doc.classification\]$'
	expect_out '^appendices/list.md:2:1: error: front matter must be a mapping.* \[doc.yaml\]$'
}
test_hostile_config() {
	for content in '' '---' '[' 'just text' $'organisation: {name: x}\nframework: [a]'; do
		new_repo "$TMP/cfg"
		printf '%s\n' "$content" >"$TMP/cfg/sakra.yml"
		run -C "$TMP/cfg" check || return 1
		expect_rc 1
		expect_out '^sakra.yml:[0-9]+:[0-9]+: error: '
	done
}
test_hostile_huge_markdown() {
	hostile huge "{ printf -- '---\ntitle: x\nclassification: icke-offentlig\n---\n'; head -c 17000000 /dev/zero | tr '\\0' 'a' | fold -w 100; } > appendices/huge.md" \
		'^appendices/huge.md: error: file is larger than 16 MiB \[doc.size\]$'
}

# --- the register ------------------------------------------------------------

OP=systems/omsorg-pro.md
HM=systems/hemvardsmobilen.md
LG=evidence/2026/loggranskning-2026-10-31.md

# mut COMMAND: a fresh copy of the example plan in $TMP/mut, changed by COMMAND.
mut() {
	new_repo "$TMP/mut"
	(cd "$TMP/mut" && eval "$1") || { echo "mutation command failed: $1"; return 1; }
}

test_rule_system_class_unknown() {
	mutation 1 "^$OP:10:10: error: class 'A9' is not a class of thl-3-2024 \(A2, A3, A1, B, other\) \[system.class\]$" \
		"sed -i 's/class: A2/class: A9/' $OP"
	expect_no_out 'system.certificate|system.field'
}
test_rule_system_class_missing() {
	mutation 1 "^$OP:6:3: error: no class; add 'class: ...', one of A2, A3, A1, B, other \[system.class\]$" \
		"sed -i '/class: A2/d' $OP"
}
test_rule_system_block() {
	mutation 1 "^systems/ny.md:1:1: error: no 'system:' mapping in the front matter.* \[system.block\]$" \
		"printf -- '---\ntitle: Ny\nclassification: intern\n---\n' > systems/ny.md"
	mutation 1 "^$OP:6:9: error: 'system.name' must be text \[system.block\]$" \
		"sed -i 's/name: Omsorg Pro/name: [Omsorg, Pro]/' $OP"
}
test_rule_system_unknown_key() {
	mutation 0 "^$OP:14:3: warning: unknown key 'system.certifikat' \(ignored\); check its spelling \[doc.unknown-key\]$" \
		"sed -i 's/^  register_checked: 2026-09-10/&\n  certifikat: ja/' $OP"
}
test_rule_system_certificate_missing() {
	mutation 1 "^$OP:10:10: error: a class A2 system needs a valid information security assessment certificate; add 'certificate_expires: YYYY-MM-DD' \[system.certificate\]$" \
		"sed -i '/certificate_expires/d' $OP"
	# Class B needs none.
	expect_no_out "$HM.*system.certificate"
}
test_rule_system_certificate_date() {
	mutation 1 "^$OP:12:24: error: 'certificate_expires' must be a date YYYY-MM-DD \(e.g. 2027-03-31\) \[doc.date\]$" \
		"sed -i 's/certificate_expires: 2027-03-31/certificate_expires: 31.3.2027/' $OP"
}
test_rule_system_certificate_expired() {
	new_repo "$TMP/ex"
	run -C "$TMP/ex" check --today 2027-04-01
	expect_rc 1
	expect_out "^$OP:12:24: error: the certificate expired on 2027-03-31, 1 day ago; renew it, or take the system out of use \[system.certificate-expired\]$"
	run -C "$TMP/ex" check --today 2027-03-31
	expect_no_out 'certificate-expired'
	expect_out "^$OP:12:24: warning: the certificate expires on 2027-03-31, in 0 days; .*\[system.certificate-expiring\]$"
}
test_rule_system_certificate_expiring() {
	new_repo "$TMP/ex"
	# 2027-03-31 is 90 days after 2026-12-31: a warning; 91 days: none.
	run -C "$TMP/ex" check --today 2026-12-31
	expect_rc 0
	expect_out "^$OP:12:24: warning: the certificate expires on 2027-03-31, in 90 days; see that it is renewed \[system.certificate-expiring\]$"
	run -C "$TMP/ex" check --today 2026-12-30
	expect_no_out 'certificate-expiring'
}
test_rule_system_register_check() {
	new_repo "$TMP/ex"
	# Checked 2026-09-10, review interval 12 months: fine on 2027-09-10.
	run -C "$TMP/ex" check --today 2027-09-10
	expect_no_out 'system.register-check'
	run -C "$TMP/ex" check --today 2027-09-11
	expect_out "^$HM:12:21: warning: last checked against the register on 2026-09-10, more than 12 months ago \(the review interval\).* \[system.register-check\]$"
	# The review interval comes from sakra.yml.
	sed -i 's/interval_months: 12/interval_months: 6/' "$TMP/ex/sakra.yml"
	run -C "$TMP/ex" check --today 2027-03-11
	expect_out "^$HM:12:21: warning: .*more than 6 months ago.*\[system.register-check\]$"
}
test_rule_system_register_check_missing() {
	mutation 0 "^$HM:10:10: warning: never checked against Valvira's register of information systems.* \[system.register-check\]$" \
		"sed -i '/register_checked/d' $HM"
	# Class other is not in the register: no finding for it.
	expect_no_out 'kontorsmiljon.md.*register-check'
}
test_rule_system_section() {
	mutation 1 "^$HM:10:10: error: the plan has no section 6.1.3 'Andra system som behandlar kunduppgifter \(klass B\)', which lists the class B systems; add that heading to chapter 6 and list this system there \[system.section\]$" \
		"sed -i '/^### 6.1.3 /,/^- Hemvårdsmobilen/d' plan/06-informationssystemen.md"
	expect_no_out 'section.missing'
}
test_section_optional_without_systems() {
	# Without class B systems, 6.1.3 may go.
	mut "git rm -q $HM && sed -i '/^### 6.1.3 /,/^- Hemvårdsmobilen/d' plan/06-informationssystemen.md"
	run -C "$TMP/mut" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "expected a clean plan"
}
test_rule_system_field() {
	mutation 0 "^$OP:16:1: warning: no description 'loggar' \(section 9.1 of thl-3-2024, class A2\); add a line '- loggar: ...' \[system.field\]$" \
		"sed -i '/^- loggar:/d' $OP"
	run -C "$TMP/mut" check --strict
	expect_rc 1
	expect_out "^$OP:16:1: error: no description 'loggar'.*\[system.field\]$"
}
test_rule_system_field_empty() {
	mutation 0 "^$OP:[0-9]+:3: warning: the description 'loggar' is empty; describe it for this system.*\[system.field\]$" \
		"sed -i 's/^- loggar:.*/- loggar: [beskriv loggarna]/' $OP"
}
test_rule_system_field_from_register_keys() {
	# 'användningsändamål' is answered by system.purpose; without it, a warning.
	mutation 0 "^$OP:15:1: warning: no description 'användningsändamål' .* or fill in the register keys in the front matter \[system.field\]$" \
		"sed -i '/^  purpose:/d' $OP"
}
test_rule_register_empty() {
	mutation 0 "^plan/06-informationssystemen.md:11:1: warning: the register has no systems, so chapter 6.1 lists nothing; .*\[register.empty\]$" \
		"git rm -q systems/*.md && sed -Ei 's/\\[([^]]*)\\]\\(\\.\\.\\/systems\\/[^)]*\\)/\\1/g' plan/06-informationssystemen.md"
	expect_no_out 'system\.'
}

# --- evidence and obligations ----------------------------------------------

test_rule_evidence_attachment_missing() {
	mutation 1 "^$LG:9:17: error: attachment 'loggrapport-2026-10.csv' does not exist \(resolved to 'evidence/2026/loggrapport-2026-10.csv'\); add the file or correct the name \[evidence.attachment\]$" \
		"git rm -q evidence/2026/loggrapport-2026-10.csv"
}
test_rule_evidence_attachment_outside() {
	mutation 1 "^$LG:9:17: error: attachment '../../../etc/passwd' must be a file name relative to the record, inside the repository \[evidence.attachment\]$" \
		"sed -i 's|attachments: \[loggrapport-2026-10.csv\]|attachments: [../../../etc/passwd]|' $LG"
	# The CSV lost its marking with it.
	expect_out '^evidence/2026/loggrapport-2026-10.csv: error: .*\[file.marking\]$'
}
test_rule_evidence_attachment_own_sidecar() {
	# An attachment in another folder with its own sidecar is fine.
	mut "sed -i 's|attachments: \[loggrapport-2026-10.csv\]|attachments: [loggrapport-2026-10.csv, ../../appendices/brandskyddsplan.pdf]|' $LG"
	run -C "$TMP/mut" check
	expect_rc 0
}
test_rule_evidence_covers_unknown() {
	mutation 1 "^$LG:8:19: error: covers 6.9, which is not a section of thl-3-2024 \[evidence.covers\]$" \
		"sed -i 's/covers: \[\"6.4\"\]/covers: [\"6.4\", \"6.9\"]/' $LG"
	sed -i "s/covers: .*/covers: 6.4/" "$TMP/mut/$LG"
	run -C "$TMP/mut" check
	expect_rc 0
}
test_rule_evidence_covers_none() {
	mutation 0 "^$LG:6:3: warning: covers no section; .*\[evidence.covers\]$" \
		"sed -i '/covers:/d' $LG"
}
test_rule_evidence_future() {
	mutation 1 "^$LG:7:9: error: dated 2026-12-01, after today \(2026-11-23\); evidence records work already done \[evidence.future\]$" \
		"sed -i 's/date: 2026-10-31/date: 2026-12-01/' $LG"
}
test_rule_evidence_date() {
	mutation 1 "^$LG:7:9: error: 'date' must be a date YYYY-MM-DD \(e.g. 2027-03-31\) \[doc.date\]$" \
		"sed -i 's/date: 2026-10-31/date: 31.10.2026/' $LG"
}
test_rule_evidence_block() {
	mutation 1 "^$LG:6:3: error: no type; add 'type: ...'.* \[evidence.block\]$" \
		"sed -i '/  type:/d; /  date:/d' $LG"
	expect_out "^$LG:6:3: error: no date; add 'date: YYYY-MM-DD'.* \[evidence.block\]$"
	mutation 1 "^evidence/2026/ny.md:1:1: error: no 'evidence:' mapping in the front matter.* \[evidence.block\]$" \
		"printf -- '---\ntitle: Ny\nclassification: intern\n---\n' > evidence/2026/ny.md"
}
test_rule_obligation_overdue() {
	new_repo "$TMP/ex"
	# October's log review was due on 2026-11-30 (a month after 2026-10-31).
	run -C "$TMP/ex" check --today 2026-11-30
	expect_rc 0
	expect_no_out 'overdue'
	run -C "$TMP/ex" check --today 2026-12-01
	expect_rc 0
	expect_out "^sakra.yml:19:1: warning: obligation 'loggranskning' \(every 1 month\) is overdue: the last evidence is from 2026-10-31 \($LG\), so it was due on 2026-11-30; file new evidence with 'sakra evidence add loggranskning' \[obligation.overdue\]$"
	run -C "$TMP/ex" check --today 2026-12-01 --strict
	expect_rc 1
	expect_out "^sakra.yml:19:1: error: obligation 'loggranskning'.*\[obligation.overdue\]$"
}
test_rule_obligation_never() {
	mutation 0 "^sakra.yml:21:1: warning: obligation 'behorighetsgranskning' \(every 3 months\) is overdue: there is no evidence of it yet; file it with 'sakra evidence add behorighetsgranskning' \[obligation.overdue\]$" \
		"sed -i 's/^  - { id: utbildning.*/&\n  - { id: behorighetsgranskning, covers: \"6.3\", every: 3 months }/' sakra.yml"
}
test_rule_obligation_future_evidence_does_not_count() {
	# Evidence dated after today is an error, and does not keep an obligation on time.
	mut "sed -i 's/date: 2026-10-31/date: 2026-12-01/' $LG"
	run -C "$TMP/mut" check
	expect_rc 1
	expect_out "obligation 'loggranskning' \(every 1 month\) is overdue: there is no evidence"
}

# --- status ------------------------------------------------------------------

test_status_text() {
	new_repo "$TMP/ex"
	run -C "$TMP/ex" status
	expect_rc 0
	expect_out '^Solbacka Vård Ab: thl-3-2024, working tree, 2026-11-23$'
	expect_out '^Last approved: none yet$'
	expect_out '^  complete +3 +Allmänna informationssäkerhetsrutiner$'
	[ "$(grep -c '^  complete ' <<<"$OUT")" = 9 ] || fail "expected nine complete chapters"
	expect_out '^Register \(4 systems\)$'
	expect_out '^  Omsorg Pro +A2 +certificate valid until 2027-03-31 \(in 128 days\), register checked 2026-09-10$'
	expect_out '^  Microsoft 365 +other +no certificate needed$'
	expect_out '^  loggranskning +every 1 month +last 2026-10-31, due 2026-11-30 \(in 7 days\)$'
	expect_out '^0 errors, 0 warnings$'
	expect_no_out $'\033'
	run -C "$TMP/ex" --color=always status
	expect_out $'\033\\[32mcomplete'
}
test_status_incomplete_and_overdue() {
	mut "sed -i '/^Dataskyddsombud:/d' plan/03-allmanna-rutiner.md; printf '\n[fyll i]\n' >> plan/03-allmanna-rutiner.md"
	run -C "$TMP/mut" status --today 2027-04-01
	expect_rc 0
	expect_out '^  incomplete +3 +Allmänna informationssäkerhetsrutiner \(1 error, 1 placeholder\)$'
	expect_out '^  complete +4 '
	expect_out '^  Omsorg Pro +A2 +certificate expired 2027-03-31 \(1 day ago\)'
	expect_out '^  loggranskning +every 1 month +last 2026-10-31, due 2026-11-30 \(overdue, 122 days ago\)$'
	expect_out "^[1-9][0-9]* errors?, [1-9][0-9]* warnings? \('sakra check' lists them\)$"
}
test_status_missing_chapter_and_section() {
	mut "git rm -q plan/08-kanta.md && sed -i '/^### 6.1.3 /,/^- Hemvårdsmobilen/d' plan/06-informationssystemen.md"
	run -C "$TMP/mut" status
	expect_rc 0
	expect_out '^  missing +8 '
	expect_out '^  incomplete +6 .*1 section missing\)$'
}
test_status_fresh_skeleton() {
	run init "$TMP/fresh" --org "Ny Vård Ab" --business-id 1234567-1
	run -C "$TMP/fresh" status
	expect_rc 0
	expect_out '^  incomplete +3 +Allmänna informationssäkerhetsrutiner \([0-9]+ errors?, [0-9]+ placeholders?\)$'
	expect_out '^Register \(0 systems\)$'
	# a new plan's obligations are kept from the day it was made: the first
	# evidence is due one period on, not overdue on day one
	grep -q '^  - { id: loggranskning, covers: "6.4", every: 1 month, since: 2026-11-23 }$' \
		"$TMP/fresh/sakra.yml" || fail "init did not record since:"
	expect_out '^  loggranskning +every 1 month +no evidence yet, first due 2026-12-23 \(in 30 days\)$'
	run -C "$TMP/fresh" check
	expect_no_out 'obligation.overdue'
	run -C "$TMP/fresh" check --today 2027-01-10
	expect_out "^sakra.yml:[0-9]+:1: warning: obligation 'loggranskning' \(every 1 month\) is overdue: there is no evidence of it yet, and it was due on 2026-12-23;.*\[obligation.overdue\]$"
	# without since: no evidence is overdue at once, as before
	sed -i 's/, since: 2026-11-23//' "$TMP/fresh/sakra.yml"
	run -C "$TMP/fresh" status
	expect_out '^  loggranskning +every 1 month +no evidence yet: overdue$'
}
test_status_json() {
	new_repo "$TMP/ex"
	run -C "$TMP/ex" status --format json --today 2026-12-01
	expect_rc 0
	python3 - "$OUT" <<'PY' || fail "status JSON is wrong"
import json, sys
d = json.loads(sys.argv[1])
assert d["tool"] == "sakra" and d["format"] == 1 and d["framework"] == "thl-3-2024"
assert d["organisation"] == "Solbacka Vård Ab" and d["today"] == "2026-12-01" and d["revision"] is None
assert d["summary"] == {"errors": 0, "warnings": 1}, d["summary"]
assert [c["number"] for c in d["chapters"]] == [str(i) for i in range(1, 10)]
assert all(c["state"] == "complete" for c in d["chapters"])
s = {x["name"]: x for x in d["systems"]}
assert s["Omsorg Pro"] == {"name": "Omsorg Pro", "path": "systems/omsorg-pro.md", "class": "A2",
                           "certificate_expires": "2027-03-31", "days_left": 120,
                           "register_checked": "2026-09-10"}, s["Omsorg Pro"]
assert s["Microsoft 365"]["certificate_expires"] is None and s["Microsoft 365"]["days_left"] is None
o = {x["id"]: x for x in d["obligations"]}
assert o["loggranskning"] == {"id": "loggranskning", "every": "1 month", "covers": ["6.4"],
                              "last": "2026-10-31", "last_path": "evidence/2026/loggranskning-2026-10-31.md",
                              "due": "2026-11-30", "days_left": -1, "overdue": True}, o["loggranskning"]
assert o["plangranskning"]["overdue"] is False and o["plangranskning"]["due"] == "2027-09-15"
m = {x["section"]: x for x in d["matrix"]}
assert len(m) == 27
r = m["6.4"]
assert r["clauses"] == ["6.8"] and r["path"] == "plan/06-informationssystemen.md" and r["line"] == 49, r
assert r["evidence"] == [{"path": "evidence/2026/loggranskning-2026-10-31.md", "type": "loggranskning",
                          "date": "2026-10-31"}], r
assert r["newest"] == "2026-10-31" and r["overdue"] == "loggranskning", r
assert m["6.1.1"]["systems"] == ["systems/omsorg-pro.md"] and m["6.1.1"]["required"] is True
assert len(m["6.1"]["systems"]) == 4
assert m["9.2"]["required"] is False and m["9.2"]["path"] is None
assert m["2"]["clauses"] == ["1", "2", "3"] and m["2"]["newest"] == "2026-09-15" and m["2"]["overdue"] is None
assert m["3"]["evidence"] == [] and m["3"]["newest"] is None
PY
	run -C "$TMP/ex" status --format json --rev HEAD
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["revision"])==40' "$OUT" ||
		fail "revision missing"
	run -C "$TMP/ex" status --format xml
	expect_rc 2
	expect_err 'text or json'
}

# --- evidence add --------------------------------------------------------------

test_evidence_add() {
	new_repo "$TMP/ex"
	printf 'anvandare;oppningar\nanna;4\n' >"$TMP/rapport-nov.csv"
	local before
	before=$(git -C "$TMP/ex" rev-parse HEAD)
	run -C "$TMP/ex" evidence add loggranskning "$TMP/rapport-nov.csv"
	expect_rc 0
	local rec=evidence/2026/loggranskning-2026-11-23.md
	[ "$OUT" = "$TMP/ex/$rec" ] || fail "expected the record's path on stdout"
	cmp -s "$TMP/rapport-nov.csv" "$TMP/ex/evidence/2026/rapport-nov.csv" || fail "attachment not copied"
	python3 - "$TMP/ex/$rec" <<'PY' || fail "record front matter is wrong"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
fm = t.split("---\n")[1]
for line in ['title: "Uppföljning av loggar över användning och utlämnande 2026-11-23"',
             'classification: sekretessbelagd', 'legal_basis: "JulkL 24 § 1 mom. 7 p."',
             '  type: "loggranskning"', '  date: 2026-11-23', '  covers: ["6.4"]',
             '    - "rapport-nov.csv"']:
    assert line in fm.split("\n"), line
PY
	# Not committed; check sees it (untracked) with only the guidance to write.
	[ "$(git -C "$TMP/ex" rev-parse HEAD)" = "$before" ] || fail "evidence add committed"
	git -C "$TMP/ex" status --porcelain | grep -q '^?? evidence/2026/loggranskning-2026-11-23.md$' ||
		fail "record is not an untracked file"
	run -C "$TMP/ex" check --today 2026-12-01
	expect_rc 0
	expect_out "^$rec:[0-9]+:1: warning: guidance left: .*\[placeholder\]$"
	expect_no_out 'overdue|attachment|marking'
	# Again: refused, nothing changed.
	local sum
	sum=$(sha256sum "$TMP/ex/$rec")
	run -C "$TMP/ex" evidence add loggranskning "$TMP/rapport-nov.csv"
	expect_rc 2
	expect_err 'already exists'
	[ "$(sha256sum "$TMP/ex/$rec")" = "$sum" ] || fail "record was changed"
}
test_evidence_add_options() {
	new_repo "$TMP/ex"
	sed -i 's/^  - { id: utbildning, covers: "5.1", every: 12 months }/  - { id: utbildning, covers: "5.1", every: 12 months, classification: icke-offentlig }/' "$TMP/ex/sakra.yml"
	run -C "$TMP/ex" evidence add utbildning --date 2026-11-02
	expect_rc 0
	grep -q '^classification: icke-offentlig$' "$TMP/ex/evidence/2026/utbildning-2026-11-02.md" ||
		fail "classification not from the obligation"
	grep -q '^legal_basis' "$TMP/ex/evidence/2026/utbildning-2026-11-02.md" && fail "legal basis at a level without one"
	run -C "$TMP/ex" evidence add ovning --date 2025-03-04 --covers 4 --covers 7.1,7.2 --title 'Övning: "strömavbrott" [2025]'
	expect_rc 0
	local rec=$TMP/ex/evidence/2025/ovning-2025-03-04.md
	grep -qF 'title: "Övning: \"strömavbrott\" [2025]"' "$rec" || fail "title not quoted"
	grep -qF '# Övning: "strömavbrott" \[2025\]' "$rec" || fail "heading not escaped"
	grep -qF 'covers: ["4", "7.1", "7.2"]' "$rec" || fail "covers not written"
	run -C "$TMP/ex" check
	expect_rc 0
	expect_no_out 'placeholder left: \[2025\]'
}
test_evidence_add_refusals() {
	new_repo "$TMP/ex"
	echo x >"$TMP/a.csv"
	mkdir -p "$TMP/other"
	echo y >"$TMP/other/a.csv"
	run -C "$TMP/ex" evidence add ovning
	expect_rc 2; expect_err "'ovning' is not an obligation of sakra.yml; say which sections it supports with --covers"
	run -C "$TMP/ex" evidence add ovning --covers 9.9
	expect_rc 2; expect_err 'framework thl-3-2024 has no such section'
	run -C "$TMP/ex" evidence add loggranskning --date 2026-12-24
	expect_rc 2; expect_err 'after today'
	run -C "$TMP/ex" evidence add loggranskning --date 2026-02-30
	expect_rc 2; expect_err 'not a date'
	run -C "$TMP/ex" evidence add ../etc --covers 4
	expect_rc 2; expect_err 'letters, digits'
	run -C "$TMP/ex" evidence add loggranskning "$TMP/none.csv"
	expect_rc 2; expect_err 'none.csv: No such file'
	run -C "$TMP/ex" evidence add loggranskning "$TMP/a.csv" "$TMP/other/a.csv"
	expect_rc 2; expect_err "two attachments are named 'a.csv'"
	run -C "$TMP/ex" evidence add loggranskning "$TMP"
	expect_rc 2; expect_err 'not a regular file'
	run -C "$TMP/ex" evidence add loggranskning --title $'a\nb'
	expect_rc 2; expect_err 'one line'
	# An attachment's place is taken: nothing is written at all.
	echo old >"$TMP/ex/evidence/2026/a.csv"
	run -C "$TMP/ex" evidence add loggranskning "$TMP/a.csv"
	expect_rc 2; expect_err 'a.csv already exists'
	[ "$(cat "$TMP/ex/evidence/2026/a.csv")" = old ] || fail "existing file overwritten"
	[ ! -e "$TMP/ex/evidence/2026/loggranskning-2026-11-23.md" ] || fail "record written after a refusal"
	run -C "$TMP/ex" evidence frob
	expect_rc 2; expect_err "unknown action 'frob'"
	ls "$TMP/ex/evidence/2026" | grep -q tmp && fail "temporary file left behind"
	return 0
}

# --- keys ----------------------------------------------------------------------

test_keygen_interop() {
	mkdir -p "$TMP/keys"
	echo 'rätt häst' >"$TMP/keys/pass"
	run keygen --name 'Anna Lind' --role ansvarig-forestandare -o "$TMP/keys/anna" \
		--passphrase-file "$TMP/keys/pass"
	expect_rc 0
	expect_out '^key [0-9A-F]{16} for Anna Lind \(ansvarig-forestandare\)$'
	head -1 "$TMP/keys/anna.pub" | grep -qE '^untrusted comment: minisign public key [0-9A-F]{16} name="Anna Lind" role=ansvarig-forestandare$' ||
		fail "public key comment"
	[ "$(stat -c %a "$TMP/keys/anna.key")" = 600 ] || fail "secret key mode is not 0600"
	grep -q 'rätt' "$TMP/keys/anna.key" && fail "passphrase in the key file"
	# minisign signs with the sakra key (decrypting it with the passphrase)
	# and verifies with the sakra public key.
	echo 'ett dokument' >"$TMP/keys/doc"
	minisign -S -s "$TMP/keys/anna.key" -m "$TMP/keys/doc" -t 'via minisign' <"$TMP/keys/pass" >/dev/null 2>&1 ||
		fail "minisign cannot sign with a sakra key"
	minisign -V -p "$TMP/keys/anna.pub" -m "$TMP/keys/doc" | grep -q 'Trusted comment: via minisign' ||
		fail "minisign cannot verify with a sakra public key"
	# Nothing is overwritten.
	local sum
	sum=$(sha256sum "$TMP/keys/anna.key")
	run keygen --name 'Anna Lind' --role ansvarig-forestandare -o "$TMP/keys/anna" --no-passphrase
	expect_rc 2
	expect_err 'already exists'
	[ "$(sha256sum "$TMP/keys/anna.key")" = "$sum" ] || fail "secret key overwritten"
}
test_leftovers_are_not_the_plan() {
	# What editors, office suites and desktops leave beside open files is
	# neither checked nor a change that stops approve, ignored or not.
	new_repo "$TMP/lo"
	key anna ansvarig-forestandare
	cp "$TMP/k/anna.pub" "$TMP/lo/keys/anna.pub"
	git -C "$TMP/lo" add keys && git -C "$TMP/lo" commit -qm nyckel
	printf 'x' >"$TMP/lo/appendices/~\$policy.docx"
	printf 'x' >"$TMP/lo/plan/#03-allmanna-rutiner.md#"
	printf 'x' >"$TMP/lo/plan/.#03-allmanna-rutiner.md"
	printf 'x' >"$TMP/lo/plan/.03-allmanna-rutiner.md.swp"
	printf 'x' >"$TMP/lo/plan/03-allmanna-rutiner.md~"
	printf 'x' >"$TMP/lo/appendices/.~lock.policy.odt#"
	printf 'x' >"$TMP/lo/evidence/.DS_Store"
	printf 'x' >"$TMP/lo/evidence/Thumbs.db"
	mkdir -p "$TMP/lo/_site/all" && printf 'x' >"$TMP/lo/_site/all/index.html"
	run -C "$TMP/lo" check
	expect_rc 0
	expect_no_out 'file.marking'
	run -C "$TMP/lo" approve --key "$TMP/k/anna.key"
	expect_rc 0
	# a real new file still counts, and is named
	printf -- '---\ntitle: Ny\nclassification: intern\n---\nText.\n' >"$TMP/lo/appendices/ny.md"
	git -C "$TMP/lo" commit -qm tom --allow-empty
	run -C "$TMP/lo" approve --key "$TMP/k/anna.key"
	expect_rc 1
	expect_err 'not committed \(appendices/ny.md\); commit them'
	# init's .gitignore names them too
	run init "$TMP/lo-new" --org 'X Ab' --business-id 1234567-1
	for p in '/_site/' '/_bundles/' '~$*' '.~lock.*#' '*~' '.#*' '.DS_Store' 'Thumbs.db'; do
		grep -qxF -- "$p" "$TMP/lo-new/.gitignore" || fail ".gitignore lacks $p"
	done
}
# The README's walk-through, from init to the supervisor opening the bundle,
# runs as written: the editor is a script that fills the chapters and the
# register from the example plan, the passphrases come from a file, and the
# supervisor's recipient and the bundle's path are the real ones.
test_readme_walkthrough() {
	local work=$TMP/walk
	rm -rf "$work"
	mkdir -p "$work/office/Hämtningar" "$work/supervisor"
	printf '%%PDF-1.4 granskning\n' >"$work/office/Hämtningar/granskning-2026-11.pdf"
	echo 'en lång lösenfras' >"$work/pass"
	cp "$HOME/.gitconfig" "$work/office/"
	OUT= ERR=
	cat >"$work/editor" <<EDITOR
#!/bin/sh
# fills what the README opens from the example plan
for f in "\$@"; do
	case \$f in
	plan/*) cp "$FIX/example-plan/\$f" "\$f"
		cp -n "$FIX/example-plan/appendices/"* appendices/ ;;
	evidence/*) sed -i 's/^\[Beskriv .*\]\$/Anna Lind granskade loggarna; inga avvikelser./' "\$f" ;;
	systems/*) cp -n "$FIX/example-plan/systems/"* systems/
		sed 's/^  name: Omsorg Pro$/  name: Klientdata/; s/^title: .*/title: "Klientdata"/' \
			"$FIX/example-plan/systems/omsorg-pro.md" >"\$f" ;;
	esac
done
EDITOR
	chmod +x "$work/editor"
	python3 - "$ROOT/README.md" "$work" "$SAKRA" <<'PY' || fail "the README walk-through does not run as written"
import os, re, subprocess, sys
readme, work, sakra = sys.argv[1:4]
text = open(readme, encoding="utf-8").read()
own = text.split("Then, for your own plan", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
sup = text.split("A supervisor who receives a bundle", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
bindir = os.path.join(work, "bin")
os.makedirs(bindir, exist_ok=True)
os.symlink(sakra, os.path.join(bindir, "sakra"))
def env(home):
    e = dict(os.environ, HOME=home, EDITOR=os.path.join(work, "editor"),
             PATH=bindir + ":" + os.environ["PATH"])
    return e
def run(block, home, cwd, subst=lambda l: l):
    for line in block.splitlines():
        if not line.strip() or line.startswith("make "):
            continue
        line = subst(line)
        print("$", line)
        r = subprocess.run(["bash", "-ec", line], cwd=cwd, env=env(home), capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        print(r.stdout + r.stderr)
        if r.returncode not in (0,) and not line.startswith("sakra check") \
           and not line.startswith("sakra status"):
            sys.exit("step failed (%d): %s" % (r.returncode, line))
        if line.startswith("sakra check") and r.returncode != 0:
            sys.exit("the filled-in plan does not check: " + r.stdout[-800:])
        if line.startswith("cd "):
            cwd = os.path.join(cwd, line.split()[1])
    return cwd
shome, ohome = os.path.join(work, "supervisor"), os.path.join(work, "office")
supl = [l for l in sup.splitlines() if l.strip()]
keygen = [l for l in supl if "keygen --age" in l]
assert len(keygen) == 1, supl
# the supervisor makes a key first and sends the recipient
r = subprocess.run(["bash", "-ec", keygen[0]], cwd=shome, env=env(shome), capture_output=True, text=True)
assert r.returncode == 0, r.stderr
recipient = re.search(r"age1[0-9a-z]+", r.stdout).group(0)
pf = os.path.join(work, "pass")
def office(line):
    line = line.replace("age1…", recipient)
    if line.startswith("sakra keygen") or line.startswith("sakra approve"):
        line = line.split("  #")[0] + " --passphrase-file " + pf
    return line
plan = run(own, ohome, ohome, office)
bundles = os.listdir(os.path.join(plan, "_bundles"))
named = re.findall(r"sakra verify (\S+)", sup)[0]
assert named in bundles, (named, bundles)
assert subprocess.run(["git", "status", "--porcelain"], cwd=plan, capture_output=True,
                      text=True).stdout == "", "the walk-through left changes"
os.rename(os.path.join(plan, "_bundles", named), os.path.join(shome, named))
subprocess.run(["cp", os.path.join(plan, "keys", "anna.pub"), shome], check=True)
run("\n".join(l for l in supl if l not in keygen), shome, shome)
opened = [d for d in os.listdir(shome) if os.path.isdir(os.path.join(shome, d, "files"))]
assert len(opened) == 1, os.listdir(shome)
assert os.path.isfile(os.path.join(shome, opened[0], "site", "index.html")), opened
assert os.path.isfile(os.path.join(shome, opened[0], "files", "systems", "klientdata.md")), opened
PY
}
test_hooks_pre_commit() {
	new_repo "$TMP/hk"
	run -C "$TMP/hk" hooks install
	expect_rc 0
	expect_out "^installed $TMP/hk/.git/hooks/pre-commit: it refuses a commit that adds check errors$"
	expect_out "^  runs $SAKRA \(or sakra on PATH if that is gone\)$"
	[ -x "$TMP/hk/.git/hooks/pre-commit" ] || fail "the hook is not executable"
	grep -qF "SAKRA='$SAKRA'" "$TMP/hk/.git/hooks/pre-commit" || fail "the hook does not name this sakra"
	# a commit that adds an error is refused, with the findings
	sed -i '/^Dataskyddsombud:/d' "$TMP/hk/$P3"
	git -C "$TMP/hk" add -A
	RC=0
	OUT=$(git -C "$TMP/hk" commit -qm "utan dataskyddsombud" 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "the commit was not refused"
	expect_out "required field 'Dataskyddsombud' is missing.*\[field.missing\]"
	expect_out "the commit is refused: it adds the errors above"
	[ "$(git -C "$TMP/hk" rev-list --count HEAD)" = 1 ] || fail "a commit was made"
	# --no-verify commits anyway; then a commit adding nothing new passes
	git -C "$TMP/hk" commit -qm "ändå" --no-verify
	printf '\nEn rad till.\n' >>"$TMP/hk/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/hk" add -A
	git -C "$TMP/hk" commit -qm "en rad" >/dev/null 2>&1 || fail "a commit adding no error was refused"
	# what is checked is the index: an unstaged error does not stop a commit
	printf '\nEj tillämpligt:\n' >>"$TMP/hk/plan/05-utbildning-och-anvisningar.md"
	printf '\nÄnnu en rad.\n' >>"$TMP/hk/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/hk" add plan/04-fel-och-kontinuitet.md
	git -C "$TMP/hk" commit -qm "index" >/dev/null 2>&1 || fail "an unstaged error stopped the commit"
	git -C "$TMP/hk" add -A
	git -C "$TMP/hk" commit -qm "nu" >/dev/null 2>&1 && fail "a staged error passed"
	# installing again updates sakra's own hook
	run -C "$TMP/hk" hooks install
	expect_rc 0
	expect_out '^updated '
	# a hook sakra did not write is never replaced
	printf '#!/bin/sh\necho mitt\n' >"$TMP/hk/.git/hooks/pre-commit"
	run -C "$TMP/hk" hooks install
	expect_rc 1
	expect_err "pre-commit exists and sakra did not write it"
	expect_err "check --index --new-since HEAD \|\| exit 1"
	[ "$(cat "$TMP/hk/.git/hooks/pre-commit")" = "$(printf '#!/bin/sh\necho mitt')" ] || fail "the hook was changed"
	# core.hooksPath is where git looks
	git -C "$TMP/hk" config core.hooksPath .githooks
	run -C "$TMP/hk" hooks install
	expect_rc 0
	[ -x "$TMP/hk/.githooks/pre-commit" ] || fail "core.hooksPath ignored"
	run hooks frob
	expect_rc 2
	run -C "$TMP/hk" check --index --rev HEAD
	expect_rc 2; expect_err '\-\-index and \-\-rev exclude each other'
	run -C "$TMP/hk" check --new-since nosuch
	expect_rc 2; expect_err "unknown revision 'nosuch'"
}
# The team's server holds the line: real pushes to a bare repository with
# sakra's pre-receive hook.
test_hooks_server() {
	fresh
	approved_repo "$TMP/ap"
	git init -q --bare -b main "$TMP/server.git"
	run -C "$TMP/server.git" hooks install --server
	expect_rc 0
	expect_out "^installed $TMP/server.git/hooks/pre-receive: pushes that break the plan or its approvals are refused$"
	run -C "$TMP/ap" hooks install --server
	expect_rc 2; expect_err 'bare repository'
	git -C "$TMP/ap" branch -q -M main
	git -C "$TMP/ap" remote add origin "$TMP/server.git"
	# a clean plan and a valid approval are accepted
	RC=0; OUT=$(git -C "$TMP/ap" push origin main 'refs/tags/*' 2>&1) || RC=$?
	expect_rc 0
	expect_out 'remote: sakra: the push keeps the plan and its approvals whole'
	[ "$(git -C "$TMP/server.git" rev-parse main)" = "$(git -C "$TMP/ap" rev-parse main)" ] || fail "main not pushed"
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v1 >/dev/null || fail "tag not pushed"
	# a commit that breaks the plan is refused, with the findings
	sed -i '/^Dataskyddsombud:/d' "$TMP/ap/$P3"
	git -C "$TMP/ap" commit -qam "utan dataskyddsombud"
	RC=0; OUT=$(git -C "$TMP/ap" push origin main 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a broken plan was accepted"
	expect_out "remote: $P3:8:1: error: required field 'Dataskyddsombud' is missing"
	expect_out 'remote: sakra: refused: refs/heads/main would move to [0-9a-f]{12}, which has 1 check error'
	[ "$(git -C "$TMP/server.git" rev-parse main)" = "$(git -C "$TMP/ap" rev-parse main~1)" ] || fail "main moved"
	# other branches are the team's own business
	RC=0; OUT=$(git -C "$TMP/ap" push origin main:utkast 2>&1) || RC=$?
	expect_rc 0
	git -C "$TMP/ap" reset -q --hard HEAD~1
	# a forged approval tag is refused; so is moving or deleting a real one
	git -C "$TMP/ap" tag -a approved/v2 -m 'inte en signatur' HEAD
	RC=0; OUT=$(git -C "$TMP/ap" push origin refs/tags/approved/v2 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a forged tag was accepted"
	expect_out 'remote: sakra: refused: refs/tags/approved/v2 does not verify'
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v2 >/dev/null && fail "forged tag landed"
	git -C "$TMP/ap" tag -d approved/v2 >/dev/null
	git -C "$TMP/ap" tag -f -a approved/v1 -m 'flyttad' HEAD~1 >/dev/null 2>&1
	RC=0; OUT=$(git -C "$TMP/ap" push -f origin refs/tags/approved/v1 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a moved tag was accepted"
	expect_out 'remote: sakra: refused: refs/tags/approved/v1 is an approved version; it is never moved'
	RC=0; OUT=$(git -C "$TMP/ap" push origin :refs/tags/approved/v1 2>&1) || RC=$?
	[ "$RC" != 0 ] || fail "a deleted tag was accepted"
	expect_out 'it is never deleted'
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v1 >/dev/null || fail "tag gone"
	# a second real approval, pushed with its commit, is accepted
	git -C "$TMP/ap" fetch -q -f origin 'refs/tags/*:refs/tags/*'
	printf '\nEn rad.\n' >>"$TMP/ap/plan/04-fel-och-kontinuitet.md"
	git -C "$TMP/ap" commit -qam "v2"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	RC=0; OUT=$(git -C "$TMP/ap" push origin main refs/tags/approved/v2 2>&1) || RC=$?
	expect_rc 0
	git -C "$TMP/server.git" rev-parse -q --verify refs/tags/approved/v2 >/dev/null || fail "v2 not pushed"
}
# The CI templates are YAML, and their sakra commands run as written on the
# example plan (the step that installs sakra from SAKRA_SOURCE aside).
test_ci_templates() {
	local forge
	mkdir -p "$TMP/cibin"
	ln -sf "$SAKRA" "$TMP/cibin/sakra"
	for forge in github forgejo gitlab; do
		new_repo "$TMP/ci-$forge"
		run -C "$TMP/ci-$forge" ci "$forge"
		expect_rc 0
		expect_out '^wrote .*: set the forge.s variable SAKRA_SOURCE'
		run -C "$TMP/ci-$forge" ci "$forge"
		expect_rc 1; expect_err 'exists; it is left as it is'
		python3 - "$TMP/ci-$forge" "$forge" "$TMP/cibin" <<'PY' || fail "$forge: the template does not run"
import json, os, subprocess, sys, yaml
root, forge, bindir = sys.argv[1:4]
path = {"github": ".github/workflows/sakra.yml", "forgejo": ".forgejo/workflows/sakra.yml",
        "gitlab": ".gitlab-ci.yml"}[forge]
doc = yaml.safe_load(open(os.path.join(root, path), encoding="utf-8"))
if forge == "gitlab":
    job = doc["sakra"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    lines = job["script"]
else:
    steps = doc["jobs"]["plan"]["steps"]
    lines = [s["run"] for s in steps if "run" in s and "SAKRA_SOURCE" not in s.get("env", {})]
    names = [s.get("uses", "") for s in steps]
    if forge == "github":
        assert any(u.startswith("github/codeql-action/upload-sarif") for u in names), names
    assert any(u.startswith("actions/upload-artifact") for u in names), names
sakra = [l for l in lines if "sakra " in l]
assert len(sakra) >= 3, lines
env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"])
for l in sakra:
    r = subprocess.run(["bash", "-ec", l], cwd=root, env=env, capture_output=True, text=True)
    assert r.returncode == 0, (l, r.returncode, r.stdout[-500:], r.stderr[-500:])
assert os.path.isfile(os.path.join(root, "site", "index.html"))
if forge == "gitlab":
    cq = json.load(open(os.path.join(root, "gl-code-quality-report.json")))
    assert isinstance(cq, list), cq
else:
    sarif = json.load(open(os.path.join(root, "sakra.sarif")))
    assert sarif["version"] == "2.1.0", sarif
PY
	done
	# a broken plan: the report lists the finding, and the last step fails
	sed -i '/^Dataskyddsombud:/d' "$TMP/ci-gitlab/$P3"
	run -C "$TMP/ci-gitlab" check --format codequality
	expect_rc 1
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
x = [i for i in d if i["check_name"] == "field.missing"][0]
assert x["severity"] == "major" and x["location"]["path"] == "plan/03-allmanna-rutiner.md", x
assert x["location"]["lines"]["begin"] == 8 and len(x["fingerprint"]) == 64, x' <<<"$OUT" || fail "codequality report"
	# init can add one to a new plan's first commit
	run init "$TMP/ci-new" --org 'X Ab' --ci gitlab
	expect_rc 0
	git -C "$TMP/ci-new" show --name-only HEAD | grep -qx '.gitlab-ci.yml' || fail "not in the first commit"
	run init "$TMP/ci-bad" --ci jenkins
	expect_rc 2
	[ ! -e "$TMP/ci-bad" ] || fail "written despite an unknown forge"
}
# Shell completion comes from the commands' own option tables: it offers
# what --help documents, values from the plan and git, and the scripts run.
test_completion() {
	approved_repo "$TMP/cmp"
	run completion bash
	expect_rc 0
	printf '%s\n' "$OUT" >"$TMP/sakra.bash"
	bash -n "$TMP/sakra.bash" || fail "bash: syntax"
	mkdir -p "$TMP/cmpbin" && ln -sf "$SAKRA" "$TMP/cmpbin/sakra"
	(cd "$TMP/cmp" && PATH=$TMP/cmpbin:$PATH bash -c '
		source "$1"
		t() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _sakra; echo "${COMPREPLY[*]}"; }
		[ "$(t sakra ch)" = check ] || exit 11
		[ "$(t sakra check --for)" = --format ] || exit 12
		[ "$(t sakra check --format "")" = "text json sarif codequality" ] || exit 13
		[ "$(t sakra bundle --format "")" = "age zip tar" ] || exit 14
		[ "$(t sakra bundle --edition "")" = "personal tillsyn" ] || exit 15
		[ "$(t sakra init --framework "")" = "msb-region thl-3-2024" ] || exit 16
		t sakra check --rev "" | grep -qw approved/v1 || exit 17
		[ "$(t sakra hooks "")" != "" ] && t sakra hooks i | grep -qx install || exit 18
		[ "$(t sakra -C . st)" = status ] || exit 19
	' _ "$TMP/sakra.bash") || fail "bash completion (step $?)"
	# every option a command documents in --help is one completion offers,
	# and every option offered is one the command accepts
	python3 - "$SAKRA" "$TMP/sakra.bash" <<'PY' || fail "completion and --help disagree"
import re, subprocess, sys
sakra, script = sys.argv[1:3]
text = open(script).read()
offered = {m.group(1): set(m.group(2).split()) for m in re.finditer(r"\t(\w+)\) opts=\"([^\"]*)\"", text)}
assert len(offered) >= 17, offered.keys()
for cmd, opts in offered.items():
    h = subprocess.run([sakra, cmd, "--help"], capture_output=True, text=True)
    assert h.returncode == 0, (cmd, h.stderr)
    # the option list: indented lines that start with an option
    documented = set(re.findall(r"^ +(--[a-z][a-z-]+)", h.stdout, re.M))
    assert documented <= opts | {"--help", "--color", "--quiet"}, (cmd, documented - opts)
    for o in opts:
        r = subprocess.run([sakra, cmd, o + ("=x" if o in ("--format", "--rev") else ""), "--help"],
                           capture_output=True, text=True)
        assert "unknown option" not in r.stderr, (cmd, o, r.stderr)
PY
	run completion zsh
	expect_rc 0
	expect_out '^#compdef sakra$'
	printf '%s\n' "$OUT" >"$TMP/_sakra"
	zsh -n "$TMP/_sakra" || fail "zsh: syntax"
	run completion fish
	expect_rc 0
	printf '%s\n' "$OUT" >"$TMP/sakra.fish"
	fish --no-execute "$TMP/sakra.fish" || fail "fish: syntax"
	OUT=$(cd "$TMP/cmp" && PATH=$TMP/cmpbin:$PATH fish -c "source '$TMP/sakra.fish'; complete -C 'sakra check --format '; complete -C 'sakra bundle --edition '")
	expect_out '^codequality$'
	expect_out '^tillsyn$'
	run completion tcsh
	expect_rc 2
}
test_output_folders_follow_umask() {
	# A site is copied to a web server as it is: its folders and files have
	# the modes a plain mkdir and write would give them.
	new_repo "$TMP/um"
	(umask 022 && "$SAKRA" -C "$TMP/um" build -o "$TMP/um-site" >/dev/null 2>&1) || fail "build"
	[ "$(stat -c %a "$TMP/um-site")" = 755 ] || fail "site folder is $(stat -c %a "$TMP/um-site"), not 755"
	[ "$(stat -c %a "$TMP/um-site/plan")" = 755 ] || fail "subfolder mode"
	[ "$(stat -c %a "$TMP/um-site/index.html")" = 644 ] || fail "page mode"
	(umask 027 && "$SAKRA" -C "$TMP/um" build -o "$TMP/um-site" >/dev/null 2>&1) || fail "rebuild"
	[ "$(stat -c %a "$TMP/um-site")" = 750 ] || fail "site folder ignores umask 027"
}
test_keygen_creates_folders() {
	# A fresh account has no ~/.config/sakra: keygen makes it, private.
	local home=$TMP/fresh-home
	rm -rf "$home"
	mkdir -p "$home"
	RC=0
	OUT=$(HOME=$home "$SAKRA" keygen --age -o "$home/.config/sakra/tillsyn.txt" 2>&1) || RC=$?
	expect_rc 0
	expect_out '^recipient: age1'
	[ "$(stat -c %a "$home/.config/sakra")" = 700 ] || fail "the key folder is not 0700"
	[ "$(stat -c %a "$home/.config/sakra/tillsyn.txt")" = 600 ] || fail "the identity is not 0600"
	run keygen --name 'Anna Lind' --role chef --no-passphrase -o "$home/nya/nycklar/anna"
	expect_rc 0
	[ -f "$home/nya/nycklar/anna.key" ] && [ -f "$home/nya/nycklar/anna.pub" ] || fail "no key pair"
	[ "$(stat -c %a "$home/nya/nycklar")" = 700 ] || fail "the new folder is not 0700"
}
test_keygen_refusals() {
	run keygen --role x
	expect_rc 2; expect_err '--name and --role are required'
	run keygen --name 'A "B"' --role x
	expect_rc 2; expect_err "without '\"'"
	run keygen --name A --role 'Ansvarig Chef'
	expect_rc 2; expect_err 'lower-case letters'
	run keygen --name A --role r --no-passphrase --passphrase-file /dev/null
	expect_rc 2; expect_err 'exclude each other'
	: >"$TMP/empty-pass"
	run keygen --name A --role r -o "$TMP/nokey" --passphrase-file "$TMP/empty-pass"
	expect_rc 2; expect_err 'passphrase is empty'
	[ ! -e "$TMP/nokey.key" ] || fail "key written after a refusal"
	# No terminal and no file: a clear refusal, not a hang.
	RC=0
	OUT=$(setsid "$SAKRA" keygen --name A --role r -o "$TMP/nokey" </dev/null 2>&1) || RC=$?
	expect_rc 2
	expect_out 'no terminal'
}

# --- approval --------------------------------------------------------------------

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
}
# retag DIR TAG TARGET MESSAGE: rewrite an annotated tag by hand.
retag() {
	git -C "$1" tag -f -a "$2" -m "$4" "$3" >/dev/null
}

# A part of the plan adopted by a role of its own (approval.scopes): the
# role signs that part's files; its signature holds for later versions as
# long as they are unchanged, in the repository, in a bundle and by hand.
test_approval_scopes() {
	fresh
	new_repo "$TMP/sc"
	key anna ansvarig-forestandare
	key bo styrelse
	cp "$TMP/k/anna.pub" "$TMP/k/bo.pub" "$TMP/sc/keys/"
	sed -i 's/^  required_roles: \[ansvarig-forestandare\]$/&\n  scopes:\n    - role: styrelse\n      files: [plan\/03-allmanna-rutiner.md]/' "$TMP/sc/sakra.yml"
	git -C "$TMP/sc" add -A && git -C "$TMP/sc" commit -qm "styrelsens del"
	run -C "$TMP/sc" check
	expect_rc 0
	# v1: both sign; the board signs its part, not the whole
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(for its part\)'
	run -C "$TMP/sc" approve --key "$TMP/k/bo.key"
	expect_out '^  signed its part \(SCOPE.styrelse\) by bo \(styrelse\)'
	expect_out 'approved: every required role has signed'
	# v2 leaves chapter 3 as it was: the board's signature holds
	printf '\nEn rad.\n' >>"$TMP/sc/plan/05-utbildning-och-anvisningar.md"
	git -C "$TMP/sc" commit -qam v2
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'signed its part \(SCOPE.styrelse; signed for version 1, unchanged since\) by bo'
	expect_out 'approved: every required role has signed'
	# v3 changes chapter 3: the board must sign again
	printf '\nÄndrad rutin.\n' >>"$TMP/sc/$P3"
	git -C "$TMP/sc" commit -qam v3
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(for its part\)'
	run -C "$TMP/sc" verify v3
	expect_rc 1
	run -C "$TMP/sc" approve --key "$TMP/k/bo.key"
	expect_out 'approved: every required role has signed'
	# dropping the part needs the board on that very version
	sed -i '/^  scopes:$/,/^      files:/d' "$TMP/sc/sakra.yml"
	printf '\nUtan styrelsen.\n' >>"$TMP/sc/$P3"
	git -C "$TMP/sc" commit -qam v4
	run -C "$TMP/sc" approve --key "$TMP/k/anna.key"
	expect_out 'NOT approved: no signature that counts for styrelse \(its part was dropped or changed\)'
	# a bundle of v2 carries the part and its signature; both verify
	run -C "$TMP/sc" bundle --rev v2 --format tar -o "$TMP/sc2.tar"
	expect_rc 0
	run verify "$TMP/sc2.tar"
	expect_rc 0
	expect_out 'signed its part \(SCOPE.styrelse; signed for version 1, unchanged since\)'
	tar -tf "$TMP/sc2.tar" | grep -q '/SCOPE.styrelse$' || fail "no SCOPE file"
	# by hand, with minisign
	rm -rf "$TMP/sckit"
	run -C "$TMP/sc" export v2 -o "$TMP/sckit"
	expect_rc 0
	(cd "$TMP/sckit" && minisign -Vm SCOPE.styrelse -x SCOPE.styrelse.*.minisig -p keys/bo.pub >/dev/null) ||
		fail "minisign does not verify the board's part"
	grep -q "  $P3\$" "$TMP/sckit/SCOPE.styrelse" || fail "the part names its file"
	grep -q 'minisign -Vm SCOPE.styrelse' "$TMP/sckit/LÄSMIG.txt" || fail "LÄSMIG.txt"
	# a changed SCOPE file, or one signature less, is refused
	tar_edit "$TMP/sc2.tar" "$TMP/sc2-edit.tar" '
for k in d:
    if k.endswith("/SCOPE.styrelse"):
        d[k] = d[k].replace(b"sakra scope 1", b"sakra scope 1 ")'
	run verify "$TMP/sc2-edit.tar"
	expect_rc 1
	expect_err 'SCOPE.styrelse: is not what the signed MANIFEST and sakra.yml give'
	tar_edit "$TMP/sc2.tar" "$TMP/sc2-nosig.tar" '
m[:] = [x for x in m if ".minisig" not in x.name or "SCOPE" not in x.name]'
	run verify "$TMP/sc2-nosig.tar"
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for styrelse'
	# a scope naming a file the plan does not have is an error
	sed -i 's/^  required_roles: \[ansvarig-forestandare\]$/&\n  scopes:\n    - role: styrelse\n      files: [plan\/99-finns-inte.md]/' "$TMP/sc/sakra.yml"
	run -C "$TMP/sc" check
	expect_rc 1
	expect_out "sakra.yml:[0-9]+:1: error: the part of role styrelse names plan/99-finns-inte.md, which the plan does not have \[config.approval\]"
	# and a scope of a region without files, when the framework asks for one
	new_repo "$TMP/sc-rg" region-plan
	sed -i '/^      files: \[plan\/01-informationssakerhetspolicy.md\]$/d' "$TMP/sc-rg/sakra.yml"
	run -C "$TMP/sc-rg" check
	expect_rc 1
	expect_out "error: the scope of 'regionfullmaktige' names no files; list them under 'files:' \[config.approval\]"
	expect_out "error: msb-region: section 1 is adopted by a role of its own .*files: \[plan/01-informationssakerhetspolicy.md\] \} \[config.approval\]"
}
test_approve_verify_export() {
	approved_repo "$TMP/ap"
	expect_out '^anna \(ansvarig-forestandare\) signed commit [0-9a-f]{12} as version 1$'
	expect_out '^  approved: every required role has signed$'
	[ "$(git -C "$TMP/ap" rev-list --count HEAD)" = 2 ] || fail "approve added a commit"
	git -C "$TMP/ap" cat-file -t approved/v1 | grep -q tag || fail "no annotated tag"
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out '^version 1 \(approved/v1\), commit [0-9a-f]{40}, Solbacka Vård Ab$'
	expect_out '^  signed by anna \(ansvarig-forestandare\) on 2026-11-23 with key [0-9A-F]{16}: Ledningsgruppen 20.11.2026 § 4$'
	run -C "$TMP/ap" export v1 -o "$TMP/kit"
	expect_rc 0
	(cd "$TMP/kit" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p keys/anna.pub) >"$TMP/mv" 2>&1 ||
		fail "minisign does not verify the exported kit: $(cat "$TMP/mv")"
	grep -q 'Trusted comment: sakra approval version=1 commit=' "$TMP/mv" || fail "trusted comment"
	grep -q 'minisign -Vm MANIFEST -x MANIFEST.[0-9A-F]*.minisig -p keys/anna.pub' "$TMP/kit/LÄSMIG.txt" ||
		fail "LÄSMIG.txt lacks the minisign command"
	(cd "$TMP/ap" && sha256sum --quiet -c "$TMP/kit/MANIFEST") || fail "sha256sum -c fails on the checkout"
	echo x >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	(cd "$TMP/ap" && sha256sum --quiet -c "$TMP/kit/MANIFEST" >/dev/null 2>&1) && fail "sha256sum accepts a changed file"
	# Determinism: a fresh clone exports the same manifest bytes.
	git clone -q "$TMP/ap" "$TMP/ap2" && git -C "$TMP/ap2" fetch -q origin 'refs/tags/*:refs/tags/*'
	run -C "$TMP/ap2" export 1 -o "$TMP/kit2"
	cmp -s "$TMP/kit/MANIFEST" "$TMP/kit2/MANIFEST" || fail "manifest differs between clones"
	run -C "$TMP/ap" export v1 -o "$TMP/kit"
	expect_rc 2; expect_err 'already exists'
	# A bare clone verifies.
	git clone -q --bare "$TMP/ap" "$TMP/ap.git"
	run -C "$TMP/ap.git" verify approved/v1
	expect_rc 0
}
test_approve_refusals() {
	approved_repo "$TMP/ap"
	# The same key again.
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err 'has already signed version 1'
	# A dirty working tree.
	echo x >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err 'not committed'
	# A commit with errors (a placeholder counts for approval).
	git -C "$TMP/ap" checkout -q -- . && printf '\n[fyll i]\n' >>"$TMP/ap/plan/03-allmanna-rutiner.md"
	git -C "$TMP/ap" commit -qam "platshållare"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err "has 1 error \(placeholders count for approval\); 'sakra check --rev HEAD' lists them"
	# A key whose public half is not in keys/.
	git -C "$TMP/ap" revert --no-edit HEAD >/dev/null
	key eve ansvarig-forestandare
	run -C "$TMP/ap" approve --key "$TMP/k/eve.key"
	expect_rc 1; expect_err 'is not in keys/ of commit'
	[ "$(git -C "$TMP/ap" tag -l 'approved/*' | wc -l)" = 1 ] || fail "a refused approval made a tag"
	# An encrypted key and a wrong passphrase.
	echo rätt >"$TMP/k/pw"; echo fel >"$TMP/k/bad"
	run keygen --name Åsa --role ansvarig-forestandare -o "$TMP/k/asa" --passphrase-file "$TMP/k/pw"
	cp "$TMP/k/asa.pub" "$TMP/ap/keys/" && git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm "Åsa"
	run -C "$TMP/ap" approve --key "$TMP/k/asa.key" --passphrase-file "$TMP/k/bad"
	expect_rc 1; expect_err 'wrong passphrase'
	run -C "$TMP/ap" approve --key "$TMP/k/asa.key" --passphrase-file "$TMP/k/pw"
	expect_rc 0
	expect_out 'signed commit [0-9a-f]{12} as version 2$'
}
test_verify_tampering() {
	approved_repo "$TMP/ap"
	local msg
	msg=$(git -C "$TMP/ap" cat-file tag approved/v1 | sed '1,/^$/d')
	# The tag moved to another commit.
	git -C "$TMP/ap" commit -q --allow-empty -m "senare"
	retag "$TMP/ap" approved/v1 HEAD "$msg"
	run -C "$TMP/ap" verify
	expect_rc 1
	expect_out 'does not count: the signature does not match'
	expect_out 'NOT approved'
	# An edited decision in the tag message.
	retag "$TMP/ap" approved/v1 HEAD~1 "$(sed 's/§ 4/§ 5/' <<<"$msg")"
	run -C "$TMP/ap" verify
	expect_rc 1
	# The signature removed.
	retag "$TMP/ap" approved/v1 HEAD~1 "sakra: approved version 1"
	run -C "$TMP/ap" verify 1
	expect_rc 1
	expect_out 'NOT approved: no signature that counts for ansvarig-forestandare'
	# Back to the original: sound again.
	retag "$TMP/ap" approved/v1 HEAD~1 "$msg"
	run -C "$TMP/ap" verify 1
	expect_rc 0
	run -C "$TMP/ap" verify v7
	expect_rc 1; expect_err "'v7' is not an approved version"
}
test_trust_chain() {
	approved_repo "$TMP/ap"
	key bob ansvarig-forestandare
	# Version 2 adds Bob's key; Bob alone cannot approve it.
	cp "$TMP/k/bob.pub" "$TMP/ap/keys/" && git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm "Bob"
	run -C "$TMP/ap" approve --key "$TMP/k/bob.key"
	expect_rc 0
	expect_out 'does not count: key [0-9A-F]{16} is new in this version'
	expect_out 'NOT approved'
	run -C "$TMP/ap" verify 2
	expect_rc 1
	# Pinned from outside, Bob's key counts.
	run -C "$TMP/ap" verify 2 --key "$TMP/k/bob.pub"
	expect_rc 0
	# Anna, trusted since version 1, approves version 2 too.
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" verify 2
	expect_rc 0
	# Version 3 removes Anna's key: she cannot approve it; Bob now can.
	git -C "$TMP/ap" rm -q keys/anna.pub && git -C "$TMP/ap" commit -qm "Anna slutar"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 1; expect_err 'not in keys/'
	run -C "$TMP/ap" approve --key "$TMP/k/bob.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out '^version 3 '
}
test_required_roles() {
	new_repo "$TMP/ap"
	key anna ansvarig-forestandare
	key dan dataskyddsombud
	cp "$TMP/k/anna.pub" "$TMP/k/dan.pub" "$TMP/ap/keys/"
	sed -i 's/required_roles: \[ansvarig-forestandare\]/required_roles: [ansvarig-forestandare, dataskyddsombud]/' "$TMP/ap/sakra.yml"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm nycklar
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	expect_out 'NOT approved: no signature that counts for dataskyddsombud'
	run -C "$TMP/ap" verify
	expect_rc 1
	run -C "$TMP/ap" approve --key "$TMP/k/dan.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out 'signed by dan \(dataskyddsombud\)'
}
test_minisign_key_approves() {
	new_repo "$TMP/ap"
	minisign -G -W -p "$TMP/ap/keys/mini.pub" -s "$TMP/mini.key" >/dev/null 2>&1 || fail "minisign -G"
	sed -i '1s/$/ name="Mia Minisign" role=ansvarig-forestandare/' "$TMP/ap/keys/mini.pub"
	git -C "$TMP/ap" add keys && git -C "$TMP/ap" commit -qm mini
	run -C "$TMP/ap" approve --key "$TMP/mini.key"
	expect_rc 0
	run -C "$TMP/ap" verify
	expect_rc 0
	expect_out 'signed by Mia Minisign \(ansvarig-forestandare\)'
}

test_log() {
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" log
	expect_rc 0
	expect_out '^version 1  2026-11-23  commit [0-9a-f]{12}  approved$'
	expect_out '^  anna \(ansvarig-forestandare\) 2026-11-23: Ledningsgruppen 20.11.2026 § 4$'
	expect_out '^  the first approved version: 24 files$'
	# Version 2: a changed chapter, a new key, a removed evidence record.
	key bob ansvarig-forestandare
	cp "$TMP/k/bob.pub" "$TMP/ap/keys/"
	sed -i 's/^Planen gäller en tjänstetillhandahållare/Planen gäller numera en tjänstetillhandahållare/' \
		"$TMP/ap/plan/02-foremal-och-uppdatering.md"
	git -C "$TMP/ap" rm -q evidence/2026/utbildning-2026-05-20.md
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v2
	SAKRA_TODAY=2026-11-25 run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" log
	expect_rc 0
	[ "$(grep -c '^version' <<<"$OUT")" = 2 ] || fail "two versions expected"
	head -1 <<<"$OUT" | grep -qE '^version 2  2026-11-25  ' || fail "newest first: $(head -1 <<<"$OUT")"
	expect_out '^  3 files changed since version 1:$'
	expect_out '^    \+ keys/bob.pub$'
	expect_out '^    ~ plan/02-foremal-och-uppdatering.md$'
	expect_out '^    - evidence/2026/utbildning-2026-05-20.md$'
	run -C "$TMP/ap" log -n 1
	expect_rc 0
	expect_no_out '^version 1'
	# Cid's key is new in version 3: his signature is listed, and marked.
	key cid ansvarig-forestandare
	cp "$TMP/k/cid.pub" "$TMP/ap/keys/"
	echo >>"$TMP/ap/plan/01-anvandningsandamal.md"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v3
	run -C "$TMP/ap" approve --key "$TMP/k/cid.key"
	expect_rc 0
	run -C "$TMP/ap" log --format json
	expect_rc 0
	python3 - "$OUT" <<'PY' || fail "log JSON is wrong"
import json, sys
d = json.loads(sys.argv[1])
v = d["versions"]
assert [x["version"] for x in v] == [3, 2, 1]
assert v[0]["approved"] is False and v[0]["missing"] == "ansvarig-forestandare" and v[0]["date"] == "2026-11-23"
assert v[0]["signatures"][0]["approver"] == "cid" and v[0]["signatures"][0]["counts"] is False
assert "new in this version" in v[0]["signatures"][0]["why"]
assert v[0]["since"] == 2 and v[0]["changes"] == [{"change": "added", "path": "keys/cid.pub"},
                                                   {"change": "changed", "path": "plan/01-anvandningsandamal.md"}]
assert v[1]["approved"] is True and v[1]["since"] == 1 and v[1]["date"] == "2026-11-25"
assert {c["path"]: c["change"] for c in v[1]["changes"]} == {
    "keys/bob.pub": "added", "plan/02-foremal-och-uppdatering.md": "changed",
    "evidence/2026/utbildning-2026-05-20.md": "removed"}
s = v[2]["signatures"][0]
assert s == {"key": s["key"], "approver": "anna", "role": "ansvarig-forestandare", "date": "2026-11-23",
             "decision": "Ledningsgruppen 20.11.2026 § 4", "counts": True, "why": None}, s
assert v[2]["since"] is None and len(v[2]["changes"]) == 24
assert all(c["change"] == "added" for c in v[2]["changes"])
PY
	run -C "$TMP/ap" log --format yaml
	expect_rc 2
	# No versions yet.
	new_repo "$TMP/none"
	run -C "$TMP/none" log
	expect_rc 0
	expect_out 'no approved versions yet'
}
test_diff() {
	approved_repo "$TMP/ap"
	local p=$TMP/ap/plan
	# Move 5.2 to a file of its own, retitle 5.1, reclassify chapter 2,
	# add a system, a key, and change sakra.yml.
	printf -- '---\ntitle: "5.2 Bruksanvisningar"\nclassification: icke-offentlig\n---\n\n' >"$p/05x-anvisningar.md"
	sed -n '21,$p' "$p/05-utbildning-och-anvisningar.md" >>"$p/05x-anvisningar.md"
	sed -i '21,$d' "$p/05-utbildning-och-anvisningar.md"
	sed -i 's/^## 5.1 Personalens utbildning /## 5.1 Personalens utbildningar /' "$p/05-utbildning-och-anvisningar.md"
	sed -i 's/^classification: icke-offentlig/classification: sekretessbelagd\nlegal_basis: "JulkL 24 § 1 mom. 7 p."/' "$p/02-foremal-och-uppdatering.md"
	sed -i 's/^Planen gäller en/Planen gäller nu en/' "$p/02-foremal-och-uppdatering.md"
	sed 's/name: .*/name: Nya systemet/' "$TMP/ap/systems/dosportalen.md" >"$TMP/ap/systems/nya.md"
	cp "$TMP/ap/keys/anna.pub" "$TMP/ap/keys/bob.pub"
	echo '# en kommentar' >>"$TMP/ap/sakra.yml"
	run -C "$TMP/ap" diff v1
	expect_rc 0
	expect_out '^Changes from version 1 \([0-9a-f]{12}\) to the working tree$'
	expect_out '^  ~ 5.1 Personalens utbildningar samt .*  plan/05-utbildning-och-anvisningar.md:10  \+1 -1$'
	expect_out '^  ~ 5.2 Informationssystemens bruksanvisningar .*  plan/05x-anvisningar.md:6  moved from plan/05-utbildning-och-anvisningar.md$'
	expect_out '^  \+ plan/05x-anvisningar.md  5.2 Bruksanvisningar  \+[0-9]+ -0$'
	expect_out '^  ~ plan/02-foremal-och-uppdatering.md  2. Föremålet .*  classification icke-offentlig → sekretessbelagd  \+2 -1$'
	expect_out '^  ~ 2 Föremålet för .*  plan/02-foremal-och-uppdatering.md:9  \+1 -1$'
	expect_out '^  \+ systems/nya.md  Nya systemet  \+[0-9]+ -0$'
	expect_out '^  \+ keys/bob.pub$'
	expect_out '^  ~ sakra.yml$'
	expect_out '^3 sections, 2 documents, 1 register entry and 2 other files changed.$'
	# Sections come in the framework's order, before the other groups.
	grep -n '' <<<"$OUT" | grep -E '5\.1 |5\.2 |^[0-9]+:Documents' | cut -d: -f1 | sort -c -n ||
		fail "order"
	expect_no_out '~ plan/05-utbildning-och-anvisningar.md'
	# Committed, approved as version 2: the same changes between versions.
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm v2
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/ap" diff 1 approved/v2 --format json
	expect_rc 0
	python3 - "$OUT" <<'PY' || fail "diff JSON is wrong"
import json, sys
d = json.loads(sys.argv[1])
assert d["from"]["version"] == 1 and d["to"]["version"] == 2 and len(d["to"]["commit"]) == 40
c = {(x["group"], x["key"]): x for x in d["changes"]}
s = c[("section", "5.2")]
assert s["change"] == "changed" and s["moved_from"] == "plan/05-utbildning-och-anvisningar.md"
assert s["path"] == "plan/05x-anvisningar.md" and s["line"] == 6 and s["clauses"] == ["6.4"], s
assert c[("section", "5.1")]["added_lines"] == 1 and c[("section", "5.1")]["removed_lines"] == 1
assert c[("document", "plan/02-foremal-och-uppdatering.md")]["detail"] == "classification icke-offentlig → sekretessbelagd"
assert c[("system", "systems/nya.md")]["change"] == "added"
assert c[("file", "keys/bob.pub")]["change"] == "added" and c[("file", "sakra.yml")]["change"] == "changed"
assert c[("document", "plan/05x-anvisningar.md")]["change"] == "added"
assert len(c) == 8, sorted(c)
PY
	# Revisions work too, and a removed section is shown as removed.
	sed -i '/^## 5.1 /,$d' "$p/05-utbildning-och-anvisningar.md"
	git -C "$TMP/ap" commit -qam "utan 5.1"
	run -C "$TMP/ap" diff HEAD~1 HEAD
	expect_rc 0
	expect_out '^Changes from version 2 \([0-9a-f]{12}\) to HEAD \([0-9a-f]{12}\)$'
	expect_out '^  - 5.1 Personalens utbildningar .*  plan/05-utbildning-och-anvisningar.md:10  \+0 -[0-9]+$'
	run -C "$TMP/ap" diff v2 v2
	expect_rc 0
	expect_out '^No changes.$'
	run -C "$TMP/ap" diff v9
	expect_rc 2
	expect_err 'there is no version 9'
	run -C "$TMP/ap" diff no-such-rev
	expect_rc 2
	expect_err 'no-such-rev'
	run -C "$TMP/ap" diff
	expect_rc 2
}

# --- the site ------------------------------------------------------------------

# browser ARGS...: the headless browser on file:// pages, isolated.
browser() {
	local b
	b=$(command -v chromium-headless-shell || command -v chromium) || { echo "no chromium"; return 1; }
	timeout 120 "$b" --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TMP/chrome" "$@" 2>/dev/null
}
site_check() { python3 "$ROOT/tests/e2e/site_check.py" "$@"; }

test_build_approved_site() {
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" build --rev v1 -o "$TMP/site"
	expect_rc 0
	run -C "$TMP/ap" build --rev approved/v1 -o "$TMP/site" --today 2026-12-01
	expect_rc 0
	expect_out "^$TMP/site: all marked documents, 25 pages and 2 files; approved version 1$"
	site_check "$TMP/site" || fail "the site has problems"
	# The checker itself fails on a broken link.
	cp -r "$TMP/site" "$TMP/broken"
	sed -i 's|href="plan/03-allmanna-rutiner.html|href="plan/nope.html|' "$TMP/broken/index.html"
	site_check "$TMP/broken" >/dev/null && fail "site_check accepts a broken link"
	# In a real browser, from file://: the banner, the stamp, the marking.
	browser --dump-dom "file://$TMP/site/index.html" >"$TMP/dom.html" || fail "browser"
	grep -q '<span class="marking">Sekretessbelagd</span> <span class="legal-basis">Sekretessgrund: JulkL 24 § 1 mom. 7 p.</span>' "$TMP/dom.html" ||
		fail "front page banner: $(grep -o '<header.*</header>' "$TMP/dom.html")"
	grep -q '<p class="stamp stamp-approved">Godkänd version 1, 2026-11-23, anna (ansvarig-forestandare)</p>' "$TMP/dom.html" ||
		fail "approval stamp missing"
	grep -q 'UTKAST' "$TMP/dom.html" && fail "an approved version is marked as a draft"
	browser --dump-dom "file://$TMP/site/plan/03-allmanna-rutiner.html" >"$TMP/dom3.html"
	grep -q '<span class="marking">Icke-offentlig handling</span>' "$TMP/dom3.html" || fail "chapter 3 marking"
	grep -q '<footer class="banner banner-bottom"' "$TMP/dom3.html" || fail "no bottom banner"
	grep -q 'href="../appendices/informationssakerhetspolicy.html"' "$TMP/dom3.html" || fail "link not rewritten"
	# The generated pages.
	grep -q '<td><a href="systems/omsorg-pro.html">Omsorg Pro</a></td><td>7.4</td><td>Vårdsystem Oy</td><td>2027-03-31</td><td class="num">120</td>' "$TMP/site/register.html" ||
		fail "register row: $(grep 'omsorg-pro.html' "$TMP/site/register.html")"
	grep -q 'loggrapport-2026-10.csv' "$TMP/site/evidence.html" || fail "evidence attachment"
	[ -f "$TMP/site/evidence/2026/loggrapport-2026-10.csv" ] || fail "attachment not copied"
	grep -q 'class="depth-1 overdue"' "$TMP/site/matrix.html" || fail "the overdue log review is not marked"
	grep -q 'Version 1 (denna version)' "$TMP/site/versions.html" || fail "version history"
	# Generated pages are marked at least at THL's floor and at least as high
	# as what they summarise.
	grep -q '<body class="marking-icke-offentlig ' "$TMP/site/versions.html" ||
		fail "the version history is marked below the floor: $(grep '<body' "$TMP/site/versions.html")"
	grep -q '<body class="marking-sekretessbelagd ' "$TMP/site/register.html" || fail "register marking"
	# Printed, every sheet carries the marking at top and bottom.
	browser --no-pdf-header-footer --print-to-pdf="$TMP/ch6.pdf" \
		"file://$TMP/site/plan/06-informationssystemen.html" >/dev/null || fail "print"
	pdftotext -layout "$TMP/ch6.pdf" "$TMP/ch6.txt" || fail "pdftotext"
	awk 'BEGIN { RS = "\f" } NF { pages++; if (gsub(/Sekretessbelagd · Sekretessgrund: JulkL 24 § 1 mom. 7 p./, "&") < 2) bad++ }
	     END { if (pages < 2 || bad) { print pages " sheets, " bad " without the marking twice"; exit 1 } }' \
		"$TMP/ch6.txt" || fail "printed marking"
	grep -q 'UTKAST' "$TMP/ch6.txt" && fail "an approved version prints as a draft"
	# Screenshots of the front page and a chapter, kept for a person to look at.
	mkdir -p "$ROOT/build/screenshots"
	browser --screenshot="$ROOT/build/screenshots/front.png" --window-size=1280,1000 "file://$TMP/site/index.html" >/dev/null
	browser --screenshot="$ROOT/build/screenshots/chapter6.png" --window-size=1280,1400 \
		"file://$TMP/site/plan/06-informationssystemen.html" >/dev/null
	[ -s "$ROOT/build/screenshots/front.png" ] || fail "no screenshot"
	echo "# screenshots: build/screenshots/front.png, build/screenshots/chapter6.png"
}
test_build_stamp_needs_a_verified_version() {
	approved_repo "$TMP/ap"
	local msg
	msg=$(git -C "$TMP/ap" cat-file tag approved/v1 | sed '1,/^$/d')
	# The tag moved to another commit: its name alone gives no stamp.
	sed -i 's/^Planen gäller en/Planen gäller nu en/' "$TMP/ap/plan/02-foremal-och-uppdatering.md"
	git -C "$TMP/ap" commit -qam "senare"
	retag "$TMP/ap" approved/v1 HEAD "$msg"
	run -C "$TMP/ap" build --rev v1 -o "$TMP/site"
	expect_rc 0
	expect_out 'DRAFT: commit [0-9a-f]{12} is not an approved version$'
	grep -q 'Godkänd version' "$TMP/site/index.html" && fail "a moved tag gives an approval stamp"
	grep -q '<strong>UTKAST / DRAFT</strong>' "$TMP/site/index.html" || fail "no draft mark"
	grep -q 'inte godkänd' "$TMP/site/versions.html" || fail "the history does not say version 1 fails"
	return 0
}
test_build_draft_and_deterministic() {
	approved_repo "$TMP/ap"
	echo >>"$TMP/ap/plan/01-anvandningsandamal.md"
	git -C "$TMP/ap" commit -qam "ändring"
	# A clean working tree builds HEAD: a draft, with its commit.
	unset SAKRA_TODAY
	run -C "$TMP/ap" build -o "$TMP/s1"
	expect_rc 0
	expect_out 'DRAFT: commit [0-9a-f]{12} is not an approved version$'
	grep -q "<strong>UTKAST / DRAFT</strong> — commit $(git -C "$TMP/ap" rev-parse --short=12 HEAD)" "$TMP/s1/index.html" ||
		fail "draft stamp"
	grep -q 'Godkänd version' "$TMP/s1/index.html" && fail "a draft shows an approval stamp"
	# The same commit gives the same bytes, also from a clone elsewhere.
	run -C "$TMP/ap" build --rev HEAD -o "$TMP/s2"
	git clone -q "$TMP/ap" "$TMP/clone" && git -C "$TMP/clone" fetch -q origin 'refs/tags/*:refs/tags/*'
	run -C "$TMP/clone" build --rev "$(git -C "$TMP/ap" rev-parse HEAD)" -o "$TMP/s3"
	diff -r "$TMP/s1" "$TMP/s2" >/dev/null || fail "two builds of one commit differ"
	diff -r "$TMP/s1" "$TMP/s3" >/dev/null || fail "a clone builds other bytes"
	# Uncommitted changes: marked as such.
	echo >>"$TMP/ap/plan/01-anvandningsandamal.md"
	run -C "$TMP/ap" build -o "$TMP/s4"
	expect_out 'DRAFT: the working tree has uncommitted changes$'
	grep -q 'arbetskopia med ändringar som inte är incheckade' "$TMP/s4/index.html" || fail "uncommitted mark"
	# A previous build is replaced; anything else is refused and kept.
	run -C "$TMP/ap" build -o "$TMP/s4"
	expect_rc 0
	mkdir "$TMP/mine" && echo keep >"$TMP/mine/notes.txt"
	run -C "$TMP/ap" build -o "$TMP/mine"
	expect_rc 2
	expect_err 'is not a site sakra built'
	[ "$(cat "$TMP/mine/notes.txt")" = keep ] || fail "a foreign directory was touched"
	ls "$TMP" | grep -q '\.tmp-' && fail "a temporary directory was left"
	return 0
}
# A killed build leaves its staging folder; the next build removes it. A
# secret key that others can read is warned about.
test_build_stale_and_key_mode() {
	approved_repo "$TMP/ap"
	mkdir -p "$TMP/web.tmp-Ab3dE9/plan"
	echo half >"$TMP/web.tmp-Ab3dE9/plan/x.html"
	run -C "$TMP/ap" build -o "$TMP/web"
	expect_rc 0
	! ls -A "$TMP" | grep -q '\.tmp-' || fail "the killed build's folder is still there"
	echo >>"$TMP/ap/plan/01-anvandningsandamal.md"
	git -C "$TMP/ap" commit -qam "ändring"
	chmod 644 "$TMP/k/anna.key"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key"
	chmod 600 "$TMP/k/anna.key"
	expect_rc 0
	expect_err 'warning: .*/anna.key can be read by others \(mode 644\); chmod 600 it'
}

test_build_edition_withholds() {
	new_repo "$TMP/ex"
	# A link from a staff document to a withheld one.
	sed -i 's|^Planen gäller en|Se [Systembeskrivning för Omsorg Pro, hemlig](../systems/omsorg-pro.md). Planen gäller en|' \
		"$TMP/ex/plan/02-foremal-och-uppdatering.md"
	git -C "$TMP/ex" commit -qam "länk"
	run -C "$TMP/ex" build --edition personal -o "$TMP/staff"
	expect_rc 0
	expect_out 'edition personal, 18 pages and 1 files \(8 withheld by the edition\)'
	site_check "$TMP/staff" || fail "the staff site has problems"
	for f in plan/06-informationssystemen.html plan/07-driftmiljon.html systems/omsorg-pro.html \
		evidence/2026/loggranskning-2026-10-31.html evidence/2026/loggrapport-2026-10.csv; do
		[ ! -e "$TMP/staff/$f" ] || fail "$f is above the edition's level"
	done
	# No title or text of a withheld file leaks, not even as link text.
	for leak in 'Loggranskning oktober' 'support@vardsystem' 'hemlig' 'loggrapport' 'Klientdokumentation inom'; do
		grep -rq "$leak" "$TMP/staff" && fail "'$leak' leaks into the staff edition: $(grep -rl "$leak" "$TMP/staff")"
	done
	grep -q '<em>\[ingår inte i denna utgåva\]</em>' "$TMP/staff/plan/02-foremal-och-uppdatering.html" ||
		fail "the withheld link is not marked"
	grep -q '<span class="marking">Icke-offentlig handling</span>' "$TMP/staff/index.html" ||
		fail "the front page does not carry the edition's highest marking"
	run -C "$TMP/ex" build --edition nosuch -o "$TMP/x"
	expect_rc 2
	expect_err "no edition 'nosuch' \(editions: personal, tillsyn\)"
	[ ! -e "$TMP/x" ] || fail "output written after a refusal"
}
test_build_no_raw_html_or_remote_loads() {
	new_repo "$TMP/ex"
	cat >>"$TMP/ex/plan/01-anvandningsandamal.md" <<'MD'

<script>alert(1)</script>

<img src="https://example.org/raw.png">

[klicka](javascript:alert(1)) och [data](data:text/html,x) och <span onclick="x">inline</span>

![logga](https://example.org/logo.png)
MD
	git -C "$TMP/ex" commit -qam "fientligt"
	run -C "$TMP/ex" build -o "$TMP/site"
	expect_rc 0
	local page=$TMP/site/plan/01-anvandningsandamal.html
	grep -q '<script' "$page" && fail "raw HTML passed through"
	grep -q 'javascript:' "$page" && fail "a javascript: link passed through"
	grep -q 'onclick' "$page" && fail "inline raw HTML passed through"
	grep -q '<a href="">klicka</a>' "$page" || fail "the javascript: link is not emptied"
	grep -qE 'src="https?:' "$page" && fail "a remote image is loaded"
	grep -q 'extern bild visas inte: https://example.org/logo.png' "$page" || fail "remote image note"
	site_check "$TMP/site" || fail "the site has problems"
	# The browser makes no request outside the site.
	browser --log-net-log="$TMP/net.json" --dump-dom "file://$page" >/dev/null || fail "browser"
	grep -q 'example.org' "$TMP/net.json" && fail "a request left the site"
	# Control: without the site's policy the same image is requested, so the
	# net log does show requests that leave.
	printf '<!DOCTYPE html><img src="https://example.org/control.png">' >"$TMP/control.html"
	browser --log-net-log="$TMP/net2.json" --dump-dom "file://$TMP/control.html" >/dev/null
	grep -q 'example.org/control.png' "$TMP/net2.json" || fail "the net log does not show requests"
	return 0
}
test_build_many_appendices() {
	new_repo "$TMP/ex"
	for i in $(seq -w 1 30); do
		printf -- '---\ntitle: "Anvisning %s"\nclassification: intern\n---\n\n# Anvisning %s\n' "$i" "$i" \
			>"$TMP/ex/appendices/anvisning-$i.md"
	done
	git -C "$TMP/ex" add -A && git -C "$TMP/ex" commit -qm anvisningar
	run -C "$TMP/ex" build -o "$TMP/site"
	expect_rc 0
	site_check "$TMP/site" || fail "the site has problems"
	# Past 25, the navigation links to one list instead of growing every page.
	grep -q '<a href="../appendices.html">Alla bilagor (33)</a>' "$TMP/site/plan/03-allmanna-rutiner.html" ||
		fail "no link to the appendix list"
	grep -q 'anvisning-07.html' "$TMP/site/plan/03-allmanna-rutiner.html" && fail "every page lists every appendix"
	grep -q '<a href="appendices/anvisning-07.html">Anvisning 07</a> <span class="meta">(Intern)</span>' "$TMP/site/appendices.html" ||
		fail "the appendix list"
	return 0
}
test_build_theme_override_and_language() {
	new_repo "$TMP/ex"
	mkdir -p "$TMP/ex/theme"
	printf '<span class="marking">MÄRKNING: {{marking}}</span>\n' >"$TMP/ex/theme/marking.html"
	sed -i 's/^language: sv/language: en/' "$TMP/ex/sakra.yml"
	git -C "$TMP/ex" add -A && git -C "$TMP/ex" commit -qm tema
	run -C "$TMP/ex" build -o "$TMP/site"
	expect_rc 0
	grep -q 'MÄRKNING: Sekretessbelagd' "$TMP/site/index.html" || fail "the repository's theme file is not used"
	grep -q '<h2>Contents</h2>' "$TMP/site/index.html" || fail "English interface words"
	# a Finnish plan gets Finnish interface words
	new_repo "$TMP/fi"
	sed -i 's/^language: sv/language: fi/' "$TMP/fi/sakra.yml"
	git -C "$TMP/fi" commit -qam kieli
	run -C "$TMP/fi" build -o "$TMP/fi-site"
	expect_rc 0
	grep -q '<html lang="fi"' "$TMP/fi-site/index.html" || fail "lang=fi"
	grep -q '<h2>Sisällys</h2>' "$TMP/fi-site/index.html" || fail "Finnish interface words"
	grep -q 'Innehåll' "$TMP/fi-site/index.html" && fail "Swedish words on a Finnish site"
	# A broken template names its file and line; nothing is written.
	printf 'ok\n{{#marking}}\n' >"$TMP/ex/theme/marking.html"
	git -C "$TMP/ex" commit -qam trasig
	run -C "$TMP/ex" build -o "$TMP/site2"
	expect_rc 2
	expect_err '^sakra: marking.html:2: section .marking. is not closed'
	[ ! -e "$TMP/site2" ] || fail "a partial site was left"
	ls "$TMP" | grep -q 'site2.tmp' && fail "temporary directory left"
	return 0
}

# --- bundles -------------------------------------------------------------------

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
	python3 - "$1" "$2" "$3" <<'PY'
import io, sys, tarfile
src, dst, code = sys.argv[1:4]
t = tarfile.open(src)
m = t.getmembers()
d = {x.name: t.extractfile(x).read() for x in m if x.isfile()}
exec(code)
with tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as o:
    for x in m:
        if x.isfile():
            x.size = len(d[x.name])
            o.addfile(x, io.BytesIO(d[x.name]))
        else:
            o.addfile(x)
PY
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

test_bundle_age_interop() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --edition tillsyn --recipient "$R" -o "$TMP/b.tar.age"
	expect_rc 0
	expect_out 'b.tar.age: approved version 1 of Solbacka Vård Ab, edition tillsyn, 24 files; marking Sekretessbelagd; age, 1 recipient'
	head -c 22 "$TMP/b.tar.age" | grep -q '^age-encryption.org/v1' || fail "not an age file"
	# The supervisor's tools alone: age, tar, minisign, sha256sum.
	mkdir "$TMP/x"
	age -d -i "$TMP/sup.txt" "$TMP/b.tar.age" | tar -x -C "$TMP/x"
	local d=$TMP/x/solbacka-vard-ab-v1-tillsyn
	(cd "$d" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p keys/anna.pub) >/dev/null ||
		fail "minisign does not verify the bundle's MANIFEST"
	(cd "$d/files" && sha256sum --quiet --ignore-missing -c ../MANIFEST) || fail "sha256sum"
	[ "$(cd "$d/files" && find . -type f | wc -l)" = 24 ] || fail "files/ count"
	grep -q 'sha256sum --ignore-missing -c ../MANIFEST' "$d/LÄSMIG.txt" || fail "LÄSMIG.txt"
	grep -q '^version: 1$' "$d/BUNDLE" || fail "BUNDLE"
	[ -f "$d/site/index.html" ] || fail "no site"
	# the site links to the attachments in files/ and holds no copies
	site_check "$d/site" "$d" >/dev/null || fail "the bundle's site: $(site_check "$d/site" "$d")"
	grep -q 'href="../files/evidence/2026/loggrapport-2026-10.csv"' "$d/site/evidence.html" ||
		fail "the bundle's site does not link the attachment in files/"
	[ -e "$d/site/evidence/2026/loggrapport-2026-10.csv" ] && fail "the bundle's site copies attachments"
	# sakra verify and open, with the same identity
	run verify "$TMP/b.tar.age" --identity "$TMP/sup.txt"
	expect_rc 0
	expect_out '^bundle solbacka-vard-ab-v1-tillsyn: Solbacka Vård Ab, version 1, commit [0-9a-f]{40}$'
	expect_out '^  24 files match the signed MANIFEST'
	expect_out '^  signed by anna \(ansvarig-forestandare\) on 2026-11-23 with key [0-9A-F]{16}: Ledningsgruppen'
	run open "$TMP/b.tar.age" --identity "$TMP/sup.txt" -o "$TMP/opened"
	expect_rc 0
	diff -r "$d" "$TMP/opened" || fail "open unpacks something else than tar"
	# age-keygen's identity and a recipients file with comments
	age-keygen -o "$TMP/id2.txt" 2>/dev/null
	printf '# the supervisor\n%s\n\n' "$(age-keygen -y "$TMP/id2.txt")" >"$TMP/rcpts"
	run -C "$TMP/ap" bundle --recipients-file "$TMP/rcpts" -o "$TMP/b2.tar.age"
	expect_rc 0
	age -d -i "$TMP/id2.txt" "$TMP/b2.tar.age" | tar -t | grep -q '^solbacka-vard-ab-v1-alla/files/plan/07-driftmiljon.md$' ||
		fail "age-keygen identity"
	# age encrypts, sakra opens
	run -C "$TMP/ap" bundle --format tar -o "$TMP/plain.tar"
	age -r "$(age-keygen -y "$TMP/id2.txt")" -o "$TMP/by-age.age" "$TMP/plain.tar"
	run open "$TMP/by-age.age" --identity "$TMP/id2.txt" -o "$TMP/opened2"
	expect_rc 0
	# someone else's identity
	run verify "$TMP/b.tar.age" --identity "$TMP/id2.txt"
	expect_rc 2
	expect_err 'none of the identities given can open the file'
	printf 'age1qqqq\n' >"$TMP/badr"
	run -C "$TMP/ap" bundle --recipients-file "$TMP/badr" -o "$TMP/b3.tar.age"
	expect_rc 1
	expect_err "badr:1: 'age1qqqq' is not an age recipient"
	[ ! -e "$TMP/b3.tar.age" ] || fail "output written"
}

test_bundle_passphrase() {
	fresh
	approved_repo "$TMP/ap"
	printf 'rätt häst batteri\n' >"$TMP/pw"
	run -C "$TMP/ap" bundle --edition personal --passphrase-file "$TMP/pw" -o "$TMP/p.tar.age"
	expect_rc 0
	expect_out 'age, passphrase$'
	tty_age $'rätt häst batteri\n' -d -o "$TMP/p.tar" "$TMP/p.tar.age"
	tar -tf "$TMP/p.tar" | grep -q '/files/plan/01-anvandningsandamal.md$' || fail "age -d with the passphrase"
	run open "$TMP/p.tar.age" --passphrase-file "$TMP/pw" -o "$TMP/o"
	expect_rc 0
	printf 'fel\n' >"$TMP/wrong"
	run open "$TMP/p.tar.age" --passphrase-file "$TMP/wrong" -o "$TMP/o2"
	expect_rc 2
	expect_err 'the passphrase is wrong'
	[ ! -e "$TMP/o2" ] || fail "opened with a wrong passphrase"
	no_leftovers "$TMP"
	# age -p encrypts, sakra opens
	tty_age $'rätt häst batteri\nrätt häst batteri\n' -p -o "$TMP/agep.age" "$TMP/p.tar"
	run open "$TMP/agep.age" --passphrase-file "$TMP/pw" -o "$TMP/o3"
	expect_rc 0
	# recipients and a passphrase do not mix
	supervisor
	run -C "$TMP/ap" bundle --recipient "$R" --passphrase-file "$TMP/pw" -o "$TMP/x.age"
	expect_rc 1
	expect_err 'not both'
}

test_bundle_zip_7zz() {
	fresh
	approved_repo "$TMP/ap"
	printf 'zip-lösen\n' >"$TMP/pw"
	run -C "$TMP/ap" bundle --edition personal --format zip --passphrase-file "$TMP/pw" -o "$TMP/b.zip"
	expect_rc 0
	expect_out 'AES-256 zip$'
	7zz l -slt "$TMP/b.zip" | grep -q '^Method = AES-256' || fail "not AES-256"
	7zz x -p'zip-lösen' -o"$TMP/z" "$TMP/b.zip" >/dev/null || fail "7zz cannot open it"
	local d=$TMP/z/solbacka-vard-ab-v1-personal
	(cd "$d" && minisign -Vm MANIFEST -x MANIFEST.*.minisig -p keys/anna.pub) >/dev/null || fail "minisign"
	(cd "$d/files" && sha256sum --quiet --ignore-missing -c ../MANIFEST) || fail "sha256sum"
	7zz x -pfel -o"$TMP/z2" "$TMP/b.zip" >/dev/null 2>&1 && fail "7zz opened it with a wrong password"
	run open "$TMP/b.zip" --passphrase-file "$TMP/pw" -o "$TMP/o"
	expect_rc 0
	diff -r "$d" "$TMP/o" || fail "open and 7zz differ"
	printf 'fel\n' >"$TMP/wrong"
	run verify "$TMP/b.zip" --passphrase-file "$TMP/wrong"
	expect_rc 2
	expect_err "the zip's passphrase is wrong"
}

test_bundle_deterministic_and_withheld() {
	fresh
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --edition personal --format tar -o "$TMP/a.tar"
	expect_rc 0
	expect_err 'UNENCRYPTED'
	expect_out 'approved version 1 of Solbacka Vård Ab, edition personal, 16 files, 8 withheld by the edition; marking Icke-offentlig handling; UNENCRYPTED tar'
	# the same bytes again, in another locale, and from a clone
	RC=0
	LC_ALL=C "$SAKRA" -C "$TMP/ap" bundle --edition personal --format tar -o "$TMP/b.tar" --quiet 2>/dev/null || RC=$?
	expect_rc 0
	cmp "$TMP/a.tar" "$TMP/b.tar" || fail "two bundles differ"
	git clone -q "$TMP/ap" "$TMP/clone"
	git -C "$TMP/clone" fetch -q origin 'refs/tags/*:refs/tags/*'
	run -C "$TMP/clone" bundle --edition personal --format tar -o "$TMP/c.tar"
	cmp "$TMP/a.tar" "$TMP/c.tar" || fail "a clone bundles other bytes"
	# owners and times: 0/0 without names, the commit's time
	tar -tvf "$TMP/a.tar" --numeric-owner | awk '{print $2}' | sort -u | grep -qx '0/0' || fail "owners"
	[ "$(tar -tvf "$TMP/a.tar" --numeric-owner | awk '{print $2}' | sort -u | wc -l)" = 1 ] || fail "owners vary"
	# withheld files: absent, their text nowhere, named in BUNDLE and by verify
	tar -tf "$TMP/a.tar" | grep -q 'files/plan/07-driftmiljon.md' && fail "a withheld file is in the bundle"
	grep -qa sekretessfilter "$TMP/a.tar" && fail "text of a withheld file leaked"
	grep -q sekretessfilter "$TMP/ap/plan/07-driftmiljon.md" || fail "the leak probe is stale"
	tar -xOf "$TMP/a.tar" solbacka-vard-ab-v1-personal/BUNDLE | grep -q '^withheld-file: plan/07-driftmiljon.md$' ||
		fail "BUNDLE does not name the withheld file"
	run verify "$TMP/a.tar"
	expect_rc 0
	expect_out '^  withheld by the edition \(listed in MANIFEST, not in the bundle\): 8$'
	expect_out '^    plan/07-driftmiljon.md$'
	expect_out '^  edition personal; marking Icke-offentlig handling$'
}

test_bundle_markers_not_withheld() {
	# An empty .gitkeep holds a folder in git: nothing to mark, nothing to
	# withhold; a .gitkeep with content is a file like any other.
	fresh
	new_repo "$TMP/gk"
	key anna ansvarig-forestandare
	cp "$TMP/k/anna.pub" "$TMP/gk/keys/anna.pub"
	mkdir -p "$TMP/gk/evidence/2027"
	: >"$TMP/gk/evidence/2027/.gitkeep"
	: >"$TMP/gk/appendices/.keep"
	git -C "$TMP/gk" add -A && git -C "$TMP/gk" commit -qm "mappar"
	run -C "$TMP/gk" approve --key "$TMP/k/anna.key"
	expect_rc 0
	run -C "$TMP/gk" bundle --format tar -o "$TMP/gk.tar"
	expect_rc 0
	expect_out ', 2[0-9] files; marking'
	expect_no_out 'withheld'
	tar -tf "$TMP/gk.tar" | grep -q 'files/evidence/2027/.gitkeep$' || fail "the marker is not in the bundle"
	run verify "$TMP/gk.tar"
	expect_rc 0
	expect_no_out '\.gitkeep|\.keep'
	tar -xOf "$TMP/gk.tar" --wildcards '*/LÄSMIG.txt' | grep -q 'gitkeep' && fail "LÄSMIG.txt lists the marker"
	[ "$(tar -xOf "$TMP/gk.tar" --wildcards '*/LÄSMIG.txt' | grep -c '^--- English ---$')" = 1 ] ||
		fail "LÄSMIG.txt has more than one English section"
	# with content it needs a marking
	echo hemligt >"$TMP/gk/evidence/2027/.gitkeep"
	run -C "$TMP/gk" check
	expect_rc 1
	expect_out '^evidence/2027/.gitkeep: error: no classification marking.*\[file.marking\]$'
}

test_bundle_tamper() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --recipient "$R" -o "$TMP/b.age"
	expect_rc 0
	local size hdr
	size=$(stat -c %s "$TMP/b.age")
	hdr=$(grep -abo -- '^---' "$TMP/b.age" | head -1 | cut -d: -f1)
	flip() { cp "$TMP/b.age" "$TMP/t.age"; printf "$(printf '\\%03o' $(( $(od -An -tu1 -j"$1" -N1 "$TMP/t.age") ^ 1 )))" |
		dd of="$TMP/t.age" bs=1 seek="$1" conv=notrunc 2>/dev/null; }
	for at in $((hdr - 5)) $((hdr + 10)) $((hdr + 200)) $((size / 2)) $((size - 1)); do
		flip "$at"
		run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
		[ "$RC" = 1 ] || [ "$RC" = 2 ] || fail "flipped byte $at: exit $RC"
		[ ! -e "$TMP/out" ] || fail "flipped byte $at: output written"
		no_leftovers "$TMP"
	done
	head -c $((size - 100)) "$TMP/b.age" >"$TMP/t.age"
	run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_err 'damaged|truncated'
	{ cat "$TMP/b.age"; printf 'x'; } >"$TMP/t.age"
	run open "$TMP/t.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	[ ! -e "$TMP/out" ] || fail "output written"
	no_leftovers "$TMP"
	# inside: a changed file, a swapped signature, a key not of the commit
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	tar_edit "$TMP/p.tar" "$TMP/t.tar" '
k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]
d[k] = d[k].replace(b"a", b"o", 1)'
	run open "$TMP/t.tar" -o "$TMP/out"
	expect_rc 1
	expect_err 'files/plan/03-allmanna-rutiner.md: does not match its hash in the signed MANIFEST'
	[ ! -e "$TMP/out" ] || fail "output written"
	tar_edit "$TMP/p.tar" "$TMP/t.tar" '
k = [n for n in d if ".minisig" in n][0]
d[k] = d[k].replace(b"decision=", b"decision=X", 1)'
	run verify "$TMP/t.tar"
	expect_rc 1
	expect_out 'does not count: the signature does not match'
	run open "$TMP/t.tar" -o "$TMP/out"
	expect_rc 1
	[ ! -e "$TMP/out" ] || fail "opened with a broken signature"
	key mallory ansvarig-forestandare
	tar_edit "$TMP/p.tar" "$TMP/t.tar" "
k = [n for n in d if n.endswith('/keys/anna.pub') and '/files/' not in n][0]
d[k] = open('$TMP/k/mallory.pub', 'rb').read()"
	run verify "$TMP/t.tar"
	expect_rc 1
	expect_err 'keys/anna.pub: differs from the key in the approved commit'
	no_leftovers "$TMP"
}

# Everything open shows is covered: the site, LÄSMIG.txt and BUNDLE are
# rendered again from the signed files and must be the same bytes; a
# pinned key restricts whose signatures count; readers stop at their limits.
test_bundle_forgeries() {
	fresh
	approved_repo "$TMP/ap"
	supervisor
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	expect_rc 0
	run open "$TMP/p.tar" -o "$TMP/good"
	expect_rc 0
	expect_out 'LÄSMIG.txt, BUNDLE and the [0-9]+ files of site/ are what the signed files give'
	expect_out 'NOTE: no key was pinned, so the keys came inside the bundle .*'
	expect_out '[0-9A-F]{16}$'
	run open "$TMP/p.tar" -o "$TMP/good2" --key "$TMP/k/anna.pub"
	expect_rc 0
	expect_out 'only the keys you pinned count: [0-9A-F]{16}'
	local case
	for case in \
		'site/index.html is not the page the signed files give|k = [n for n in d if n.endswith("/site/index.html")][0]; d[k] = d[k].replace(b"<body", b"<body><p>Forged</p", 1)' \
		'LÄSMIG.txt: is not what the signed files give|k = [n for n in d if n.endswith("/LÄSMIG.txt")][0]; d[k] = b"Start with site/evil.html\n"' \
		'BUNDLE: is not what the signed files give|k = [n for n in d if n.endswith("/BUNDLE")][0]; d[k] = d[k].replace(b"edition: ", b"edition: x", 0) + b"note: x\n"' \
		'site/extra.html is not part of the site|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/site/extra.html"); m.append(x); d[x.name] = b"<p>forged</p>"' \
		'site/matrix.html is missing from the bundle|m[:] = [x for x in m if not x.name.endswith("/site/matrix.html")]' \
		'MANIFEST|k = [n for n in d if n.endswith("/MANIFEST")][0]; d[k] = d[k].replace(b"# size=", b"# size=1", 1)' \
		'site/style.css: holds more than the 67108864 bytes|k = [n for n in d if n.endswith("/site/style.css")][0]; d[k] = bytes(65 << 20)' \
		'more than 1024 keys and signatures|p = m[0].name.split("/")[0]
for i in range(1100):
    x = tarfile.TarInfo("%s/keys/k%04d.pub" % (p, i)); m.insert(3, x); d[x.name] = b"k"' \
		'keys/big.pub: is larger than the 16384 bytes|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/keys/big.pub"); m.insert(3, x); d[x.name] = bytes(20000)' ; do
		tar_edit "$TMP/p.tar" "$TMP/f.tar" "${case#*|}"
		run open "$TMP/f.tar" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "${case%%|*}: exit $RC"
		expect_err "${case%%|*}"
		[ ! -e "$TMP/out" ] || fail "${case%%|*}: output written"
		no_leftovers "$TMP"
		run verify "$TMP/f.tar"
		[ "$RC" = 1 ] || fail "verify, ${case%%|*}: exit $RC"
	done
	# an attacker's own plan, signed with the attacker's own key and
	# encrypted to the supervisor's public recipient
	key mallory ansvarig-forestandare
	new_repo "$TMP/evil"
	cp "$TMP/k/mallory.pub" "$TMP/evil/keys/mallory.pub"
	git -C "$TMP/evil" add keys && git -C "$TMP/evil" commit -qm "Mallorys nyckel"
	run -C "$TMP/evil" approve --key "$TMP/k/mallory.key"
	expect_rc 0
	run -C "$TMP/evil" bundle --recipient "$R" -o "$TMP/evil.age"
	expect_rc 0
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" --key "$TMP/k/anna.pub" -o "$TMP/out"
	expect_rc 1
	expect_out 'is not one of the keys you pinned'
	[ ! -e "$TMP/out" ] || fail "opened a bundle no pinned key signed"
	run verify "$TMP/evil.age" --identity "$TMP/sup.txt" --key "$TMP/k/anna.pub"
	expect_rc 1
	mkdir -p "$TMP/ring"
	cp "$TMP/k/anna.pub" "$TMP/ring/"
	run verify "$TMP/evil.age" --identity "$TMP/sup.txt" --keyring "$TMP/ring"
	expect_rc 1
	expect_out 'keyring .*/ring$'
	# the supervisor's own keyring is used when nothing is pinned
	mkdir -p "$HOME/.config/sakra/keyring"
	cp "$TMP/k/anna.pub" "$HOME/.config/sakra/keyring/"
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 1
	expect_out 'is not one of the keys you pinned'
	run -C "$TMP/ap" bundle --recipient "$R" -o "$TMP/good.age"
	run open "$TMP/good.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 0
	expect_out 'only the keys you pinned count'
	rm -rf "$HOME/.config/sakra" "$TMP/out"
	run open "$TMP/evil.age" --identity "$TMP/sup.txt" -o "$TMP/out"
	expect_rc 0
	expect_out 'NOTE: no key was pinned'
	no_leftovers "$TMP"
}

# Memory stays bounded when a bundle is read, whatever it holds: large
# evidence is streamed, and the plan text that is rendered again has a
# ceiling. A draft of a plan with keys opens as a draft.
test_bundle_memory_bound() {
	fresh
	approved_repo "$TMP/ap"
	head -c 67108864 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	# as much plan text as a reader renders again (12 MiB): documents of
	# much markup, and documents of 2 MiB
	python3 - "$TMP/ap/appendices" <<'PY'
import sys
for i in range(12):
    with open("%s/stor-%02d.md" % (sys.argv[1], i), "w") as f:
        f.write("---\ntitle: Stor %d\nclassification: intern\n---\n" % i)
        for k in range(6000):
            f.write("Rad %d med *betoning*, en [länk](#a) och `kod` | a | b |\n\n" % k)
for i in range(3):
    with open("%s/lang-%d.md" % (sys.argv[1], i), "w") as f:
        f.write("---\ntitle: Lång %d\nclassification: intern\n---\n" % i)
        line = "ord " * 250 + "\n"
        f.write(line * (2 * 1024 * 1024 // len(line) - 20))
PY
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm "stora filer"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/m.tar"
	expect_rc 0
	case $SAKRA in */san/*) ;; *)
		/usr/bin/time -f '%M' -o "$TMP/rss" "$SAKRA" verify "$TMP/m.tar" >/dev/null 2>&1 || true
		[ "$(tail -n 1 "$TMP/rss")" -le 65536 ] || fail "verify used $(tail -n 1 "$TMP/rss") KiB" ;;
	esac
	run open --draft "$TMP/m.tar" -o "$TMP/mo"
	expect_rc 0
	expect_out 'DRAFT'
	[ -s "$TMP/mo/site/appendices/stor-11.html" ] || fail "the rendered site is missing"
	cmp "$TMP/mo/files/evidence/2026/loggrapport-2026-10.csv" "$TMP/ap/evidence/2026/loggrapport-2026-10.csv" ||
		fail "evidence"
	# past the ceiling: bundle refuses to write what no reader would
	# render, and a reader stops at 12 MiB held
	cp "$TMP/ap/appendices/lang-0.md" "$TMP/ap/appendices/lang-3.md"
	git -C "$TMP/ap" add -A && git -C "$TMP/ap" commit -qm "en till"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/m2.tar"
	[ "$RC" != 0 ] || fail "bundled more plan text than a reader renders"
	expect_err 'more than a bundle.s reader renders'
	[ ! -e "$TMP/m2.tar" ] || fail "written"
	tar_edit "$TMP/m.tar" "$TMP/m3.tar" 'p = m[0].name.split("/")[0]
for i in range(800):
    x = tarfile.TarInfo("%s/keys/k%03d.pub" % (p, i)); m.insert(3, x); d[x.name] = bytes(16000)'
	run verify "$TMP/m3.tar"
	expect_rc 1
	expect_err 'more than 12 MiB, more than sakra reads'
}

test_bundle_hostile_archives() {
	fresh
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/p.tar"
	local case
	for case in \
		'../x|x = tarfile.TarInfo("../x"); m.insert(0, x); d["../x"] = b"x"' \
		'/etc/x|x = tarfile.TarInfo("/etc/sakra-x"); m.insert(0, x); d["/etc/sakra-x"] = b"x"' \
		'a/../../x|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/../../x"); m.insert(0, x); d[x.name] = b"x"' \
		'symlink|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/l"); x.type = tarfile.SYMTYPE; x.linkname = "/tmp"; m.append(x); y = tarfile.TarInfo(x.name + "/evil"); m.append(y); d[y.name] = b"x"' \
		'hardlink|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/h"); x.type = tarfile.LNKTYPE; x.linkname = "/etc/passwd"; m.append(x)' \
		'device|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/dev"); x.type = tarfile.CHRTYPE; x.devmajor = 1; x.devminor = 3; m.append(x)' \
		'duplicate|x = [y for y in m if y.name.endswith("/site/index.html")][0]; m.append(x)' \
		'outside|x = tarfile.TarInfo("other/x"); m.append(x); d["other/x"] = b"x"' \
		'unknown|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/extra.txt"); m.append(x); d[x.name] = b"x"' \
		'not in manifest|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/files/plan/99-extra.md"); m.append(x); d[x.name] = b"x"' \
		'10000 empty|p = m[0].name.split("/")[0]
for i in range(10000):
    x = tarfile.TarInfo("%s/files/e%05d" % (p, i)); m.append(x); d[x.name] = b""' \
		'missing file|m[:] = [x for x in m if not x.name.endswith("files/plan/08-kanta.md")]' \
		'fifo|x = tarfile.TarInfo(m[0].name.split("/")[0] + "/site/fifo"); x.type = tarfile.FIFOTYPE; m.append(x)' \
		'symlink then file|p = m[0].name.split("/")[0]; x = tarfile.TarInfo(p + "/files/keys"); x.type = tarfile.SYMTYPE; x.linkname = "/tmp"; m.insert(3, x)' \
		'size lie|k = [n for n in d if n.endswith("files/plan/03-allmanna-rutiner.md")][0]; d[k] = d[k] + b"x" * 100' \
		'absolute in files|x = tarfile.TarInfo("/files/x"); m.append(x); d[x.name] = b"x"' ; do
		tar_edit "$TMP/p.tar" "$TMP/h.tar" "${case#*|}"
		run open "$TMP/h.tar" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "${case%%|*}: exit $RC"
		[ -n "$ERR" ] || fail "${case%%|*}: no message"
		[ ! -e "$TMP/out" ] || fail "${case%%|*}: output written"
		no_leftovers "$TMP"
		[ ! -e /etc/sakra-x ] && [ ! -e "$TMP/x" ] || fail "${case%%|*}: wrote outside"
	done
	# bombs: a zip whose site/ page inflates to 200 MiB, and one whose
	# files/ entry streams past its size; a truncated zip
	python3 - "$TMP/p.tar" "$TMP" <<'PY'
import io, sys, tarfile, zipfile
src, tmp = sys.argv[1:3]
t = tarfile.open(src)
members = [(x.name, t.extractfile(x).read()) for x in t.getmembers() if x.isfile()]
top = members[0][0].split("/")[0]
def write(name, extra, edit=None):
    with zipfile.ZipFile(tmp + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members:
            if edit and n.endswith(edit):
                data = data + bytes(50 << 20)
            z.writestr(n, data)
        for n, data in extra:
            z.writestr(n, data)
write("bomb.zip", [(top + "/site/bomb.html", bytes(200 << 20))])
write("grow.zip", [], "files/plan/03-allmanna-rutiner.md")
data = open(tmp + "/bomb.zip", "rb").read()
open(tmp + "/cut.zip", "wb").write(data[: len(data) // 2])
PY
	echo unused >"$TMP/pw"
	for z in bomb grow cut; do
		run open "$TMP/$z.zip" --passphrase-file "$TMP/pw" -o "$TMP/out"
		[ "$RC" = 1 ] || fail "$z.zip: exit $RC"
		[ -n "$ERR" ] || fail "$z.zip: no message"
		[ ! -e "$TMP/out" ] || fail "$z.zip: output written"
		no_leftovers "$TMP"
	done
	run verify "$TMP/bomb.zip" --passphrase-file "$TMP/pw"
	expect_rc 1
	expect_err 'site/bomb.html: holds more than the 67108864 bytes it may'
	run open "$TMP/p.tar" -o "$TMP/out"
	expect_rc 0
}

test_bundle_refusals_and_drafts() {
	fresh
	new_repo "$TMP/ex"
	run -C "$TMP/ex" bundle --format tar
	expect_rc 1
	expect_err 'no approved version to bundle'
	run -C "$TMP/ex" bundle --format tar --draft --rev HEAD -o "$TMP/d.tar"
	expect_rc 0
	expect_out 'DRAFT'
	tar -tf "$TMP/d.tar" | head -1 | grep -q '^solbacka-vard-ab-utkast-[0-9a-f]\{12\}-alla/' || fail "draft name"
	tar -xOf "$TMP/d.tar" --wildcards '*/LÄSMIG.txt' | grep -q 'UTKAST / DRAFT' || fail "draft LÄSMIG"
	run open "$TMP/d.tar" -o "$TMP/o"
	expect_rc 1
	expect_err 'a draft: open it with --draft'
	[ ! -e "$TMP/o" ] || fail "draft opened"
	run open "$TMP/d.tar" -o "$TMP/o" --draft
	expect_rc 0
	approved_repo "$TMP/ap"
	run -C "$TMP/ap" bundle --edition nosuch --format tar
	expect_rc 1
	expect_err "no edition 'nosuch'"
	run -C "$TMP/ap" bundle --rev 7 --format tar
	expect_rc 1
	expect_err 'no version 7'
	run -C "$TMP/ap" bundle --format rar
	expect_rc 2
	# never over an existing file; what an interrupted run left is removed
	: >"$TMP/b.tar"
	: >"$TMP/n.tar.tmp-AbC123"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/b.tar"
	expect_rc 1
	expect_err 'already exists'
	run -C "$TMP/ap" bundle --format tar -o "$TMP/n.tar"
	expect_rc 0
	[ ! -e "$TMP/n.tar.tmp-AbC123" ] || fail "stale temporary file kept"
	# the default name carries version, edition and marking; it is written
	# beside the plan in _bundles/, which git ignores, so the tree stays clean
	(cd "$TMP" && "$SAKRA" -C "$TMP/ap" bundle --format tar --edition tillsyn --quiet 2>/dev/null)
	[ -f "$TMP/ap/_bundles/solbacka-vard-ab-v1-tillsyn-sekretessbelagd.tar" ] || fail "default name"
	[ "$(stat -c %a "$TMP/ap/_bundles")" = 700 ] || fail "_bundles/ is not private"
	[ -z "$(git -C "$TMP/ap" status --porcelain)" ] || fail "the bundle shows as a change: $(git -C "$TMP/ap" status --porcelain)"
	git -C "$TMP/ap" add -A
	[ -z "$(git -C "$TMP/ap" diff --cached --name-only)" ] || fail "git add -A takes the bundle"
	# what an interrupted open left is removed by the next
	mkdir -p "$TMP/o9.tmp-XyZ123/files"
	run open "$TMP/n.tar" -o "$TMP/o9"
	expect_rc 0
	[ ! -e "$TMP/o9.tmp-XyZ123" ] || fail "stale staging directory kept"
	# open never writes into an existing directory
	mkdir "$TMP/exists"
	run open "$TMP/n.tar" -o "$TMP/exists"
	expect_rc 2
	expect_err 'already exists'
}

test_bundle_large_files_stream() {
	fresh
	approved_repo "$TMP/ap"
	# a 5 MiB attachment, read from its loose object, then from a pack
	head -c 5242880 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	git -C "$TMP/ap" commit -qam "stor loggrapport"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	expect_rc 0
	run -C "$TMP/ap" bundle --format tar -o "$TMP/loose.tar"
	expect_rc 0
	git -C "$TMP/ap" gc -q --aggressive
	[ -z "$(find "$TMP/ap/.git/objects" -path '*/objects/[0-9a-f][0-9a-f]/*' -type f)" ] || fail "still loose"
	run -C "$TMP/ap" bundle --format tar -o "$TMP/packed.tar"
	expect_rc 0
	cmp "$TMP/loose.tar" "$TMP/packed.tar" || fail "loose and packed objects give other bytes"
	run verify "$TMP/packed.tar"
	expect_rc 0
	expect_out 'version 2'
	tar -xOf "$TMP/packed.tar" solbacka-vard-ab-v2-alla/files/evidence/2026/loggrapport-2026-10.csv |
		cmp - "$TMP/ap/evidence/2026/loggrapport-2026-10.csv" || fail "content"
	run -C "$TMP/ap" verify
	expect_rc 0
	# on a terminal the progress counts the edition's files and never passes
	# the total it shows
	script -qec "'$SAKRA' -C '$TMP/ap' bundle --format tar -o '$TMP/tty.tar'" "$TMP/tty.log" >/dev/null 2>&1 ||
		fail "bundle on a terminal"
	python3 - "$TMP/tty.log" <<'PY' || fail "the progress passed its total"
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
units = {"B": 1, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3}
pairs = re.findall(r"\] ([0-9.]+) (B|KiB|MiB|GiB) / ([0-9.]+) (B|KiB|MiB|GiB)", text)
assert pairs, text[-500:]
for a, ua, b, ub in pairs:
    assert float(a) * units[ua] <= float(b) * units[ub] * 1.001, (a, ua, b, ub)
last = pairs[-1]
assert last[0] == last[2] and last[1] == last[3], last
PY
}

# A large blob is read straight from its loose object or pack entry: a
# corrupt object (the same size, other bytes; or a flipped byte in a pack)
# is an error naming the path and the object, and nothing is signed,
# exported or bundled.
test_corrupt_objects() {
	fresh
	approved_repo "$TMP/ap"
	head -c 3145728 /dev/urandom >"$TMP/ap/evidence/2026/loggrapport-2026-10.csv"
	git -C "$TMP/ap" commit -qam "stor loggrapport"
	local oid obj
	oid=$(git -C "$TMP/ap" rev-parse HEAD:evidence/2026/loggrapport-2026-10.csv)
	obj="$TMP/ap/.git/objects/${oid:0:2}/${oid:2}"
	cp "$obj" "$TMP/obj.good"
	chmod u+w "$obj"
	python3 -c '
import sys, zlib
n = 3145728
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % n + bytes(n)))' "$obj"
	! git -C "$TMP/ap" fsck --full >/dev/null 2>&1 || fail "git fsck sees no damage"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	[ "$RC" != 0 ] || fail "approve signed a corrupt object"
	expect_err "evidence/2026/loggrapport-2026-10.csv: git object $oid does not hold what its id says"
	! git -C "$TMP/ap" rev-parse -q --verify approved/v2 >/dev/null || fail "a version was tagged"
	run -C "$TMP/ap" bundle --draft --rev HEAD --format tar -o "$TMP/d.tar"
	[ "$RC" != 0 ] || fail "bundled a corrupt object"
	[ ! -e "$TMP/d.tar" ] || fail "a bundle was written"
	no_leftovers "$TMP"
	# the good object back: approved; then packed, and one byte of the
	# pack entry flipped
	cp "$TMP/obj.good" "$obj"
	run -C "$TMP/ap" approve --key "$TMP/k/anna.key" --decision 'v2'
	expect_rc 0
	git -C "$TMP/ap" gc -q
	local pack off
	pack=$(ls "$TMP/ap/.git/objects/pack/"*.pack)
	off=$(git verify-pack -v "${pack%.pack}.idx" | awk -v o="$oid" '$1 == o { print $5 }')
	[ -n "$off" ] || fail "blob not in the pack"
	chmod u+w "$pack"
	python3 -c '
import sys
f = open(sys.argv[1], "r+b"); at = int(sys.argv[2]) + 1000000
f.seek(at); b = f.read(1); f.seek(at); f.write(bytes([b[0] ^ 1]))' "$pack" "$off"
	run -C "$TMP/ap" export v2 -o "$TMP/kit"
	[ "$RC" != 0 ] || fail "export of a corrupt pack"
	[ ! -e "$TMP/kit" ] || fail "kit written"
	run -C "$TMP/ap" verify v2
	[ "$RC" != 0 ] || fail "verify of a corrupt pack"
	expect_out "evidence/2026/loggrapport-2026-10.csv: git object $oid (is corrupt|does not hold)"
	run -C "$TMP/ap" bundle --rev v2 --format tar -o "$TMP/p.tar"
	[ "$RC" != 0 ] || fail "bundled a corrupt pack"
	[ ! -e "$TMP/p.tar" ] || fail "a bundle was written"
	# a SHA-256 repository is refused with a clear message
	rm -rf "$TMP/s256"
	cp -r "$FIX/example-plan" "$TMP/s256"
	git -C "$TMP/s256" init -q --object-format=sha256
	run -C "$TMP/s256" check
	expect_rc 2
	expect_err 'uses SHA-256 object ids .*keep the plan in a SHA-1 repository'
}

# --- msb-region: a second framework, as data ---------------------------------

# rmutation RC REGEX CMD: the region fixture, changed by CMD, checked.
rmutation() {
	local dir=$TMP/rmut
	new_repo "$dir" region-plan
	(cd "$dir" && eval "$3") || { echo "mutation command failed: $3"; return 1; }
	run -C "$dir" check || return 1
	expect_rc "$1" && expect_out "$2"
}

test_region_clean() {
	new_repo "$TMP/rg" region-plan
	run -C "$TMP/rg" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "the region plan is not clean"
	run -C "$TMP/rg" status
	expect_rc 0
	expect_out '^  complete +7 +Information och klassning$'
	expect_out '^Informationsregister \(3\)$'
	expect_out '^  Patientjournalen +Konfidentialitet 3, Riktighet 3, Tillgänglighet 3, Spårbarhet 3$'
	# no Finnish certificate or register-check wording for a Swedish region
	expect_out '^  Tidsam +system$'
	expect_no_out 'certificate'
	expect_no_out 'register checked'
	expect_out '^  ledningsrapportering +every 12 months +last 2026-11-10'
	# the site: the matrix, the register with its information assets, and
	# an edition for the public holding only what is public
	run -C "$TMP/rg" build --edition tillsyn -o "$TMP/rg-site"
	expect_rc 0
	site_check "$TMP/rg-site" || fail "the region's site has problems"
	grep -q '<h2>Informationsregister</h2>' "$TMP/rg-site/register.html" || fail "no information register"
	grep -q 'Valvira' "$TMP/rg-site/register.html" && fail "Valvira on a Swedish region's register"
	grep -q '<td><a href="systems/patientjournal.html">Patientjournalen</a></td><td>Hälso- och sjukvårdsdirektören</td><td>3</td><td>3</td><td>3</td>' \
		"$TMP/rg-site/register.html" || fail "asset row: $(grep -o '<tr><td><a href="systems/p[^\n]*' "$TMP/rg-site/register.html")"
	grep -q 'rek\. 6\|7\.2' "$TMP/rg-site/matrix.html" || fail "matrix"
	run -C "$TMP/rg" build --edition allmanhet -o "$TMP/rg-public"
	expect_rc 0
	expect_out 'edition allmanhet, [0-9]+ pages'
	[ -f "$TMP/rg-public/plan/01-informationssakerhetspolicy.html" ] || fail "the public policy is missing"
	[ -e "$TMP/rg-public/plan/02-informationssakerhetsmal.html" ] && fail "an internal chapter is public"
	grep -q 'MÄRKNING\|Offentlig' "$TMP/rg-public/plan/01-informationssakerhetspolicy.html" || fail "marking"
	# approve and bundle it like any plan
	mkdir -p "$TMP/k"
	run keygen --quiet --name 'Rut Region' --role regiondirektor -o "$TMP/k/rut" --no-passphrase
	expect_rc 0
	cp "$TMP/k/rut.pub" "$TMP/rg/keys/"
	git -C "$TMP/rg" add -A && git -C "$TMP/rg" commit -qm nyckel
	run keygen --quiet --name 'Kim Fullmäktige' --role regionfullmaktige -o "$TMP/k/kim" --no-passphrase
	expect_rc 0
	cp "$TMP/k/kim.pub" "$TMP/rg/keys/"
	git -C "$TMP/rg" add -A && git -C "$TMP/rg" commit -qm nyckel
	run -C "$TMP/rg" approve --key "$TMP/k/rut.key" --decision 'RS 2026-11-20 § 12'
	expect_rc 0
	# the policy is the regional council's to adopt: without it, not yet
	expect_out 'NOT approved: no signature that counts for regionfullmaktige \(for its part\)'
	run -C "$TMP/rg" approve --key "$TMP/k/kim.key" --decision 'RF 2026-11-18 § 4'
	expect_rc 0
	expect_out 'signed its part \(SCOPE.regionfullmaktige\) by Kim Fullmäktige \(regionfullmaktige\)'
	expect_out 'approved: every required role has signed'
	run -C "$TMP/rg" bundle --edition tillsyn --format tar -o "$TMP/rg.tar"
	expect_rc 0
	expect_out 'approved version 1 of Region Norrviken, edition tillsyn'
	run verify "$TMP/rg.tar"
	expect_rc 0
	expect_out 'signed by Rut Region \(regiondirektor\)'
	expect_out 'signed its part \(SCOPE.regionfullmaktige\) by Kim'
	# status JSON carries the information register the text report lists
	run -C "$TMP/rg" status --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
a = {x["name"]: x for x in d["assets"]}
assert a and all(x["path"].startswith("systems/") for x in a.values()), d["assets"]
x = a["Läkemedelslistor"]
assert x["fields"]["confidentiality"] == "2" and x["fields"]["systems"] == ["Vårdjournal"], x' <<<"$OUT" ||
		fail "status JSON has no information register"
}

test_region_init() {
	run init "$TMP/rnew" --framework msb-region --org 'Region Exempel'
	expect_rc 0
	[ "$(ls "$TMP/rnew/plan" | wc -l)" = 9 ] || fail "expected nine chapter files"
	grep -q '^framework: msb-region$' "$TMP/rnew/sakra.yml" || fail "framework"
	grep -q 'Omfattning: Region Exempel,' "$TMP/rnew/plan/01-informationssakerhetspolicy.md" || fail "org name"
	run -C "$TMP/rnew" check
	expect_rc 1
	# a fresh skeleton: fields empty and guidance left, but its structure,
	# front matter, links and sakra.yml are right
	expect_out "^plan/01-informationssakerhetspolicy.md:[0-9]+:3: error: required field 'Fastställd av' is empty \[field.empty\]$"
	expect_out "^plan/06-riskanalys.md:[0-9]+:3: error: required field 'Metod' is empty \[field.empty\]$"
	expect_out 'warning: guidance left: \[.*\[placeholder\]$'
	expect_out 'information register is empty.*\[register.empty\]$'
	expect_out 'error: section 1.1 .* says nothing yet.*\[section.empty\]$'
	expect_no_out "section\.(missing|order|title|duplicate|unknown)|doc\.|config\.|link\.|obligation\.missing|field\.date"
}

test_region_organisationsnummer() {
	# A Swedish region is identified by its organisationsnummer (Luhn check
	# digit), not a Finnish business ID; init writes it in its usual form.
	run init "$TMP/rorg" --framework msb-region --org 'Region Exempel' --business-id 2321000057
	expect_rc 0
	grep -q '^  business_id: "232100-0057"' "$TMP/rorg/sakra.yml" || fail "organisationsnummer not in sakra.yml"
	run -C "$TMP/rorg" check
	expect_no_out 'config.business-id'
	run init "$TMP/rorg2" --framework msb-region --business-id 232100-0058
	expect_rc 2
	expect_err "'232100-0058' is not a valid Swedish organisationsnummer: the form is NNNNNN-NNNN"
	[ ! -e "$TMP/rorg2" ] || fail "written despite a bad organisationsnummer"
	run init "$TMP/rorg2" --framework msb-region --business-id 1234567-1
	expect_rc 2
	# a region's sakra.yml is held to the same
	rmutation 1 "^sakra.yml:[0-9]+:[0-9]+: error: organisation.business_id '232100-0050' is not a valid Swedish organisationsnummer \(NNNNNN-NNNN.*\[config.business-id\]$" \
		"sed -i 's/^  name: \"Region Norrviken\"$/&\n  business_id: \"232100-0050\"/' sakra.yml"
	rmutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^  name: \"Region Norrviken\"$/&\n  business_id: \"232100-0057\"/' sakra.yml"
	# without one, a fresh skeleton says what to fill in
	run init "$TMP/rorg3" --framework msb-region
	grep -q '^  business_id: "\[organisationsnummer\]"' "$TMP/rorg3/sakra.yml" || fail "placeholder"
}
test_region_frameworks() {
	run frameworks
	expect_rc 0
	expect_out '^msb-region +Informationssäkerhetsarbete i regionen enligt MSB:s rekommendationer$'
	expect_out 'source: MSB: Stärkt informationssäkerhet i landstingen'
	run frameworks show msb-region
	expect_rc 0
	expect_out '^1\.3\.4 +Spårbarhet +\[rek\. 1\]$'
	expect_out '^7\.2 +Informationsregister +\[rek\. 6\]$'
	expect_out '^8 +Säkerhetskrav vid upphandling +\[rek\. 7\]$'
	expect_out 'field: Nästa revision +\(date, a deadline\)'
	expect_out '^lowest classification: none$'
	expect_out '^adopted by a role of its own: 1 \(the regional council \(regionfullmäktige\) adopts'
	expect_out '^marked at least intern: an asset rated confidentiality 2 or more'
	expect_out '^marked at least sekretess: a legal basis citing OSL, '
	expect_out "^information register: Informationsregister, files under systems/ with an 'information:' block"
	expect_out '^ +confidentiality: Konfidentialitet, scale, required, 0-3$'
	expect_out '^  ledningsrapportering +e\.g\. +12 months +covers 4 .*\(the plan must promise it\)  \(how often: the organisation.s choice\)$'
	expect_out '^ +the source: "rek\. 3: rapportera regelbundet, och vid behov, direkt till ledningen'
	expect_out '^1\.4\.2 +Säkerhetskultur +\[rek\. 1, rek\. 2\]$'
	expect_out 'traceability: Spårbarhet, scale, required, 0-3'
	# every recommendation 1-8 is answered by some section
	for n in 1 2 3 4 5 6 7 8; do
		grep -q "rek\. $n\]" <<<"$OUT" || grep -q "rek\. $n," <<<"$OUT" || fail "no section answers rek. $n"
	done
	run frameworks show msb-region --format json
	expect_rc 0
	python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["id"] == "msb-region" and d["floor"] is None
nums = [s["number"] for s in d["sections"]]
assert nums[:4] == ["1", "1.1", "1.2", "1.3"], nums
f = {x["id"]: x for x in d["assets"]["fields"]}
assert f["integrity"]["type"] == "scale" and f["integrity"]["max"] == 3
assert f["classified"]["every"] == "12 months"
assert all(o["required"] for o in d["obligations"])
' <<<"$OUT" || fail "the JSON is not what frameworks show says"
	run frameworks --format json
	expect_rc 0
	python3 -c 'import json,sys; assert [f["id"] for f in json.load(sys.stdin)] == ["msb-region", "thl-3-2024"]' <<<"$OUT" ||
		fail "frameworks --format json"
}

test_region_rule_doc_marking() {
	# An asset rated confidentiality 3 in a public file, and a secrecy
	# ground cited by a file marked below secret.
	rmutation 1 "^systems/patientjournal.md:3:17: error: classification 'offentlig' is below 'intern', which msb-region requires: it holds an asset rated confidentiality 3 \(information whose disclosure .*\); mark the file 'intern' or higher \[doc.marking\]$" \
		"sed -i 's/^classification: sekretess/classification: offentlig/' systems/patientjournal.md"
	expect_out "^systems/patientjournal.md:3:17: error: classification 'offentlig' is below 'sekretess', which msb-region requires: its legal basis cites OSL .*\[doc.marking\]$"
	rmutation 1 "^systems/lakemedelslistor.md:3:17: error: classification 'intern' is below 'sekretess'.*its legal basis cites OSL.*\[doc.marking\]$" \
		"sed -i 's/^classification: sekretess/classification: intern/' systems/lakemedelslistor.md"
	expect_no_out "lakemedelslistor.md.*'intern', which"
	# Rated 1: nothing to say.
	rmutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^classification: intern/classification: offentlig/; s/confidentiality: .*/confidentiality: 1/' systems/schemauppgifter.md"
	# A plan whose levels lack one the framework names is told to declare it.
	rmutation 1 "^sakra.yml:[0-9]+:1: error: framework msb-region requires the classification level 'intern' \(information whose.*\); declare it \[config.levels\]$" \
		"sed -i 's/id: intern, label/id: internt, label/' sakra.yml && sed -i 's/^classification: intern$/classification: internt/' plan/*.md systems/*.md appendices/*.md evidence/*/*.md"
}
test_rule_doc_marking() {
	mutation 1 "^plan/06-informationssystemen.md:3:17: error: classification 'icke-offentlig' is below 'sekretessbelagd', which thl-3-2024 requires: its legal basis cites JulkL \(a secrecy provision .*\[doc.marking\]$" \
		"sed -i 's/^classification: sekretessbelagd/classification: icke-offentlig/' plan/06-informationssystemen.md"
}
test_region_rule_missing_section() {
	rmutation 1 "^plan/06-riskanalys.md:[0-9]+:1: error: required section 6\.2 'Genomförda riskanalyser' \(clause rek\. 5\) is missing.*\[section.missing\]$" \
		"sed -i '/^## 6.2/,\$d' plan/06-riskanalys.md"
}
test_region_rule_protection_area_owner() {
	rmutation 1 "^plan/01-informationssakerhetspolicy.md:[0-9]+:1: error: required field 'Ansvarig' is missing in section 1\.3\.4.*\[field.missing\]$" \
		"sed -i '/Ansvarig: informationssäkerhetsstrategen/d' plan/01-informationssakerhetspolicy.md"
}
test_region_rule_revision_date() {
	rmutation 0 "^plan/01-informationssakerhetspolicy.md:[0-9]+:3: warning: 'Nästa revision' was 2020-12-31, before today \(2026-11-23\).*\[field.deadline\]$" \
		"sed -i 's/^- Nästa revision: .*/- Nästa revision: 2020-12-31/' plan/01-informationssakerhetspolicy.md"
	run -C "$TMP/rmut" check --strict
	expect_rc 1
	rmutation 1 "^plan/02-informationssakerhetsmal.md:[0-9]+:3: error: 'Beslutsdatum' must be a date YYYY-MM-DD, not 'i våras' \[field.date\]$" \
		"sed -i 's/^- Beslutsdatum: .*/- Beslutsdatum: i våras/' plan/02-informationssakerhetsmal.md"
}
test_region_rule_secrecy_needs_legal_basis() {
	rmutation 1 "^systems/patientjournal.md:3:17: error: classification 'sekretess' requires a legal basis.*\[doc.legal-basis\]$" \
		"sed -i '/^legal_basis:/d' systems/patientjournal.md"
}
test_region_rule_no_floor() {
	# a public policy is allowed: no floor, unlike thl-3-2024
	rmutation 0 '^0 errors, 0 warnings$' \
		"sed -i 's/^classification: intern$/classification: offentlig/' plan/03-samordning-och-resurser.md"
}
test_region_rule_asset_scale() {
	rmutation 1 "^systems/patientjournal.md:9:14: error: 'information.integrity' \(Riktighet\) is '4'; it must be a level from 0 to 3 \[asset.scale\]$" \
		"sed -i 's/^  integrity: 3$/  integrity: 4/' systems/patientjournal.md"
}
test_region_rule_asset_owner() {
	rmutation 1 "^systems/schemauppgifter.md:5:3: error: no 'owner' \(Informationsägare\); add 'owner: ...' to 'information:' \[asset.field\]$" \
		"sed -i '/^  owner:/d' systems/schemauppgifter.md"
}
test_region_rule_asset_system() {
	rmutation 1 "^systems/lakemedelslistor.md:[0-9]+:[0-9]+: error: 'Apoteksportalen' is not a system of the register.*\[asset.system\]$" \
		"sed -i 's/^  systems: \[Vårdjournal\]$/  systems: [Vårdjournal, Apoteksportalen]/' systems/lakemedelslistor.md"
	expect_no_out "'Vårdjournal' is not"
}
test_region_rule_asset_due() {
	rmutation 0 "^systems/schemauppgifter.md:[0-9]+:[0-9]+: warning: 'information.classified' \(Klassad\) is 2025-06-01, more than 12 months ago.*\[asset.due\]$" \
		"sed -i 's/^  classified: 2026-06-01$/  classified: 2025-06-01/' systems/schemauppgifter.md"
}
test_region_rule_asset_unknown_key() {
	rmutation 0 "^systems/schemauppgifter.md:[0-9]+:3: warning: unknown key 'information.agare'.*\[doc.unknown-key\]$" \
		"sed -i 's/^  owner: HR-direktören$/  owner: HR-direktören\n  agare: x/' systems/schemauppgifter.md"
}
test_region_rule_obligation_required() {
	rmutation 1 "^sakra.yml:4:1: error: framework msb-region requires the plan to promise 'ledningsrapportering' \(Rapportering till ledningen\), as often as the organisation decides.*\[obligation.missing\]$" \
		"sed -i '/id: ledningsrapportering/d' sakra.yml"
	# MSB says that risk analysis is done, not how often: the region chooses.
	rmutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/covers: \"6\", every: 12 months/covers: \"6\", every: 2 years/' sakra.yml"
	# A requirement with a minimum interval holds the plan to it.
	rmutation 1 "^sakra.yml:[0-9]+:1: error: obligation 'ovning' is promised less often than framework msb-region requires \(at least every 12 months\) \[obligation.missing\]$" \
		"printf 'obligations:\n  - { id: ovning, title: Övning, covers: [\"6\"], every: 12 months, required: true, interval: minimum }\n' >requirements.yml && sed -i 's/^  - { id: handlingsplan, .*/&\n  - { id: ovning, covers: \"6\", every: 2 years }/' sakra.yml"
}
test_region_rule_obligation_overdue() {
	rmutation 0 "^sakra.yml:[0-9]+:1: warning: obligation 'ledningsrapportering' \(every 12 months\) is overdue: the last evidence is from 2025-11-10.*\[obligation.overdue\]$" \
		"git mv evidence/2026/ledningsrapportering-2026-11-10.md evidence/2026/ledningsrapportering-2025-11-10.md && sed -i 's/date: 2026-11-10/date: 2025-11-10/' evidence/2026/ledningsrapportering-2025-11-10.md"
}

test_requirements_yml() {
	new_repo "$TMP/rq" region-plan
	cat >"$TMP/rq/requirements.yml" <<'YML'
# Region Norrviken's own requirements, on top of msb-region.
sections:
  - number: "5.3"
    title: "Kontinuitetsplanering"
    clauses: ["regionens riktlinje"]
    fields:
      - { id: ovning, label: "Senaste övning", type: date }
  - number: "1"
    fields:
      - { id: kontakt, label: "Kontaktperson" }
obligations:
  - { id: kontinuitetsovning, title: "Övning", covers: ["5.3"], every: 12 months, required: true }
evidence_types: [kontinuitetsovning]
assets:
  fields:
    - { id: gallring, label: "Gallringsfrist", type: text, required: true }
YML
	run -C "$TMP/rq" check
	expect_rc 1
	expect_out "^plan/01-informationssakerhetspolicy.md:6:1: error: required field 'Kontaktperson' is missing in section 1.*\[field.missing\]$"
	expect_out "^plan/05-handlingsplan.md:[0-9]+:1: error: required section 5\.3 'Kontinuitetsplanering' \(clause regionens riktlinje\) is missing; add a heading '5\.3 Kontinuitetsplanering' after section 5\.2 \[section.missing\]$"
	expect_out "^systems/patientjournal.md:[0-9]+:3: error: no 'gallring' \(Gallringsfrist\).*\[asset.field\]$"
	expect_out "requires the plan to promise 'kontinuitetsovning'.*\[obligation.missing\]$"
	run -C "$TMP/rq" frameworks show msb-region
	expect_rc 0
	expect_out '^5\.3 +Kontinuitetsplanering +\[regionens riktlinje\] +\[requirements\.yml\]$'
	expect_out 'field: Kontaktperson +\[requirements\.yml\]$'
	# met, the plan is clean again (the section is placed after 5.2)
	(cd "$TMP/rq" &&
		printf '\n## 5.3 Kontinuitetsplanering\n\n- Senaste övning: 2026-09-15\n' >>plan/05-handlingsplan.md &&
		sed -i 's/^- Omfattning: /- Kontaktperson: informationssäkerhetsstrategen\n&/' plan/01-informationssakerhetspolicy.md &&
		sed -i 's/^  classified: /  gallring: 10 år\n&/' systems/*.md &&
		sed -i 's/^  - { id: handlingsplan, .*/&\n  - { id: kontinuitetsovning, covers: "5.3", every: 12 months }/' sakra.yml &&
		printf -- '---\ntitle: "Övning"\nclassification: intern\nevidence:\n  type: kontinuitetsovning\n  date: 2026-09-15\n  covers: ["5.3"]\n---\n\nÖvningen gjordes.\n' >evidence/2026/ovning.md)
	run -C "$TMP/rq" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "requirements met, yet findings"
	# nothing built in can be removed, relaxed or redefined
	for bad in 'sections:\n  - number: "1.2"\n    optional: true' \
		'sections:\n  - number: "1.3.1"\n    title: "Annat"' \
		'obligations:\n  - { id: riskanalys, covers: ["6"], every: 24 months }' \
		'sections:\n  - number: "1"\n    fields:\n      - { id: diarienummer, label: "Dnr" }' \
		'remove: ["1.6"]' \
		'assets:\n  key: annat'; do
		printf "$bad\n" >"$TMP/rq/requirements.yml"
		run -C "$TMP/rq" check
		expect_rc 1 || return 1
		expect_out '^requirements.yml:[0-9]+:[0-9]+: error: .*only the built-in requirements of msb-region are checked until it is fixed \[requirements\]$' || return 1
	done
	# the same file format adds to thl-3-2024
	new_repo "$TMP/rq2"
	printf 'sections:\n  - number: "3"\n    fields:\n      - { id: ciso, label: "Informationssäkerhetsansvarig" }\n' \
		>"$TMP/rq2/requirements.yml"
	run -C "$TMP/rq2" check
	expect_rc 1
	expect_out "^plan/03-allmanna-rutiner.md:[0-9]+:1: error: required field 'Informationssäkerhetsansvarig' is missing in section 3.*\[field.missing\]$"
}

# --- run ---------------------------------------------------------------------

echo "TAP version 13"
for f in $(declare -F | awk '{print $3}' | grep '^test_'); do
	t "${f#test_}" "$f"
done
echo "1..$N"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
