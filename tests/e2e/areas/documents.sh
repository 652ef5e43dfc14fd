# documents: a plan the organisation already has, imported (sakra import).
# The documents are written by tests/fixtures/import/make_docs.py with
# python-docx and odfpy, independently of sakra's skeletons and fixtures.

make_docs() {
	[ -e "$TMP/docs/solglantan.docx" ] && return 0
	/usr/bin/python3 "$ROOT/tests/fixtures/import/make_docs.py" "$TMP/docs" "$@" ||
		fail "make_docs.py failed (python3-docx and python3-odf are in make check's packages)"
}

test_import_word() {
	make_docs || return 1
	run -C "$TMP" import "$TMP/docs/solglantan.docx"
	expect_rc 0 || return 1
	local e
	for e in '^Placed 26 part\(s\) of solglantan.docx, 4 unplaced:$' \
		'^  2 +-> plan/02-foremal-och-uppdatering.md \(6 part\(s\), 11 of 11 fields\)$' \
		'^  3 +-> plan/03-allmanna-rutiner.md \(2 part\(s\), 1 of 1 fields' \
		'^  7.2 +-> plan/07-driftmiljon.md \(1 part\(s\)' \
		"^  9.1 +-> systems/omsorg-pro.md: system 'Omsorg Pro', class A2" \
		"^  9.3 +-> systems/hemvardsmobilen.md: system 'Hemvårdsmobilen', class B" \
		'^  image +-> appendices/solglantan-1.png' \
		"^  not placed: 4 part\(s\) -> appendices/unplaced.md \(the first: 'Informationssäkerhetsplan för Solgläntans hemvård'\)" \
		'^Not in the document \(the skeleton.s guidance is kept\): 6.1.2 6.1.4$' \
		"^Created $TMP/solglantan, with a first commit"; do
		expect_out "$e" || return 1
	done
	local r=$TMP/solglantan
	[ "$(git -C "$r" rev-list --count HEAD)" = 1 ] && git -C "$r" log -1 --format=%s | grep -q '^Imported solglantan.docx (thl-3-2024)$' ||
		fail "not one commit of the import" || return 1
	[ -z "$(git -C "$r" status --porcelain)" ] || fail "the import left files uncommitted" || return 1
	# fields as paragraphs and as a table's rows; a list and a title-only heading
	for e in '^- Ansvarig person/chef: Karin Lind, verksamhetschef$' \
		'^- Person som ansvarar för planen och uppdateringen av den: Ola Nyström, kvalitetschef$' \
		'^- Beslut om godkännande och ibruktagande av planen: styrelsen godkänner planen; verksamhetschefen tar den i bruk$'; do
		grep -qE -- "$e" "$r/plan/02-foremal-och-uppdatering.md" || fail "chapter 2 lacks: $e" || return 1
	done
	grep -q '^- Dataskyddsombud: Eva Holm' "$r/plan/03-allmanna-rutiner.md" || fail "the field of chapter 3 (Word-numbered heading)" || return 1
	grep -q '^-   längre avbrott: pappersrutinen tas i bruk' "$r/plan/04-fel-och-kontinuitet.md" || fail "the list of chapter 4" || return 1
	grep -q 'Telefonerna hanteras centralt' "$r/plan/07-driftmiljon.md" || fail "7.2 placed by its title" || return 1
	grep -q '^\*Föreskrift 3/2024: 6.9 ' "$r/plan/07-driftmiljon.md" || fail "the skeleton's reference line dropped" || return 1
	# the image: the document's own bytes, marked as its chapter, linked
	/usr/bin/python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/media/image1.png"))' \
		"$TMP/docs/solglantan.docx" | cmp -s - "$r/appendices/solglantan-1.png" ||
		fail "the image is not the document's" || return 1
	grep -q '^classification: sekretessbelagd$' "$r/appendices/solglantan-1.png.md" || fail "the image's sidecar" || return 1
	grep -qF '![](../appendices/solglantan-1.png)' "$r/plan/07-driftmiljon.md" || fail "the image is not linked" || return 1
	# the system of 9.1 in the register, its keys split out
	for e in 'version: "7.4"' 'vendor: "Vårdsystem Oy"' 'contact: "tuki@vardsystem.example"' 'class: A2' \
		'purpose: "klientdokumentation i hemvården"' '^- användargrupper: alla vårdare$'; do
		grep -qE -- "$e" "$r/systems/omsorg-pro.md" || fail "the system lacks: $e" || return 1
	done
	grep -qF -- '- [Omsorg Pro](../systems/omsorg-pro.md)' "$r/plan/09-systembeskrivningar.md" || fail "chapter 9 does not list the system" || return 1
	# the list of 6.1.3 as a table: a system of class B from its row; the
	# row of 6.1.1 and the description of 9.1 are one system
	for e in '^  version: "2.8"$' '^  vendor: "Mobilvård Ab"$' '^  contact: "help@mobilvard.example"$' '^  class: B$'; do
		grep -qE -- "$e" "$r/systems/hemvardsmobilen.md" || fail "the system of 6.1.3 lacks: $e" || return 1
	done
	[ "$(ls "$r/systems")" = "$(printf 'hemvardsmobilen.md\nomsorg-pro.md')" ] || fail "systems: $(ls "$r/systems")" || return 1
	grep -q '^| Omsorg Pro ' "$r/plan/06-informationssystemen.md" || fail "the list of 6.1.1 is gone" || return 1
	# nothing of the document is lost: every paragraph and cell is in the plan
	/usr/bin/python3 - "$TMP/docs/solglantan.docx" "$r" <<'PY' || fail "text of the document was lost" || return 1
import docx, re, subprocess, sys
d = docx.Document(sys.argv[1])
texts = [p.text for p in d.paragraphs if p.text.strip()]
texts += [c.text for t in d.tables for row in t.rows for c in row.cells]
tree = subprocess.run(["git", "-C", sys.argv[2], "grep", "-h", "-e", "", "HEAD"], capture_output=True, text=True).stdout
tree = tree.replace("\\", "")
# a heading's number is the skeleton's, or the system's place (9.1)
lost = [t for t in texts if re.sub(r"^[0-9.]+ ", "", t).strip() not in tree]
if lost:
    print("lost:", lost)
    sys.exit(1)
PY
	# what the document had is complete: check finds nothing in chapters
	# 1-5, 7, 8 and in section 6 only the classes the document left out
	run -C "$r" check
	expect_no_out '^plan/0[1234578]-' || return 1
	expect_no_out '\[(field\.missing|section\.missing|field\.empty)\]' || return 1
	[ "$(grep -c '^plan/06-.*error' <<<"$OUT")" = 2 ] && expect_out "section 6.1.2 .* says nothing yet" &&
		expect_out "section 6.1.4 .* says nothing yet" ||
		fail "chapter 6: only the two classes the document does not have" || return 1
	# an existing plan is never written over
	run -C "$TMP" import "$TMP/docs/solglantan.docx"
	expect_rc 2 || return 1
	expect_err "directory is not empty" || return 1
	[ "$(git -C "$r" rev-list --count HEAD)" = 1 ] || fail "the plan was changed" || return 1
}

