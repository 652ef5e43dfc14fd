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
	expect_err "msb-region has no skeleton in 'fi'; --language is one of sv, en"
	[ -e "$TMP/i-msb" ] && fail "a refused init wrote something"
	# a region's plan in English
	run init "$TMP/i-msb-en" --framework msb-region --language en --org "Region Exempel" --business-id 232100-0057
	expect_rc 0
	grep -q '^language: en' "$TMP/i-msb-en/sakra.yml" || fail "msb-region en: sakra.yml"
	grep -q '^# 1\. Information security policy$' "$TMP/i-msb-en/plan/01-information-security-policy.md" || fail "msb-region en heading"
	run -C "$TMP/i-msb-en" check
	expect_rc 1
	expect_no_out '\[section\.(title|missing|unknown)\]|\[field\.missing\]|\[config\.'
	expect_out "required field 'Adopted by' is empty"
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
	grep -q 'Tarkistettu tietojärjestelmärekisteristä' "$TMP/site-fi/register.html" || fail "Finnish register column"
	grep -q 'Sisällys' "$TMP/site-fi/index.html" || fail "Finnish contents"
	# evidence types by their names in the plan's language, not their ids
	grep -q '<h2>Käyttö- ja luovutuslokien seuranta</h2>' "$TMP/site-fi/evidence.html" || fail "Finnish evidence type"
	grep -q '<h2>loggranskning</h2>' "$TMP/site-fi/evidence.html" && fail "an evidence type id as a heading"
	grep -q '<h2>Follow-up of usage and disclosure logs</h2>' "$TMP/site-en/evidence.html" || fail "English evidence type"
	grep -q 'Checked in the register of information systems' "$TMP/site-en/register.html" || fail "English register column"
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

test_bundle_and_kit_in_the_plans_language() {
	# a Finnish plan's bundle: its README is LUEMINUT.txt, in Finnish and
	# English; its name says "luonnos"/"kaikki" where a Swedish one says
	# "utkast"/"alla"; the reader renders and compares it like LÄSMIG.txt
	new_repo "$TMP/fi" plan-fi
	key virtanen vastaava-johtaja
	cp "$TMP/k/virtanen.pub" "$TMP/fi/keys/virtanen.pub"
	git -C "$TMP/fi" add keys && git -C "$TMP/fi" commit -qm "Virtasen avain"
	run -C "$TMP/fi" approve --key "$TMP/k/virtanen.key" --decision 'Johtoryhmä 20.11.2026 § 3'
	expect_rc 0
	run -C "$TMP/fi" bundle --edition valvonta --format tar -o "$TMP/fi.tar"
	expect_rc 0
	tar -tf "$TMP/fi.tar" >"$TMP/fi.list"
	grep -qx 'kotihoito-koivula-oy-v1-valvonta/LUEMINUT.txt' "$TMP/fi.list" || fail "no LUEMINUT.txt: $(head -3 "$TMP/fi.list")"
	grep -q 'LÄSMIG' "$TMP/fi.list" && fail "a Swedish README in a Finnish bundle"
	tar -xOf "$TMP/fi.tar" kotihoito-koivula-oy-v1-valvonta/LUEMINUT.txt >"$TMP/fi.readme"
	grep -q '^Paketti: Kotihoito Koivula Oy, hyväksytty versio 1, julkaisu valvonta$' "$TMP/fi.readme" || fail "Finnish README: $(head -3 "$TMP/fi.readme")"
	grep -q '^Tarkistuspaketti: Kotihoito Koivula Oy, hyväksytty versio 1$' "$TMP/fi.readme" || fail "Finnish kit text"
	grep -q '^--- English ---$' "$TMP/fi.readme" || fail "no English part"
	grep -qE 'Paket:|Innehåll|godkänd' "$TMP/fi.readme" && fail "Swedish in the Finnish README"
	run open "$TMP/fi.tar" -o "$TMP/fi-open" --key "$TMP/k/virtanen.pub"
	expect_rc 0
	expect_out 'fi-open/LUEMINUT.txt$'
	[ -f "$TMP/fi-open/LUEMINUT.txt" ] || fail "open did not write LUEMINUT.txt"
	# a README of another language is not part of the bundle
	tar_edit "$TMP/fi.tar" "$TMP/fi-x.tar" '
import tarfile
k = [n for n in d if n.endswith("/LUEMINUT.txt")][0]
n = k.replace("LUEMINUT.txt", "LÄSMIG.txt")
d[n] = "Ladda ner en ny version här.\n".encode()
t = tarfile.TarInfo(n); t.size = len(d[n]); m.insert([x.name for x in m].index(k) + 1, t)'
	run verify "$TMP/fi-x.tar"
	expect_rc 1
	expect_err "LÄSMIG.txt: is not part of this bundle: its plan is written in 'fi', whose README is LUEMINUT.txt"
	# a draft's name in Finnish
	echo >>"$TMP/fi/plan/01-kayttotarkoitus.md"
	git -C "$TMP/fi" commit -qam "muutos"
	run -C "$TMP/fi" bundle --draft --rev HEAD --format tar -o "$TMP/fi-d.tar"
	expect_rc 0
	tar -tf "$TMP/fi-d.tar" | grep -q '^kotihoito-koivula-oy-luonnos-[0-9a-f]\{12\}-kaikki/LUEMINUT.txt$' || fail "Finnish draft name: $(tar -tf "$TMP/fi-d.tar" | head -2)"
	# the kit of a Finnish plan
	run -C "$TMP/fi" export v1 -o "$TMP/fi-kit"
	expect_rc 0
	grep -q '^Tarkistuspaketti:' "$TMP/fi-kit/LUEMINUT.txt" || fail "Finnish kit README"
	# an English plan's README is English only, once
	new_repo "$TMP/en" plan-en
	run -C "$TMP/en" bundle --draft --rev HEAD --format tar -o "$TMP/en.tar"
	expect_rc 0
	tar -tf "$TMP/en.tar" | grep -q '^northbay-dental-finland-oy-draft-[0-9a-f]\{12\}-all/README.txt$' || fail "English README name"
	tar -xOf "$TMP/en.tar" --wildcards '*/README.txt' >"$TMP/en.readme"
	grep -q '^DRAFT — NOT APPROVED. Bundle: Northbay Dental Finland Oy, edition all marked files$' "$TMP/en.readme" || fail "English README: $(head -2 "$TMP/en.readme")"
	grep -q -- '--- English ---' "$TMP/en.readme" && fail "English twice"
	run open "$TMP/en.tar" --draft -o "$TMP/en-open"
	expect_rc 0
	[ -f "$TMP/en-open/README.txt" ] || fail "open did not write README.txt"
}

