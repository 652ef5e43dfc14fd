#!/usr/bin/env bash
# make bench: sakra check on a generated plan of 10,000 Markdown files, side
# by side with cmark-gfm on the same files: parse_floor (cmark-gfm's library
# parsing each file with the same extensions, nothing else — the floor, since
# sakra parses each file so and checks on top) and the cmark-gfm program
# (parse and render to HTML), which is also the peer of sakra build. Best of
# 3 wall times. Then the peers of the same work on the same files:
# markdownlint-cli2 with all its rules (from npm, into $MDL_PREFIX; the row
# says so when npm is missing) for check, and Hugo with a minimal theme (one
# template that puts the page's HTML in a page) for build; best of 2.
set -euo pipefail

SAKRA=${1:?usage: run.sh /path/to/sakra /path/to/parse_floor}
FLOOR=${2:?usage: run.sh /path/to/sakra /path/to/parse_floor}
FILES=${BENCH_FILES:-10000}
. "$(dirname "$0")/lib.sh"

echo "generating a plan of $FILES Markdown files…"
python3 "$HERE/gen.py" "$WORK/plan" "$FILES"
git -C "$WORK/plan" init -q
git -C "$WORK/plan" add -A
git -C "$WORK/plan" commit -qm bench
find "$WORK/plan" -name '*.md' -not -path '*/.git/*' | LC_ALL=C sort >"$WORK/list"
echo "$(wc -l <"$WORK/list") files, $(du -sh --exclude=.git "$WORK/plan" | cut -f1)"

cmark() {
	xargs -a "$WORK/list" -d '\n' cmark-gfm -e table -e strikethrough -e autolink \
		-e tagfilter -e tasklist --to html
}
parse_floor() { "$FLOOR" <"$WORK/list"; }
# check reports the generated plan's findings (exit 1); anything else (2, a
# signal) is a failure, not a time
checked() { local rc=0; "$@" >/dev/null || rc=$?; [ "$rc" -le 1 ]; }
sakra_check() { checked "$SAKRA" -C "$WORK/plan" check --quiet; }
sakra_rev() { checked "$SAKRA" -C "$WORK/plan" check --rev HEAD --quiet; }
sakra_build() { "$SAKRA" -C "$WORK/plan" build --rev HEAD -o "$WORK/site" --quiet; }

floor=$(best 3 parse_floor)
cli=$(best 3 cmark)
work=$(best 3 sakra_check)
rev=$(best 3 sakra_rev)
site=$(best 3 sakra_build)
printf '\n%-40s %8s %8s\n' "" "seconds" "× floor"
printf '%-40s %8s %8s\n' "cmark-gfm library, parse only (floor)" "$floor" "1.00"
printf '%-40s %8s %8.2f\n' "cmark-gfm program, parse + HTML" "$cli" "$(awk -v a="$cli" -v b="$floor" 'BEGIN{print a/b}')"
printf '%-40s %8s %8.2f\n' "sakra check (working tree)" "$work" "$(awk -v a="$work" -v b="$floor" 'BEGIN{print a/b}')"
printf '%-40s %8s %8.2f\n' "sakra check --rev HEAD" "$rev" "$(awk -v a="$rev" -v b="$floor" 'BEGIN{print a/b}')"
printf '%-40s %8s %8.2f\n' "sakra build --rev HEAD (the whole site)" "$site" "$(awk -v a="$site" -v b="$floor" 'BEGIN{print a/b}')"
# the same edition as one PDF (WeasyPrint renders every page of it): once,
# as it takes minutes; the row says so when WeasyPrint is not installed
sakra_pdf() { "$SAKRA" -C "$WORK/plan" build --rev HEAD --format pdf -o "$WORK/plan.pdf" --quiet; }
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import weasyprint' 2>/dev/null; then
	pdf=$(best 1 sakra_pdf)
	printf '%-40s %8s %8.2f  (%s pages, %s; × the site build)\n' "sakra build --format pdf (one PDF/A)" "$pdf" \
		"$(awk -v a="$pdf" -v b="$site" 'BEGIN{print a/b}')" \
		"$(pdfinfo "$WORK/plan.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" "$(du -h "$WORK/plan.pdf" | cut -f1)"
else
	printf '%-40s %8s\n' "sakra build --format pdf" "(WeasyPrint is not installed: apt-get install weasyprint)"
fi
# import: a long Word plan (7 chapters of 1,500 paragraphs), against pandoc
# converting it alone; sakra runs pandoc twice (docx to JSON, for tracked
# changes and images, then to Markdown), places it and checks the result
if command -v pandoc >/dev/null && /usr/bin/python3 -c 'import docx' 2>/dev/null; then
	/usr/bin/python3 - "$WORK/long.docx" <<'PY'