# The README's import step, as written
test_import_readme_step() {
	make_docs || return 1
	local cmd OUT= ERR=
	cmd=$(grep '^sakra import .*\.docx' "$ROOT/README.md") || fail "the README has no import step" || return 1
	mkdir -p "$TMP/rs/bin" && ln -sf "$SAKRA" "$TMP/rs/bin/sakra"
	cp "$TMP/docs/solglantan.docx" "$TMP/rs/informationssakerhetsplan.docx"
	(cd "$TMP/rs" && PATH=$TMP/rs/bin:$PATH bash -ec "$cmd") >"$TMP/rs.out" 2>&1 ||
		fail "the README's step fails: $(tail -5 "$TMP/rs.out")" || return 1
	grep -q '^  name: "Exempelvården Ab"' "$TMP/rs/vardplan/sakra.yml" || fail "the organisation's name" || return 1
	grep -q 'Solgläntans hemvård Ab' "$TMP/rs/vardplan/plan/02-foremal-och-uppdatering.md" || fail "the document's text" || return 1
}

test_import_odt_finnish() {
	make_docs || return 1
	run -C "$TMP" import "$TMP/docs/koivu.odt" -o "$TMP/koivu"
	expect_rc 0 || return 1
	expect_out '^  3 +-> plan/03-yleiset-kaytannot.md \(2 part\(s\), 1 of 1 fields' || return 1
	grep -q '^language: fi ' "$TMP/koivu/sakra.yml" || fail "the plan is not Finnish" || return 1
	grep -q '^- Y-tunnus: 2345678-1$' "$TMP/koivu/plan/02-kohde-ja-paivittaminen.md" &&
		grep -q '^- Toimipaikat/palveluyksiköt: Vantaa$' "$TMP/koivu/plan/02-kohde-ja-paivittaminen.md" ||
		fail "the fields of chapter 2 (paragraphs and a table)" || return 1
	[ -s "$TMP/koivu/appendices/koivu-1.png" ] && grep -qF '![](../appendices/koivu-1.png)' "$TMP/koivu/plan/03-yleiset-kaytannot.md" ||
		fail "the ODT's image" || return 1
	grep -q '^title: "Kuva 1 asiakirjasta koivu.odt"$' "$TMP/koivu/appendices/koivu-1.png.md" || fail "the image's title in Finnish" || return 1
	# chapter 2's empty fields are exactly the six the document does not give
	run -C "$TMP/koivu" check
	[ "$(grep -c '^plan/02-.*\[field.empty\]' <<<"$OUT")" = 6 ] || fail "chapter 2: not six empty fields" || return 1
	expect_no_out "^plan/0[13]-" || return 1
	expect_no_out "'(Nimi|Y-tunnus|Vastuuhenkilö/esihenkilö|Toimipaikat/palveluyksiköt)' is empty" || return 1
	# the language as asked, whatever the headings
	run -C "$TMP" import "$TMP/docs/koivu.odt" -o "$TMP/koivu-sv" --language sv
	expect_rc 0 || return 1
	grep -q '^- FO-nummer: 2345678-1$' "$TMP/koivu-sv/plan/02-foremal-och-uppdatering.md" ||
		fail "a Finnish label not written in the plan's Swedish" || return 1
}

