# End-to-end tests: plans in Finnish and English, skeletons per language,
# sites in the plan's language. Sourced by tests/e2e/run.sh with
# tests/e2e/lib.sh; every test_* function here is one test.

test_finnish_and_english_plans_check_clean() {
	local fixture
	for fixture in plan-fi plan-en; do
		new_repo "$TMP/$fixture" "$fixture"
		run -C "$TMP/$fixture" check --strict
		expect_rc 0 || return 1
		[ "$OUT" = "0 errors, 0 warnings" ] || fail "$fixture is not clean under --strict" || return 1
	done
	# status speaks of the plan's sections by their titles in its language
	run -C "$TMP/plan-fi" status
	expect_rc 0
	expect_out '^  complete +[0-9]+ +Yleiset tietoturvakäytännöt$'
	run -C "$TMP/plan-en" status
	expect_out '^  complete +[0-9]+ +General information security procedures$'
}

test_translated_title_is_a_note() {
	# In a translation, a heading is recognised by its number; another
	# wording is a note that --strict shows and that never fails.
	new_repo "$TMP/fi" plan-fi
	sed -i 's/^# 3\. Yleiset tietoturvakäytännöt$/# 3. Yleiset tietoturvamenettelyt/' "$TMP/fi/plan/03-yleiset-kaytannot.md"
	run -C "$TMP/fi" check
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "a note shown without --strict"
	run -C "$TMP/fi" check --strict
	expect_rc 0
	expect_out "^plan/03-yleiset-kaytannot.md:8:1: note: section 3 is titled 'Yleiset tietoturvamenettelyt'; the Finnish translation of thl-3-2024 says 'Yleiset tietoturvakäytännöt' \(the official Swedish title: 'Allmänna informationssäkerhetsrutiner'\); .* \[section.title\]$"
	expect_out '^0 errors, 0 warnings, 1 note$'
	run -C "$TMP/fi" check --strict --format json
	printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["summary"]=={"errors":0,"warnings":0,"notes":1}, d["summary"]; assert d["diagnostics"][0]["severity"]=="note"' ||
		fail "JSON note"
	run -C "$TMP/fi" check --strict --format sarif
	printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [r["level"] for r in d["runs"][0]["results"]]==["note"]' ||
		fail "SARIF note"
	# The official Swedish title is accepted in a Finnish plan as it is.
	sed -i 's/^# 3\. Yleiset tietoturvamenettelyt$/# 3. Allmänna informationssäkerhetsrutiner/' "$TMP/fi/plan/03-yleiset-kaytannot.md"
	run -C "$TMP/fi" check --strict
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "the official title in a Finnish plan"
	# In the official language a title of one's own stays a warning.
	mutation 0 "^plan/03-allmanna-rutiner.md:8:1: warning: section 3 is titled 'Yleiset tietoturvakäytännöt'; thl-3-2024 calls it 'Allmänna informationssäkerhetsrutiner' \[section.title\]$" \
		"sed -i 's/^# 3\. Allmänna informationssäkerhetsrutiner$/# 3. Yleiset tietoturvakäytännöt/' plan/03-allmanna-rutiner.md"
}

test_field_labels_in_the_plans_language() {
	new_repo "$TMP/fi" plan-fi
	sed -i '/^Tietosuojavastaava:/d' "$TMP/fi/plan/03-yleiset-kaytannot.md"
	run -C "$TMP/fi" check
	expect_rc 1
	expect_out "^plan/03-yleiset-kaytannot.md:8:1: error: required field 'Tietosuojavastaava' is missing in section 3; add a line 'Tietosuojavastaava: \.\.\.' \[field.missing\]$"
	# the official Swedish label, and another accepted label, answer it too
	echo 'Dataskyddsombud: Liisa Mäkelä' >>"$TMP/fi/plan/03-yleiset-kaytannot.md"
	sed -i 's/^- Y-tunnus:/- Yritys- ja yhteisötunnus:/' "$TMP/fi/plan/02-kohde-ja-paivittaminen.md"
	run -C "$TMP/fi" check --strict
	expect_rc 0
	# a per-system description in Finnish is recognised, and named in Finnish when missing
	sed -i '/^- lokit:/d' "$TMP/fi/systems/koivu-asiakas.md"
	run -C "$TMP/fi" check --strict
	expect_rc 1
	expect_out "error: no description 'lokit' \(section 9.1 of thl-3-2024, class A3\).* \[system.field\]$"
	# the empty-section advice names the answer in the plan's language
	new_repo "$TMP/en" plan-en
	python3 - "$TMP/en/plan/08-kanta.md" <<'EOF'
import sys
p = sys.argv[1]
t = open(p).read()
open(p, "w").write(t[:t.index("*Regulation")])
EOF
	run -C "$TMP/en" check
	expect_rc 1
	expect_out "section 8 'Information security procedures for joining and using the Kanta services' says nothing yet: write what the organisation does, or 'Not applicable: ' and why \[section.empty\]$"
}