import docx, sys
d = docx.Document()
for n, t in enumerate(["Informationssäkerhetsplanens användningsändamål", "Allmänna informationssäkerhetsrutiner",
                       "Förfaranden vid fel och problem samt kontinuitetshantering"] * 2 + ["Bilagor"], 1):
    d.add_heading("%d. %s" % (n, t) if n < 4 else t, level=1)
    for i in range(1500):
        d.add_paragraph("Stycke %d: rutinen beskrivs här med text av en vanlig längd för en plan." % i)
d.save(sys.argv[1])
PY
	pandoc_alone() { pandoc -f docx -t gfm --wrap=none -o "$WORK/long.md" "$WORK/long.docx"; }
	sakra_import() { rm -rf "$WORK/imported" && "$SAKRA" import "$WORK/long.docx" -o "$WORK/imported" --quiet; }
	pa=$(best 1 pandoc_alone)
	im=$(best 1 sakra_import)
	printf '%-40s %8s\n' "pandoc docx to Markdown (10,500 paragraphs)" "$pa"
	printf '%-40s %8s %8.2f  (× pandoc alone)\n' "sakra import of the same document" "$im" \
		"$(awk -v a="$im" -v b="$pa" 'BEGIN{print a/b}')"
else
	printf '%-40s %8s\n' "sakra import" "(pandoc or python3-docx is not installed)"
fi
echo "(goals: sakra check within 0.7× the floor, parsing on every core; sakra build,"
echo " which also writes every page through the theme, within 2× the cmark-gfm program)"

# sakra lsp on the same plan: a change answered, against the cold check
# --- peers: markdownlint-cli2 for check, Hugo for build ---------------------
MDL_PREFIX=${MDL_PREFIX:-$HERE/../../build/bench-npm}
MDL=$MDL_PREFIX/node_modules/.bin/markdownlint-cli2
if [ ! -x "$MDL" ] && command -v npm >/dev/null 2>&1; then
	echo "installing markdownlint-cli2 from npm into $MDL_PREFIX…"
	npm install --silent --no-audit --no-fund --prefix "$MDL_PREFIX" markdownlint-cli2@0.24.1 >/dev/null 2>&1 || true
fi
# markdownlint-cli2's default configuration enables every rule
markdownlint() { (cd "$WORK/plan" && "$MDL" "**/*.md" >/dev/null 2>&1 || true); }
mkdir -p "$WORK/hugo/layouts/_default"
cat >"$WORK/hugo/hugo.toml" <<TOML
baseURL = "http://localhost/"
contentDir = "$WORK/plan"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
TOML
page='<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
echo "$page<main>{{ .Content }}</main></body></html>" >"$WORK/hugo/layouts/_default/single.html"
echo "$page<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>" \
	>"$WORK/hugo/layouts/_default/list.html"
cp "$WORK/hugo/layouts/_default/list.html" "$WORK/hugo/layouts/index.html"
hugo_site() { rm -rf "$WORK/hugo-out" && hugo --quiet --source "$WORK/hugo" --destination "$WORK/hugo-out"; }
# sakra syncs a site before giving it its name; the same for the peer
hugo_site_sync() { hugo_site && sync -f "$WORK/hugo-out"; }

printf '\n%-40s %8s %8s %8s\n' "" "seconds" "sakra" "× peer"
if [ -x "$MDL" ]; then
	lint=$(best 2 markdownlint)
	printf '%-40s %8s %8s %8.3f\n' "markdownlint-cli2, all rules" "$lint" "$work" \
		"$(awk -v a="$work" -v b="$lint" 'BEGIN{print a/b}')"
else
	printf '%-40s %8s\n' "markdownlint-cli2, all rules" "(npm not found: not measured)"
fi
if command -v hugo >/dev/null 2>&1 && hugo_site >/dev/null 2>&1; then
	hs=$(best 2 hugo_site)
	hy=$(best 2 hugo_site_sync)
	printf '%-40s %8s %8s %8.3f\n' "hugo, minimal theme (the same tree)" "$hs" "$site" \
		"$(awk -v a="$site" -v b="$hs" 'BEGIN{print a/b}')"
	printf '%-40s %8s %8s %8.3f\n' "hugo, then sync (durable, as sakra)" "$hy" "$site" \
		"$(awk -v a="$site" -v b="$hy" 'BEGIN{print a/b}')"
else
	printf '%-40s %8s\n' "hugo, minimal theme (the same tree)" "(hugo not found: not measured)"
fi
echo "(goals: sakra check within 0.05× markdownlint-cli2; sakra build within 0.3× hugo)"

python3 "$HERE/lsp.py" "$SAKRA" "$WORK/plan"
