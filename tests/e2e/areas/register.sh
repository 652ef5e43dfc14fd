# End-to-end tests: the register, evidence and obligations, status, evidence add. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- the register ------------------------------------------------------------


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
	mutation 0 "^$HM:10:10: warning: never checked against registret över informationssystem \(Tillstånds- och tillsynsverket, före 2026 Valvira\); .* \[system.register-check\]$" \
		"sed -i '/register_checked/d' $HM"
	# a plan pinned to thl-3-2024@1 is told of the register as that revision named it
	sed -i 's/^framework: thl-3-2024@2$/framework: thl-3-2024@1/' "$TMP/mut/sakra.yml"
	run -C "$TMP/mut" check
	expect_out "^$HM:10:10: warning: never checked against Valviras register över informationssystem; .* \[system.register-check\]$" ||
		return 1
	expect_out "note: sakra.yml pins thl-3-2024@1; thl-3-2024@2 is newer" || return 1
	# Class other is not in the register: no finding for it.
	expect_no_out 'kontorsmiljon.md.*register-check'
}
test_rule_system_wellbeing_app() {
	# THL 3/2024 6.1.5: a wellbeing app takes class A's assurances. An app
	# (class other) with an expired certificate was silent in check while
	# status said "certificate expired".
	local app=systems/sovellus.md
	new_repo "$TMP/wb"
	sed 's/^  name: Microsoft 365$/  name: Hyvinvointisovellus/; s/^title: .*/title: "Hyvinvointisovellus"/' \
		"$TMP/wb/systems/kontorsmiljon.md" >"$TMP/wb/$app"
	sed -i 's/^  purpose: .*/&\n  wellbeing_app: true/' "$TMP/wb/$app"
	run -C "$TMP/wb" check
	expect_rc 1
	expect_out "^$app:11:18: error: a wellbeing app needs a valid information security assessment certificate, as class A systems do \(THL 3/2024 6.1.5\); add 'certificate_expires: YYYY-MM-DD' \[system.certificate\]$"
	expect_out "^$app:11:18: warning: never checked against registret över informationssystem \(Tillstånds- och tillsynsverket, före 2026 Valvira\).*\[system.register-check\]$"
	sed -i 's/^  wellbeing_app: true$/&\n  certificate_expires: 2026-10-31\n  register_checked: 2026-10-01/' "$TMP/wb/$app"
	run -C "$TMP/wb" check
	expect_rc 1
	expect_out "^$app:12:24: error: the certificate expired on 2026-10-31, 23 days ago; renew it, or take the system out of use \[system.certificate-expired\]$"
	expect_no_out "^$app.*register-check"
	run -C "$TMP/wb" status
	expect_out "Hyvinvointisovellus.*certificate expired 2026-10-31"
	# a certificate date on any system is checked, wellbeing app or not
	sed -i '/^  wellbeing_app: true$/d' "$TMP/wb/$app"
	run -C "$TMP/wb" check
	expect_out "^$app:11:24: error: the certificate expired on 2026-10-31.*\[system.certificate-expired\]$"
	sed -i 's/^  class: other$/&\n  wellbeing_app: kanske/' "$TMP/wb/$app"
	run -C "$TMP/wb" check
	expect_out "^$app:10:18: error: 'system.wellbeing_app' must be true or false \[system.block\]$"
}
test_rule_system_register_future() {
	mutation 1 "^$HM:12:21: error: 'register_checked' is 2027-09-10, after today \(2026-11-23\): give the day the register was checked \[system.register-future\]$" \
		"sed -i 's/register_checked: 2026-09-10/register_checked: 2027-09-10/' $HM"
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
	python3 "$E2E/py/status_json.py" "$OUT" || fail "status JSON is wrong"
	run -C "$TMP/ex" status --format json --rev HEAD
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["revision"])==40' "$OUT" ||
		fail "revision missing"
	run -C "$TMP/ex" status --format xml
	expect_rc 2
	expect_err 'must be one of: text, json$'
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
	python3 "$E2E/py/evidence_add.py" "$TMP/ex/$rec" || fail "record front matter is wrong"
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
test_evidence_add_speaks_the_plan_and_the_type() {
	# Guidance in the plan's language and for the record's type; marked as
	# the plan parts it covers (so training evidence reaches the staff
	# edition); a date changed by hand is noticed.
	local lang fixture
	for fixture in plan-fi plan-en; do
		new_repo "$TMP/el" "$fixture"
		run -C "$TMP/el" evidence add utbildning --date 2026-11-02
		expect_rc 0
		lang=$(sed -n 's/^language: //p' "$TMP/el/sakra.yml")
		case $lang in
		fi) grep -q '^\[Kuvaa koulutus (sisältö, toteutustapa ja kesto)' "$OUT" || fail "$fixture: no Finnish training guidance: $(tail -2 "$OUT")"
		    grep -q '^# Tietosuoja- ja tietoturvakoulutus 2026-11-02$' "$OUT" || fail "$fixture: title" ;;
		en) grep -q '^\[Describe the training (content, form and length)' "$OUT" || fail "$fixture: no English training guidance: $(tail -2 "$OUT")" ;;
		esac
		grep -q 'Beskriv' "$OUT" && fail "$fixture: Swedish guidance in a $lang plan"
		grep -q '^classification: icke-offentlig$' "$OUT" || fail "$fixture: training evidence not marked as chapter 5: $(grep classification "$OUT")"
		run -C "$TMP/el" evidence add loggranskning --date 2026-11-03
		grep -q '^classification: sekretessbelagd$' "$OUT" || fail "$fixture: log review not marked as chapter 6"
		grep -qi 'logs\|lokit' "$OUT" || fail "$fixture: log review guidance"
	done
	# Swedish: an exercise asks for the scenario, not for logs; its title is the type's name
	new_repo "$TMP/el"
	run -C "$TMP/el" evidence add ovning --covers 4 --date 2026-11-04
	grep -q '^\[Beskriv övningen: scenario' "$OUT" || fail "exercise guidance: $(tail -2 "$OUT")"
	grep -q '^# Övning 2026-11-04$' "$OUT" || fail "exercise title"
	grep -q 'loggar' "$OUT" && fail "an exercise record asks about logs"
	run -C "$TMP/el" evidence add ovning --covers 4 --date 2026-11-05 --classification intern
	expect_rc 0
	grep -q '^classification: intern$' "$OUT" || fail "--classification ignored"
	run -C "$TMP/el" evidence add ovning --covers 4 --classification hemlig
	expect_rc 2
	expect_err "--classification hemlig is not a level of sakra.yml"
	# a training record reaches the staff edition
	sed -i 's/^\[Beskriv .*\]$/Tolv av fjorton deltog; frånvarande gick kursen i december./' "$TMP/el/evidence/2026/ovning-2026-11-04.md"
	run -C "$TMP/el" build --edition personal -o "$TMP/el-site"
	[ -e "$TMP/el-site/evidence/2026/ovning-2026-11-04.html" ] || fail "the exercise record is not in the staff edition"
	# date: changed by hand
	sed -i 's/^  date: 2026-11-04$/  date: 2026-11-06/' "$TMP/el/evidence/2026/ovning-2026-11-04.md"
	run -C "$TMP/el" check
	expect_out "^evidence/2026/ovning-2026-11-04.md:[0-9]+:[0-9]+: warning: 'date: 2026-11-06' but the file name says 2026-11-04; rename the file \('git mv'\) or correct the date \[evidence.date-mismatch\]$"
	expect_out "^evidence/2026/ovning-2026-11-04.md:2:1: warning: 'date: 2026-11-06' but the title says 2026-11-04; correct the one that is wrong \[evidence.date-mismatch\]$"
	run -C "$TMP/el" check
	expect_no_out "ovning-2026-11-05.*date-mismatch"
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