test_import_refuses_unsettled() {
	make_docs || return 1
	/usr/bin/python3 "$ROOT/tests/fixtures/import/make_docs.py" "$TMP/docs" --tracked &&
		/usr/bin/python3 "$ROOT/tests/fixtures/import/make_docs.py" "$TMP/docs" --comment &&
		/usr/bin/python3 "$ROOT/tests/fixtures/import/make_docs.py" "$TMP/docs" --odt-tracked || fail "make_docs.py" || return 1
	run -C "$TMP" import "$TMP/docs/plan-tracked.docx"
	expect_rc 1 || return 1
	expect_err "plan-tracked.docx has 1 tracked change\(s\) and 0 comment\(s\), the first by Ola: accept or reject every change and delete the comments \(in Word: Review\)" || return 1
	run -C "$TMP" import "$TMP/docs/plan-comment.docx"
	expect_rc 1 || return 1
	expect_err "has 0 tracked change\(s\) and 1 comment\(s\), the first by Eva:" || return 1
	run -C "$TMP" import "$TMP/docs/koivu-tracked.odt"
	expect_rc 1 || return 1
	expect_err "koivu-tracked.odt has 1 tracked change\(s\) and 0 comment\(s\): .*in LibreOffice" || return 1
	[ ! -e "$TMP/plan-tracked" ] && [ ! -e "$TMP/plan-comment" ] && [ ! -e "$TMP/koivu-tracked" ] ||
		fail "a refused document left a plan" || return 1
	! ls "$TMP" | grep -q 'tmp-' || fail "a stage was left: $(ls "$TMP")" || return 1
}

test_import_without_pandoc() {
	make_docs || return 1
	mkdir -p "$TMP/bin"
	local f
	for f in /usr/bin/* /bin/*; do
		[ "${f##*/}" = pandoc ] || [ -e "$TMP/bin/${f##*/}" ] || ln -s "$f" "$TMP/bin/"
	done
	PATH=$TMP/bin run -C "$TMP" import "$TMP/docs/solglantan.docx" -o "$TMP/nopandoc"
	expect_rc 2 || return 1
	expect_err "reading docx needs pandoc, which is not installed: install the Debian package pandoc" || return 1
	[ ! -e "$TMP/nopandoc" ] || fail "a plan was written" || return 1
	# Markdown needs no converter
	printf '# Plan\n\n## 3 Allmänna informationssäkerhetsrutiner\n\nDataskyddsombud: Eva\n\n## 8 Informationssäkerhetsrutiner för anslutning till Kanta-tjänsterna och användning av dem\n\nInte anslutna.\n' >"$TMP/docs/plan.md"
	PATH=$TMP/bin run -C "$TMP" import "$TMP/docs/plan.md"
	expect_rc 0 || return 1
	grep -q '^- Dataskyddsombud: Eva$' "$TMP/plan/plan/03-allmanna-rutiner.md" && grep -q '^Inte anslutna.$' "$TMP/plan/plan/08-kanta.md" ||
		fail "the Markdown plan was not placed" || return 1
	grep -q '^## Plan$' "$TMP/plan/appendices/unplaced.md" || fail "the title was not kept as unplaced" || return 1
	run -C "$TMP" import "$TMP/docs/plan.pdf"
	expect_rc 2 || return 1
	expect_err "is not a .docx, .odt or .md file" || return 1
}