# locale NAME...: the locales NAME (sv_FI.UTF-8, ...) built into $TMP/loc
# from Debian's locale sources, so the test needs no system locale; LOCPATH
# points there.
locales() {
	local l
	mkdir -p "$TMP/loc"
	for l in "$@"; do
		[ -e "$TMP/loc/$l" ] || localedef -i "${l%%.*}" -f UTF-8 "$TMP/loc/$l" >/dev/null 2>&1 ||
			{ echo "localedef cannot build $l (is Debian's locales package installed?)"; return 1; }
	done
	export LOCPATH=$TMP/loc
}

test_messages_in_the_users_language() {
	locales sv_FI.UTF-8 fi_FI.UTF-8
	new_repo "$TMP/ex"
	sed -i '/^Dataskyddsombud:/d' "$TMP/ex/$P3"
	# English by default (the tests' LC_MESSAGES=C)
	run -C "$TMP/ex" check
	expect_rc 1
	expect_out "^plan/03-allmanna-rutiner.md:8:1: error: required field 'Dataskyddsombud' is missing in section 3; add a line 'Dataskyddsombud: \.\.\.' \[field.missing\]$"
	expect_out '^1 error, 0 warnings$'
	# Swedish and Finnish by LC_MESSAGES; rule ids, severities and paths stay
	LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/ex" check
	expect_rc 1
	expect_out "^plan/03-allmanna-rutiner.md:8:1: error: det obligatoriska fältet 'Dataskyddsombud' saknas i avsnitt 3; lägg till en rad 'Dataskyddsombud: \.\.\.' \[field.missing\]$"
	expect_out '^1 fel, 0 varningar$'
	LC_MESSAGES=fi_FI.UTF-8 run -C "$TMP/ex" check
	expect_out "^plan/03-allmanna-rutiner.md:8:1: error: pakollinen kenttä 'Dataskyddsombud' puuttuu kohdasta 3; lisää rivi 'Dataskyddsombud: \.\.\.' \[field.missing\]$"
	expect_out '^1 virhe, 0 varoitusta$'
	# LANGUAGE chooses as people expect (before LC_MESSAGES)
	LANGUAGE=fi LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/ex" check
	expect_out '^1 virhe, 0 varoitusta$'
	# machine formats are never translated
	LC_MESSAGES=fi_FI.UTF-8 run -C "$TMP/ex" check --format json
	expect_out "\"message\": \"required field 'Dataskyddsombud' is missing in section 3"
	expect_no_out 'pakollinen'
	LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/ex" check --format sarif
	expect_out "required field 'Dataskyddsombud' is missing"
	expect_no_out 'obligatoriska'
	LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/ex" status --format json
	expect_no_out 'obligatoriska'
	# usage errors too
	LC_MESSAGES=sv_FI.UTF-8 run check --no-such-option
	expect_rc 2
	expect_err "^sakra check: okänd flagga '--no-such-option'$"
	expect_err "^\(se 'sakra check --help'\)$"
	# a language without a catalogue falls back to English
	LANGUAGE=de LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/ex" check
	expect_out '^1 error, 0 warnings$'
}