# --- system add -----------------------------------------------------------------

# No line of OUT carries a placeholder finding and another one.
one_finding_per_problem() {
	local dup
	dup=$(grep -oE '^[^:]+:[0-9]+:' <<<"$(grep '\[placeholder\]$' <<<"$OUT")" | sort -u |
		while read -r at; do [ "$(grep -c "^$at" <<<"$OUT")" -gt 1 ] && echo "$at"; done)
	[ -z "$dup" ] || fail "a placeholder and another finding on one line: $dup"
}
test_system_add() {
	# A new system: the register's keys, the class's descriptions in the
	# plan's language, marked as the chapter listing the class; check then
	# asks for each missing piece once.
	new_repo "$TMP/sa" plan-fi
	run -C "$TMP/sa" system add "Potilastieto Pro 2" --class A2
	expect_rc 0
	local f=systems/potilastieto-pro-2.md
	[ "$OUT" = "$TMP/sa/$f" ] || fail "expected the file's path on stdout"
	grep -q '^  name: "Potilastieto Pro 2"$' "$TMP/sa/$f" || fail "name"
	grep -q '^  class: A2$' "$TMP/sa/$f" || fail "class"
	grep -q '^  # certificate_expires: YYYY-MM-DD' "$TMP/sa/$f" || fail "certificate date to fill in"
	grep -q '^- lokit: \[kuvaa tämän järjestelmän osalta\]$' "$TMP/sa/$f" || fail "Finnish field lines: $(tail -3 "$TMP/sa/$f")"
	grep -q 'Beskriv\|användargrupper' "$TMP/sa/$f" && fail "Swedish in a Finnish plan"
	grep -q '^classification: sekretessbelagd$' "$TMP/sa/$f" || fail "not marked as 6.1.1's document"
	run -C "$TMP/sa" check "$f"
	expect_rc 1
	expect_out "^$f:[0-9]+:[0-9]+: error: a class A2 system needs a valid information security assessment certificate"
	expect_out "^$f:[0-9]+:3: warning: the description 'lokit' is empty"
	# one finding per problem: an empty description or register key is not
	# also a placeholder, and never checked is not also a missing description
	one_finding_per_problem || return 1
	expect_out "^$f:7:12: warning: 'system.version' is empty, and it answers the description 'järjestelmä, versio, toimittaja, yhteystiedot'"
	expect_no_out "Valviran tietojärjestelmärekisterissä"
	run -C "$TMP/sa" system add "Potilastieto Pro 2" --class A2
	expect_rc 2
	expect_err 'already exists'
	run -C "$TMP/sa" system add "Uusi" --class A4
	expect_rc 2
	expect_err "class 'A4' is not a class of thl-3-2024 \(A2, A3, A1, B, other\); did you mean 'A2'\?"
	run -C "$TMP/sa" system add "Uusi"
	expect_rc 2
	expect_err -- "--class is required"
	run -C "$TMP/sa" system add "Muu" --class other
	expect_rc 0
	grep -q 'certificate_expires' "$OUT" && fail "class other asks for a certificate"
	[ "$(git -C "$TMP/sa" rev-list --count HEAD)" = 1 ] || fail "system add committed"
}
test_fresh_skeleton_one_finding_per_line() {
	# An empty field is one finding (the field's), not two on one line.
	run init "$TMP/fs" --org "Testvård Ab" --business-id 1234567-1
	expect_rc 0
	run -C "$TMP/fs" check
	expect_rc 1
	one_finding_per_problem || return 1
	expect_out "^plan/02-foremal-och-uppdatering.md:[0-9]+:3: error: required field 'Beslut om godkännande och ibruktagande av planen' is empty \[field.empty\]$"
	# approve still refuses on the placeholder folded into the field's finding
	run -C "$TMP/fs" check --strict
	expect_rc 1
}