test_import_hostile() {
	make_docs || return 1
	# not a Word document at all: pandoc's words, nothing written
	head -c 4096 /dev/urandom >"$TMP/docs/noise.docx"
	run -C "$TMP" import "$TMP/docs/noise.docx"
	expect_rc 2 || return 1
	expect_err "pandoc could not read $TMP/docs/noise.docx \(exit [0-9]+\): " || return 1
	[ ! -e "$TMP/noise" ] || fail "a plan was written" || return 1
	# larger than any plan: refused before anything reads it
	truncate -s 65M "$TMP/docs/huge.docx"
	run -C "$TMP" import "$TMP/docs/huge.docx"
	expect_rc 2 || return 1
	expect_err "huge.docx is 65 MiB; a plan to import is at most 64 MiB" || return 1
	# a file name that is Markdown and YAML: kept as text
	cp "$TMP/docs/solglantan.docx" "$TMP/docs/'a\"b [x](javascript:y).docx"
	run -C "$TMP" import "$TMP/docs/'a\"b [x](javascript:y).docx" -o "$TMP/named"
	expect_rc 0 || return 1
	run -C "$TMP/named" check
	expect_no_out "appendices/.*\[(front|yaml|link)" || return 1
	grep -qF "title: \"Bild 1 ur 'a\\\"b [x](javascript:y).docx\"" "$TMP/named/appendices/a-b-x-javascript-y-1.png.md" ||
		fail "the image's title" || return 1
	run -C "$TMP/named" build -o "$TMP/named-site"
	expect_rc 0 || return 1
	grep -q 'unplaced' <<<"$(ls "$TMP/named-site/appendices")" || fail "no unplaced page" || return 1
	! grep -rq 'href="javascript' "$TMP/named-site" || fail "the file name became a link" || return 1
}

test_import_confined() {
	make_docs || return 1
	run -C "$TMP" --verbose import "$TMP/docs/koivu.odt" -o "$TMP/conf"
	expect_rc 0 || return 1
	expect_err "pandoc runs confined: (Landlock ABI [0-9]+: reads only its 1 inputs and the system's folders, writes only beneath [^ ]*/sakra-import\.[^ ,]*, runs only [^ ]*pandoc|Landlock is not used)" || return 1
	# what pandoc could do, were a document to take it over: write
	# nowhere but its work folder, run nothing else
	SAKRA_TEST_CONFINE=probe=$TMP/escaped run -C "$TMP" import "$TMP/docs/koivu.odt" -o "$TMP/conf-probe"
	expect_rc 0 || return 1
	expect_err "confine probe: create $TMP/escaped: Permission denied" || return 1
	expect_err "confine probe: exec /bin/true: Permission denied" || return 1
	[ ! -e "$TMP/escaped" ] || fail "the confined converter wrote outside its folder" || return 1
	command -v strace >/dev/null || { echo "no strace" >"$TMP/skip"; return 0; }
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=landlock_restrict_self,execve -o "$TMP/strace.txt" \
		"$SAKRA" -C "$TMP" import "$TMP/docs/koivu.odt" -o "$TMP/conf2" >/dev/null 2>&1 || fail "import under strace" || return 1
	# each pandoc is started after its process confined itself
	awk '/landlock_restrict_self\(.*= 0/ { l[$1] = 1 } /execve\(".*pandoc"/ && / = 0/ { if (!l[$1]) bad = 1; n++ } END { exit !(n == 2 && !bad) }' "$TMP/strace.txt" ||
		fail "pandoc was not run confined: $(cat "$TMP/strace.txt")" || return 1
}
