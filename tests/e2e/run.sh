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
	OUT=$("$SAKRA" "$@" 2>"$TMP/stderr")
	RC=$?
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
	if (set -e; "$@") >"$TMP/log" 2>&1; then
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
	OUT=$(cd "$TMP/ex/plan" && "$SAKRA" check 2>&1)
	RC=$?
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
	run check --format xml; expect_rc 2; expect_err 'text, json or sarif'
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
	# A fresh skeleton: required fields empty (errors), guidance left (warnings),
	# but the filled-in name and business ID are not findings.
	run -C "$TMP/new" check
	expect_rc 1
	expect_out "^plan/02-foremal-och-uppdatering.md:14:3: error: required field 'Ansvarig person/chef' is empty \[field.empty\]$"
	expect_out "^plan/03-allmanna-rutiner.md:[0-9]+:1: error: required field 'Dataskyddsombud' is empty \[field.empty\]$"
	expect_out 'warning: guidance left: \[.*\[placeholder\]$'
	expect_no_out "'Namn'|'FO-nummer'|section\.|doc\.|config\.|link\."
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
	OUT=$(cd "$TMP/here" && "$SAKRA" init --quiet 2>&1)
	RC=$?
	expect_rc 0
	[ -f "$TMP/here/sakra.yml" ] || fail "no sakra.yml in the current directory"
	ls -a "$TMP" | grep -q sakra-init && fail "temporary directory left behind"
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
	expect_rc 2; expect_err "business ID '1234567-2' is not valid"
	[ ! -e "$TMP/badid" ] || fail "directory created despite a bad business ID"

	run init "$TMP/badfw" --framework nope
	expect_rc 2; expect_err "unknown framework 'nope'"
	[ ! -e "$TMP/badfw" ] || fail "directory created for an unknown framework"

	(HOME=$TMP/nohome; mkdir -p "$HOME"; run init "$TMP/noid"
	 expect_rc 2; expect_err 'git config --global user.name'
	 [ ! -e "$TMP/noid" ] || fail "directory created without a git identity")
	ls -a "$TMP" | grep -q sakra-init && fail "temporary directory left behind"
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
	mutation 1 "^sakra.yml:4:16: error: business ID '2345678-1' is not valid.* \[config.business-id\]$" \
		"sed -i 's/2345678-0/2345678-1/' sakra.yml"
}
test_rule_config_business_id_remainder_one() {
	# 1234561-?: the weighted sum leaves remainder 1, so no check digit is valid.
	mutation 1 "error: business ID '1234561-0' is not valid.* \[config.business-id\]$" \
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
		"printf '\n[a](#mal) [b](https://thl.fi/) [c](../systems/) [d](avtalsparter.md#tabell) [e](mailto:a@b.example) [f](%%61vtalsparter.md)\n' >> appendices/informationssakerhetspolicy.md"
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
	python3 - "$OUT" <<'PY' || fail "SARIF report is wrong"
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
	OUT=$(timeout 120 "$SAKRA" -C "$dir" check 2>"$TMP/stderr")
	RC=$?
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
		'^appendices/q.md:5:100002: warning: guidance left: \[x\]'
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

# --- run ---------------------------------------------------------------------

echo "TAP version 13"
for f in $(declare -F | awk '{print $3}' | grep '^test_'); do
	t "${f#test_}" "$f"
done
echo "1..$N"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