# --- a large county's plan ------------------------------------------------------

# county DIR: the county's plan (28 systems, seven appendices, three
# editions), generated from the example plan, committed once.
county() {
	rm -rf "$1"
	"$SAKRA" frameworks show thl-3-2024 --format json >"$TMP/thl.json"
	python3 "$E2E/py/county_plan.py" "$FIX/example-plan" "$1" "$TMP/thl.json"
	git -C "$1" init -q
	git -C "$1" add -A
	git -C "$1" commit -qm "Välfärdsområdets plan"
}

test_county_plan() {
	# Written from the THL template by a wellbeing services county: clean
	# under --strict, every edition renders what it leaves out as such, and
	# each realistic mistake is caught on the file it is in.
	local c=$TMP/county app=systems/ma-bra-appen.md s05=systems/regionsystem-04.md
	county "$c"
	[ "$(ls "$c/systems" | wc -l)" = 28 ] || fail "not 28 systems"
	[ "$(ls "$c/appendices" | grep -vc '\.pdf\.md$')" = 7 ] || fail "not seven appendices"
	run -C "$c" check --strict
	expect_rc 0
	expect_out '^0 errors, 0 warnings$'
	local ed
	for ed in personal tillsyn it-drift; do
		run -C "$c" build --edition "$ed" -o "$TMP/county-$ed"
		expect_rc 0 || return 1
		grep -rq '(saknas)\|försenad' "$TMP/county-$ed" && fail "$ed: withheld content shown as missing or overdue"
	done
	grep -q 'Systembeskrivningar som inte ingår i denna utgåva: 20' "$TMP/county-personal/register.html" ||
		fail "the staff register does not say how many systems it leaves out"
	# the mistakes, each on its own copy of the plan
	mistake() {   # mistake "SHELL EDIT" REGEX: after the edit, check --strict finds REGEX
		git -C "$c" checkout -q -- . && git -C "$c" clean -qfd
		(cd "$c" && eval "$1") || { echo "edit failed: $1"; return 1; }
		run -C "$c" check --strict
		expect_rc 1 && expect_out "$2" || { echo "after: $1"; return 1; }
	}
	mistake "sed -i 's/^  certificate_expires: 2027-06-30/  certificate_expires: 2026-10-31/' $app" \
		"^$app:[0-9]+:[0-9]+: error: the certificate expired on 2026-10-31.*\[system.certificate-expired\]$" || return 1
	mistake "sed -i 's/^  register_checked: 2026-09-10/  register_checked: 2027-01-15/' $s05" \
		"^$s05:[0-9]+:[0-9]+: error: 'register_checked' is 2027-01-15, after today.*\[system.register-future\]$" || return 1
	"$SAKRA" keygen --name X --role r --no-passphrase -o "$TMP/county-key" >/dev/null
	mistake "cp '$TMP/county-key.key' appendices/nyckel.key" \
		"^appendices/nyckel.key:1:1: error: a secret key is in the plan.*\[secret.key\]$" || return 1
	mistake "sed -i '/^### 6.1.3/,/^### 6.1.4/{s/^- Regionsystem 04 .*/Ej tillämpligt:/; s/^- Regionsystem.*//}' plan/06-informationssystemen.md" \
		"^plan/06-informationssystemen.md:[0-9]+:1: error: section 6.1.3 says it does not apply but gives no reason" || return 1
	[ "$(grep -c 'says it does not apply' <<<"$OUT")" = 1 ] || fail "a bare 'Ej tillämpligt:' reported more than once"
	mistake "python3 -c 'import re; p=\"plan/04-fel-och-kontinuitet.md\"; s=open(p).read(); h=s.index(\"# 4.\"); open(p,\"w\").write(s[:s.index(chr(10),h)+1]+chr(10)+\"Vid fel och problem samt återhämtning från dem iakttas följande tillvägagångssätt:\"+chr(10))'" \
		"^plan/04-fel-och-kontinuitet.md:[0-9]+:1: error: section 4 .* says nothing yet.*\[section.empty\]$" || return 1
	mistake "sed -i 's/^Dataskyddsombud: /Dataskyddsombudet: /' $P3" \
		"^$P3:[0-9]+:[0-9]+: error: required field 'Dataskyddsombud' is missing in section 3; this line's 'Dataskyddsombudet' is close" || return 1
	mistake "sed -i 's/^classification: icke-offentlig$/&\nlegal_basis: \"703\/2023 77 §\"/' plan/01-anvandningsandamal.md && sed -i 's/^  date: 2026-10-31$/  date: 2026-11-02/' $LG" \
		"^$LG:[0-9]+:[0-9]+: warning: 'date: 2026-11-02' but the file name says 2026-10-31.*\[evidence.date-mismatch\]$" || return 1
	expect_no_out "plan/01-anvandningsandamal.md.*doc.marking"
	git -C "$c" checkout -q -- . && git -C "$c" clean -qfd
}
