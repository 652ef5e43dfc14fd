# Called by the end-to-end tests of tests/e2e/areas/languages.sh: Swedish
# interface words (theme/strings.yml's sv values that are not also words of
# the language LANG) in the text of a built site. Exit 1 if any.
import sys, glob, re, html
strings, site, lang = sys.argv[1:4]
def load(path):
    out, cur = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r'^([a-z]+):\s*$', line)
        if m:
            cur = out.setdefault(m.group(1), {})
            continue
        m = re.match(r'^\s+([a-z_]+):\s*"(.*)"\s*$', line)
        if m and cur is not None:
            cur[m.group(1)] = m.group(2)
    return out
s = load(strings)
own = set(s[lang].values())
words = {v for k, v in s["sv"].items() if v not in own and len(v) > 3}
bad = []
for f in sorted(glob.glob(site + "/**/*.html", recursive=True)):
    t = html.unescape(re.sub(r"<[^>]+>", " ", open(f, encoding="utf-8").read()))
    for w in sorted(words):
        if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", t):
            bad.append((f[len(site):], w))
for b in bad:
    print("Swedish interface word %r in %s" % (b[1], b[0]))
sys.exit(1 if bad else 0)