test_status_in_the_users_language() {
	locales fi_FI.UTF-8
	new_repo "$TMP/fi" plan-fi
	LC_MESSAGES=fi_FI.UTF-8 run -C "$TMP/fi" status
	expect_rc 0
	# sakra's words in the user's language, the plan's titles in the plan's
	expect_out '^Luvut$'
	expect_out '^  valmis +3 +Yleiset tietoturvakäytännöt$'
	expect_out '^Järjestelmärekisteri \(3 järjestelmää\)$'
	expect_out '^  Koivu Asiakas +A3 +todistus voimassa 2027-09-30 asti \([0-9]+ päivän kuluttua\), tarkistettu rekisteristä 2026-10-05$'
	expect_out '^Velvoitteet$'
	expect_out '^0 virhettä, 0 varoitusta$'
	expect_no_out 'Chapters|Obligations|certificate'
	new_repo "$TMP/sv" example-plan
	LC_MESSAGES=fi_FI.UTF-8 run -C "$TMP/sv" status
	expect_out '^  valmis +3 +Allmänna informationssäkerhetsrutiner$'
}

test_lsp_in_the_users_language() {
	OUT= ERR=
	locales fi_FI.UTF-8
	new_repo "$TMP/lsp"
	LC_MESSAGES=fi_FI.UTF-8 python3 "$E2E/py/lsp_translated.py" "$SAKRA" "$TMP/lsp" >"$TMP/lsp.log" 2>&1 ||
		fail "the language server in Finnish: $(cat "$TMP/lsp.log")"
}

# Catalogues are formats sakra prints: another user's, or one others may
# write, is not read; a translation whose conversions differ from the
# English is not used (the English is), so no catalogue can make sakra
# print a false verdict or read arguments it was not given.
test_catalogues_are_trusted_only() {
	locales sv_FI.UTF-8
	new_repo "$TMP/cat"
	sed -i '/^Dataskyddsombud:/d' "$TMP/cat/$P3"
	# a copy of the shipped catalogues, writable by others
	rm -rf "$TMP/cat-loc"
	cp -r "$SAKRA_LOCALEDIR" "$TMP/cat-loc"
	chmod -R go-w "$TMP/cat-loc"
	SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat" check
	expect_out '^1 fel, 0 varningar$'
	chmod o+w "$TMP/cat-loc/sv/LC_MESSAGES/sakra.mo"
	SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat" check
	expect_out '^1 error, 0 warnings$'
	expect_err "warning: the message catalogues in .*cat-loc are not used: .*sakra.mo may be written by others; messages are in English"
	chmod o-w "$TMP/cat-loc/sv/LC_MESSAGES/sakra.mo"
	chmod g+w "$TMP/cat-loc"
	SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat" check
	expect_out '^1 error, 0 warnings$'
	chown -R nobody "$TMP/cat-loc" 2>/dev/null && chmod g-w "$TMP/cat-loc" && {
		SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat" check
		expect_out '^1 error, 0 warnings$'
		expect_err 'belongs to another user'
	}
	# a catalogue in a trusted folder whose "not approved" line lies in
	# its conversions: the English line, and no crash
	rm -rf "$TMP/cat-loc" && mkdir -p "$TMP/cat-loc/sv/LC_MESSAGES"
	printf '%s\n' 'msgid ""' 'msgstr "Content-Type: text/plain; charset=UTF-8\n"' '' \
		'msgid "  NOT approved: no signature that counts for %s\n"' \
		'msgstr "  godkänd: %s%s%s%s%n\n"' '' \
		'msgid "%zu error"' 'msgid_plural "%zu errors"' \
		'msgstr[0] "%s fel"' 'msgstr[1] "%s fel"' >"$TMP/cat-evil.po"
	msgfmt -o "$TMP/cat-loc/sv/LC_MESSAGES/sakra.mo" "$TMP/cat-evil.po"
	approved_repo "$TMP/cat-ap"
	git -C "$TMP/cat-ap" tag -d approved/v1 >/dev/null
	git -C "$TMP/cat-ap" tag -a approved/v1 -m 'inte en signatur' HEAD
	SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat-ap" verify
	expect_rc 1
	expect_out '^  NOT approved: no signature that counts for ansvarig-forestandare$'
	expect_no_out 'godkänd'
	SAKRA_LOCALEDIR=$TMP/cat-loc LC_MESSAGES=sv_FI.UTF-8 run -C "$TMP/cat" check
	expect_rc 1
	expect_out '^1 error, 0 warnings$'
}

