# Called by the end-to-end test test_doc_tables (tests/e2e/areas/).
import re, subprocess, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
out, root, sakra = sys.argv[1:4]
listing = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
cmds = [l.split(None, 1) for l in listing.splitlines()]
assert len(cmds) > 10, cmds
readme = open(root + "/README.md", encoding="utf-8").read()
assert len(readme.encode()) < 12 * 1024, len(readme.encode())
tour = readme.split("## The commands", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
rows = [l.split(None, 2)[1:] for l in tour.splitlines() if l.strip()]
assert rows == [[c, s] for c, s in cmds], (rows, cmds)
manual = open(root + "/doc/manual.md", encoding="utf-8").read()
for name, _ in cmds:
    heads = re.findall(r"^### `sakra " + name + r"\b[^\n]*", manual, re.M)
    assert heads, "no section for " + name
    usage = subprocess.run([sakra, name, "--help"], capture_output=True, text=True).stdout
    usage = usage.split("\n\n", 1)[0]
    for opt in set(re.findall(r"--[a-z][a-z-]+", usage)) - {"--help"}:
        assert any(opt in h for h in heads), (name, opt, heads)
# The man page's SYNOPSIS names every option of every command too.
man = open(root + "/doc/sakra.1", encoding="utf-8").read().replace("\\-", "-")
synopsis = man.split(".SH SYNOPSIS\n", 1)[1].split("\n.SH ", 1)[0]
inman = {}
for block in synopsis.split("\n.br\n"):
    m = re.match(r"\.B sakra (\S+)", block)
    if m:
        inman.setdefault(m.group(1), set()).update(re.findall(r"--[a-z][a-z-]+", block))
for name, _ in cmds:
    usage = subprocess.run([sakra, name, "--help"], capture_output=True, text=True).stdout
    usage = usage.split("\n\n", 1)[0]
    missing = set(re.findall(r"--[a-z][a-z-]+", usage)) - {"--help"} - inman.get(name, set())
    assert not missing, ("man page SYNOPSIS", name, sorted(missing))
