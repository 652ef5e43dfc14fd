# End-to-end tests: one mutation per rule. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- one mutation per rule ---------------------------------------------------


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
	python3 "$E2E/py/rule_section_empty.py" "$TMP/se/plan/04-fel-och-kontinuitet.md"
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
	# approve refuses it for that reason, with a key that would otherwise do
	key anna ansvarig-forestandare
	run -C "$TMP/se" approve --key "$TMP/k/anna.key"
	expect_rc 1
	expect_err "has [0-9]+ errors? \(placeholders count for approval\); 'sakra check --rev HEAD' lists"
	git -C "$TMP/se" tag -l 'approved/*' | grep -q . && fail "a commit with an empty chapter was approved"
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

test_not_applicable_is_the_subsections_own() {
	# "Ej tillämpligt: reason" in 6.1.2 is 6.1.2's: chapter 6 and 6.1 are
	# not marked not applicable too, and a bare one is reported once.
	new_repo "$TMP/na"
	rm "$TMP/na/systems/dosportalen.md"
	python3 - "$TMP/na/plan/06-informationssystemen.md" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s, n = re.subn(r"(### 6\.1\.2 [^\n]*\n\n)- Dosportalen[^\n]*\n", r"\1Ej tillämpligt: vi har inga system i klass A1.\n", s)
assert n == 1
open(p, "w").write(s)
PY
	git -C "$TMP/na" commit -qam "inga A1-system"
	run -C "$TMP/na" check --strict
	expect_rc 0
	run -C "$TMP/na" status
	expect_out '^  complete +6 +Informationssäkerhetsrutiner för informationssystemen \(not applicable: 6\.1\.2\)$'
	run -C "$TMP/na" status --format json
	python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
m = {x["section"]: x["not_applicable"] for x in d["matrix"]}
assert [k for k, v in m.items() if v] == ["6.1.2"], m' <<<"$OUT" || fail "the matrix marks more than 6.1.2 not applicable"
	run -C "$TMP/na" build -o "$TMP/na-site"
	[ "$(grep -c '<tr class="depth-[0-9] not-applicable">' "$TMP/na-site/matrix.html")" = 1 ] || fail "the site marks more than 6.1.2"
	grep -q 'class="[^"]*missing' "$TMP/na-site/matrix.html" && fail "the matrix marks an absent optional section missing"
	sed -i 's/^Ej tillämpligt: vi har inga system i klass A1\.$/Ej tillämpligt:/' "$TMP/na/plan/06-informationssystemen.md"
	run -C "$TMP/na" check
	expect_rc 1
	expect_out "error: section 6\.1\.2 says it does not apply but gives no reason"
	[ "$(grep -c 'says it does not apply' <<<"$OUT")" = 1 ] || fail "a bare 'Ej tillämpligt:' is reported more than once"
}

test_rule_section_empty_template_lead_in() {
	# A section that holds only THL's own lead-in sentences from the
	# template (ending in a colon, with nothing after them) and a reference
	# line to some clause of the regulation says nothing: --strict fails.
	local p4=plan/04-fel-och-kontinuitet.md
	new_repo "$TMP/li"
	python3 - "$TMP/li/$p4" <<'PY'
import sys
p = sys.argv[1]
l = open(p).read().split("\n")
h = [i for i, x in enumerate(l) if x.startswith("# 4.")][0]
open(p, "w").write("\n".join(l[:h + 1] + [
    "",
    "*Föreskrift 3/2024: 6.9 Fysisk säkerhet*",
    "",
    "I beredskapen inför exceptionella situationer och planeringen av kontinuiteten iakttas följande tillvägagångssätt:",
    "",
    "Vid fel och problem samt återhämtning från dem iakttas följande tillvägagångssätt:",
    "",
]))
PY
	run -C "$TMP/li" check --strict
	expect_rc 1
	expect_out "^$p4:8:1: error: section 4 'Förfaranden vid fel och problem samt kontinuitetshantering' says nothing yet.*\[section.empty\]$"
	# what follows a lead-in speaks for it
	printf -- '- Störningar anmäls till Nyland IT-tjänst Oy, jour dygnet runt.\n' >>"$TMP/li/$p4"
	run -C "$TMP/li" check --strict
	expect_no_out 'section.empty'
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
		python3 "$E2E/py/every_required_section_must_say_something.py" "$TMP/complete" "$TMP/fw.json" "$SAKRA" || fail "$fixture: an emptied section passed"
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
test_rule_field_bilingual_near_and_also() {
	# "Dataskyddsombud / Tietosuojavastaava:" answers the field
	mutation 0 "^0 errors, 0 warnings$" \
		"sed -i 's/^Dataskyddsombud: /Dataskyddsombud \/ Tietosuojavastaava: /' $P3"
	# a label close to the framework's is pointed at, on its own line
	local p2=plan/02-kohde-ja-paivittaminen.md
	new_repo "$TMP/nl" plan-fi
	sed -i 's|^- Toimipaikat/palveluyksiköt:|- Toimipisteet/palveluyksiköt:|' "$TMP/nl/$p2"
	run -C "$TMP/nl" check
	expect_rc 1
	expect_out "^$p2:15:3: error: required field 'Toimipaikat/palveluyksiköt' is missing in section 2; this line's 'Toimipisteet/palveluyksiköt' is close: write the label as 'Toimipaikat/palveluyksiköt:', or accept yours in requirements.yml \('also:'\) \[field.missing\]$"
	# requirements.yml's also: accepts the plan's own wording
	printf 'also:\n  - { section: "2", field: "Toimipaikat/palveluyksiköt", labels: ["Toimipisteet/palveluyksiköt"] }\n' \
		>"$TMP/nl/requirements.yml"
	run -C "$TMP/nl" check
	expect_rc 0
	expect_no_out "field.missing"
	printf 'also:\n  - { section: "2", field: "Ei tällaista", labels: ["x"] }\n' >"$TMP/nl/requirements.yml"
	run -C "$TMP/nl" check
	expect_rc 1
	expect_out "requirements.yml:2:.*section 2 has no field 'Ei tällaista'"
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