# A pseudo-locale whose catalogue wraps every translation in ⟦…⟧: each
# command's help and usage errors, the command list and the refusal of an
# unknown command show only marked lines, so a string that does not go
# through the catalogues cannot be added to them unnoticed.
test_pseudo_locale() {
	local loc="$TMP/locale/xx/LC_MESSAGES" c o
	mkdir -p "$loc"
	msgen "$ROOT/po/sakra.pot" -o "$TMP/en.po" &&
		msgfilter --keep-header -i "$TMP/en.po" -o "$TMP/xx.po" sed -e 's/^\(..*\)$/⟦\1⟧/' &&
		msgfmt -o "$loc/sakra.mo" "$TMP/xx.po" || fail "the pseudo-locale's catalogue" || return 1
	pseudo() { LANGUAGE=xx LC_ALL=C.UTF-8 SAKRA_LOCALEDIR="$TMP/locale" "$SAKRA" "$@" 2>&1; }
	pseudo --help | python3 "$E2E/py/pseudo_marked.py" "sakra --help" || return 1
	for c in $(pseudo --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
		pseudo "$c" --help | python3 "$E2E/py/pseudo_marked.py" "sakra $c --help" || return 1
		pseudo "$c" --no-such-option | python3 "$E2E/py/pseudo_marked.py" "sakra $c --no-such-option" || return 1
		# an option that takes a value, given none
		o=$(pseudo "$c" --help | sed -n 's/^  \(--[a-z-]*\) [A-Z].*/\1/p' | head -1)
		[ -z "$o" ] || pseudo "$c" "$o" | python3 "$E2E/py/pseudo_marked.py" "sakra $c $o" || return 1
	done
	pseudo bundle --format rar | python3 "$E2E/py/pseudo_marked.py" "sakra bundle --format rar" || return 1
	pseudo chek | python3 "$E2E/py/pseudo_marked.py" "sakra chek" || return 1
	# the count of commands is the table's: no command's help went unchecked
	[ "$(pseudo --help | grep -c '^  [a-z]* ')" -ge 20 ] || fail "the command list is short"
	# what approve, log, build, bundle, open and frameworks say on success
	new_repo "$TMP/ps"
	"$SAKRA" keygen --quiet --name "Anna Lind" --role ansvarig-forestandare -o "$TMP/anna" \
		--no-passphrase
	cp "$TMP/anna.pub" "$TMP/ps/keys/"
	git -C "$TMP/ps" add -A && git -C "$TMP/ps" commit -qm nyckel
	pseudo -C "$TMP/ps" approve --key "$TMP/anna.key" --decision beslut |
		python3 "$E2E/py/pseudo_marked.py" "sakra approve" || return 1
	pseudo -C "$TMP/ps" log | python3 "$E2E/py/pseudo_marked.py" "sakra log" || return 1
	pseudo -C "$TMP/ps" build -o "$TMP/ps-site" |
		python3 "$E2E/py/pseudo_marked.py" "sakra build" || return 1
	pseudo -C "$TMP/ps" bundle --format tar -o "$TMP/ps.tar" |
		python3 "$E2E/py/pseudo_marked.py" "sakra bundle" || return 1
	pseudo open "$TMP/ps.tar" -o "$TMP/ps-open" --accept-bundle-keys |
		python3 "$E2E/py/pseudo_marked.py" "sakra open" || return 1
	pseudo frameworks | python3 "$E2E/py/pseudo_marked.py" "sakra frameworks" || return 1
	# migrate: the diff is the plan's own lines (data); what follows it is sakra's
	new_repo "$TMP/ps-mig" region-plan-r1
	LANGUAGE=xx LC_ALL=C.UTF-8 SAKRA_LOCALEDIR="$TMP/locale" "$SAKRA" -C "$TMP/ps-mig" migrate \
		2>"$TMP/ps-mig.err" | sed -n '/^⟦To do .*:⟧$/,$p' >"$TMP/ps-mig.out"
	[ -s "$TMP/ps-mig.out" ] || fail "migrate's by-hand list is not marked" || return 1
	cat "$TMP/ps-mig.out" "$TMP/ps-mig.err" | python3 "$E2E/py/pseudo_marked.py" "sakra migrate" ||
		return 1
	pseudo -C "$TMP/ps" migrate | python3 "$E2E/py/pseudo_marked.py" "sakra migrate (refused)" ||
		return 1
	# frameworks show: a section's line is its number and the framework's title (data)
	pseudo frameworks show thl-3-2024 | grep -Ev '^[0-9][0-9.]* ' |
		python3 "$E2E/py/pseudo_marked.py" "sakra frameworks show" || return 1
	pseudo check --rules | python3 "$E2E/py/pseudo_marked.py" "sakra check --rules" || return 1
	pseudo -C "$TMP/ps" hooks install | python3 "$E2E/py/pseudo_marked.py" "sakra hooks install" ||
		return 1
	pseudo -C "$TMP/ps" export 1 -o "$TMP/ps-kit" |
		python3 "$E2E/py/pseudo_marked.py" "sakra export" || return 1
	# diff: the changed paths and lines are the plan's own (data)
	pseudo -C "$TMP/ps" diff HEAD~1 1 | grep -Ev '^ +[-+~] ' |
		python3 "$E2E/py/pseudo_marked.py" "sakra diff" || return 1
	pseudo -C "$TMP/ps" diff 1 1 | python3 "$E2E/py/pseudo_marked.py" "sakra diff (none)" || return 1
	pseudo -C "$TMP/ps" status | python3 "$E2E/py/pseudo_marked.py" "sakra status" || return 1
	pseudo -C "$TMP/ps" verify | python3 "$E2E/py/pseudo_marked.py" "sakra verify" || return 1
	pseudo -C "$TMP/ps" ci github | python3 "$E2E/py/pseudo_marked.py" "sakra ci" || return 1
	pseudo init "$TMP/ps-new" --org "Exempel Ab" --business-id 1234567-1 |
		python3 "$E2E/py/pseudo_marked.py" "sakra init" || return 1
	pseudo keygen --name "Bo Ek" --role x -o "$TMP/bo" --no-passphrase |
		python3 "$E2E/py/pseudo_marked.py" "sakra keygen" || return 1
	# inbox: what it filed, refused and the tally
	mkdir -p "$TMP/ps-keyring/2345678-0" "$TMP/ps-in"
	cp "$TMP/anna.pub" "$TMP/ps-keyring/2345678-0/"
	cp "$TMP/ps.tar" "$TMP/ps-in/v1.tar"
	cp "$TMP/ps.tar" "$TMP/ps-in/v1-again.tar"
	printf 'not a bundle' >"$TMP/ps-in/junk.tar"
	pseudo inbox "$TMP/ps-in" --archive "$TMP/ps-arch" --keyring "$TMP/ps-keyring" |
		python3 "$E2E/py/pseudo_marked.py" "sakra inbox" || return 1
	pseudo inbox "$TMP/ps-in" --archive "$TMP/ps-arch" --keyring "$TMP/ps-keyring" |
		python3 "$E2E/py/pseudo_marked.py" "sakra inbox (again)" || return 1
	# the overview page: its title and every column heading through the catalogues
	grep -q '<title>⟦Received plans⟧</title>' "$TMP/ps-arch/index.html" &&
		! grep -q '<th>[^⟦]' "$TMP/ps-arch/index.html" ||
		fail "the overview page has words that are not through the catalogues" || return 1
	# the server hook: what a push is told, accepted and refused ("remote:"
	# lines are sakra's; the rest is git's)
	server_for "$TMP/ps" "$TMP/ps-server.git"
	LANGUAGE=xx LC_ALL=C.UTF-8 SAKRA_LOCALEDIR="$TMP/locale" git -C "$TMP/ps" push -q origin \
		main 'refs/tags/*' 2>&1 | grep '^remote:' |
		python3 "$E2E/py/pseudo_marked.py" "the server hook (accepted)" || return 1
	sed -i '/^Dataskyddsombud:/d' "$TMP/ps/$P3"
	# the pre-commit hook (installed above) refuses it, saying so through the catalogues
	LANGUAGE=xx LC_ALL=C.UTF-8 SAKRA_LOCALEDIR="$TMP/locale" git -C "$TMP/ps" commit -qam \
		"utan dataskyddsombud" 2>&1 | python3 "$E2E/py/pseudo_marked.py" "the pre-commit hook" ||
		return 1
	git -C "$TMP/ps" commit -q --no-verify -am "utan dataskyddsombud"
	LANGUAGE=xx LC_ALL=C.UTF-8 SAKRA_LOCALEDIR="$TMP/locale" git -C "$TMP/ps" push origin main \
		2>&1 | grep '^remote:' | python3 "$E2E/py/pseudo_marked.py" "the server hook (refused)" ||
		return 1
}

# A Finnish plan's pages name a record's and a system's details in Finnish
# and show an evidence type and a system class by their titles, not ids.
test_site_facts_in_the_plans_language() {
	new_repo "$TMP/ff" plan-fi
	run -C "$TMP/ff" build -o "$TMP/ff-site"
	expect_rc 0
	local ev sys
	ev=$(grep -l 'plangranskning' -r "$TMP/ff-site/evidence" | head -1)
	sys=$(grep -l '<td>Microsoft 365</td>' -r "$TMP/ff-site/systems" | head -1)
	grep -q '<th scope="row">Tyyppi</th><td>Suunnitelman katselmointi ja päivittäminen</td>' "$ev" &&
		! grep -q '<th scope="row">type</th>' "$ev" ||
		fail "the evidence page's details: $(grep 'scope="row"' "$ev")" || return 1
	grep -q '<th scope="row">Luokka</th><td>Muut järjestelmät (eivät luokkaa A tai B)</td>' "$sys" ||
		fail "the system page's class: $(grep 'scope="row"' "$sys")"
}

# A Finnish plan written with Finnish ids only — its levels, obligations,
# evidence types, editions and role — is filled, approved, built and
# bundled; its bundle's name and its pages hold no Swedish id, and what a
# person reads names the role and the edition by their titles.
test_finnish_ids_throughout() {
	local p=$TMP/fi-ids sv fi f swedish
	run init "$p" --language fi --org "Kotihoito Koivula Oy" --business-id 2918407-7
	expect_rc 0 || return 1
	grep -q 'id: salassa-pidettava' "$p/sakra.yml" && grep -q 'id: lokitarkastus' "$p/sakra.yml" ||
		fail "the Finnish skeleton's ids: $(cat "$p/sakra.yml")" || return 1
	# filled with the Finnish fixture's text, in the plan's own ids
	cp -r "$FIX/plan-fi/plan" "$FIX/plan-fi/systems" "$FIX/plan-fi/appendices" "$p/"
	mkdir -p "$p/evidence/2026"
	for f in "$FIX"/plan-fi/evidence/2026/*.md; do
		sv=$(basename "$f"); sv=${sv%%-2026*}
		case $sv in
		plangranskning) fi=suunnitelman-katselmointi ;;
		loggranskning) fi=lokitarkastus ;;
		utbildning) fi=koulutus ;;
		registerkontroll) fi=rekisteritarkistus ;;
		*) fail "a fixture record of type $sv"; return 1 ;;
		esac
		sed "s/^  type: $sv\$/  type: $fi/" "$f" >"$p/evidence/2026/$(basename "${f/$sv/$fi}")"
	done
	find "$p/plan" "$p/systems" "$p/appendices" "$p/evidence" -name '*.md' -exec sed -i \
		-e 's/^classification: sekretessbelagd$/classification: salassa-pidettava/' \
		-e 's/^classification: icke-offentlig$/classification: ei-julkinen/' {} +
	# a Finnish obligation id and a Finnish evidence type are taken as they are
	run -C "$p" evidence add lokitarkastus --date 2026-11-21
	expect_rc 0 || return 1
	[ -e "$p/evidence/2026/lokitarkastus-2026-11-21.md" ] || fail "no lokitarkastus record" || return 1
	run -C "$p" evidence add kayttooikeuksien-tarkastus --covers 6.3 --date 2026-11-20
	expect_rc 0 || return 1
	sed -i 's/^\[.*\]$/Tiiminvetäjät kävivät läpi tiiminsä käyttöoikeudet; kaksi poistettiin./' \
		"$p"/evidence/2026/lokitarkastus-2026-11-21.md \
		"$p"/evidence/2026/kayttooikeuksien-tarkastus-2026-11-20.md
	run -C "$p" check
	expect_rc 0 || return 1
	expect_out '^0 errors, 0 warnings' || return 1
	# the floor, named by the framework in Swedish, is the plan's Finnish level
	sed -i 's/^classification: ei-julkinen$/classification: sisainen/' "$p/plan/01-kayttotarkoitus.md"
	run -C "$p" check
	expect_rc 1
	expect_out "classification 'sisainen' is below 'ei-julkinen', the lowest level thl-3-2024 allows" ||
		return 1
	sed -i 's/^classification: sisainen$/classification: ei-julkinen/' "$p/plan/01-kayttotarkoitus.md"
	key liisa vastaava-johtaja
	cp "$TMP/k/liisa.pub" "$p/keys/"
	git -C "$p" add -A && git -C "$p" commit -qm "Täytetty suunnitelma"
	run -C "$p" approve --key "$TMP/k/liisa.key" --decision 'Johtoryhmä 23.11.2026 § 3'
	expect_rc 0 || return 1
	run -C "$p" status
	expect_out 'liisa \(Vastaava johtaja, ' || return 1
	run -C "$p" build --edition henkilosto -o "$TMP/fi-ids-site"
	expect_rc 0 || return 1
	run -C "$p" bundle --edition valvonta --format tar
	expect_rc 0 || return 1
	ls "$p/_bundles" | grep -qx 'kotihoito-koivula-oy-v1-valvonta-salassa-pidettava.tar' ||
		fail "the bundle's name: $(ls "$p/_bundles")" || return 1
	mkdir "$TMP/fi-ids-b"
	tar -xf "$p/_bundles/kotihoito-koivula-oy-v1-valvonta-salassa-pidettava.tar" -C "$TMP/fi-ids-b"
	grep -rq 'Julkaisu: Henkilöstö' "$TMP/fi-ids-site" || fail "the edition's title on the site" || return 1
	grep -q '^Paketti: Kotihoito Koivula Oy, hyväksytty versio 1, julkaisu Valvonta$' "$TMP"/fi-ids-b/*/LUEMINUT.txt ||
		fail "the edition's title in the bundle's README: $(head -1 "$TMP"/fi-ids-b/*/LUEMINUT.txt)" || return 1
	grep -rq 'liisa (Vastaava johtaja)' "$TMP/fi-ids-site" || fail "the role's title on the stamp" ||
		return 1
	# no Swedish id on any page (names and text), nor in the bundle's names
	swedish='sekretessbelagd|icke-offentlig|plangranskning|loggranskning|utbildning|registerkontroll|behorighetsgranskning|ansvarig-forestandare|tillsyn'
	if grep -rlE "$swedish" "$TMP/fi-ids-site" "$TMP"/fi-ids-b/*/site; then
		fail "a page holds a Swedish id: $(grep -rhoE "$swedish" "$TMP/fi-ids-site" "$TMP"/fi-ids-b/*/site | sort | uniq -c)"
		return 1
	fi
	if (cd "$TMP/fi-ids-site" && find . ; cd "$TMP/fi-ids-b" && find .) | grep -E "$swedish"; then
		fail "a page's name holds a Swedish id"
		return 1
	fi
	# a record of the Swedish id still counts for the plan's Finnish promise
	git -C "$p" mv evidence/2026/lokitarkastus-2026-11-21.md evidence/2026/loggranskning-2026-11-21.md
	sed -i 's/^  type: "lokitarkastus"$/  type: "loggranskning"/' "$p/evidence/2026/loggranskning-2026-11-21.md"
	grep -q '^  type: "loggranskning"$' "$p/evidence/2026/loggranskning-2026-11-21.md" ||
		fail "the record was not retyped" || return 1
	run -C "$p" status --format json
	expect_rc 0
	python3 -c 'import json, sys
o = [o for o in json.load(sys.stdin)["obligations"] if o["id"] == "lokitarkastus"][0]
sys.exit(o["last_path"] != "evidence/2026/loggranskning-2026-11-21.md")' <<<"$OUT" ||
		fail "a record of type loggranskning does not count for lokitarkastus" || return 1
}

