# Called by tests/e2e/areas/languages.sh: po/glossary.md's "Not" column
# lists, per language, words a term is never called; none may appear in that
# language's catalogue (po/LANG.po), man page translation (po/man/LANG.po),
# site words (theme/strings.yml) or bundle texts (content-skeleton/words/).
# Also fails when the glossary has no such words to check (a parse gone
# wrong would otherwise pass). Exit 1 on any finding.
import os, re, subprocess, sys
root = sys.argv[1]
if sys.flags.optimize:
    sys.exit("run without -O: the checks below must not be skipped")

def msgstrs(path):
    text = subprocess.run(["msgcat", "--no-wrap", path], capture_output=True, text=True,
                          check=True).stdout
    out, cur, on = [], [], False
    for line in text.splitlines():
        if line.startswith("msgstr"):
            on = True
            cur = [line.split(" ", 1)[1]]
        elif line.startswith('"') and on:
            cur.append(line)
        else:
            if on and cur:
                out.append("".join(c[1:-1] for c in cur))
            on, cur = False, []
    if on and cur:
        out.append("".join(c[1:-1] for c in cur))
    return [s.replace("\\n", "\n") for s in out if s]

def yaml_lang(path, lang):
    """The text of one language's subtree of a sv:/fi:/en: keyed YAML file."""
    out, on = [], False
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^([a-z]{2}):\s*$", line)
        if m:
            on = m.group(1) == lang
            continue
        if on:
            out.append(line)
    return "".join(out)

avoid = {}
for line in open(os.path.join(root, "po/glossary.md"), encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 5 or cells[0] in ("English", "---") or not cells[4]:
        continue
    for part in cells[4].split(";"):
        lang, _, words = part.partition(":")
        for w in words.split(","):
            if w.strip():
                avoid.setdefault(lang.strip(), []).append((cells[0], w.strip()))
if len(avoid.get("sv", [])) < 3 or len(avoid.get("fi", [])) < 2:
    sys.exit("po/glossary.md: the 'Not' column lists too few words: %r" % avoid)

bad = 0
for lang, words in sorted(avoid.items()):
    texts = {
        "po/%s.po" % lang: "\n".join(msgstrs(os.path.join(root, "po/%s.po" % lang))),
        "po/man/%s.po" % lang: "\n".join(msgstrs(os.path.join(root, "po/man/%s.po" % lang))),
        "theme/strings.yml (%s)" % lang: yaml_lang(os.path.join(root, "theme/strings.yml"), lang),
        "content-skeleton/words/%s.yml" % lang:
            open(os.path.join(root, "content-skeleton/words/%s.yml" % lang), encoding="utf-8").read(),
    }
    for where, text in texts.items():
        if not text.strip():
            print("%s: nothing read" % where)
            bad += 1
        for term, w in words:
            for m in re.finditer(re.escape(w), text, re.IGNORECASE):
                ctx = text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")
                print("%s: '%s' for %s (the glossary's word is another): ...%s..." % (where, w, term, ctx))
                bad += 1
sys.exit(1 if bad else 0)