test_every_translated_section_must_say_something() {
	local fixture fw
	for fixture in plan-fi plan-en; do
		new_repo "$TMP/complete" "$fixture"
		run frameworks show thl-3-2024 --format json
		printf '%s' "$OUT" >"$TMP/fw.json"
		python3 "$E2E/py/every_required_section_must_say_something.py" "$TMP/complete" "$TMP/fw.json" "$SAKRA" ||
			fail "$fixture: an emptied section passed" || return 1
	done
}

test_init_language() {
	local lang file
	for lang in fi en; do
		run init "$TMP/i-$lang" --language "$lang" --org "Hoivakoti Kuusikko Oy" --business-id 2918407-7
		expect_rc 0 || return 1
		grep -q "^language: $lang" "$TMP/i-$lang/sakra.yml" || fail "sakra.yml does not record $lang" || return 1
		run -C "$TMP/i-$lang" check
		expect_rc 1
		# every heading and field label is the framework's in that language
		expect_no_out '\[section\.(title|missing|unknown)\]|\[field\.missing\]' || return 1
		expect_out '\[placeholder\]'
	done
	grep -q '^# 3\. Yleiset tietoturvakäytännöt$' "$TMP/i-fi/plan/03-yleiset-kaytannot.md" || fail "Finnish heading"
	grep -q '^- Y-tunnus: 2918407-7$' "$TMP/i-fi/plan/02-kohde-ja-paivittaminen.md" || fail "Finnish business ID label"
	grep -q '^# 3\. General information security procedures$' "$TMP/i-en/plan/03-general-procedures.md" || fail "English heading"
	# guidance in the language, placeholders too
	run -C "$TMP/i-en" check
	expect_out "required field 'Data protection officer' is empty \[field.empty\]"
	for file in "$TMP"/i-fi/plan/*.md "$TMP"/i-en/plan/*.md; do
		if grep -qE 'Ange|Beskriv|Föreskrift|Planen' "$file"; then fail "Swedish guidance in $file"; fi
	done
	run init "$TMP/i-none" --language en
	expect_rc 0
	grep -q '^- Business ID: \[Business ID\]$' "$TMP/i-none/plan/02-scope-and-updating.md" || fail "English placeholder"
	# a language without a skeleton is refused, and nothing is written
	run init "$TMP/i-msb" --framework msb-region --language fi
	expect_rc 2
	expect_err "msb-region has no skeleton in 'fi'; --language is one of sv"
	[ -e "$TMP/i-msb" ] && fail "a refused init wrote something"
	run init "$TMP/i-de" --language de
	expect_rc 2
	expect_err "thl-3-2024 has no skeleton in 'de'; --language is one of sv, fi, en"
	return 0
}

test_site_in_the_plans_language() {
	local fixture lang
	for fixture in plan-fi plan-en; do
		lang=${fixture#plan-}
		new_repo "$TMP/$fixture" "$fixture"
		run -C "$TMP/$fixture" build -o "$TMP/site-$lang"
		expect_rc 0 || return 1
		site_check "$TMP/site-$lang" || fail "the $lang site has problems" || return 1
		grep -q "<html lang=\"$lang\"" "$TMP/site-$lang/index.html" || fail "html lang" || return 1
		python3 "$E2E/py/swedish_interface_words.py" "$ROOT/theme/strings.yml" "$TMP/site-$lang" "$lang" ||
			fail "Swedish interface words on the $lang site" || return 1
	done
	grep -q 'Tarkistettu Valviran tietojärjestelmärekisteristä' "$TMP/site-fi/register.html" || fail "Finnish register column"
	grep -q 'Sisällys' "$TMP/site-fi/index.html" || fail "Finnish contents"
	grep -q 'Checked in Valvira&#39;s register' "$TMP/site-en/register.html" || fail "English register column"
	grep -q '<strong>DRAFT</strong>' "$TMP/site-en/index.html" || fail "English draft mark"
	grep -q 'UTKAST' "$TMP/site-en/index.html" && fail "a Swedish draft mark on an English site"
	return 0
}

test_language_the_framework_lacks() {
	new_repo "$TMP/rg" region-plan
	sed -i 's/^language: sv/language: fi/' "$TMP/rg/sakra.yml"
	grep -q '^language: fi' "$TMP/rg/sakra.yml" || fail "fixture has no language line"
	run -C "$TMP/rg" check
	expect_rc 0
	expect_out "^sakra.yml:[0-9]+:1: warning: msb-region has no Finnish text \(it has sv, en\); its titles and labels are checked in Swedish \[config.language\]$"
	# English it has: a region plan in English with MSB's Swedish headings is clean
	sed -i 's/^language: fi/language: en/' "$TMP/rg/sakra.yml"
	run -C "$TMP/rg" check --strict
	expect_rc 0
	[ "$OUT" = "0 errors, 0 warnings" ] || fail "the region plan in English"
}