# The catalogues, the man page's translations, the site's words and the
# bundle texts use the glossary's word for each term (po/glossary.md).
test_glossary() {
	python3 "$E2E/py/glossary.py" "$E2E/../.." || return 1
	# and the check finds a word it must refuse
	mkdir -p "$TMP/gl/po/man" "$TMP/gl/theme" "$TMP/gl/content-skeleton/words"
	cp "$E2E"/../../po/glossary.md "$E2E"/../../po/sv.po "$E2E"/../../po/fi.po "$TMP/gl/po/"
	cp "$E2E"/../../po/man/sv.po "$E2E"/../../po/man/fi.po "$TMP/gl/po/man/"
	cp "$E2E"/../../theme/strings.yml "$TMP/gl/theme/"
	cp "$E2E"/../../content-skeleton/words/*.yml "$TMP/gl/content-skeleton/words/"
	sed -i 's/no_evidence: "Inga bevis i denna utgåva."/no_evidence: "Inga belägg i denna utgåva."/' "$TMP/gl/theme/strings.yml"
	if python3 "$E2E/py/glossary.py" "$TMP/gl" >"$TMP/gl.out"; then
		fail "a word the glossary refuses passed"
		return 1
	fi
	grep -q "theme/strings.yml (sv): 'belägg' for evidence, evidence record" "$TMP/gl.out" ||
		fail "the glossary check's report: $(cat "$TMP/gl.out")"
}

# Near misses, in every plan language: a field label in another word order
# or misspelt a little is answered with the framework's label, and a
# section's title under a heading without its number with the number.
test_near_misses_in_every_language() {
	local fx file from to heading title
	for fx in example-plan plan-fi plan-en; do
		new_repo "$TMP/nm-$fx" "$fx"
		case $fx in
		example-plan)
			file=plan/02-foremal-och-uppdatering.md
			from='Rutiner för granskning och uppdatering'; to='Rutiner för uppdatering och granskning'
			heading=plan/05-utbildning-och-anvisningar.md
			title='Personalens utbildning samt upprätthållande och utveckling av kompetensen' ;;
		plan-fi)
			file=plan/02-kohde-ja-paivittaminen.md
			from='Katselmointi- ja päivitysmenettelyt'; to='Katselmointi- ja päivitysmenetelyt'
			heading=plan/05-koulutus-ja-ohjeet.md
			title='Henkilöstön koulutus sekä osaamisen ylläpitäminen ja kehittäminen' ;;
		plan-en)
			file=plan/02-scope-and-updating.md
			from='Procedures for review and updating'; to='Procedures for updating and review'
			heading=plan/05-training-and-instructions.md
			title='Staff training, and maintaining and developing competence' ;;
		esac
		grep -q "^- $from: " "$TMP/nm-$fx/$file" || fail "$fx: no '$from' line" || return 1
		sed -i "s/^- $from: /- $to: /" "$TMP/nm-$fx/$file"
		grep -q "^## 5\.1 $title" "$TMP/nm-$fx/$heading" || fail "$fx: no 5.1 heading" || return 1
		sed -i "s/^## 5\.1 $title/## $title/" "$TMP/nm-$fx/$heading"
		run -C "$TMP/nm-$fx" check
		expect_rc 1
		expect_out "^$file:[0-9]+:[0-9]+: error: required field '$from' is missing in section 2; this line's '$to' is close: write the label as '$from:'" ||
			return 1
		expect_out "^$heading:[0-9]+:1: error: required section 5\.1 '$title' is missing; this heading '$title' reads like it: number it '5\.1 $title' \[section.missing\]$" ||
			return 1
	done
	# and in the user's language
	LANGUAGE=fi LC_ALL=C.UTF-8 run -C "$TMP/nm-plan-fi" check
	expect_out "pakollinen kohta 5\.1 .* puuttuu; tämä otsikko .* näyttää siltä: numeroi se .5\.1 " || return 1
}
